package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/accord-cti/accord/attrib"
)

// attributeFlags are the evidence flags of accord attribute.
type attributeFlags struct {
	techniques, software, cves, indicators, infra, sectors, countries stringList
	sightings                                                         bool
	since                                                             string
	top                                                               int
	asJSON                                                            bool
}

func (m *Main) runAttribute(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "eval" {
		return m.runAttributeEval(ctx, args[1:])
	}
	fs := newFlags("attribute")
	var f attributeFlags
	fs.Var(&f.techniques, "technique", "an ATT&CK technique (T1190, name or id); repeatable")
	fs.Var(&f.software, "software", "malware or tool (S0020, name or id); repeatable")
	fs.Var(&f.cves, "cve", "a vulnerability exploited (CVE-…); repeatable")
	fs.Var(&f.indicators, "indicator", "an indicator that matched (id or name); repeatable")
	fs.Var(&f.infra, "infrastructure", "infrastructure seen (id or name); repeatable")
	fs.Var(&f.sectors, "sector", "the victim's industry sector (STIX vocabulary); repeatable")
	fs.Var(&f.countries, "country", "the victim's country (name or ISO code); repeatable")
	fs.BoolVar(&f.sightings, "sightings", false, "add the indicators the recorded sightings saw")
	fs.StringVar(&f.since, "since", "", "with --sightings: only sightings last seen at or after this time (RFC 3339 or YYYY-MM-DD)")
	fs.IntVar(&f.top, "top", attrib.DefaultTop, "how many candidates to show")
	fs.BoolVar(&f.asJSON, "json", false, "print the result as JSON")
	words, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(words) > 0 {
		return usageErr("attribute: unexpected argument %q (evidence goes in flags: --technique, --software, --cve, …)", words[0])
	}
	if f.top < 1 {
		return usageErr("attribute: --top %d: want at least 1", f.top)
	}
	return m.attribute(ctx, f)
}

// attribute builds the engine and answers the query of f.
func (m *Main) attribute(ctx context.Context, f attributeFlags) error {
	since, err := sightingsSince(f.since, f.sightings)
	if err != nil {
		return err
	}
	db, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	q := attrib.Query{Techniques: f.techniques, Software: f.software, CVEs: f.cves, Indicators: f.indicators,
		Infrastructure: f.infra, Sectors: f.sectors, Countries: f.countries, Top: f.top}
	if f.sightings {
		ids, err := attrib.SightedIndicators(ctx, db, since)
		if err != nil {
			return err
		}
		fmt.Fprintf(m.Stderr, "attribute: %d sighted indicators\n", len(ids))
		q.Indicators = append(q.Indicators, ids...)
	}
	if len(q.Techniques)+len(q.Software)+len(q.CVEs)+len(q.Indicators)+len(q.Infrastructure)+len(q.Sectors)+len(q.Countries) == 0 {
		return usageErr("attribute: no evidence: give --technique, --software, --cve, --indicator, --infrastructure, --sector, --country or --sightings (with sightings recorded)")
	}
	eng, err := attrib.New(ctx, db)
	if err != nil {
		return err
	}
	res, err := eng.Attribute(q)
	if err != nil {
		return err
	}
	if f.asJSON {
		return writeJSON(m.Stdout, res)
	}
	renderAttribution(m.Stdout, res, eng.Sets())
	return nil
}

// sightingsSince parses --since, which only --sightings uses.
func sightingsSince(s string, sightings bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if !sightings {
		return time.Time{}, usageErr("attribute: --since needs --sightings")
	}
	return parseSince(s)
}

// renderAttribution prints a result for people.
func renderAttribution(w io.Writer, res *attrib.Result, sets int) {
	if res.Abstained {
		fmt.Fprintf(w, "no confident attribution: no group of %d clears the threshold; the evidence is weak or shared by many groups\n", sets)
	}
	for i, c := range res.Candidates {
		fmt.Fprintf(w, "\n%d. %s", i+1, c.Name)
		if c.ExternalID != "" {
			fmt.Fprintf(w, " (%s)", c.ExternalID)
		}
		fmt.Fprintf(w, "  score %.2f  probability %.2f  confidence %d: %s\n", c.Score, c.Probability, c.Confidence, c.Phrase)
		for _, s := range c.Sponsors {
			fmt.Fprintf(w, "   sponsor: %s\n", sponsorLine(s))
		}
		for _, e := range c.Evidence {
			fmt.Fprintf(w, "   %+7.3f  %-14s %s: %s\n", e.Weight, e.Kind, e.Ref, e.Why)
		}
	}
	if len(res.Unknown) > 0 {
		fmt.Fprintf(w, "\nknown to no group, so weighing nothing: %s\n", strings.Join(res.Unknown, "; "))
	}
}

// sponsorLine says who a sponsor is and who recorded the attribution.
func sponsorLine(s attrib.Sponsor) string {
	text := s.Name + " (" + s.Type + ")"
	if s.Country != "" {
		text += ", located in " + s.Country
	}
	if s.Via != "" {
		text += ", via " + s.Via
	}
	if s.By != "" {
		text += ", according to " + s.By
	}
	if s.Confidence != "" {
		text += ", confidence " + s.Confidence
	}
	return text
}
