package hunt

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"net/netip"
	"unsafe"

	"github.com/accord-cti/accord/pattern"
	"github.com/gaissmai/bart"
)

// cacheReader reads what cacheWriter wrote, checking every count, offset
// and index before use: the first fault sticks in err, and later reads
// return zeros.
type cacheReader struct {
	meta []byte
	pos  int
	blob string // over the file's bytes: strings from it allocate nothing
	err  error
}

func (r *cacheReader) fail(format string, args ...any) {
	if r.err == nil {
		r.err = fmt.Errorf("at byte %d of the tables: %s", r.pos, fmt.Sprintf(format, args...))
	}
}

func (r *cacheReader) u64() uint64 {
	if r.err != nil {
		return 0
	}
	if len(r.meta)-r.pos < 8 {
		r.fail("truncated")
		return 0
	}
	x := binary.LittleEndian.Uint64(r.meta[r.pos:])
	r.pos += 8
	return x
}

// count reads a count of things of size words each, which the rest of
// the tables must be able to hold.
func (r *cacheReader) count(size int, what string) int {
	n := r.u64()
	if n > uint64((len(r.meta)-r.pos)/(8*size)) {
		r.fail("%d %s: more than the file holds", n, what)
		return 0
	}
	return int(n)
}

// int reads a number in [lo, hi).
func (r *cacheReader) int(lo, hi int, what string) int {
	n := int64(r.u64())
	if n < int64(lo) || n >= int64(hi) {
		r.fail("%s %d out of [%d, %d)", what, n, lo, hi)
		return lo
	}
	return int(n)
}

// words returns the next n words as a slice over the file's bytes.
func (r *cacheReader) words(n int) []uint64 {
	if r.err != nil || n == 0 {
		return nil
	}
	if len(r.meta)-r.pos < 8*n {
		r.fail("truncated")
		return nil
	}
	p := unsafe.Pointer(&r.meta[r.pos])
	if uintptr(p)%8 != 0 {
		r.fail("misaligned")
		return nil
	}
	r.pos += 8 * n
	return unsafe.Slice((*uint64)(p), n)
}

// fixedWords reads a count and as many words into dst, which the count
// must fill exactly.
func (r *cacheReader) fixedWords(dst []uint64, what string) {
	if n := r.count(1, what); n == len(dst) {
		copy(dst, r.words(n))
	} else {
		r.fail("%d %s, not %d", n, what, len(dst))
	}
}

// str reads a string's place and returns it, over the file's bytes.
func (r *cacheReader) str() string {
	x := r.u64()
	off, n := x>>32, x&(1<<32-1)
	if off+n > uint64(len(r.blob)) {
		r.fail("a string at %d+%d past the %d bytes of strings", off, n, len(r.blob))
		return ""
	}
	return r.blob[off : off+n]
}

// int32s reads a list of indexes below max.
func (r *cacheReader) int32s(max int, what string) []int32 {
	n := r.count(1, what)
	out := make([]int32, n)
	for k := range out {
		out[k] = int32(r.int(0, max, what))
	}
	return out
}

// decodeEngine builds the engine that meta and blob lay out. The engine's
// tables and strings are over their bytes, which must not change after.
func decodeEngine(meta, blob []byte) (*Engine, error) {
	r := &cacheReader{meta: meta}
	if len(blob) > 0 {
		r.blob = unsafe.String(&blob[0], len(blob))
	}
	e := &Engine{paths: map[string]*pathIndex{}, multi: map[int32]bool{}}
	e.states.New = func() any { return new(matchState) }
	nInds := r.count(4, "indicators")
	e.mapped = r.mappedIndicators(nInds)
	e.compiled = make([]*pattern.Compiled, nInds)
	compiled := r.int32s(nInds, "compiled indicator")
	deferred := r.int32s(nInds, "deferred indicator")
	unindexed := r.int32s(nInds, "unindexed indicator")
	if r.err != nil {
		return nil, r.err
	}
	for _, i := range deferred {
		e.deferred = append(e.deferred, e.indicator(i))
		e.multi[i] = true
	}
	e.unindexed = unindexed
	for range r.count(1, "paths") {
		path := r.str()
		if _, dup := e.paths[path]; dup {
			r.fail("path %q twice", path)
		}
		e.paths[path] = r.pathIndex(path, nInds)
	}
	if r.err == nil && r.pos != len(meta) {
		r.fail("%d bytes left over", len(meta)-r.pos)
	}
	if r.err != nil {
		return nil, r.err
	}
	for _, i := range compiled {
		if err := e.compile(i); err != nil {
			return nil, err
		}
	}
	for _, i := range deferred { // Correlate runs their patterns
		if e.compiled[i] == nil {
			return nil, fmt.Errorf("deferred indicator %s has no compiled pattern", e.indicator(i).ID)
		}
	}
	return e, nil
}

// compile compiles the pattern of indicator i again: the few that are not
// exact equalities need it to match.
func (e *Engine) compile(i int32) error {
	ind := e.indicator(i)
	version := ind.Version
	if version == "" {
		version = "2.1"
	}
	p, err := pattern.Parse(ind.Pattern, pattern.WithVersion(version))
	if err != nil {
		return fmt.Errorf("indicator %s: %w", ind.ID, err)
	}
	if e.compiled[i], err = pattern.Compile(p); err != nil {
		return fmt.Errorf("indicator %s: %w", ind.ID, err)
	}
	return nil
}

func (r *cacheReader) pathIndex(path string, nInds int) *pathIndex {
	ix := newPathIndex(path)
	flags := r.u64()
	if flags >= cacheEq16<<1 {
		r.fail("flags %#x", flags)
	}
	ix.has4 = flags&cacheHas4 != 0
	ix.minDots = r.int(0, 1<<20, "dots")
	ix.maxDots = r.int(0, 1<<20, "dots")
	if flags&cacheEq != 0 {
		ix.eq = r.strTable(nInds)
	}
	if flags&cacheEq16 != 0 {
		ix.eq16 = new(cidr16)
		r.fixedWords(ix.eq16.b16[:], "/16 words")
		r.fixedWords(ix.eq16.b8[:], "/8 words")
	}
	if flags&cacheIP6 != 0 {
		ix.ip6 = r.ip6(nInds)
	}
	if flags&cacheCIDR != 0 {
		r.cidr(ix, nInds)
	}
	if flags&cacheAC != 0 {
		b := newACBuilder()
		for range r.count(2, "literals") {
			lit := r.str()
			for range r.count(1, "literal atoms") {
				x := r.u64()
				if int64(uint32(x)) >= int64(nInds) || x>>40 != 0 {
					r.fail("literal atom %#x", x)
				}
				b.add(lit, acRef{ind: int32(uint32(x)), op: pattern.AtomOp(x >> 32)})
			}
		}
		if r.err == nil {
			ix.ac = b.buildMatcher()
		}
	}
	ix.derive()
	return ix
}

func (r *cacheReader) strTable(nInds int) *strTable {
	t := &strTable{k0: r.u64(), k1: r.u64(), k2: r.u64(), k3: r.u64()}
	t.filter.shift = uint(r.int(1, 65, "filter shift"))
	t.mask = r.u64()
	t.first = [4]uint64{r.u64(), r.u64(), r.u64(), r.u64()}
	t.empty = r.int(0, 2, "empty") == 1
	t.filter.words = r.words(r.count(1, "filter words"))
	if n := len(t.filter.words); r.err == nil && (n == 0 || t.filter.shift < 64 && n != 1<<(64-t.filter.shift)) {
		r.fail("%d filter words for a shift of %d", n, t.filter.shift)
	}
	nSlots := r.count(2, "slots")
	if r.err == nil && (bits.OnesCount(uint(nSlots)) != 1 || t.mask != uint64(nSlots-1)) {
		r.fail("%d slots and mask %#x", nSlots, t.mask)
	}
	if w := r.words(2 * nSlots); w != nil {
		t.slots = unsafe.Slice((*strSlot)(unsafe.Pointer(&w[0])), nSlots)
	}
	nEntries := r.int(0, nSlots, "entries")
	used := 0
	for _, s := range t.slots {
		if s.h != 0 {
			used++
			if s.e < 0 || int(s.e) >= nEntries {
				r.fail("slot of entry %d of %d", s.e, nEntries)
				break
			}
		}
	}
	if used >= nSlots && r.err == nil {
		r.fail("no empty slot") // a lookup would never stop
	}
	t.text = r.str()
	if n := r.count(2, "atoms"); n > 0 {
		if w := r.words(2 * n); w != nil {
			t.refs = unsafe.Slice((*tabRef)(unsafe.Pointer(&w[0])), n)
		}
	}
	for k, ref := range t.refs {
		if ref.ind < 0 || int(ref.ind) >= nInds || !t.inText(ref.text) {
			r.fail("atom %d: indicator %d of %d, text %#x", k, ref.ind, nInds, uint64(ref.text))
			break
		}
	}
	n := r.count(2, "entries")
	if n != nEntries && r.err == nil {
		r.fail("%d entries, not %d", n, nEntries)
	}
	if n > 0 {
		if w := r.words(2 * n); w != nil {
			t.entries = unsafe.Slice((*eqEntry)(unsafe.Pointer(&w[0])), n)
		}
	}
	for k, en := range t.entries {
		if en.off < 0 || en.n < 0 || int64(en.off)+int64(en.n) > int64(len(t.refs)) || !t.inText(en.key) {
			r.fail("entry %d: atoms %d+%d of %d, key %#x", k, en.off, en.n, len(t.refs), uint64(en.key))
			break
		}
	}
	return t
}

// inText reports whether s is a string within t's text.
func (t *strTable) inText(s tabStr) bool {
	return uint64(s)>>32+uint64(s)&(1<<32-1) <= uint64(len(t.text))
}

func (r *cacheReader) addr() netip.Addr {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], r.u64())
	binary.LittleEndian.PutUint64(b[8:], r.u64())
	return netip.AddrFrom16(b)
}

func (r *cacheReader) ip6(nInds int) map[netip.Addr][]eqRef {
	m := map[netip.Addr][]eqRef{}
	for range r.count(3, "IPv6 addresses") {
		a := r.addr()
		refs := make([]eqRef, r.count(2, "IPv6 atoms"))
		for k := range refs {
			refs[k] = eqRef{ind: int32(r.int(0, nInds, "indicator")), text: r.str()}
		}
		if a.Is4In6() {
			r.fail("IPv4 address %s among the IPv6 ones", a)
		}
		m[a] = refs
	}
	return m
}

// cidr reads the blocks, each with the indicators of it and of the blocks
// that hold it, as finish left them.
func (r *cacheReader) cidr(ix *pathIndex, nInds int) {
	ix.cidr4 = new(cidr16)
	ix.cidr = new(bart.Table[[]int32])
	for range r.count(4, "blocks") {
		a := r.addr()
		x := r.u64()
		if x&1 == 1 {
			a = a.Unmap()
		}
		p, err := a.Prefix(int(min(x>>1, 1<<16)))
		if err != nil || p.Bits() != int(x>>1) || p.Addr() != a {
			r.fail("block %s/%d", a, x>>1)
		}
		inds := r.int32s(nInds, "indicator")
		if r.err != nil {
			return
		}
		if a.Is4() {
			ix.cidr4.mark(ip4Key(a), p.Bits())
		} else {
			ix.cidr6 = true
		}
		ix.cidr.Insert(p, inds)
	}
}
