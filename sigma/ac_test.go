package sigma

import (
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAutomaton checks the automaton (both its modes: the transition
// table and, for few literals, one search each) against bytes.Contains on
// random literals and texts over a small alphabet, where literals overlap
// and nest.
func TestAutomaton(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "abcAB\\."[rng.Intn(7)]
		}
		return string(b)
	}
	for _, nlits := range []int{1, 5, fewLiterals, fewLiterals + 1, 200} {
		b := newACBuilder()
		for range nlits {
			b.add(lowerString(word(1 + rng.Intn(6))))
		}
		a := b.build()
		if (a.few != nil) != (len(b.lits) <= fewLiterals) {
			t.Fatalf("%d literals: few mode %v", len(b.lits), a.few != nil)
		}
		for range 300 {
			text := []byte(word(rng.Intn(40)))
			low := bytes.ToLower(text)
			var got []int32
			if a.few != nil {
				got = a.scanFew(low, nil)
			} else {
				got = a.scan(text, nil)
			}
			got = slices.Compact(slices.Sorted(slices.Values(got)))
			var want []int32
			for id, l := range b.lits {
				if bytes.Contains(low, []byte(l)) {
					want = append(want, int32(id))
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("%d literals %q, text %q (-want +got):\n%s", len(b.lits), b.lits, text, diff)
			}
		}
	}
}

func TestLoadPlaceholders(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		text string
		want map[string][]string
		err  string
	}{
		{"Administrators: [adm_*, root]\n'%Servers%': srv01\n", map[string][]string{"Administrators": {"adm_*", "root"}, "Servers": {"srv01"}}, ""},
		{"vars:\n  DomainControllers:\n    - dc1\n    - dc2\n", map[string][]string{"DomainControllers": {"dc1", "dc2"}}, ""},
		{"x: {a: b}\n", nil, "placeholder x: values are text or a list"},
		{"x: [\n", nil, "p.yml: "},
	}
	for _, tt := range tests {
		p := filepath.Join(dir, "p.yml")
		os.WriteFile(p, []byte(tt.text), 0o644)
		got, err := LoadPlaceholders(p)
		if tt.err != "" {
			if err == nil || !contains(err.Error(), tt.err) {
				t.Errorf("%q: error %v, want %q", tt.text, err, tt.err)
			}
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" || err != nil {
			t.Errorf("%q: %v (-want +got):\n%s", tt.text, err, diff)
		}
	}
}

// TestAutomatonOccurrences checks that scan reports every occurrence of
// every literal exactly once, against a count at each position, on texts
// of a wide alphabet where most bytes start no literal: the scan skips
// them (the pair table), and must not lose or repeat a literal doing so. Literals of one
// byte, of two, and sharing first bytes are among them.
func TestAutomatonOccurrences(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCXYZ\\\\:. -_0123"
	word := func(from string, n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = from[rng.Intn(len(from))]
		}
		return string(b)
	}
	for round := range 40 {
		b := newACBuilder()
		for k := range fewLiterals + 1 + rng.Intn(60) {
			n := 2 + rng.Intn(6)
			if round%4 == 0 && k == 0 {
				n = 1
			}
			b.add(lowerString(word("abcx\\:.-0", n)))
		}
		a := b.build()
		if a.few != nil {
			t.Fatal("few mode: the test needs the automaton")
		}
		for range 200 {
			var text []byte // literals, their pieces and other bytes
			for range rng.Intn(12) {
				l := b.lits[rng.Intn(len(b.lits))]
				text = append(text, word(alphabet, rng.Intn(4))...)
				text = append(text, l[rng.Intn(len(l)):]...)
				text = append(text, l[:rng.Intn(len(l)+1)]...)
			}
			low := bytes.ToLower(text)
			got := map[int32]int{}
			for _, id := range a.scan(text, nil) {
				got[id]++
			}
			want := map[int32]int{}
			for id, l := range b.lits {
				for i := range low {
					if bytes.HasPrefix(low[i:], []byte(l)) {
						want[int32(id)]++
					}
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("literals %q, text %q (-want +got):\n%s", b.lits, text, diff)
			}
		}
	}
}
