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
