package hunt

import (
	"encoding/binary"
	"fmt"
	"math"
	"net/netip"
	"slices"
	"unsafe"
)

// cacheWriter lays an engine out as a prebuilt index: meta holds numbers
// and arrays of 64-bit words (the tables as they are in memory), blob the
// bytes of every string, which meta names by offset and length packed in
// one word (str).
type cacheWriter struct {
	meta   []byte
	blob   []byte
	e      *Engine
	patOff []uint32 // where each indicator's pattern is in blob
}

func (w *cacheWriter) u64(x uint64) { w.meta = binary.LittleEndian.AppendUint64(w.meta, x) }

func (w *cacheWriter) i64(x int) { w.u64(uint64(int64(x))) }

// words appends xs after their count.
func (w *cacheWriter) words(xs []uint64) {
	w.i64(len(xs))
	for _, x := range xs {
		w.u64(x)
	}
}

// int32s appends xs after their count, one word each.
func (w *cacheWriter) int32s(xs []int32) {
	w.i64(len(xs))
	for _, x := range xs {
		w.u64(uint64(uint32(x)))
	}
}

// str appends s to blob and its place to meta.
func (w *cacheWriter) str(s string) {
	w.u64(uint64(len(w.blob))<<32 | uint64(len(s)))
	w.blob = append(w.blob, s...)
}

// strOf is str for a string that is often a part of the pattern of
// indicator ind (as simpleAtom's values are): then it names those bytes of
// the pattern rather than copying them.
func (w *cacheWriter) strOf(s string, ind int32) {
	if ind >= 0 && int(ind) < len(w.patOff) && len(s) > 0 {
		p := w.e.indicator(ind).Pattern
		if len(p) > 0 {
			base, at := uintptr(unsafe.Pointer(unsafe.StringData(p))), uintptr(unsafe.Pointer(unsafe.StringData(s)))
			if at >= base && at+uintptr(len(s)) <= base+uintptr(len(p)) {
				w.u64(uint64(w.patOff[ind]+uint32(at-base))<<32 | uint64(len(s)))
				return
			}
		}
	}
	w.str(s)
}

// encodeEngine lays e out; it fails only for an engine too big for the
// format (strings past 4 GiB).
func encodeEngine(e *Engine) (meta, blob []byte, err error) {
	n := e.indicatorCount()
	words, bytes := e.cacheSize()
	w := &cacheWriter{e: e, patOff: make([]uint32, n), meta: make([]byte, 0, 8*words), blob: make([]byte, 0, bytes)}
	w.i64(n)
	for i := range n {
		ind := e.indicator(int32(i))
		w.str(ind.ID)
		w.str(ind.Name)
		w.patOff[i] = uint32(len(w.blob))
		w.str(ind.Pattern)
		w.str(ind.Version)
	}
	var compiled []int32
	for i, c := range e.compiled[:n] {
		if c != nil {
			compiled = append(compiled, int32(i))
		}
	}
	w.int32s(compiled)
	w.int32s(e.indexesOf(e.deferred))
	w.int32s(e.unindexed)
	paths := make([]string, 0, len(e.paths))
	for p := range e.paths {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	w.i64(len(paths))
	for _, p := range paths {
		w.str(p)
		w.pathIndex(e.paths[p])
	}
	if len(w.blob) > math.MaxUint32 {
		return nil, nil, fmt.Errorf("%d bytes of strings: more than the format holds", len(w.blob))
	}
	return w.meta, w.blob, nil
}

// cacheSize estimates the words of meta and the bytes of blob that e
// takes, so that they are made once rather than grown (which took half
// the time of saving a million indicators).
func (e *Engine) cacheSize() (words, bytes int) {
	n := e.indicatorCount()
	words = 64 + 5*n
	for i := range n {
		ind := e.indicator(int32(i))
		bytes += len(ind.ID) + len(ind.Name) + len(ind.Pattern) + len(ind.Version)
	}
	for _, ix := range e.paths {
		words += 32
		if t := ix.eq; t != nil {
			words += len(t.filter.words) + 2*len(t.slots) + 2*len(t.entries) + 2*len(t.refs)
			bytes += len(t.text)
		}
	}
	return words, bytes + bytes/8
}

// indexesOf turns indicators of e into their numbers.
func (e *Engine) indexesOf(list []*Indicator) []int32 {
	out := make([]int32, len(list))
	for k, p := range list {
		out[k] = e.indexOf(p)
	}
	return out
}

// Flags of a path's index in a prebuilt index.
const (
	cacheHas4 = 1 << iota
	cacheEq
	cacheIP6
	cacheCIDR
	cacheAC
	cacheEq16
)

func (w *cacheWriter) pathIndex(ix *pathIndex) {
	w.u64(b2u(ix.has4)*cacheHas4 | b2u(ix.eq != nil)*cacheEq | b2u(ix.ip6 != nil)*cacheIP6 |
		b2u(ix.cidr != nil)*cacheCIDR | b2u(ix.ac != nil)*cacheAC | b2u(ix.eq16 != nil)*cacheEq16)
	w.i64(ix.minDots)
	w.i64(ix.maxDots)
	if ix.eq != nil {
		w.strTable(ix.eq)
	}
	if ix.eq16 != nil {
		w.words(ix.eq16.b16[:])
		w.words(ix.eq16.b8[:])
	}
	if ix.ip6 != nil {
		w.ip6(ix.ip6)
	}
	if ix.cidr != nil {
		w.i64(ix.cidr.Size())
		for p, inds := range ix.cidr.AllSorted() {
			a := p.Addr().As16()
			w.u64(binary.LittleEndian.Uint64(a[:8]))
			w.u64(binary.LittleEndian.Uint64(a[8:]))
			w.u64(uint64(p.Bits())<<1 | b2u(p.Addr().Is4()))
			w.int32s(inds)
		}
	}
	if ix.ac != nil {
		w.i64(len(ix.ac.lits))
		for id, lit := range ix.ac.lits {
			w.str(lit)
			w.i64(len(ix.ac.refs[id]))
			for _, r := range ix.ac.refs[id] {
				w.u64(uint64(uint32(r.ind)) | uint64(r.op)<<32)
			}
		}
	}
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func (w *cacheWriter) strTable(t *strTable) {
	for _, k := range []uint64{t.k0, t.k1, t.k2, t.k3, uint64(t.filter.shift), t.mask,
		t.first[0], t.first[1], t.first[2], t.first[3], b2u(t.empty)} {
		w.u64(k)
	}
	w.words(t.filter.words)
	w.i64(len(t.slots))
	for _, s := range t.slots {
		w.u64(s.h)
		w.u64(uint64(uint32(s.e)))
	}
	w.i64(len(t.entries))
	// The table's text goes into blob whole, and its entries and atoms,
	// which name places in it, as they are in memory (two words each), so
	// that a load maps them.
	w.str(t.text)
	w.i64(len(t.refs))
	for _, r := range t.refs {
		w.u64(uint64(uint32(r.ind)))
		w.u64(uint64(r.text))
	}
	w.i64(len(t.entries))
	for _, en := range t.entries {
		w.u64(uint64(en.key))
		w.u64(uint64(uint32(en.off)) | uint64(uint32(en.n))<<32)
	}
}

// ip6 writes the IPv6 equality atoms, by address.
func (w *cacheWriter) ip6(m map[netip.Addr][]eqRef) {
	addrs := make([]netip.Addr, 0, len(m))
	for a := range m {
		addrs = append(addrs, a)
	}
	slices.SortFunc(addrs, netip.Addr.Compare)
	w.i64(len(addrs))
	for _, a := range addrs {
		b := a.As16()
		w.u64(binary.LittleEndian.Uint64(b[:8]))
		w.u64(binary.LittleEndian.Uint64(b[8:]))
		w.i64(len(m[a]))
		for _, r := range m[a] {
			w.u64(uint64(uint32(r.ind)))
			w.strOf(r.text, r.ind)
		}
	}
}
