package pattern

import (
	"os"
	"path/filepath"
	"testing"
)

// loadMatchData loads testdata/match/name.
func loadMatchData(t testing.TB, name string) []*Observed {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "match", name))
	if err != nil {
		t.Fatal(err)
	}
	obs, err := LoadObserved(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return obs
}

// compileText parses and compiles a pattern, failing the test on error.
func compileText(t testing.TB, src string, opts ...Option) *Compiled {
	t.Helper()
	p, err := Parse(src, opts...)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	c, err := Compile(p)
	if err != nil {
		t.Fatalf("Compile(%q): %v", src, err)
	}
	return c
}

// expectMatch checks that each pattern matches the observations (want) or
// does not, and that the flattened events agree where they can.
func expectMatch(t *testing.T, obs []*Observed, want bool, patterns ...string) {
	t.Helper()
	expectMatchVersion(t, obs, want, "2.1", patterns...)
}

func expectMatchVersion(t *testing.T, obs []*Observed, want bool, version string, patterns ...string) {
	t.Helper()
	for _, src := range patterns {
		c := compileText(t, src, WithVersion(version))
		got, bindings, err := c.MatchObserved(obs)
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		if got != want {
			t.Errorf("%s: matched = %v, want %v", src, got, want)
		}
		if got != (len(bindings) > 0) {
			t.Errorf("%s: matched = %v with %d bindings", src, got, len(bindings))
		}
	}
}

// mustParse parses a STIX 2.1 pattern, failing the test on error.
func mustParse(t testing.TB, src string) *Pattern {
	t.Helper()
	p, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	return p
}
