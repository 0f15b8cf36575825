package hunt

import (
	"bytes"
	"fmt"
	"github.com/google/go-cmp/cmp"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// TestStrTableShort checks values of every length around the short hash's
// cases (1–3, 4–7, 8–16, 17–64 in words of 16, longer), which differ in
// one byte only.
func TestStrTableShort(t *testing.T) {
	var atoms []eqAtom
	var keys []string
	for n := 1; n <= 80; n++ {
		k := strings.Repeat("a", n)
		keys = append(keys, k)
		atoms = append(atoms, eqAtom{k, eqRef{ind: int32(n), text: k}})
	}
	tab := newStrTable(atoms)
	for _, k := range keys {
		if got := tab.lookup([]byte(k)); len(got) != 1 || got[0].text != k {
			t.Errorf("lookup(%q) = %v", k, got)
		}
		for i := range len(k) {
			v := []byte(k)
			v[i] = 'b'
			if got := tab.lookup(v); got != nil {
				t.Errorf("lookup(%q) = %v, want none", v, got)
			}
		}
	}
	if got := tab.lookup(nil); got != nil {
		t.Errorf("lookup(\"\") = %v, want none", got)
	}
}

func TestStrTable(t *testing.T) {
	for _, n := range []int{0, 1, 5, 1000} {
		m := map[string][]eqRef{}
		for i := range n {
			k := fmt.Sprintf("k%d.example", i)
			m[k] = []eqRef{{ind: int32(i), text: k}}
		}
		tab := newStrTable(eqAtoms(m))
		for k, refs := range m {
			if got := tab.lookup([]byte(k)); len(got) != 1 || got[0] != refs[0] {
				t.Fatalf("n=%d: lookup(%q) = %v, want %v", n, k, got, refs)
			}
		}
		for _, k := range []string{"", "k", fmt.Sprintf("k%d.example", n), "K0.example"} {
			if got := tab.lookup([]byte(k)); got != nil {
				t.Fatalf("n=%d: lookup(%q) = %v, want none", n, k, got)
			}
		}
	}
}

func eqAtoms(m map[string][]eqRef) (atoms []eqAtom) {
	for k, refs := range m {
		for _, r := range refs {
			atoms = append(atoms, eqAtom{k, r})
		}
	}
	return atoms
}

// TestTablesShareKeys checks that the atoms of one key share its entry.
func TestTablesShareKeys(t *testing.T) {
	a, b := eqRef{ind: 1, text: "x"}, eqRef{ind: 2, text: "X"}
	st := newStrTable([]eqAtom{{"x", a}, {"y", b}, {"x", b}})
	if diff := cmp.Diff([]eqRef{a, b}, st.lookup([]byte("x")), cmp.AllowUnexported(eqRef{})); diff != "" {
		t.Errorf("strTable lookup(x) (-want +got):\n%s", diff)
	}
}

func BenchmarkParseIPv4Key(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	ips := make([][]byte, 1024)
	for i := range ips {
		ips[i] = fmt.Appendf(nil, "%d.%d.%d.%d", rng.IntN(256), rng.IntN(256), rng.IntN(256), rng.IntN(256))
	}
	var sum uint32
	i := 0
	for b.Loop() {
		k, _ := parseIPv4Key(ips[i&1023])
		sum += k
		i++
	}
	_ = sum
}

// parseIPv4Slow is the plain parse parseIPv4Key must agree with.
func parseIPv4Slow(v []byte) (uint32, bool) {
	parts := bytes.Split(v, []byte("."))
	if len(parts) != 4 {
		return 0, false
	}
	var key uint32
	for _, p := range parts {
		if len(p) == 0 || len(p) > 3 || len(p) > 1 && p[0] == '0' {
			return 0, false
		}
		n, err := strconv.Atoi(string(p))
		if err != nil || n > 255 || p[0] == '+' || p[0] == '-' {
			return 0, false
		}
		key = key<<8 | uint32(n)
	}
	return key, true
}

func TestParseIPv4Key(t *testing.T) {
	for _, s := range []string{"1.2.3.4", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5",
		"1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4a", "a.b.c.d", "1.2.3.-4", "1.2.3.+4", "10.0.0.1000", "1.2.3.00",
		"100.200.250.199", "9.99.199.255", "1/2.3.4", "1.2.3:4", "0000000", "1234567"} {
		k, ok := parseIPv4Key([]byte(s))
		wk, wok := parseIPv4Slow([]byte(s))
		if k != wk && wok || ok != wok {
			t.Errorf("parseIPv4Key(%q) = %#x, %v; want %#x, %v", s, k, ok, wk, wok)
		}
	}
}

func FuzzParseIPv4Key(f *testing.F) {
	f.Add([]byte("192.168.0.1"))
	f.Add([]byte("1.2.3.04"))
	f.Fuzz(func(t *testing.T, v []byte) {
		k, ok := parseIPv4Key(v)
		wk, wok := parseIPv4Slow(v)
		if ok != wok || ok && k != wk {
			t.Errorf("parseIPv4Key(%q) = %#x, %v; want %#x, %v", v, k, ok, wk, wok)
		}
	})
}

func TestHasUpper(t *testing.T) {
	for c := range 256 {
		for _, n := range []int{1, 7, 8, 9, 17} {
			for at := range n {
				v := bytes.Repeat([]byte{'a'}, n)
				v[at] = byte(c)
				if got, want := hasUpper(v), 'A' <= c && c <= 'Z'; got != want {
					t.Fatalf("hasUpper(%q) = %v, want %v", v, got, want)
				}
			}
		}
	}
}

// TestStrTableFirstBytes checks the filter of first bytes: every key is
// found, whatever its first byte (all 256, and the empty key), and a
// value whose first byte starts no key is not.
func TestStrTableFirstBytes(t *testing.T) {
	var atoms []eqAtom
	for c := range 256 {
		if c%3 == 0 {
			continue // no key starts with these
		}
		k := string([]byte{byte(c)}) + "key"
		atoms = append(atoms, eqAtom{k, eqRef{ind: int32(c), text: k}})
	}
	tab := newStrTable(atoms)
	for c := range 256 {
		got := tab.lookup([]byte{byte(c), 'k', 'e', 'y'})
		if want := c%3 != 0; (len(got) == 1) != want {
			t.Errorf("lookup(%q) = %v, want found %v", []byte{byte(c), 'k', 'e', 'y'}, got, want)
		}
	}
	if got := tab.lookup(nil); got != nil {
		t.Errorf("lookup(\"\") = %v without the empty key", got)
	}
	tab = newStrTable(append(atoms, eqAtom{"", eqRef{ind: 999}}))
	if got := tab.lookup(nil); len(got) != 1 || got[0].ind != 999 {
		t.Errorf("lookup(\"\") = %v with the empty key", got)
	}
}

// lookup is find with the atoms' texts: what the tests compare.
func (t *strTable) lookup(v []byte) []eqRef {
	var out []eqRef
	for _, r := range t.find(v) {
		out = append(out, eqRef{ind: r.ind, text: t.str(r.text)})
	}
	return out
}
