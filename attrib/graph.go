package attrib

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/stix"
)

// loadTypes are the object types the engine reads from a store.
var loadTypes = []string{
	"intrusion-set", "campaign", "threat-actor", "attack-pattern", "malware", "tool",
	"vulnerability", "indicator", "infrastructure", "identity", "location", "relationship",
}

// node is one STIX object as the engine needs it.
type node struct {
	id, typ, name, extID string
	aliases              []string
	author               string   // created_by_ref
	sectors              []string // identity sectors, lower case
	refs                 []string // citations: source names of external references
	country              string   // location country code, upper case
}

// link is one relationship between two nodes the engine keeps.
type link struct {
	id, typ, from, to string
	refs              []string // citations of the relationship
	author            string
	confidence        string // as written, "" when absent
}

// graph is the part of a store the engine reads: live objects (neither
// revoked nor deprecated) and the relationships between them.
type graph struct {
	nodes  map[string]*node
	out    map[string][]*link
	in     map[string][]*link
	parent map[string]string // sub-technique → technique
}

// loadGraph reads the graph from db in one pass per kind.
func loadGraph(ctx context.Context, db accord.Store) (*graph, error) {
	g := &graph{nodes: map[string]*node{}, out: map[string][]*link{}, in: map[string][]*link{}, parent: map[string]string{}}
	var rels []*link
	f := accord.Filter{Types: loadTypes, ExcludeRevoked: true, RawOnly: true}
	err := db.Find(ctx, f, func(o *accord.Object) error {
		v, err := stix.Parse(o.Raw)
		if err != nil {
			return fmt.Errorf("attrib: stored object %s: %w", string(o.ID), err)
		}
		if v.Get("revoked") != nil && v.Get("revoked").Bool || deprecated(v) {
			return nil
		}
		// o's strings are the store's memory (RawOnly); v's are copies.
		id, typ := v.GetString("id"), v.GetString("type")
		if typ == "relationship" {
			rels = append(rels, newLink(id, v))
			return nil
		}
		g.nodes[id] = newNode(id, typ, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	same := g.mergeSame()
	for _, l := range rels {
		l.from, l.to = cmp.Or(same[l.from], l.from), cmp.Or(same[l.to], l.to)
		g.add(l)
	}
	return g, nil
}

// mergeSame makes one node of the nodes of a type that carry the same
// ATT&CK or CVE id (the starter pack's HAFNIUM and ATT&CK's G0125, its
// China Chopper and S0020): apart, each held part of the group's profile,
// and the group was ranked twice, each time on half its evidence. The
// node of the smallest id stays, with the others' aliases; it returns the
// others' ids mapped to it, for their relationships.
func (g *graph) mergeSame() map[string]string {
	byExt := map[[2]string][]string{}
	for id, n := range g.nodes {
		if n.extID != "" {
			k := [2]string{n.typ, strings.ToUpper(n.extID)}
			byExt[k] = append(byExt[k], id)
		}
	}
	same := map[string]string{}
	for _, ids := range byExt {
		if len(ids) < 2 {
			continue
		}
		slices.Sort(ids)
		keep := g.nodes[ids[0]]
		for _, id := range ids[1:] {
			n := g.nodes[id]
			for _, a := range append([]string{n.name}, n.aliases...) {
				if a != "" && a != keep.name && !slices.Contains(keep.aliases, a) {
					keep.aliases = append(keep.aliases, a)
				}
			}
			keep.refs = append(keep.refs, n.refs...)
			delete(g.nodes, id)
			same[id] = ids[0]
		}
	}
	return same
}

// add records l when both its ends are live nodes.
func (g *graph) add(l *link) {
	if g.nodes[l.from] == nil || g.nodes[l.to] == nil {
		return
	}
	if l.typ == "subtechnique-of" {
		g.parent[l.from] = l.to
		return
	}
	g.out[l.from] = append(g.out[l.from], l)
	g.in[l.to] = append(g.in[l.to], l)
}

// deprecated reports ATT&CK's x_mitre_deprecated.
func deprecated(v *stix.Value) bool {
	d := v.Get("x_mitre_deprecated")
	return d != nil && d.Kind == stix.Bool && d.Bool
}

func newNode(id, typ string, v *stix.Value) *node {
	n := &node{id: id, typ: typ, name: v.GetString("name"), author: v.GetString("created_by_ref")}
	n.aliases = append(v.Get("aliases").Strings(), v.Get("x_mitre_aliases").Strings()...)
	for _, s := range v.Get("sectors").Strings() {
		n.sectors = append(n.sectors, strings.ToLower(s))
	}
	n.country = strings.ToUpper(v.GetString("country"))
	for _, r := range v.Get("external_references").Elems() {
		src, ext := r.GetString("source_name"), r.GetString("external_id")
		switch {
		case ext != "" && n.extID == "" && (src == "mitre-attack" || src == "cve" || typ != "vulnerability"):
			n.extID = ext
		case ext == "" && src != "":
			n.refs = append(n.refs, src)
		}
	}
	if typ == "vulnerability" && n.extID == "" && strings.HasPrefix(strings.ToUpper(n.name), "CVE-") {
		n.extID = strings.ToUpper(n.name)
	}
	return n
}

func newLink(id string, v *stix.Value) *link {
	l := &link{id: id, typ: v.GetString("relationship_type"), from: v.GetString("source_ref"),
		to: v.GetString("target_ref"), author: v.GetString("created_by_ref")}
	if c := v.Get("confidence"); c != nil && c.Kind == stix.Number {
		l.confidence = c.Str
	}
	for _, r := range v.Get("external_references").Elems() {
		if src := r.GetString("source_name"); src != "" && r.GetString("external_id") == "" {
			l.refs = append(l.refs, src)
		}
	}
	return l
}

// label is how a node is named to users: "T1190 Exploit Public-Facing
// Application", or its name, or its id.
func (n *node) label() string {
	switch {
	case n.extID != "" && n.extID != n.name && n.name != "":
		return n.extID + " " + n.name
	case n.name != "":
		return n.name
	}
	return n.id
}
