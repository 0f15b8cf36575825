package attrib

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// Result is the answer to an attribution query. Its JSON is the shape the
// CLI prints with --json.
type Result struct {
	Abstained  bool        `json:"abstained"`
	Candidates []Candidate `json:"candidates"`
	// Unknown lists the evidence no intrusion set's profile has, which
	// therefore weighs nothing.
	Unknown []string `json:"-"`
}

// Candidate is one ranked intrusion set.
type Candidate struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	ExternalID  string    `json:"external_id"`
	Score       float64   `json:"score"`       // sum of the evidence weights (log-likelihood ratio, nats)
	Probability float64   `json:"probability"` // calibrated posterior probability
	Confidence  int       `json:"confidence"`  // STIX 2.1 confidence, 0–100
	Phrase      string    `json:"phrase"`      // ICD 203 estimative phrase
	Sponsors    []Sponsor `json:"sponsors"`
	Evidence    []Item    `json:"evidence"`
}

// Item is one piece of evidence behind a candidate, with its weight (its
// share of the score) and why it weighs that much.
type Item struct {
	Kind   string  `json:"kind"`
	Ref    string  `json:"ref"`
	Weight float64 `json:"weight"`
	Why    string  `json:"why"`
}

// Attribute ranks the intrusion sets for the evidence of q. References that
// name nothing are EINVALID errors.
func (e *Engine) Attribute(q Query) (*Result, error) {
	items, err := e.resolve(q)
	if err != nil {
		return nil, err
	}
	top := q.Top
	if top <= 0 {
		top = DefaultTop
	}
	return e.rank(e.model, items, top), nil
}

// rank scores every set of m against items and describes the top n.
func (e *Engine) rank(m *model, items []item, n int) *Result {
	res := &Result{Candidates: []Candidate{}}
	var evs []evidence
	for _, ev := range m.measure(items) {
		if !ev.known() {
			res.Unknown = append(res.Unknown, ev.String())
			continue
		}
		evs = append(evs, ev)
	}
	scores := scores(len(m.sets), evs)
	probs := e.params.posterior(scores)
	order := ranking(m, scores)
	for _, i := range order[:min(n, len(order))] {
		if len(evs) == 0 {
			break
		}
		res.Candidates = append(res.Candidates, e.candidate(m, i, evs, scores[i], probs[i]))
	}
	res.Abstained = len(res.Candidates) == 0 || res.Candidates[0].Probability < e.params.Abstain
	return res
}

// scores returns each of n sets' score: the sum of the contributions of
// the evidence its profile has. Items that exactly the same sets have count
// once, at the highest contribution among them: among the profiled sets
// they are one observation (a dozen hashes of one group's web shells), not
// independent ones.
func scores(n int, evs []evidence) []float64 {
	scores := make([]float64, n)
	groups := map[string][]evidence{}
	for _, ev := range evs {
		groups[ev.group] = append(groups[ev.group], ev)
	}
	// In a fixed order, so that equal scores add up to equal floats.
	for _, k := range slices.Sorted(maps.Keys(groups)) {
		g := groups[k]
		for i := range g[0].weights {
			scores[i] += countedFor(g, i).contribution(i)
		}
	}
	return scores
}

// countedFor returns the evidence of one group that counts for set i: the
// one of highest contribution, first on ties.
func countedFor(group []evidence, i int) evidence {
	best := group[0]
	for _, ev := range group[1:] {
		if ev.contribution(i) > best.contribution(i) {
			best = ev
		}
	}
	return best
}

// ranking orders the sets by score, best first, then by id.
func ranking(m *model, scores []float64) []int {
	order := make([]int, len(scores))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(scores[b], scores[a]), strings.Compare(m.sets[a], m.sets[b]))
	})
	return order
}

// candidate describes set i with its evidence and sponsors.
func (e *Engine) candidate(m *model, i int, evs []evidence, score, prob float64) Candidate {
	n := e.g.nodes[m.sets[i]]
	c := Candidate{ID: n.id, Name: n.name, ExternalID: n.extID, Score: round(score), Probability: round(prob),
		Confidence: int(math.Round(prob * 100)), Phrase: Phrase(prob), Sponsors: e.sponsors(n.id), Evidence: []Item{}}
	var missing []string
	groups := map[string][]evidence{}
	for _, ev := range evs {
		groups[ev.group] = append(groups[ev.group], ev)
	}
	for _, ev := range evs {
		if ev.weights[i] == 0 {
			missing = append(missing, ev.ref)
			continue
		}
		w, why := ev.contribution(i), e.why(m, i, ev)
		if first := countedFor(groups[ev.group], i); first.feature != ev.feature {
			w, why = 0, why+"; had by the same groups as "+first.ref+", so counted once"
		}
		c.Evidence = append(c.Evidence, Item{Kind: ev.kind, Ref: ev.ref, Weight: round(w), Why: why})
	}
	slices.SortStableFunc(c.Evidence, func(a, b Item) int { return cmp.Compare(b.Weight, a.Weight) })
	if len(missing) > 0 {
		c.Evidence = append(c.Evidence, Item{Kind: KindUnmatched, Ref: fmt.Sprintf("%d of %d items", len(missing), len(evs)),
			Why: "not in this group's recorded profile, which weighs nothing (profiles are incomplete): " + strings.Join(missing, ", ")})
	}
	return c
}

// why says how specific an item is (how many of the sets have it) and how
// the candidate's profile has it.
func (e *Engine) why(m *model, i int, ev evidence) string {
	verb := map[string]string{KindTechnique: "used by", KindSoftware: "used by", KindInfrastructure: "used by",
		KindVulnerability: "exploited by", KindIndicator: "indicates", KindSector: "targeted by", KindCountry: "targeted by"}[ev.kind]
	s := fmt.Sprintf("%s %d of %d groups", verb, len(ev.weights), len(m.sets))
	if len(ev.alts) > 0 {
		s += " (any of them: one exploit chain counts once)"
	}
	if ev.note != "" {
		s += "; " + ev.note + ", half weight"
	}
	if ev.weights[i] < directWeight {
		s += "; this group's profile has it only by inference (a sub-technique's parent, or its software's technique), half weight"
	}
	return s
}

func round(x float64) float64 { return math.Round(x*1000) / 1000 }
