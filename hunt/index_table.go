package hunt

import (
	"encoding/binary"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"unsafe"
)

// The equality indexes are flat open-addressing tables rather than Go maps:
// a probe that misses, which is nearly every probe of a sweep, reads one
// slot of 16 bytes (a 64-bit hash and an entry number) and stops, where a
// map of strings follows pointers to its keys. With a million indicators
// the tables do not fit in the caches, and one memory access per miss is
// what decides the speed. Each table is fronted by a filter of 16 bits a
// key (a blocked Bloom filter: two bits in one word), which turns away
// about 98% of the values that are no key with one memory access and a
// branch the processor predicts, where a probe of the slots mispredicts
// its way along a run of them.

// filter is a blocked Bloom filter over 64-bit hashes.
type filter struct {
	shift uint
	words []uint64
}

func newFilter(n int) filter {
	b := bits.Len(uint(n / 4)) // words of 64 bits: 16 bits a key
	return filter{shift: uint(64 - b), words: make([]uint64, 1<<b)}
}

func filterBits(h uint64) uint64 { return 1<<(h&63) | 1<<(h>>6&63) }

func (f *filter) word(h uint64) *uint64 {
	if f.shift == 64 {
		return &f.words[0]
	}
	return &f.words[h>>f.shift]
}

func (f *filter) add(h uint64) { *f.word(h) |= filterBits(h) }

func (f *filter) has(h uint64) bool {
	b := filterBits(h)
	return *f.word(h)&b == b
}

// tabStr is a string of a table's text: its offset there in the high 32
// bits and its length in the low 32.
type tabStr uint64

func newTabStr(off, n int) tabStr { return tabStr(uint64(off)<<32 | uint64(n)) }

// eqEntry is one key of an equality table and where its atoms are in the
// table's refs: one array for all keys, not a slice each (a million
// allocations for a million indicators). Entries and atoms hold no
// pointer: their strings are places in the table's text. So the garbage
// collector never walks them, and a prebuilt index (index_cache.go) maps
// its arrays as they are in the file instead of decoding them: a million
// indicators start in milliseconds.
type eqEntry struct {
	key    tabStr
	off, n int32
}

// tabRef is an equality atom in a table: the indicator, and the atom's own
// text (the key, unless the key was normalised from it). Its layout is
// two 64-bit words, as a prebuilt index stores it.
type tabRef struct {
	ind  int32
	_    int32
	text tabStr
}

// strTable maps strings to entries. Slots hold the key's hash (never 0: 0
// marks an empty slot) and the entry's number.
type strTable struct {
	k0, k1  uint64 // the keys of the hash
	k2, k3  uint64
	filter  filter
	mask    uint64
	slots   []strSlot
	entries []eqEntry
	refs    []tabRef
	text    string    // the keys and atoms' texts that entries and refs name
	first   [4]uint64 // the first bytes of the keys, a bit each
	empty   bool      // "" is a key
}

type strSlot struct {
	h uint64
	e int32
}

// str returns a string of t's text.
func (t *strTable) str(s tabStr) string {
	off, n := uint64(s)>>32, uint64(s)&(1<<32-1)
	return t.text[off : off+n]
}

// newStrTable builds the table of atoms at a load of at most one half;
// the atoms of one key share its entry. The keys and texts are copied
// into the table's text, each once (an atom's text is nearly always its
// key).
func newStrTable(atoms []eqAtom) *strTable {
	t := &strTable{filter: newFilter(len(atoms)), k0: rand.Uint64(), k1: rand.Uint64(),
		k2: rand.Uint64(), k3: rand.Uint64()}
	n := uint64(1) << bits.Len(uint(2*len(atoms)))
	t.mask = n - 1
	t.slots = make([]strSlot, n)
	size := 0 // the text's most: every key, and every text that is not its key
	for _, a := range atoms {
		size += len(a.key)
		if a.ref.text != a.key {
			size += len(a.ref.text)
		}
	}
	text := make([]byte, 0, size)
	t.entries = make([]eqEntry, 0, len(atoms))
	// First the entries, counting each one's atoms; then the atoms, in
	// their entries' places.
	of := make([]int32, len(atoms))
	for k, a := range atoms {
		h := t.hash(a.key)
		i := h & t.mask
		for t.slots[i].h != 0 && !(t.slots[i].h == h && keyOf(text, t.entries[t.slots[i].e].key) == a.key) {
			i = (i + 1) & t.mask
		}
		if t.slots[i].h == 0 {
			t.filter.add(h)
			t.addFirst(a.key)
			t.slots[i] = strSlot{h: h, e: int32(len(t.entries))}
			t.entries = append(t.entries, eqEntry{key: newTabStr(len(text), len(a.key))})
			text = append(text, a.key...)
		}
		of[k] = t.slots[i].e
		t.entries[of[k]].n++
	}
	off := int32(0)
	for i := range t.entries {
		t.entries[i].off = off
		off += t.entries[i].n
		t.entries[i].n = 0
	}
	t.refs = make([]tabRef, len(atoms))
	for k, a := range atoms {
		e := &t.entries[of[k]]
		s := e.key
		if a.ref.text != a.key {
			s = newTabStr(len(text), len(a.ref.text))
			text = append(text, a.ref.text...)
		}
		t.refs[e.off+e.n] = tabRef{ind: a.ref.ind, text: s}
		e.n++
	}
	if len(text) > math.MaxUint32 {
		// 4 GiB of keys: far more than a hunt could hold in memory.
		panic("hunt: equality keys past 4 GiB")
	}
	t.entries = slices.Clip(t.entries)
	t.text = string(text)
	return t
}

// keyOf is a key of a table's text while it is being built.
func keyOf(text []byte, s tabStr) string {
	off, n := uint64(s)>>32, uint64(s)&(1<<32-1)
	return string(text[off : off+n])
}

func (t *strTable) hash(s string) uint64 {
	if len(s) == 0 {
		return t.hashBytes(nil)
	}
	return t.hashBytes(unsafe.Slice(unsafe.StringData(s), len(s)))
}

// hashBytes hashes a value of up to 64 bytes (an address, a domain, most
// URLs) in line, with 128-bit multiplications of words that cover its
// bytes (as wyhash does), and a longer one with hashLong. The hash depends
// on the table's keys only (no process seed), so that a table saved in a
// prebuilt index (index_cache.go) still finds its keys. Never 0, which
// marks an empty slot.
func (t *strTable) hashBytes(v []byte) uint64 {
	n := len(v)
	var a, b uint64
	switch {
	case n > 64:
		return t.hashLong(v)
	case n > 16:
		return t.hashMid(v)
	case n >= 8:
		a, b = binary.LittleEndian.Uint64(v), binary.LittleEndian.Uint64(v[n-8:])
	case n >= 4:
		a, b = uint64(binary.LittleEndian.Uint32(v)), uint64(binary.LittleEndian.Uint32(v[n-4:]))
	case n > 0:
		a = uint64(v[0])<<16 | uint64(v[n>>1])<<8 | uint64(v[n-1])
	}
	hi, lo := bits.Mul64(a^t.k0, b^t.k1^uint64(n))
	return (hi ^ lo) | 1
}

// hashMid hashes a value of 17 to 64 bytes: each of its first three words
// of 16 bytes that it has, and its last, multiplied apart (the products do
// not wait on each other), then mixed into one.
func (t *strTable) hashMid(v []byte) uint64 {
	n := len(v)
	le := binary.LittleEndian
	h := tableMix(le.Uint64(v)^t.k0, le.Uint64(v[8:])^t.k1^uint64(n))
	h ^= tableMix(le.Uint64(v[n-16:])^t.k2, le.Uint64(v[n-8:])^t.k3)
	if n > 32 {
		h ^= tableMix(le.Uint64(v[16:])^t.k2, le.Uint64(v[24:])^t.k0)
		if n > 48 {
			h ^= tableMix(le.Uint64(v[32:])^t.k3, le.Uint64(v[40:])^t.k1)
		}
	}
	return tableMix(h^t.k1, t.k3^uint64(n)) | 1
}

// hashLong hashes a value of more than 64 bytes: its words of 16 bytes in
// a chain, then its last 16.
func (t *strTable) hashLong(v []byte) uint64 {
	n := len(v)
	le := binary.LittleEndian
	h := t.k2 ^ uint64(n)
	for k := 0; k+16 < n; k += 16 {
		h = tableMix(le.Uint64(v[k:])^t.k0^h, le.Uint64(v[k+8:])^t.k1)
	}
	h ^= tableMix(le.Uint64(v[n-16:])^t.k2, le.Uint64(v[n-8:])^t.k3)
	return tableMix(h^t.k1, t.k3^uint64(n)) | 1
}

// tableMix folds the 128-bit product of a and b into 64 bits.
func tableMix(a, b uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	return hi ^ lo
}

// addFirst notes the first byte of a key.
func (t *strTable) addFirst(key string) {
	if key == "" {
		t.empty = true
		return
	}
	t.first[key[0]>>6] |= 1 << (key[0] & 63)
}

// find returns the atoms filed under v. A value whose first byte starts
// no key is not hashed: a web server logs paths ("/owa/…"), which no URL
// indicator ("https://…") starts like.
func (t *strTable) find(v []byte) []tabRef {
	if len(v) == 0 {
		if !t.empty {
			return nil
		}
	} else if t.first[v[0]>>6]&(1<<(v[0]&63)) == 0 {
		return nil
	}
	h := t.hashBytes(v)
	if !t.filter.has(h) {
		return nil
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s.h == 0 {
			return nil
		}
		if s.h == h {
			if e := &t.entries[s.e]; t.str(e.key) == string(v) {
				return t.refs[e.off : e.off+e.n : e.off+e.n]
			}
		}
	}
}

// cidr16 marks the /16 blocks of the IPv4 space that meet some CIDR block
// of an index, so that an address outside all of them skips the table,
// and the /8 blocks they are in, which an address's first number tells
// (ipv4FirstOctet) before its second is read.
type cidr16 struct {
	b16 [1 << 16 / 64]uint64
	b8  [4]uint64
}

func (c *cidr16) mark(addr uint32, bits int) {
	first := addr >> 16
	n := uint32(1)
	if bits < 16 {
		first &^= 1<<(16-bits) - 1
		n = 1 << (16 - bits)
	}
	for k := first; k < first+n; k++ {
		c.b16[k/64] |= 1 << (k % 64)
		c.b8[k>>14] |= 1 << (k >> 8 % 64)
	}
}

func (c *cidr16) has(addr uint32) bool {
	k := addr >> 16
	return c.b16[k/64]&(1<<(k%64)) != 0
}

// markKey marks the /8 and /16 blocks that a key of an equality table
// reads as (probeEqual skips a value whose blocks are not marked): each by
// the same function that reads the value's, so that a value equal to the
// key is never skipped, whatever the key is.
func (c *cidr16) markKey(key []byte) {
	if o, ok := ipv4FirstOctet(key); ok {
		c.b8[o>>6] |= 1 << (o % 64)
	}
	if top, ok := ipv4Top16(key); ok {
		c.mark(top<<16, 16)
	}
}

// has8 reports whether the /8 block of first number o meets a block.
func (c *cidr16) has8(o uint8) bool { return c.b8[o>>6]&(1<<(o%64)) != 0 }
