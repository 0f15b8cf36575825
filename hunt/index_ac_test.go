package hunt

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/accord-cti/accord/pattern"
	"github.com/google/go-cmp/cmp"
)

// TestACAgainstNaive compares the automaton with strings.Contains,
// HasPrefix and HasSuffix over random literals on a small alphabet, where
// literals overlap and nest a lot.
func TestACAgainstNaive(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	word := func(maxLen int) string {
		b := make([]byte, 1+rng.IntN(maxLen))
		for i := range b {
			b[i] = "abc"[rng.IntN(3)]
		}
		return string(b)
	}
	ops := []pattern.AtomOp{pattern.AtomPrefix, pattern.AtomSuffix, pattern.AtomSubstring}
	for round := range 50 {
		b := newACBuilder()
		type lit struct {
			text string
			op   pattern.AtomOp
		}
		var lits []lit
		for i := range 1 + rng.IntN(40) {
			l := lit{word(6), ops[rng.IntN(3)]}
			lits = append(lits, l)
			b.add(l.text, acRef{ind: int32(i), op: l.op})
		}
		m := b.build()
		for range 20 {
			v := word(30)
			var want []int32
			for i, l := range lits {
				if l.op == pattern.AtomPrefix && strings.HasPrefix(v, l.text) ||
					l.op == pattern.AtomSuffix && strings.HasSuffix(v, l.text) ||
					l.op == pattern.AtomSubstring && strings.Contains(v, l.text) {
					want = append(want, int32(i))
				}
			}
			var st matchState
			m.scan(&st, 0, []byte(v))
			var got []int32
			for _, h := range st.hits {
				got = append(got, h.ind)
			}
			slices.Sort(got)
			got = slices.Compact(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("round %d, value %q (-want +got):\n%s", round, v, diff)
			}
		}
	}
}

func TestParseAddr(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want string
	}{
		{"192.0.2.1", "192.0.2.1"},
		{"0.0.0.0", "0.0.0.0"},
		{"255.255.255.255", "255.255.255.255"},
		{"256.0.0.1", ""},
		{"01.2.3.4", ""},
		{"1.2.3", ""},
		{"1.2.3.4.5", ""},
		{"1..3.4", ""},
		{"2001:DB8::1", "2001:db8::1"},
		{"::ffff:192.0.2.1", "192.0.2.1"},
		{"fe80::1%eth0", ""},
		{"example.com", ""},
		{"", ""},
	} {
		got := ""
		if a, ok := parseAddr([]byte(tt.in)); ok {
			got = a.String()
		}
		if got != tt.want {
			t.Errorf("parseAddr(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
