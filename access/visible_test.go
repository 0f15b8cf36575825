package access

import (
	"testing"

	"github.com/accord-cti/accord/stix"
)

const unknownMarking = "marking-definition--00000000-0000-4000-8000-000000000001"
const statementMarking = "marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168" // MITRE's ATT&CK copyright

// sharing is the sharing facts of the table tests: published by org-pub,
// shared with org-partner, AMBER+STRICT to org-strict, RED to user-red.
var sharing = Sharing{
	Publisher:  "org-pub",
	SharedWith: []string{"org-partner"},
	StrictOrg:  "org-strict",
	Recipients: []string{"user-red"},
}

// readers are the reader kinds of the table tests.
var readers = map[string]Reader{
	"anonymous":           {},
	"outsider":            {UserID: "u-out", OrgID: "org-out", Authenticated: true},
	"community":           {UserID: "u-comm", OrgID: "org-comm", Authenticated: true, Community: true},
	"partner":             {UserID: "u-partner", OrgID: "org-partner", Authenticated: true, Community: true},
	"strict-org":          {UserID: "u-strict", OrgID: "org-strict", Authenticated: true, Community: true},
	"publisher":           {UserID: "u-pub", OrgID: "org-pub", Authenticated: true, Community: true},
	"red-recipient":       {UserID: "user-red", OrgID: "org-comm", Authenticated: true, Community: true},
	"unauth-partner":      {UserID: "u-partner", OrgID: "org-partner", Community: true},
	"unauth-recipient":    {UserID: "user-red", OrgID: "org-pub", Community: true},
	"partner-outside-com": {UserID: "u-p2", OrgID: "org-partner", Authenticated: true},
}

// markings names the single-marking rows of the table; "none" is no marking.
var markings = map[string]string{
	"CLEAR": stix.TLPClear, "GREEN": stix.TLPGreen, "AMBER": stix.TLPAmber,
	"AMBER+STRICT": stix.TLPAmberStrict, "RED": stix.TLPRed,
	"1.0 WHITE": stix.TLP1White, "1.0 GREEN": stix.TLP1Green, "1.0 AMBER": stix.TLP1Amber, "1.0 RED": stix.TLP1Red,
	"unknown": unknownMarking, "statement": statementMarking,
}

// sees lists, for each reader kind, the marking rows it may see (besides
// "none", which everyone sees). The statement is unknown to the default
// policy.
var sees = map[string][]string{
	"anonymous":           {"CLEAR", "1.0 WHITE"},
	"outsider":            {"CLEAR", "1.0 WHITE"},
	"community":           {"CLEAR", "1.0 WHITE", "GREEN", "1.0 GREEN"},
	"partner":             {"CLEAR", "1.0 WHITE", "GREEN", "1.0 GREEN", "AMBER", "1.0 AMBER"},
	"strict-org":          {"CLEAR", "1.0 WHITE", "GREEN", "1.0 GREEN", "AMBER+STRICT"},
	"publisher":           {"CLEAR", "1.0 WHITE", "GREEN", "1.0 GREEN", "AMBER", "1.0 AMBER", "unknown", "statement"},
	"red-recipient":       {"CLEAR", "1.0 WHITE", "GREEN", "1.0 GREEN", "RED", "1.0 RED"},
	"unauth-partner":      {"CLEAR", "1.0 WHITE"},
	"unauth-recipient":    {"CLEAR", "1.0 WHITE"},
	"partner-outside-com": {"CLEAR", "1.0 WHITE", "AMBER", "1.0 AMBER"},
}

func want(reader, marking string) bool {
	for _, m := range sees[reader] {
		if m == marking {
			return true
		}
	}
	return false
}

func TestVisibleEveryMarkingAndReader(t *testing.T) {
	t.Parallel()
	for rn, r := range readers {
		if !Visible(r, nil, sharing) {
			t.Errorf("%s: an unmarked object is hidden", rn)
		}
		for mn, m := range markings {
			if got, w := Visible(r, []string{m}, sharing), want(rn, mn); got != w {
				t.Errorf("%s reading %s: visible = %v, want %v", rn, mn, got, w)
			}
		}
	}
}

func TestVisibleTwoMarkings(t *testing.T) {
	t.Parallel()
	for rn, r := range readers {
		for an, a := range markings {
			for bn, b := range markings {
				w := want(rn, an) && want(rn, bn)
				if got := Visible(r, []string{a, b}, sharing); got != w {
					t.Errorf("%s reading %s + %s: visible = %v, want %v", rn, an, bn, got, w)
				}
			}
		}
	}
}

func TestVisibleStatementPolicy(t *testing.T) {
	t.Parallel()
	p := NewPolicy(statementMarking)
	for rn, r := range readers {
		if !p.Visible(r, []string{statementMarking}, sharing) {
			t.Errorf("%s: a known statement hides the object", rn)
		}
		if got, w := p.Visible(r, []string{statementMarking, stix.TLPGreen}, sharing), want(rn, "GREEN"); got != w {
			t.Errorf("%s reading statement + GREEN: visible = %v, want %v", rn, got, w)
		}
		if got, w := p.Visible(r, []string{unknownMarking}, sharing), want(rn, "unknown"); got != w {
			t.Errorf("%s reading an unknown marking under a policy: visible = %v, want %v", rn, got, w)
		}
	}
}

func TestVisibleEdgeCases(t *testing.T) {
	t.Parallel()
	partner := readers["partner"]
	noOrg := Reader{UserID: "u", Authenticated: true, Community: true}
	tests := []struct {
		name string
		r    Reader
		refs []string
		s    Sharing
		want bool
	}{
		{"strict defaults to the publisher", readers["publisher"], []string{stix.TLPAmberStrict}, Sharing{Publisher: "org-pub"}, true},
		{"strict default excludes partners", partner, []string{stix.TLPAmberStrict}, Sharing{Publisher: "org-pub", SharedWith: []string{"org-partner"}}, false},
		{"empty org never matches an empty publisher", noOrg, []string{stix.TLPAmber}, Sharing{}, false},
		{"empty org never matches an empty shared-with", noOrg, []string{stix.TLPAmber}, Sharing{SharedWith: []string{""}}, false},
		{"empty user is no RED recipient", Reader{OrgID: "o", Authenticated: true}, []string{stix.TLPRed}, Sharing{Recipients: []string{""}}, false},
		{"empty org is no strict org", noOrg, []string{stix.TLPAmberStrict}, Sharing{}, false},
		{"unknown marking with no publisher", noOrg, []string{unknownMarking}, Sharing{}, false},
		{"empty ref is unknown", readers["community"], []string{""}, sharing, false},
		{"duplicate refs", partner, []string{stix.TLPAmber, stix.TLPAmber}, sharing, true},
		{"publisher sees its AMBER", readers["publisher"], []string{stix.TLPAmber}, sharing, true},
		{"RED not implied for the publisher", readers["publisher"], []string{stix.TLPRed}, sharing, false},
	}
	for _, tt := range tests {
		if got := Visible(tt.r, tt.refs, tt.s); got != tt.want {
			t.Errorf("%s: visible = %v, want %v", tt.name, got, tt.want)
		}
	}
}
