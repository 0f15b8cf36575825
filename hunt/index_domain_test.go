package hunt

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/accord-cti/accord/pattern"
	"github.com/google/go-cmp/cmp"
)

// TestProbeDomain compares probeDomain, which finds the dots and upper
// case in one pass over words, with probeDomainSlow on random names of
// up to 40 labels (past domainMaxDots), upper and lower case, followed by
// dots and capitals in their buffer, against keys of one to four labels.
func TestProbeDomain(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(4, 4))
	labels := []string{"a", "Bc", "example", "COM", "corp", "x-y", "", "long-label-of-many-bytes"}
	name := func(n int) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = labels[rng.IntN(len(labels))]
		}
		return strings.Join(parts, ".")
	}
	ix := newPathIndex("domain-name:value")
	for i := range 300 {
		ix.add(int32(i), pattern.Atom{Op: pattern.AtomEqual, Path: "domain-name:value", Text: name(1 + rng.IntN(4))})
	}
	ix.finish()
	var fast, slow matchState
	found := 0
	for range 5000 {
		v := []byte(name(1 + rng.IntN(40)))
		if rng.IntN(10) == 0 {
			v = append(v, strings.Repeat("z", rng.IntN(300))...)
		}
		// Dots and upper case past the value, in its buffer: domainScan
		// reads its last word there.
		v = append(v, ".A.B.c"...)[:len(v)]
		fast.hits, slow.hits = fast.hits[:0], slow.hits[:0]
		ix.probeDomain(&fast, 0, v)
		ix.probeDomainSlow(&slow, 0, v)
		if diff := cmp.Diff(slow.hits, fast.hits, cmp.AllowUnexported(hit{})); diff != "" {
			t.Fatalf("probeDomain(%q) (-slow +fast):\n%s", v, diff)
		}
		if len(fast.hits) > 0 {
			found++
		}
	}
	if found < 100 {
		t.Fatalf("%d names of 5000 hit a key: the test tries too few", found)
	}
}
