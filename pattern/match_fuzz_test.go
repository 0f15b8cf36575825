package pattern

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// matchFuzzPatterns seed FuzzMatch with every operator and qualifier; the
// bundles of testdata/match are the seed observations, and the files in
// testdata/fuzz/FuzzMatch add inputs of their own.
var matchFuzzPatterns = []string{
	"[x-person:name = 'alice'] AND [x-person:age > 20]",
	"([x-person:name = 'alice'] FOLLOWEDBY [x-person:name < 'elizabeth']) WITHIN 10 SECONDS",
	"[x-person:age < 20] REPEATS 5 TIMES START t'1994-11-29T13:37:50Z' STOP t'2005-01-01T00:00:00Z'",
	"([x-person:age < 20] REPEATS 2 TIMES) REPEATS 3 TIMES",
	"[network-traffic:dst_ref.value ISSUBSET '203.0.113.0/24' AND network-traffic:protocols[*] = 'tcp']",
	"[domain-name:resolves_to_refs[*].value ISSUPERSET '198.51.100.7']",
	"[x-test:name_bin MATCHES '\\\\x61li[c\\\\x01]e' OR x-test:string MATCHES '(l)\\\\1']",
	"[x-test:ddots.nfd LIKE '%\u0307' AND NOT EXISTS x-test:nothing]",
	"[x-test:int IN (1, 5, 6.5) AND x-test:when > t'2014-01-01T00:00:00Z']",
	"[x-person:knows_refs[*].knows_refs[0].name != 'bob']",
	"[file:extensions.'windows-pebinary-ext'.sections[*].entropy >= 7.9]",
}

func FuzzMatch(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "match", "*.json"))
	for i, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(matchFuzzPatterns[i%len(matchFuzzPatterns)], data)
	}
	for _, p := range matchFuzzPatterns {
		f.Add(p, []byte(od21+"\n"+nt21+"\n"+ip21))
	}
	opts := Options{MaxSteps: 20_000, RegexTimeout: 5 * time.Millisecond}
	f.Fuzz(func(t *testing.T, src string, data []byte) {
		p, err := Parse(src)
		if err != nil {
			return
		}
		obs, err := LoadObserved(data)
		if err != nil {
			return
		}
		c, err := opts.Compile(p)
		if err != nil {
			return
		}
		matched, bindings, err := c.MatchObserved(obs)
		if err != nil && !errors.Is(err, ErrLimit) {
			t.Fatalf("MatchObserved: %v", err)
		}
		if matched != (len(bindings) > 0) {
			t.Fatalf("matched = %v with %d bindings", matched, len(bindings))
		}
		events := make([]*Event, len(obs))
		for i, o := range obs {
			events[i] = o.Event()
			checkEventAgrees(t, c, o, events[i])
		}
		if _, _, err := c.MatchEvents(events); err != nil && !errors.Is(err, ErrLimit) {
			t.Fatalf("MatchEvents: %v", err)
		}
		for _, a := range c.Atoms() {
			if a.Leaf < 0 || a.Leaf >= c.Leaves() {
				t.Fatalf("atom %+v of a leaf that does not exist", a)
			}
		}
	})
}

// checkEventAgrees checks that Match on the flattened event agrees with
// MatchObserved on the observation, where flattening keeps everything the
// pattern can see.
func checkEventAgrees(t *testing.T, c *Compiled, o *Observed, ev *Event) {
	t.Helper()
	if len(o.Objects) > 63 || len(ev.Props) >= flattenRefProps || !flattenable(c) {
		return
	}
	want, _, err := c.MatchObserved([]*Observed{o})
	if err != nil {
		return
	}
	if got := c.Match(ev); got != want {
		t.Fatalf("%s on %s: event Match = %v, observed-data Match = %v", c.Pattern(), o.ID, got, want)
	}
}

// flattenable reports whether the pattern has no list index [n], no path
// through more references than Observed.Event follows, and no regular
// expression that may time out.
func flattenable(c *Compiled) bool {
	for cmp := range c.pattern.Comparisons() {
		refs := 0
		for i, s := range cmp.Path.Steps {
			if s.Kind == StepIndex {
				return false
			}
			more := i+1 < len(cmp.Path.Steps)
			if s.Kind == StepKey && more && (strings.HasSuffix(s.Key, "_ref") || strings.HasSuffix(s.Key, "_refs")) {
				refs++
			}
		}
		if refs > flattenRefDepth {
			return false
		}
		if cmp.Op == OpMatches {
			if r, err := compileRegex(cmp.Value.Str, time.Second); err == nil && r.bt != nil {
				return false
			}
		}
	}
	return true
}
