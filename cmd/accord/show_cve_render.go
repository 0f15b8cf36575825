package main

import (
	"fmt"
	"io"
	"strings"
)

// render writes the CVE view as text: the vulnerability with its patch
// date, who exploited it and from when, its KEV entry, then its other
// relationships.
func (c *cveView) render(w io.Writer) {
	c.base.renderFields(w)
	if c.PatchDate != "" {
		fmt.Fprintf(w, "  patched:   %s\n", c.PatchDate)
	}
	if len(c.Others) > 0 {
		fmt.Fprintf(w, "  also:      %s\n", strings.Join(c.Others, ", "))
	}
	c.base.renderDescription(w)
	fmt.Fprintf(w, "\n  exploited by (%d)\n", len(c.ExploitedBy))
	if len(c.ExploitedBy) == 0 {
		fmt.Fprintln(w, "    no actor, campaign or malware in the store is known to exploit it")
	}
	typeW, nameW := 0, 0
	for _, e := range c.ExploitedBy {
		typeW, nameW = max(typeW, len(e.Type)), max(nameW, len(e.label()))
	}
	for _, e := range c.ExploitedBy {
		text := fmt.Sprintf("    %-*s  %-*s  %s", typeW, e.Type, nameW, e.label(), e.when(c.PatchDate))
		fmt.Fprintln(w, strings.TrimRight(text+" "+e.Claim, " "))
	}
	c.renderKEV(w)
	c.base.renderGroups(w)
}

// label names the exploiter with its external id.
func (e exploiter) label() string {
	if e.ExternalID == "" {
		return e.Name
	}
	return e.Name + " (" + e.ExternalID + ")"
}

// when says when the exploiter was first seen exploiting the CVE, against
// the patch date: "first seen 2021-01-06, zero-day: 55 days before the
// patch".
func (e exploiter) when(patch string) string {
	if e.FirstSeen == "" {
		if e.ZeroDay {
			return "zero-day: before the patch (first date not recorded)"
		}
		return "first date not recorded"
	}
	text := "first seen " + e.FirstSeen
	switch d := e.DaysBeforePatch; {
	case d == nil:
	case *d > 0:
		text += fmt.Sprintf(", zero-day: %s before the patch", days(*d))
	case *d == 0:
		text += ", on the day of the patch"
	default:
		text += fmt.Sprintf(", %s after the patch", days(-*d))
	}
	return text
}

func days(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// renderKEV writes the CISA KEV entry, or that there is none.
func (c *cveView) renderKEV(w io.Writer) {
	k := c.KEV
	if k == nil {
		fmt.Fprintln(w, "\n  CISA KEV: no entry recorded (import the catalog to check)")
		return
	}
	fmt.Fprintf(w, "\n  CISA KEV (catalog %s)\n", k.CatalogVersion)
	fmt.Fprintf(w, "    name:        %s\n", k.VulnerabilityName)
	fmt.Fprintf(w, "    added:       %s\n", k.DateAdded)
	fmt.Fprintf(w, "    due:         %s\n", k.DueDate)
	fmt.Fprintf(w, "    action:      %s\n", k.RequiredAction)
	if k.RansomwareUse != "" {
		fmt.Fprintf(w, "    ransomware:  %s\n", k.RansomwareUse)
	}
	if len(k.CWEs) > 0 {
		fmt.Fprintf(w, "    weakness:    %s\n", strings.Join(k.CWEs, ", "))
	}
	for i, l := range wrap(k.Notes, 84, 4) {
		fmt.Fprintf(w, "    %-12s %s\n", map[bool]string{true: "notes:"}[i == 0], l)
	}
}
