package hunt

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"

	"github.com/accord-cti/accord/pattern"
	"github.com/google/go-cmp/cmp"
)

// TestProbeCIDR checks the lookup of addresses in CIDR blocks, with its
// filters by /8 and /16, against netip.Prefix.Contains: blocks of /6 to
// /30 in a few /8s, addresses in and near them, and values that only
// start like addresses.
func TestProbeCIDR(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(8, 8))
	firsts := []byte{3, 10, 100, 198, 255}
	addr := func() netip.Addr {
		return netip.AddrFrom4([4]byte{firsts[rng.IntN(len(firsts))] + byte(rng.IntN(3)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256))})
	}
	ix := newPathIndex("ipv4-addr:value")
	var blocks []netip.Prefix
	for i := range 40 {
		p := netip.PrefixFrom(addr(), 6+rng.IntN(25)).Masked()
		blocks = append(blocks, p)
		ix.add(int32(i), pattern.Atom{Op: pattern.AtomCIDR, Path: "ipv4-addr:value", CIDR: p})
	}
	ix.finish()
	in := 0
	var st matchState
	for range 20000 {
		a := addr()
		v := []byte(a.String())
		if rng.IntN(10) == 0 {
			v = fmt.Appendf(nil, "%d.%dx", rng.IntN(300), rng.IntN(300))
		}
		var want []int32
		if b, err := netip.ParseAddr(string(v)); err == nil {
			for i, p := range blocks {
				if p.Contains(b) {
					want = append(want, int32(i))
				}
			}
		}
		st.hits = st.hits[:0]
		ix.probe(&st, 0, &Field{Value: v})
		var got []int32
		for _, h := range st.hits {
			got = append(got, h.ind)
		}
		slices.Sort(got)
		got = slices.Compact(got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("probe(%s) (-want +got):\n%s", v, diff)
		}
		if len(want) > 0 {
			in++
		}
	}
	if in < 1000 {
		t.Fatalf("only %d addresses in a block: the test tries too few", in)
	}
}

// TestProbeEqualIPv4Blocks checks the /16 filter in front of the IPv4
// equality keys: every key is still found, addresses in other /16s are not,
// and a key that only starts like an address ("10.20.x", "11.abcdefg") is
// found in a /16 or /8 no address key is in.
func TestProbeEqualIPv4Blocks(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(9, 9))
	ix := newPathIndex("ipv4-addr:value")
	keys := map[string]int32{}
	for i := range 2000 {
		k := netip.AddrFrom4([4]byte{198 + byte(rng.IntN(2)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256))}).String()
		if _, dup := keys[k]; !dup {
			keys[k] = int32(i)
			ix.add(int32(i), pattern.Atom{Op: pattern.AtomEqual, Path: "ipv4-addr:value", Text: k})
		}
	}
	for i, k := range []string{"10.20.x", "10.21.300.1", "11.abcdefg"} {
		keys[k] = int32(5000 + i)
		ix.add(int32(5000+i), pattern.Atom{Op: pattern.AtomEqual, Path: "ipv4-addr:value", Text: k})
	}
	probe := func(v string) []int32 {
		var st matchState
		ix.probe(&st, 0, &Field{Value: []byte(v)})
		var got []int32
		for _, h := range st.hits {
			got = append(got, h.ind)
		}
		return got
	}
	block := netip.MustParsePrefix("100.64.0.0/10") // a /8 no key is in
	ix.add(7000, pattern.Atom{Op: pattern.AtomCIDR, Path: "ipv4-addr:value", CIDR: block})
	ix.finish()
	if ix.eq16 == nil || !ix.by8 {
		t.Fatal("no /8 and /16 filter for IPv4 keys")
	}
	if diff := cmp.Diff([]int32{7000}, probe("100.100.1.1")); diff != "" {
		t.Errorf("probe(100.100.1.1), in %s (-want +got):\n%s", block, diff)
	}
	for k, i := range keys {
		if diff := cmp.Diff([]int32{i}, probe(k)); diff != "" {
			t.Errorf("probe(%s) (-want +got):\n%s", k, diff)
		}
	}
	for range 5000 {
		b := netip.AddrFrom4([4]byte{byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(rng.IntN(256))})
		if _, isKey := keys[b.String()]; !isKey && !block.Contains(b) {
			a := b.String()
			if got := probe(a); got != nil {
				t.Fatalf("probe(%s) = %v, want none", a, got)
			}
		}
	}
	for _, v := range []string{"10.20.y", "10.21.300.2", "010.20.x", "11.abcdefh"} {
		if got := probe(v); got != nil {
			t.Errorf("probe(%s) = %v, want none", v, got)
		}
	}
}
