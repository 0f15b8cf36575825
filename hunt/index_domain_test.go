package hunt

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/accord-cti/accord/pattern"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
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

// TestProbeDomainMemo probes two indexes with one matcher's state, over
// a few names repeated in random order (so that the memo of misses keeps,
// evicts and meets them again), and compares each probe with one without
// the memo: a name that hits is never remembered as a miss, and a miss of
// one index is not one of the other.
func TestProbeDomainMemo(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 5))
	var pool []string
	for i := range 60 {
		pool = append(pool, strings.Repeat("w", i%7)+"host"+string(rune('a'+i%26))+".Example.com")
	}
	pool = append(pool, strings.Repeat("long", 20)+".example.com", "x", "EXAMPLE.COM")
	a, b := newPathIndex("domain-name:value"), newPathIndex("domain-name:value")
	for i, name := range pool {
		switch i % 3 {
		case 0:
			a.add(int32(i), pattern.Atom{Op: pattern.AtomEqual, Path: "domain-name:value", Text: strings.ToLower(name)})
		case 1:
			b.add(int32(i), pattern.Atom{Op: pattern.AtomEqual, Path: "domain-name:value", Text: name})
		}
	}
	a.finish()
	b.finish()
	var st matchState
	found := [2]int{}
	for range 20000 {
		v := []byte(pool[rng.IntN(len(pool))])
		k := rng.IntN(2)
		for j, ix := range []*pathIndex{a, b}[k : k+1+rng.IntN(2-k)] {
			var fresh matchState
			st.hits = st.hits[:0]
			ix.probeDomain(&st, 0, v)
			ix.probeDomainFresh(&fresh, 0, v)
			if diff := cmp.Diff(fresh.hits, st.hits, cmp.AllowUnexported(hit{}), cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("index %d: probeDomain(%q) (-without memo +with):\n%s", k+j, v, diff)
			}
			found[k+j] += len(st.hits)
		}
	}
	if found[0] == 0 || found[1] == 0 {
		t.Fatalf("hits by index %v: the test tests nothing", found)
	}
}
