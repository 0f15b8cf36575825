package attrib

import (
	"fmt"
	"math"
	"slices"
)

// model is the statistics the scores are computed from: each intrusion
// set's profile as feature weights, and which sets have each feature.
type model struct {
	sets    []string             // intrusion-set ids, in a fixed order
	prof    []map[string]float64 // per set: feature → weight
	holders map[string][]int     // feature → indexes of the sets that have it, ascending
}

// buildModel builds the model of the sets from their facts, keeping only
// the facts keep accepts (the evaluation's hold-out); keep nil keeps all.
func buildModel(sets []string, facts map[string][]fact, keep func(set string, f fact) bool) *model {
	m := &model{sets: sets, prof: make([]map[string]float64, len(sets)), holders: map[string][]int{}}
	for i, s := range sets {
		p := map[string]float64{}
		for _, f := range facts[s] {
			if keep == nil || keep(s, f) {
				p[f.feature] = max(p[f.feature], f.weight)
			}
		}
		m.prof[i] = p
		for f := range p {
			m.holders[f] = append(m.holders[f], i)
		}
	}
	return m
}

// evidence is a query item measured against a model.
type evidence struct {
	item
	weights map[int]float64 // set index → the item's weight in its profile
	idf     float64
	group   string // the sets that have it, as a key: items with equal groups count once
}

// measure measures items against m. An item that stands for several
// features (an exploit chain of CVEs) is had by every set that has any of
// them, at the highest weight.
func (m *model) measure(items []item) []evidence {
	out := make([]evidence, 0, len(items))
	for _, it := range items {
		ev := evidence{item: it, weights: map[int]float64{}}
		for _, f := range append([]string{it.feature}, it.alts...) {
			for _, i := range m.holders[f] {
				ev.weights[i] = max(ev.weights[i], m.prof[i][f])
			}
		}
		holders := make([]int, 0, len(ev.weights))
		for i := range ev.weights {
			holders = append(holders, i)
		}
		slices.Sort(holders)
		ev.group = fmt.Sprint(holders)
		if len(holders) > 0 {
			ev.idf = math.Log(float64(len(m.sets)) / float64(len(holders)))
		}
		out = append(out, ev)
	}
	return out
}

// contribution is what ev adds to set i's score: its idf, the information
// in the evidence that a set has it, times the weights of the item and of
// the profile's record of it. The idf, ln(N/n) for n of N sets having it,
// is the log-likelihood ratio of the item between the sets that have it
// and a set drawn at random: used by 1 of 159 groups weighs ln 159 = 5.1,
// by 80 of them 0.7. A set without it gets nothing: profiles are
// incomplete, and the absence of a record is not evidence of absence.
func (ev evidence) contribution(i int) float64 {
	return ev.weight * ev.weights[i] * ev.idf
}

// idf is ln(N/n) for feature f that n of the N sets have, 0 when none has.
func (m *model) idf(f string) float64 {
	if n := len(m.holders[f]); n > 0 {
		return math.Log(float64(len(m.sets)) / float64(n))
	}
	return 0
}

// known reports whether some set has the item.
func (ev evidence) known() bool { return len(ev.weights) > 0 }
