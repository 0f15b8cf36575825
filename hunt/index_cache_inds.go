package hunt

import (
	"sync/atomic"
	"unsafe"
)

// mappedInds are the indicators of an engine loaded from a prebuilt index:
// four strings each (id, name, pattern, version), as places in the file's
// strings, made into an Indicator when first asked for. A hunt reports a
// few hundred of a million indicators: making them all at load took a
// third of its time, and their 64 MB of strings made every collection of
// the sweep scan them.
type mappedInds struct {
	strs []uint64 // 4 a indicator: offset << 32 | length, checked at load
	blob string
	made []atomic.Pointer[Indicator]
}

func (m *mappedInds) str(x uint64) string {
	off, n := x>>32, x&(1<<32-1)
	return m.blob[off : off+n]
}

// get returns indicator i, the same pointer every time.
func (m *mappedInds) get(i int32) *Indicator {
	if p := m.made[i].Load(); p != nil {
		return p
	}
	s := m.strs[4*int(i) : 4*int(i)+4 : 4*int(i)+4]
	ind := &Indicator{ID: m.str(s[0]), Name: m.str(s[1]), Pattern: m.str(s[2]), Version: m.str(s[3])}
	if m.made[i].CompareAndSwap(nil, ind) {
		return ind
	}
	return m.made[i].Load()
}

// indicator returns indicator i of e.
func (e *Engine) indicator(i int32) *Indicator {
	if e.mapped != nil {
		return e.mapped.get(i)
	}
	return &e.inds[i]
}

// indicatorCount returns the number of indicators of e.
func (e *Engine) indicatorCount() int {
	if e.mapped != nil {
		return len(e.mapped.made)
	}
	return len(e.inds)
}

// indexOf returns the number of indicator p of e.
func (e *Engine) indexOf(p *Indicator) int32 {
	if e.mapped == nil {
		return int32((uintptr(unsafe.Pointer(p)) - uintptr(unsafe.Pointer(&e.inds[0]))) / unsafe.Sizeof(Indicator{}))
	}
	for i := range e.mapped.made {
		if e.mapped.made[i].Load() == p {
			return int32(i)
		}
	}
	return -1
}

// mappedIndicators reads the places of the strings of n indicators.
func (r *cacheReader) mappedIndicators(n int) *mappedInds {
	m := &mappedInds{strs: r.words(4 * n), blob: r.blob}
	if r.err != nil {
		return m
	}
	for k, x := range m.strs {
		if x>>32+x&(1<<32-1) > uint64(len(r.blob)) {
			r.fail("string %d of indicator %d past the %d bytes of strings", k%4, k/4, len(r.blob))
			return m
		}
	}
	m.made = make([]atomic.Pointer[Indicator], n)
	return m
}
