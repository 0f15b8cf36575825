package attrib

import "slices"

// Sponsor is an actor a set is attributed to, directly or further up a
// chain of recorded attributed-to relationships, with who said so.
type Sponsor struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Type       string `json:"type"`
	By         string `json:"attributed_by,omitempty"` // the relationship's author
	Confidence string `json:"confidence,omitempty"`    // as the author gave it
	Via        string `json:"via,omitempty"`           // the set or campaign attributed, when not the candidate
	Country    string `json:"country,omitempty"`       // a location the sponsor is recorded located-at
}

// maxSponsorDepth bounds a chain of attributions (cycles are also cut).
const maxSponsorDepth = 8

// sponsors follows attributed-to relationships from set id to threat actors
// and intrusion sets, and from the campaigns attributed to the set, never
// by name: only what an author recorded. Each sponsor appears once per
// author, by the first chain found.
func (e *Engine) sponsors(id string) []Sponsor {
	out := []Sponsor{}
	seen := map[string]bool{id: true}
	var walk func(from string, depth int)
	walk = func(from string, depth int) {
		if depth == maxSponsorDepth {
			return
		}
		for _, l := range e.g.out[from] {
			to := e.g.nodes[l.to]
			if l.typ != "attributed-to" || to.id == id || (to.typ != "threat-actor" && to.typ != "intrusion-set") {
				continue
			}
			s := Sponsor{ID: to.id, Name: to.name, Type: to.typ, By: e.name(l.author), Confidence: l.confidence, Country: e.country(to.id)}
			if from != id {
				s.Via = e.g.nodes[from].name
			}
			if !slices.ContainsFunc(out, func(o Sponsor) bool { return o.ID == s.ID && o.By == s.By }) {
				out = append(out, s)
			}
			if !seen[to.id] {
				seen[to.id] = true
				walk(to.id, depth+1)
			}
		}
	}
	walk(id, 0)
	for _, l := range e.g.in[id] {
		if l.typ == "attributed-to" && e.g.nodes[l.from].typ == "campaign" {
			walk(l.from, 1)
		}
	}
	return out
}

// name is the name of node id, or id when it is not in the store.
func (e *Engine) name(id string) string {
	if n := e.g.nodes[id]; n != nil && n.name != "" {
		return n.name
	}
	return id
}

// country is the name of the first location id is recorded located-at.
func (e *Engine) country(id string) string {
	for _, l := range e.g.out[id] {
		if l.typ == "located-at" && e.g.nodes[l.to].typ == "location" {
			return e.g.nodes[l.to].name
		}
	}
	return ""
}
