// Package attrib is accord's attribution engine: from evidence (ATT&CK
// techniques, software, CVEs, indicators, infrastructure, victim sector and
// country) it ranks the intrusion sets of the knowledge base, with a score,
// a calibrated probability, the STIX confidence, the estimative phrase and
// the evidence item by item; it abstains when nothing clears a threshold,
// and rolls a set up to its sponsors only through recorded attributed-to
// relationships. Eval measures it by leave-one-campaign-out.
package attrib

import (
	"context"
	"slices"
	"strings"

	"github.com/accord-cti/accord"
)

// Engine answers attribution queries over one snapshot of a store. It is
// built once and is read-only afterwards, so it may be shared.
type Engine struct {
	g      *graph
	facts  map[string][]fact // intrusion-set id → its profile's facts
	model  *model
	byName map[string][]string // lower-case id, external id, name or alias → node ids
	params Params
}

// New builds an engine from the store's current contents with the default
// parameters.
func New(ctx context.Context, db accord.Store) (*Engine, error) {
	g, err := loadGraph(ctx, db)
	if err != nil {
		return nil, err
	}
	return newEngine(g, DefaultParams), nil
}

func newEngine(g *graph, p Params) *Engine {
	e := &Engine{g: g, facts: map[string][]fact{}, byName: map[string][]string{}, params: p}
	var sets []string
	for id, n := range g.nodes {
		if n.typ == "intrusion-set" {
			sets = append(sets, id)
		}
		for _, k := range append([]string{id, n.extID, n.name}, n.aliases...) {
			if k = strings.ToLower(k); k != "" && !slices.Contains(e.byName[k], id) {
				e.byName[k] = append(e.byName[k], id)
			}
		}
	}
	slices.Sort(sets)
	for _, s := range sets {
		e.facts[s] = profileFacts(g, s)
	}
	e.model = buildModel(sets, e.facts, nil)
	return e
}

// Sets returns the number of intrusion sets the engine ranks.
func (e *Engine) Sets() int { return len(e.model.sets) }

// lookup returns the nodes ref names whose type is one of types.
func (e *Engine) lookup(ref string, types ...string) []*node {
	var out []*node
	for _, id := range e.byName[strings.ToLower(strings.TrimSpace(ref))] {
		if n := e.g.nodes[id]; slices.Contains(types, n.typ) {
			out = append(out, n)
		}
	}
	slices.SortFunc(out, func(a, b *node) int { return strings.Compare(a.id, b.id) })
	return out
}
