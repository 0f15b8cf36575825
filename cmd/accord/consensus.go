package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/accord-cti/accord/acts"
)

func (m *Main) runConsensus(ctx context.Context, args []string) error {
	fs := newFlags("consensus")
	asJSON := fs.Bool("json", false, "print the consensus as JSON")
	words, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(words) == 0 {
		return usageErr("consensus: give an actor or campaign (e.g. HAFNIUM, G0065, 'SolarWinds Compromise')")
	}
	db, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	con, err := acts.Compute(ctx, db, strings.Join(words, " "))
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(m.Stdout, con)
	}
	writeConsensus(m.Stdout, con)
	return nil
}

// writeConsensus writes the cluster, each position with its holders and
// claims, the denials and the links between the accused.
func writeConsensus(w io.Writer, con *acts.Consensus) {
	cl := con.Cluster
	fmt.Fprintf(w, "consensus on %s\n\ncluster (%d objects, none merged):\n", cl.Ref, len(cl.Members))
	for _, mb := range cl.Members {
		line := fmt.Sprintf("  %-14s %s", mb.Type, mb.Name)
		if mb.Author != "" {
			line += "  by " + mb.Author
		}
		if mb.Via != "" {
			line += fmt.Sprintf("  (shares %q)", mb.Via)
		}
		fmt.Fprintln(w, line)
	}
	if len(cl.Activity) > 0 {
		fmt.Fprintf(w, "activity attributed to it: %s\n", partyNames(cl.Activity))
	}
	switch len(con.Positions) {
	case 0:
		fmt.Fprintln(w, "\nno attribution recorded")
	case 1:
		fmt.Fprintln(w, "\nsources agree on one position:")
	default:
		note := " (no recorded link between them)"
		if len(con.Links) > 0 {
			note = " (the links below say how they relate)"
		}
		fmt.Fprintf(w, "\nsources name different accused: %d positions%s\n", len(con.Positions), note)
	}
	for i, p := range con.Positions {
		fmt.Fprintf(w, "\n%d. %s\n   held by %d: %s\n", i+1, positionTitle(p), len(p.Holders), strings.Join(p.Holders, "; "))
		for _, c := range p.Claims {
			writeClaimLine(w, c)
		}
	}
	if len(con.Denials) > 0 {
		fmt.Fprintf(w, "\ndissent: %d denials\n", len(con.Denials))
		for _, c := range con.Denials {
			writeClaimLine(w, c)
		}
	}
	if len(con.Links) > 0 {
		fmt.Fprintln(w, "\nrecorded links between the accused (attributed-to):")
		for _, c := range con.Links {
			fmt.Fprintf(w, "   %s → %s  according to %s %s\n", partyNames(c.Activity), partyNames(c.Accused), c.Author.Name, confidence(c))
		}
	}
}

func positionTitle(p acts.Position) string {
	switch {
	case len(p.Accused) > 0 && len(p.Origin) > 0:
		return "attributed to " + partyNames(p.Accused) + ", from " + partyNames(p.Origin)
	case len(p.Accused) > 0:
		return "attributed to " + partyNames(p.Accused)
	case len(p.Origin) > 0:
		return "conducted from " + partyNames(p.Origin) + " (no one named)"
	}
	return "no one named"
}

// writeClaimLine writes a claim on one line: date, kind, author and
// co-signers, confidence, and what it is about.
func writeClaimLine(w io.Writer, c acts.Claim) {
	author := c.Author.Name
	if len(c.CoSigners) > 0 {
		author += " with " + partyNames(c.CoSigners)
	}
	line := fmt.Sprintf("   %-10s  %-20s %s", dateOr(c.Date), c.Kind, author)
	if conf := confidence(c); conf != "" {
		line += "  " + conf
	}
	if len(c.Activity) > 0 {
		line += "  about " + partyNames(c.Activity)
	}
	if c.Denial() && len(c.Accused) > 0 {
		line += "; denies " + partyNames(c.Accused)
	}
	fmt.Fprintln(w, line)
}
