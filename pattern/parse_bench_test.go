package pattern

import (
	"bufio"
	"os"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
)

// specExamples reads the STIX 2.1 specification's example patterns.
func specExamples(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open(sharedtest.Path(tb, "data/patterns/spec-examples-v21.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var lines []string
	for sc := bufio.NewScanner(f); sc.Scan(); {
		lines = append(lines, sc.Text())
	}
	return lines
}

// BenchmarkParse parses every example pattern of the specification once
// per iteration.
func BenchmarkParse(b *testing.B) {
	examples := specExamples(b)
	size := 0
	for _, s := range examples {
		size += len(s)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range examples {
			if _, err := Parse(s); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkString prints every example pattern once per iteration.
func BenchmarkString(b *testing.B) {
	var pats []*Pattern
	for _, s := range specExamples(b) {
		pats = append(pats, parseOK(b, s))
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pats {
			_ = p.String()
		}
	}
}
