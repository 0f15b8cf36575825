package ingest

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/accord-cti/accord/sigma"
	"github.com/accord-cti/accord/stix"
)

// FuzzSigmaIndicator turns every rule that parses into its STIX indicator,
// which must be valid STIX 2.1 whatever the rule's title, dates, tags and
// references.
func FuzzSigmaIndicator(f *testing.F) {
	f.Add([]byte(sigmaTestRule))
	f.Add([]byte("title: t\nlogsource:\n  product: windows\ndetection:\n  s:\n    a: b\n  condition: s\ndate: 2021/13/45\nreferences:\n  - 'http:// x'\n  - ''\ntags:\n  - attack.\n  - attack.-\n"))
	now := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		rules, err := sigma.Parse("fuzz.yml", data)
		if err != nil {
			return
		}
		for _, r := range rules {
			out, err := json.Marshal(SigmaIndicator(r, now))
			if err != nil {
				t.Fatal(err)
			}
			v, err := stix.Parse(out)
			if err != nil {
				t.Fatalf("%s: %v", out, err)
			}
			if problems := stix.Validate(v); len(problems) > 0 {
				t.Fatalf("rule %q: invalid indicator %s: %v", data, out, problems)
			}
		}
	})
}
