package attrib

import (
	"math"
	"slices"
)

// campaigns returns the ids of the live campaigns, sorted.
func (e *Engine) campaigns() []string {
	var ids []string
	for id, n := range e.g.nodes {
		if n.typ == "campaign" {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// attributedSets returns the intrusion sets campaign id is attributed to.
func (e *Engine) attributedSets(id string) []string {
	var out []string
	for _, l := range e.g.out[id] {
		if l.typ == "attributed-to" && e.g.nodes[l.to].typ == "intrusion-set" {
			out = append(out, l.to)
		}
	}
	return out
}

// campaignItems is the evaluation's query for a campaign: the techniques and
// software it used.
func (e *Engine) campaignItems(id string) []item {
	var items []item
	for _, l := range e.g.out[id] {
		to := e.g.nodes[l.to]
		switch {
		case l.typ != "uses":
		case to.typ == "attack-pattern":
			items = e.expand(items, KindTechnique, to)
		case to.typ == "malware" || to.typ == "tool":
			items = e.expand(items, KindSoftware, to)
		}
	}
	return dedupe(items)
}

// ownCitations returns the sources the campaign and its relationships cite.
func (e *Engine) ownCitations(id string) map[string]bool {
	own := map[string]bool{}
	for _, r := range e.g.nodes[id].refs {
		own[r] = true
	}
	for _, l := range e.g.out[id] {
		for _, r := range l.refs {
			own[r] = true
		}
	}
	return own
}

// citedOnlyBy reports whether l cites something and cites only sources in own.
func citedOnlyBy(l *link, own map[string]bool) bool {
	if len(l.refs) == 0 {
		return false
	}
	for _, r := range l.refs {
		if !own[r] {
			return false
		}
	}
	return true
}

// cosines is the baseline: the cosine between the TF-IDF vector of the
// evidence and that of each profile, idf = ln(N / sets that have the
// feature), every item counted.
func cosines(m *model, evs []evidence) []float64 {
	var qn float64
	for _, ev := range evs {
		qn += math.Pow(ev.weight*ev.idf, 2)
	}
	out := make([]float64, len(m.sets))
	for i, p := range m.prof {
		var dot, dn float64
		for f, w := range p {
			dn += math.Pow(w*m.idf(f), 2)
		}
		for _, ev := range evs {
			dot += ev.weight * ev.idf * ev.weights[i] * ev.idf
		}
		if dn > 0 && qn > 0 {
			out[i] = dot / math.Sqrt(dn*qn)
		}
	}
	return out
}

// shares is the baseline's probability: each cosine's share of their sum.
func shares(scores []float64) []float64 {
	var sum float64
	for _, s := range scores {
		sum += s
	}
	out := make([]float64, len(scores))
	for i, s := range scores {
		if sum > 0 {
			out[i] = s / sum
		}
	}
	return out
}

// calibration bins the top candidates' probabilities in tenths and returns
// the non-empty bins with the Brier score.
func calibration(preds, hits []float64) ([]Bin, float64) {
	bins := make([]Bin, 10)
	var brier float64
	for i, p := range preds {
		b := min(int(p*10), 9)
		bins[b].Count++
		bins[b].Predicted += p
		bins[b].HitRate += hits[i]
		brier += (p - hits[i]) * (p - hits[i])
	}
	var out []Bin
	for i, b := range bins {
		if b.Count == 0 {
			continue
		}
		n := float64(b.Count)
		out = append(out, Bin{From: float64(i) / 10, To: float64(i+1) / 10, Count: b.Count, Predicted: round(b.Predicted / n), HitRate: round(b.HitRate / n)})
	}
	if len(preds) > 0 {
		brier /= float64(len(preds))
	}
	return out, round(brier)
}

// fitTemperature returns the temperature that minimises the Brier score of
// the top candidate's probability over the attributed cases (the figure
// the calibration table shows), by golden-section search on log T in
// [e^-3, e^3].
func (e *Engine) fitTemperature(cases []evalCase) float64 {
	loss := func(logT float64) float64 {
		p := e.params
		p.Temperature = math.Exp(logT)
		var sum float64
		for _, c := range cases {
			if c.truth == nil {
				continue
			}
			scores := scores(len(c.m.sets), knownEvidence(c.m, c.items))
			top := ranking(c.m, scores)[0]
			d := p.posterior(scores)[top] - hit(c.truth[top])
			sum += d * d
		}
		return sum
	}
	a, b := -3.0, 3.0
	g := (math.Sqrt(5) - 1) / 2
	for range 60 {
		x1, x2 := b-g*(b-a), a+g*(b-a)
		if loss(x1) < loss(x2) {
			b = x2
		} else {
			a = x1
		}
	}
	return round(math.Exp((a + b) / 2))
}
