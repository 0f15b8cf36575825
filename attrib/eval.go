package attrib

import (
	"fmt"
	"math"
	"slices"

	"github.com/accord-cti/accord"
)

// Hold-outs of the evaluation.
const (
	HoldoutNone     = "none"     // hide only the campaign's attribution and what it adds to the profile
	HoldoutCitation = "citation" // also every uses relationship cited only by the campaign's own sources
)

// EvalReport is the outcome of a leave-one-campaign-out evaluation.
type EvalReport struct {
	Holdout      string  `json:"holdout"`
	Sets         int     `json:"sets"`
	Attributed   int     `json:"attributed_campaigns"`
	Unattributed int     `json:"unattributed_campaigns"`
	Engine       Metrics `json:"engine"`
	Baseline     Metrics `json:"baseline"` // TF-IDF cosine over the same profiles
	// FittedTemperature is the temperature that maximises the likelihood of
	// the true sets under the engine's posterior (0 unless asked).
	FittedTemperature float64 `json:"fitted_temperature,omitempty"`
}

// Metrics are one ranker's figures.
type Metrics struct {
	Top1        float64 `json:"top1"`
	Top3        float64 `json:"top3"`
	Top5        float64 `json:"top5"`
	MRR         float64 `json:"mrr"`
	Abstention  float64 `json:"abstention_unattributed"` // share of unattributed campaigns it abstained on
	Brier       float64 `json:"brier"`                   // of the top candidate's probability against being right
	Calibration []Bin   `json:"calibration"`
	Ranks       []Rank  `json:"ranks"`
}

// Rank is where one held-out campaign's true set came.
type Rank struct {
	Campaign    string  `json:"campaign"` // external id or name
	Truth       string  `json:"truth"`
	Rank        int     `json:"rank"` // 1 is first; ties count against the truth
	Top         string  `json:"top"`  // the set ranked first
	Probability float64 `json:"probability"`
	Abstained   bool    `json:"abstained"`
	Items       int     `json:"items"` // query items known to some profile
}

// Bin is one row of a calibration table: predictions in [From, To).
type Bin struct {
	From      float64 `json:"from"`
	To        float64 `json:"to"`
	Count     int     `json:"count"`
	Predicted float64 `json:"predicted"` // mean predicted probability
	HitRate   float64 `json:"hit_rate"`  // share of those whose top candidate was right
}

// ranker scores every set of a model for some evidence.
type ranker func(m *model, evs []evidence) []float64

// Eval runs the leave-one-campaign-out evaluation over the campaigns with an
// attributed-to relationship to an intrusion set, and queries the others to
// measure abstention. fit also fits the posterior's temperature.
func (e *Engine) Eval(holdout string, fit bool) (*EvalReport, error) {
	if holdout != HoldoutNone && holdout != HoldoutCitation {
		return nil, accord.Errorf(accord.EINVALID, "attribute eval: hold-out %q: want %q or %q", holdout, HoldoutNone, HoldoutCitation)
	}
	if len(e.model.sets) == 0 {
		return nil, accord.Errorf(accord.EINVALID, "attribute eval: the knowledge base has no intrusion set to rank")
	}
	rep := &EvalReport{Holdout: holdout, Sets: len(e.model.sets)}
	cases := e.cases(holdout)
	engine := func(m *model, evs []evidence) []float64 { return scores(len(m.sets), evs) }
	rep.Engine = e.measure(cases, engine, e.params.posterior)
	rep.Baseline = e.measure(cases, cosines, shares)
	for _, c := range cases {
		if c.truth == nil {
			rep.Unattributed++
		} else {
			rep.Attributed++
		}
	}
	if fit {
		rep.FittedTemperature = e.fitTemperature(cases)
	}
	return rep, nil
}

// evalCase is one campaign's query against the profiles it was held out of.
type evalCase struct {
	label string
	truth map[int]bool // indexes of the sets it is attributed to; nil when unattributed
	m     *model
	items []item
}

// cases builds a case per campaign, in id order.
func (e *Engine) cases(holdout string) []evalCase {
	var out []evalCase
	for _, id := range e.campaigns() {
		c := evalCase{label: e.g.nodes[id].label(), items: e.campaignItems(id)}
		truth := e.attributedSets(id)
		if len(truth) == 0 {
			c.m = e.model
			out = append(out, c)
			continue
		}
		c.truth = map[int]bool{}
		for _, s := range truth {
			c.truth[slices.Index(e.model.sets, s)] = true
		}
		own := e.ownCitations(id)
		c.m = buildModel(e.model.sets, e.facts, func(_ string, f fact) bool {
			if f.via == id {
				return false
			}
			return holdout == HoldoutNone || f.rel.typ != "uses" || !citedOnlyBy(f.rel, own)
		})
		out = append(out, c)
	}
	return out
}

// measure ranks every case with score and turns the scores into
// probabilities with prob.
func (e *Engine) measure(cases []evalCase, score ranker, prob func([]float64) []float64) Metrics {
	var m Metrics
	var preds, hits []float64
	var attributed, unattributed, abstained int
	for _, c := range cases {
		known := knownEvidence(c.m, c.items)
		scores := score(c.m, known)
		probs := prob(scores)
		top := ranking(c.m, scores)[0]
		abstain := len(known) == 0 || probs[top] < e.params.Abstain
		if c.truth == nil {
			unattributed++
			if abstain {
				abstained++
			}
			continue
		}
		attributed++
		r := truthRank(scores, c.truth)
		m.Ranks = append(m.Ranks, Rank{Campaign: c.label, Truth: e.truthNames(c), Rank: r,
			Top: e.g.nodes[c.m.sets[top]].name, Probability: round(probs[top]), Abstained: abstain, Items: len(known)})
		m.Top1, m.Top3, m.Top5 = m.Top1+hit(r <= 1), m.Top3+hit(r <= 3), m.Top5+hit(r <= 5)
		m.MRR += 1 / float64(r)
		preds, hits = append(preds, probs[top]), append(hits, hit(c.truth[top]))
	}
	if attributed > 0 {
		n := float64(attributed)
		m.Top1, m.Top3, m.Top5, m.MRR = m.Top1/n, m.Top3/n, m.Top5/n, m.MRR/n
	}
	if unattributed > 0 {
		m.Abstention = float64(abstained) / float64(unattributed)
	}
	m.Calibration, m.Brier = calibration(preds, hits)
	return m
}

// knownEvidence measures items against m and keeps those some set has.
func knownEvidence(m *model, items []item) []evidence {
	var out []evidence
	for _, ev := range m.measure(items) {
		if ev.known() {
			out = append(out, ev)
		}
	}
	return out
}

// truthRank is the rank of the best-placed true set; sets tied with it
// count as ahead, so that ties never flatter a ranker.
func truthRank(scores []float64, truth map[int]bool) int {
	best := math.Inf(-1)
	for i := range truth {
		best = max(best, scores[i])
	}
	r := 1
	for i, s := range scores {
		if s > best || (s == best && !truth[i]) {
			r++
		}
	}
	return r
}

func hit(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func (e *Engine) truthNames(c evalCase) string {
	var names []string
	for i := range c.truth {
		names = append(names, e.g.nodes[c.m.sets[i]].name)
	}
	slices.Sort(names)
	return fmt.Sprint(names)
}
