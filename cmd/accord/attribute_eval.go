package main

import (
	"context"
	"fmt"
	"io"

	"github.com/accord-cti/accord/attrib"
)

func (m *Main) runAttributeEval(ctx context.Context, args []string) error {
	fs := newFlags("attribute eval")
	holdout := fs.String("holdout", attrib.HoldoutCitation, "what to hide besides the attribution: none, or citation (uses relationships cited only by the campaign's sources)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	fit := fs.Bool("fit", false, "also fit the posterior's temperature on the held-out scores")
	words, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(words) > 0 {
		return usageErr("attribute eval: unexpected argument %q", words[0])
	}
	if *holdout != attrib.HoldoutNone && *holdout != attrib.HoldoutCitation {
		return usageErr("attribute eval: --holdout %q: want none or citation", *holdout)
	}
	db, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	eng, err := attrib.New(ctx, db)
	if err != nil {
		return err
	}
	rep, err := eng.Eval(*holdout, *fit)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(m.Stdout, rep)
	}
	renderEval(m.Stdout, rep)
	return nil
}

// renderEval prints an evaluation report for people.
func renderEval(w io.Writer, rep *attrib.EvalReport) {
	fmt.Fprintf(w, "leave-one-campaign-out, hold-out %s: %d attributed campaigns, %d unattributed, %d groups\n\n",
		rep.Holdout, rep.Attributed, rep.Unattributed, rep.Sets)
	fmt.Fprintf(w, "%-9s %6s %6s %6s %6s %8s %9s\n", "", "top-1", "top-3", "top-5", "MRR", "Brier", "abstain*")
	for _, r := range []struct {
		name string
		m    attrib.Metrics
	}{{"engine", rep.Engine}, {"tf-idf", rep.Baseline}} {
		abstain := "n/a"
		if rep.Unattributed > 0 {
			abstain = fmt.Sprintf("%.3f", r.m.Abstention)
		}
		fmt.Fprintf(w, "%-9s %6.3f %6.3f %6.3f %6.3f %8.3f %9s\n", r.name, r.m.Top1, r.m.Top3, r.m.Top5, r.m.MRR, r.m.Brier, abstain)
	}
	fmt.Fprintln(w, "* share of the unattributed campaigns on which it abstained")
	fmt.Fprintf(w, "\nengine calibration (top candidate's probability against being right):\n")
	for _, b := range rep.Engine.Calibration {
		fmt.Fprintf(w, "  [%.1f, %.1f)  n=%-3d predicted %.3f  hit rate %.3f\n", b.From, b.To, b.Count, b.Predicted, b.HitRate)
	}
	fmt.Fprintf(w, "\nper campaign (engine rank / tf-idf rank):\n")
	for i, r := range rep.Engine.Ranks {
		fmt.Fprintf(w, "  %3d / %3d  %-45.45s truth %s, top %s (%.2f%s), %d items\n", r.Rank, rep.Baseline.Ranks[i].Rank,
			r.Campaign, r.Truth, r.Top, r.Probability, map[bool]string{true: ", abstained"}[r.Abstained], r.Items)
	}
	if rep.FittedTemperature > 0 {
		fmt.Fprintf(w, "\nfitted temperature: %g\n", rep.FittedTemperature)
	}
}
