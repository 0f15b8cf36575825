package sigma

import "bytes"

// An Aho-Corasick automaton over the lower-cased literals of one field of
// every rule: one pass over a value finds every literal it contains. Its
// transitions are dense rows over byte classes (the bytes of no literal
// share one class), the failure transitions resolved, so a step is one
// load; a row offset with acOut set marks a state that ends a literal.

const acOut = 1 << 31

type acAuto struct {
	class  [256]uint8
	nclass uint32
	trans  []uint32 // by row offset (state × nclass) + class: the next row offset | acOut
	out    []int32  // by state: the literal ending there, or -1
	dict   []int32  // by state: the next state on the fail chain that ends a literal, or -1
	nlits  int
	lits   []string // by id, for an automaton that merges two (see mergedAC)
	// pairs has bit b0<<8|b1 set when a literal starts with the bytes
	// b0 b1 (either case), or is b0 alone: from the start state, a byte
	// whose pair with the next is not in it leaves the scan in the start
	// state, so scan skips it with one independent load instead of a step.
	pairs *[1 << 10]uint64
	// few holds the literals, as []byte, when they are so few that
	// searching a lower-cased value for each (with the vectorised
	// bytes.Index) is faster than a pass through the automaton, whose
	// every step waits on a load.
	few [][]byte
}

// fewLiterals is how many literals, at most, are searched one by one.
const fewLiterals = 16

type acBuilder struct {
	ids  map[string]int32
	lits []string
}

func newACBuilder() *acBuilder { return &acBuilder{ids: map[string]int32{}} }

// add returns the id of a (lower-cased) literal.
func (b *acBuilder) add(lit string) int32 {
	id, ok := b.ids[lit]
	if !ok {
		id = int32(len(b.lits))
		b.ids[lit] = id
		b.lits = append(b.lits, lit)
	}
	return id
}

func (b *acBuilder) build() *acAuto {
	a := &acAuto{nlits: len(b.lits), lits: b.lits}
	if len(b.lits) <= fewLiterals {
		for _, l := range b.lits {
			a.few = append(a.few, []byte(l))
		}
		return a
	}
	for _, l := range b.lits {
		for i := 0; i < len(l); i++ {
			a.class[l[i]] = 1
		}
	}
	for c := range a.class {
		if a.class[c] != 0 {
			a.nclass++
			a.class[c] = uint8(a.nclass)
		}
	}
	for c := 'A'; c <= 'Z'; c++ { // values are scanned as written, case-folded here
		a.class[c] = a.class[c+'a'-'A']
	}
	a.nclass++
	goto_, fail := a.trie(b.lits)
	a.resolve(goto_, fail)
	a.pairs = startPairs(b.lits)
	return a
}

// startPairs returns the set of byte pairs a literal (lower-cased) may
// start with in a value, in any case of its ASCII letters.
func startPairs(lits []string) *[1 << 10]uint64 {
	p := new([1 << 10]uint64)
	set := func(b0, b1 int) { p[(b0<<8|b1)>>6] |= 1 << ((b0<<8 | b1) & 63) }
	for _, l := range lits {
		for _, b0 := range caseVariants(l[0]) {
			if len(l) == 1 {
				for b1 := range 256 {
					set(b0, b1)
				}
				continue
			}
			for _, b1 := range caseVariants(l[1]) {
				set(b0, b1)
			}
		}
	}
	return p
}

// caseVariants returns c, a lower-cased byte, and its upper case if it is
// a letter.
func caseVariants(c byte) []int {
	if c >= 'a' && c <= 'z' {
		return []int{int(c), int(c - 'a' + 'A')}
	}
	return []int{int(c)}
}

// trie builds the goto function (dense, -1 for none) and the out table,
// numbering the states breadth first: the shallow states, where a scan
// spends nearly all its steps, are then together in memory.
func (a *acAuto) trie(lits []string) ([]int32, []int32) {
	type edge struct {
		c  uint8
		to int32
	}
	kids := [][]edge{nil}
	ends := []int32{-1}
	for id, l := range lits {
		s := int32(0)
		for i := 0; i < len(l); i++ {
			c := a.class[l[i]]
			t := int32(-1)
			for _, e := range kids[s] {
				if e.c == c {
					t = e.to
					break
				}
			}
			if t < 0 {
				t = int32(len(kids))
				kids = append(kids, nil)
				ends = append(ends, -1)
				kids[s] = append(kids[s], edge{c, t})
			}
			s = t
		}
		ends[s] = int32(id)
	}
	nc := int(a.nclass)
	order := make([]int32, 1, len(kids)) // new number → old
	renum := make([]int32, len(kids))    // old → new
	for i := 0; i < len(order); i++ {
		for _, e := range kids[order[i]] {
			renum[e.to] = int32(len(order))
			order = append(order, e.to)
		}
	}
	goto_ := make([]int32, len(kids)*nc)
	for i := range goto_ {
		goto_[i] = -1
	}
	a.out = make([]int32, len(kids))
	for n, old := range order {
		a.out[n] = ends[old]
		for _, e := range kids[old] {
			goto_[n*nc+int(e.c)] = renum[e.to]
		}
	}
	return goto_, make([]int32, len(kids))
}

// resolve computes, breadth first, the fail links, the dictionary links
// and the full transition table.
func (a *acAuto) resolve(goto_, fail []int32) {
	nc := int(a.nclass)
	n := len(a.out)
	a.dict = make([]int32, n)
	a.trans = make([]uint32, n*nc)
	next := func(s, c int) uint32 { // the transition of an already resolved state
		return a.trans[s*nc+c] &^ acOut / uint32(nc)
	}
	queue := []int32{0}
	a.dict[0] = -1
	for len(queue) > 0 {
		s := int(queue[0])
		queue = queue[1:]
		for c := 0; c < nc; c++ {
			t := goto_[s*nc+c]
			var target int
			switch {
			case t >= 0:
				target = int(t)
				if s != 0 {
					fail[t] = int32(next(int(fail[s]), c))
				}
				f := fail[t]
				if a.out[f] >= 0 {
					a.dict[t] = f
				} else {
					a.dict[t] = a.dict[f]
				}
				queue = append(queue, t)
			case s != 0:
				target = int(next(int(fail[s]), c))
			}
			v := uint32(target * nc)
			if a.out[target] >= 0 || a.dict[target] >= 0 {
				v |= acOut
			}
			a.trans[s*nc+c] = v
		}
	}
}

// scanFew appends to dst the id of every literal in low, a lower-cased
// value, once.
func (a *acAuto) scanFew(low []byte, dst []int32) []int32 {
	for id, l := range a.few {
		if bytes.Contains(low, l) {
			dst = append(dst, int32(id))
		}
	}
	return dst
}

// scan appends to dst the id of every literal in v (ASCII letters of v
// compared case-insensitively), once per occurrence.
func (a *acAuto) scan(v []byte, dst []int32) []int32 {
	nc := a.nclass
	trans, class := a.trans, &a.class
	pairs := a.pairs
	row := uint32(0)
	for i := 0; i < len(v); i++ {
		if row == 0 {
			for i+1 < len(v) {
				p := uint(v[i])<<8 | uint(v[i+1])
				if pairs[p>>6]&(1<<(p&63)) != 0 {
					break
				}
				i++
			}
		}
		t := trans[row+uint32(class[v[i]])]
		row = t &^ acOut
		if t&acOut != 0 {
			s := int32(row / nc)
			if a.out[s] < 0 {
				s = a.dict[s]
			}
			for ; s >= 0; s = a.dict[s] {
				dst = append(dst, a.out[s])
			}
		}
	}
	return dst
}
