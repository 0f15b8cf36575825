package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/accord-cti/accord/acts"
)

func (m *Main) runActs(ctx context.Context, args []string) error {
	fs := newFlags("acts")
	asJSON := fs.Bool("json", false, "print the acts as JSON")
	words, err := parse(fs, args)
	if err != nil {
		return err
	}
	db, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	claims, err := acts.List(ctx, db, strings.Join(words, " "))
	if err != nil {
		return err
	}
	if *asJSON {
		if claims == nil {
			claims = []acts.Claim{}
		}
		return writeJSON(m.Stdout, claims)
	}
	if len(claims) == 0 {
		fmt.Fprintln(m.Stdout, "no attribution acts recorded")
	}
	for i, c := range claims {
		if i > 0 {
			fmt.Fprintln(m.Stdout)
		}
		writeClaim(m.Stdout, c)
	}
	return nil
}

// writeClaim writes one claim in full: what, who, when, about whom, how
// sure, and on what sources.
func writeClaim(w io.Writer, c acts.Claim) {
	fmt.Fprintf(w, "%s  %s  %s\n", dateOr(c.Date), c.Kind, c.Author.Name)
	field := func(label string, value string) {
		if value != "" {
			fmt.Fprintf(w, "  %-11s %s\n", label+":", value)
		}
	}
	field("co-signers", partyNames(c.CoSigners))
	field("accused", partyNames(c.Accused))
	field("activity", partyNames(c.Activity))
	field("origin", partyNames(c.Origin))
	field("confidence", confidence(c))
	if l := c.Legal; l != nil {
		field("legal", strings.Join(nonEmpty(l.Kind, l.Title, l.Court, l.CaseNumber), "; "))
	}
	if len(c.Disputes) > 0 {
		field("disputes", fmt.Sprintf("%d acts (%s)", len(c.Disputes), strings.Join(c.Disputes, ", ")))
	}
	for _, s := range c.Sources {
		field("source", s.Name)
	}
	field("id", c.ID)
}

func dateOr(d string) string {
	if d == "" {
		return "(undated)"
	}
	return d
}

func partyNames(ps []acts.Party) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// confidence renders the stated phrase and the 0-100 value.
func confidence(c acts.Claim) string {
	var parts []string
	if c.Phrase != "" {
		parts = append(parts, fmt.Sprintf("%q", c.Phrase))
	}
	if c.Confidence != nil {
		parts = append(parts, fmt.Sprintf("(%d)", *c.Confidence))
	}
	return strings.Join(parts, " ")
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
