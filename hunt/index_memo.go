package hunt

import "encoding/binary"

// missMemo remembers, for one matcher, domain names that hit no key of a
// path. A log names the same few hosts line after line (an IIS log its
// own server's names, a DNS log the same popular names): looking a name
// up costs a pass over its bytes for its dots and case, and a hash and a
// filter probe for it and each parent, where knowing it again costs a
// comparison of a few words. The memo is direct-mapped: a name evicts the
// one in its slot.
type missMemo struct {
	slots [16]missSlot
}

// missMax is the longest name a slot keeps.
const missMax = 55

type missSlot struct {
	ix *pathIndex
	n  uint8
	b  [missMax]byte
}

// slot returns v's slot, or nil for a value too long (or empty) to keep.
func (m *missMemo) slot(v []byte) *missSlot {
	n := len(v)
	if n == 0 || n > missMax {
		return nil
	}
	var a, b uint64
	if n >= 8 {
		a, b = binary.LittleEndian.Uint64(v), binary.LittleEndian.Uint64(v[n-8:])
	} else {
		a = uint64(v[0])<<16 | uint64(v[n>>1])<<8 | uint64(v[n-1])
	}
	h := (a*0x9e3779b97f4a7c15 ^ b*0xc2b2ae3d27d4eb4f ^ uint64(n)) * 0x165667b19e3779f9
	return &m.slots[h>>60]
}

// is reports whether s holds v as a miss of ix.
func (s *missSlot) is(ix *pathIndex, v []byte) bool {
	return s.ix == ix && int(s.n) == len(v) && string(s.b[:s.n]) == string(v)
}

// set makes s hold v as a miss of ix.
func (s *missSlot) set(ix *pathIndex, v []byte) {
	s.ix, s.n = ix, uint8(copy(s.b[:], v))
}
