package attrib

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestEvalHoldouts(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t, smallStore())
	tests := []struct {
		holdout string
		rank    Rank
		mrr     float64
	}{
		// The campaign's own uses are hidden; Beta's BetaLoader and T1190
		// stay: BetaLoader is Beta's alone.
		{HoldoutNone, Rank{Campaign: "Operation Beta", Truth: "[Beta]", Rank: 1, Items: 2}, 1},
		// Beta's BetaLoader is cited only by the campaign's report, so it
		// goes: BetaLoader is known to no group, and T1190 ties Beta with
		// Gamma, which counts against the truth.
		{HoldoutCitation, Rank{Campaign: "Operation Beta", Truth: "[Beta]", Rank: 2, Items: 1, Abstained: true}, 0.5},
	}
	for _, tt := range tests {
		rep, err := e.Eval(tt.holdout, false)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Attributed != 1 || rep.Unattributed != 1 || rep.Sets != 4 {
			t.Errorf("%s: attributed %d, unattributed %d, sets %d; want 1, 1, 4", tt.holdout, rep.Attributed, rep.Unattributed, rep.Sets)
		}
		if diff := cmp.Diff([]Rank{tt.rank}, rep.Engine.Ranks, cmpopts.IgnoreFields(Rank{}, "Probability", "Top")); diff != "" {
			t.Errorf("%s ranks (-want +got):\n%s", tt.holdout, diff)
		}
		if rep.Engine.MRR != tt.mrr || rep.Engine.Abstention != 1 {
			t.Errorf("%s: MRR %g, abstention %g; want %g, 1 (the unattributed campaign has no evidence)", tt.holdout, rep.Engine.MRR, rep.Engine.Abstention, tt.mrr)
		}
		if n := rep.Engine.Calibration[0].Count; len(rep.Engine.Calibration) != 1 || n != 1 {
			t.Errorf("%s: calibration %+v, want one bin of one", tt.holdout, rep.Engine.Calibration)
		}
	}
	if _, err := e.Eval("everything", false); err == nil {
		t.Error("Eval with an unknown hold-out: no error")
	}
}

func TestTruthRankTiesCountAgainst(t *testing.T) {
	t.Parallel()
	tests := []struct {
		scores []float64
		truth  map[int]bool
		want   int
	}{
		{[]float64{3, 2, 1}, map[int]bool{0: true}, 1},
		{[]float64{3, 2, 1}, map[int]bool{2: true}, 3},
		{[]float64{2, 2, 1}, map[int]bool{1: true}, 2},
		{[]float64{0, 0, 0}, map[int]bool{0: true}, 3},
		{[]float64{1, 3, 2}, map[int]bool{0: true, 2: true}, 2},
	}
	for _, tt := range tests {
		if got := truthRank(tt.scores, tt.truth); got != tt.want {
			t.Errorf("truthRank(%v, %v) = %d, want %d", tt.scores, tt.truth, got, tt.want)
		}
	}
}

func TestCalibrationBins(t *testing.T) {
	t.Parallel()
	bins, brier := calibration([]float64{0.05, 0.95, 0.9, 1}, []float64{0, 1, 0, 1})
	want := []Bin{{From: 0, To: 0.1, Count: 1, Predicted: 0.05, HitRate: 0}, {From: 0.9, To: 1, Count: 3, Predicted: 0.95, HitRate: round(2.0 / 3)}}
	if diff := cmp.Diff(want, bins); diff != "" {
		t.Errorf("bins (-want +got):\n%s", diff)
	}
	if want := round((0.05*0.05 + 0.05*0.05 + 0.9*0.9 + 0) / 4); brier != want {
		t.Errorf("Brier %g, want %g", brier, want)
	}
}

func TestEvalEmptyStore(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t)
	if _, err := e.Eval(HoldoutNone, false); err == nil || !strings.Contains(err.Error(), "no intrusion set") {
		t.Errorf("Eval on an empty store: %v, want an error saying there is nothing to rank", err)
	}
	res, err := e.Attribute(Query{Sectors: []string{"energy"}})
	if err != nil || !res.Abstained || len(res.Candidates) != 0 {
		t.Errorf("Attribute on an empty store: %+v, %v; want an abstention without candidates", res, err)
	}
}
