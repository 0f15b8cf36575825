package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// proxyLogonArgs is the starter pack's evidence of the Exchange exploitation.
var proxyLogonArgs = []string{"--cve", "CVE-2021-26855", "--cve", "CVE-2021-26857", "--cve", "CVE-2021-26858",
	"--cve", "CVE-2021-27065", "--software", "S0020", "--indicator", "Web-shell URLs of the Exchange exploitation (IIS paths)"}

func TestAttributeJSON(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	out, stderr, code := run(t, "", append([]string{"--db", db, "attribute", "--json", "--top", "2"}, proxyLogonArgs...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res struct {
		Abstained  bool `json:"abstained"`
		Candidates []struct {
			Name, Phrase string
			Probability  float64
			Confidence   int
			Sponsors     []map[string]any
			Evidence     []struct {
				Kind, Ref, Why string
				Weight         float64
			}
		} `json:"candidates"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if len(res.Candidates) != 2 || res.Candidates[0].Name != "HAFNIUM" || res.Abstained {
		t.Fatalf("want HAFNIUM first of 2, not abstained:\n%s", out)
	}
	c := res.Candidates[0]
	if c.Phrase == "" || c.Confidence < 55 || len(c.Evidence) == 0 || !strings.Contains(c.Evidence[0].Why, "of") {
		t.Errorf("candidate %+v", c)
	}
	if len(c.Sponsors) == 0 || c.Sponsors[0]["name"] != "Ministry of State Security (MSS)" || c.Sponsors[0]["attributed_by"] == "" {
		t.Errorf("HAFNIUM's sponsors %v, want the MSS with its author", c.Sponsors)
	}
}

func TestAttributeText(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	out, stderr, code := run(t, "", "--db", db, "attribute", "--cve", "CVE-2021-26855", "--cve", "CVE-2021-26857",
		"--cve", "CVE-2021-26858", "--cve", "CVE-2021-27065")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"no confident attribution", "exploited by", "one exploit chain counts once"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestAttributeBadInput(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--technique", "T9999"}, `--technique "T9999": names no attack-pattern`},
		{[]string{"--software", "HAFNIUM"}, `--software "HAFNIUM"`},
		{[]string{}, "no evidence"},
		{[]string{"HAFNIUM"}, `unexpected argument "HAFNIUM"`},
		{[]string{"--since", "2021-01-01", "--cve", "CVE-2021-26855"}, "--since needs --sightings"},
		{[]string{"--sightings", "--since", "yesterday"}, `--since "yesterday"`},
		{[]string{"--top", "0", "--cve", "CVE-2021-26855"}, "--top 0"},
		{[]string{"eval", "--holdout", "all"}, `--holdout "all"`},
	}
	for _, tt := range tests {
		_, stderr, code := run(t, "", append([]string{"--db", db, "attribute"}, tt.args...)...)
		if code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("attribute %v: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

// sightingBundle records that a hunt saw the starter pack's web-shell URL
// indicator on 3 March 2021.
const sightingBundle = `{"type": "bundle", "id": "bundle--6a3c2a8e-3f0c-4f55-9b8e-1c7e2a0c9d11", "objects": [
{"type": "sighting", "spec_version": "2.1", "id": "sighting--0f6b2c4e-8a57-4b1e-9d3a-2c5e7f9a1b30", "created": "2021-03-04T00:00:00.000Z", "modified": "2021-03-04T00:00:00.000Z",
 "sighting_of_ref": "indicator--66fc57ad-7b2a-4c5f-a97d-939d6c7fdd75", "first_seen": "2021-03-03T00:00:00Z", "last_seen": "2021-03-03T01:00:00Z", "count": 2}
]}`

func TestAttributeSightings(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	if _, stderr, code := run(t, sightingBundle, "--db", db, "import", "-"); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	out, stderr, code := run(t, "", "--db", db, "attribute", "--sightings", "--since", "2021-03-01", "--software", "S0020", "--json")
	if code != 0 || !strings.Contains(stderr, "1 sighted indicators") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res struct{ Candidates []struct{ Name string } }
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res.Candidates) == 0 || res.Candidates[0].Name != "HAFNIUM" {
		t.Errorf("want HAFNIUM first (%v):\n%s", err, out)
	}
	_, stderr, code = run(t, "", "--db", db, "attribute", "--sightings", "--since", "2022-01-01")
	if code != 2 || !strings.Contains(stderr, "0 sighted indicators") || !strings.Contains(stderr, "no evidence") {
		t.Errorf("sightings since 2022: exit %d, stderr %q; want 2, none sighted", code, stderr)
	}
}

func TestAttributeEval(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	out, stderr, code := run(t, "", "--db", db, "attribute", "eval", "--holdout", "none", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	// The starter pack's three campaigns are each attributed to a group.
	if rep["holdout"] != "none" || rep["attributed_campaigns"] != 3.0 || rep["engine"] == nil || rep["baseline"] == nil {
		t.Errorf("report %s", out)
	}
	text, _, code := run(t, "", "--db", db, "attribute", "eval")
	if code != 0 || !strings.Contains(text, "hold-out citation") || !strings.Contains(text, "tf-idf") {
		t.Errorf("text report (exit %d):\n%s", code, text)
	}
}
