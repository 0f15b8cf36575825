package ingest

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/sigma"
	"github.com/accord-cti/accord/stix"
	"github.com/google/go-cmp/cmp"
)

const sigmaTestRule = `title: Webshell Write
id: 9d2c1f0e-1111-4a2b-8c3d-4e5f6a7b8c9d
status: test
description: A web shell is written.
references:
    - https://example.org/a
    - Internal Research
author: accord tests
date: 2021/03/03
modified: 2023-01-02
tags:
    - attack.persistence
    - attack.t1505.003
    - attack.g0125
    - attack.t9999
    - cve.2021-26855
logsource:
    category: file_event
    product: windows
detection:
    selection:
        TargetFilename|endswith: '.aspx'
    condition: selection
level: high
`

func sigmaTestRules(t *testing.T) []*sigma.Rule {
	t.Helper()
	rules, err := sigma.Parse("rules/webshell.yml", []byte(sigmaTestRule))
	if err != nil {
		t.Fatal(err)
	}
	return rules
}

// TestSigmaIndicator checks the indicator of a rule member by member, and
// that it is valid STIX 2.1.
func TestSigmaIndicator(t *testing.T) {
	t.Parallel()
	r := sigmaTestRules(t)[0]
	ind := SigmaIndicator(r, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	data, err := json.Marshal(ind)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	json.Unmarshal(data, &got)
	want := map[string]any{
		"type": "indicator", "spec_version": "2.1", "id": SigmaIndicatorID(r),
		"created": "2021-03-03T00:00:00.000Z", "modified": "2023-01-02T00:00:00.000Z",
		"name": "Webshell Write", "description": "A web shell is written.",
		"pattern_type": "sigma", "pattern": sigmaTestRule, "valid_from": "2021-03-03T00:00:00.000Z",
		"indicator_types":   []any{"malicious-activity"},
		"labels":            []any{"sigma-level:high", "sigma-status:test", "attack.persistence", "attack.t1505.003", "attack.g0125", "attack.t9999", "cve.2021-26855"},
		"kill_chain_phases": []any{map[string]any{"kill_chain_name": "mitre-attack", "phase_name": "persistence"}},
		"external_references": []any{
			map[string]any{"source_name": "sigma", "external_id": "9d2c1f0e-1111-4a2b-8c3d-4e5f6a7b8c9d"},
			map[string]any{"source_name": "reference", "url": "https://example.org/a"},
			map[string]any{"source_name": "reference", "description": "Internal Research"},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("indicator (-want +got):\n%s", diff)
	}
	v, err := stix.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if problems := stix.Validate(v); len(problems) > 0 {
		t.Errorf("not valid STIX: %v", problems)
	}
	if id := SigmaIndicatorID(&sigma.Rule{ID: r.ID, Title: "another title"}); id != ind["id"] {
		t.Errorf("the id depends on more than the rule id: %s, %s", id, ind["id"])
	}
	if SigmaIndicatorID(&sigma.Rule{ID: "other"}) == ind["id"] {
		t.Error("two rule ids give one indicator id")
	}
}

// TestSigmaDates checks the created and modified times of rules with and
// without dates.
func TestSigmaDates(t *testing.T) {
	t.Parallel()
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		date, text        string
		created, modified time.Time
	}{
		{"2021/03/03", "", day(2021, 3, 3), day(2021, 3, 3)},
		{"2021-3-4", "modified: 2022/05/06\n", day(2021, 3, 4), day(2022, 5, 6)},
		{"2021-03-04", "modified: 2020-01-01\n", day(2021, 3, 4), day(2021, 3, 4)}, // before the date: ignored
		{"", "modified: 2022/05/06\n", now, now},
		{"March 2021", "", now, now},
	}
	for _, tt := range tests {
		c, m := sigmaDates(&sigma.Rule{Date: tt.date, Text: []byte(tt.text)}, now)
		if !c.Equal(tt.created) || !m.Equal(tt.modified) {
			t.Errorf("date %q text %q: %v %v, want %v %v", tt.date, tt.text, c, m, tt.created, tt.modified)
		}
	}
}

// attackStore is a Store that resolves external ids from a fixed list.
type attackStore struct {
	accord.Store
	objs []*accord.Object
}

func (s *attackStore) Resolve(_ context.Context, ref string) ([]*accord.Object, error) {
	var out []*accord.Object
	for _, o := range s.objs {
		if slices.ContainsFunc(o.ExternalIDs, func(e string) bool { return strings.EqualFold(e, ref) }) {
			out = append(out, o)
		}
	}
	if len(out) == 0 {
		return nil, accord.Errorf(accord.ENOTFOUND, "%s: not found", ref)
	}
	return out, nil
}

// TestSigmaSource checks the bundle made of a rule (twice, the second
// left out): its indicator, indicates links to the technique and group in
// the store (not to the revoked object, nor to a course of action with the
// same external id), and a note for the technique not in the store.
func TestSigmaSource(t *testing.T) {
	t.Parallel()
	store := &attackStore{objs: []*accord.Object{
		{ID: "attack-pattern--00000000-0000-4000-8000-000000000001", Type: "attack-pattern", ExternalIDs: []string{"T1505.003"}},
		{ID: "attack-pattern--00000000-0000-4000-8000-000000000002", Type: "attack-pattern", ExternalIDs: []string{"T1505.003"}, Revoked: true},
		{ID: "course-of-action--00000000-0000-4000-8000-000000000003", Type: "course-of-action", ExternalIDs: []string{"T1505.003"}},
		{ID: "intrusion-set--00000000-0000-4000-8000-000000000004", Type: "intrusion-set", ExternalIDs: []string{"G0125"}},
	}}
	rules := sigmaTestRules(t)
	rules = append(rules, rules[0])
	src, sum, err := SigmaSource(context.Background(), store, "rules", rules, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var bundle struct{ Objects []map[string]any }
	if err := json.Unmarshal(src.Data, &bundle); err != nil {
		t.Fatal(err)
	}
	id := SigmaIndicatorID(rules[0])
	var got []string
	for _, o := range bundle.Objects {
		switch o["type"] {
		case "indicator":
			got = append(got, "indicator "+o["id"].(string))
		case "relationship":
			got = append(got, o["source_ref"].(string)+" "+o["relationship_type"].(string)+" "+o["target_ref"].(string))
		}
	}
	want := []string{"indicator " + id, id + " indicates attack-pattern--00000000-0000-4000-8000-000000000001", id + " indicates intrusion-set--00000000-0000-4000-8000-000000000004"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("objects (-want +got):\n%s", diff)
	}
	if sum.Rules != 1 || sum.Links != 2 || len(sum.Notes) != 2 ||
		!strings.Contains(sum.Notes[0], "tag attack.t9999: no ATT&CK object T9999") || !strings.Contains(sum.Notes[1], "same id") {
		t.Errorf("summary %+v", sum)
	}
	n, problems, err := Check(context.Background(), src, Options{})
	if err != nil || len(problems) > 0 || n != 3 {
		t.Errorf("the bundle: %d objects, problems %v, err %v", n, problems, err)
	}
}
