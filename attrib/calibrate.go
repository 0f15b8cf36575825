package attrib

import "math"

// Params are the engine's few parameters.
type Params struct {
	// Temperature divides the scores before the softmax that turns them
	// into probabilities: above 1 when added-up evidence is overconfident
	// (techniques come in families). It is fitted on leave-one-campaign-out
	// scores: accord attribute eval --holdout citation --fit.
	Temperature float64
	// Unknown is the prior weight of "an actor the knowledge base does not
	// profile", in units of one profiled set. Its score is exactly 0 (an
	// empty profile is the background model), so evidence must beat it.
	Unknown float64
	// Abstain is the probability under which the engine gives no
	// attribution.
	Abstain float64
}

// DefaultParams are the parameters the engine uses unless told otherwise.
//
// Temperature 1 reads each idf as the likelihood ratio it is. Fitting it
// to the Brier score of the top candidate's probability, on ATT&CK 16.1,
//
//	accord --db att.db --empty import enterprise-attack-16.1.json
//	accord --db att.db attribute eval --holdout citation --fit
//
// gives 0.984, so 1 is kept. (Fitting it to the log-likelihood of the true
// set instead gives 3.5, driven by the few campaigns whose group ranks
// far down, and doubles the Brier score.)
//
// Unknown counts the unprofiled actor as one more set, the least that can
// be said of it. Abstain is the lower bound of ICD 203's "likely": the
// engine names a group only when it is more likely than not, and evidence
// that only one of N groups shares, and nothing else, gives N/(2N) = 0.5.
var DefaultParams = Params{Temperature: 1, Unknown: 1, Abstain: 0.55}

// posterior turns scores into probabilities: a softmax of score/T over the
// sets and the unknown actor.
func (p Params) posterior(scores []float64) []float64 {
	t := p.Temperature
	if t <= 0 {
		t = 1
	}
	top := 0.0 // the unknown actor's score
	for _, s := range scores {
		top = max(top, s/t)
	}
	sum := p.Unknown * math.Exp(-top)
	probs := make([]float64, len(scores))
	for i, s := range scores {
		probs[i] = math.Exp(s/t - top)
		sum += probs[i]
	}
	for i := range probs {
		probs[i] /= sum
	}
	return probs
}

// phrases are ICD 203's estimative phrases with the upper bound of the
// probability band each covers (STIX 2.1 confidence scales, section
// "WEP" of Appendix A, use the same bands).
var phrases = []struct {
	upTo   float64
	phrase string
}{
	{0.05, "almost no chance"}, {0.20, "very unlikely"}, {0.45, "unlikely"}, {0.55, "roughly even chance"},
	{0.80, "likely"}, {0.95, "very likely"}, {1.01, "almost certain"},
}

// Phrase returns the ICD 203 estimative phrase for probability p.
func Phrase(p float64) string {
	for _, b := range phrases {
		if p < b.upTo {
			return b.phrase
		}
	}
	return phrases[len(phrases)-1].phrase
}
