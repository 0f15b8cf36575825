package hunt

import (
	"slices"

	"github.com/accord-cti/accord/pattern"
)

// An Aho-Corasick automaton over the literals of the prefix, suffix and
// substring atoms of one path: one pass over a value finds every literal
// it contains, whatever their number.

// acRef is a literal's atom: the indicator and where the literal must lie.
type acRef struct {
	ind int32
	op  pattern.AtomOp
}

type acBuilder struct {
	ids  map[string]int32 // literal → id
	refs [][]acRef        // by literal id
	lits []string
}

func newACBuilder() *acBuilder { return &acBuilder{ids: map[string]int32{}} }

func (b *acBuilder) add(lit string, r acRef) {
	id, ok := b.ids[lit]
	if !ok {
		id = int32(len(b.lits))
		b.ids[lit] = id
		b.lits = append(b.lits, lit)
		b.refs = append(b.refs, nil)
	}
	b.refs[id] = append(b.refs[id], r)
}

// acMatcher is the automaton, its edges in compressed sparse rows: the
// edges of state s are label[first[s]:first[s+1]] (sorted) and their
// targets next[…]. The shallow states, where a scan of a value that holds
// no literal spends nearly all its time, also have dense rows over byte
// classes with the failure transitions resolved: a step from them is one
// load, where a binary search over a wide fan-out mispredicted and the
// fail links added steps.
type acMatcher struct {
	root   [256]int32
	class  [256]uint8 // a byte's class: 0 for the bytes of no literal
	nclass int32
	row    []int32 // by state: the start of its dense row, or -1
	dense  []int32
	// When every state has a row (full), fast holds the same transitions
	// as row starts rather than states, bitwise negated (^) when the
	// target state reports a literal; rowState maps a row back to its
	// state.
	full     bool
	fast     []int32
	rowState []int32
	first    []int32
	label    []byte
	next     []int32
	fail     []int32
	out      []int32 // the literal ending at the state, or -1
	dict     []int32 // the nearest state on the fail chain with out ≥ 0, or -1
	emit     []int32 // the state itself if out ≥ 0, else dict: where reporting starts
	litLen   []int32
	refs     [][]acRef
	lits     []string // by id: what a prebuilt index (index_cache.go) saves
}

type acEdge struct {
	from, to int32
	c        byte
}

func (b *acBuilder) build() *acMatcher {
	m := &acMatcher{refs: b.refs, lits: b.lits, out: []int32{-1}}
	trie := map[uint64]int32{}
	var edges []acEdge
	for id, lit := range b.lits {
		s := int32(0)
		for i := 0; i < len(lit); i++ {
			k := uint64(s)<<8 | uint64(lit[i])
			t, ok := trie[k]
			if !ok {
				t = int32(len(m.out))
				m.out = append(m.out, -1)
				trie[k] = t
				edges = append(edges, acEdge{from: s, to: t, c: lit[i]})
			}
			s = t
		}
		m.out[s] = int32(id)
		m.litLen = append(m.litLen, int32(len(lit)))
	}
	m.layout(edges)
	m.links()
	m.densify(b.lits)
	m.emit = make([]int32, len(m.out))
	for s := range m.emit {
		m.emit[s] = m.dict[s]
		if m.out[s] >= 0 {
			m.emit[s] = int32(s)
		}
	}
	if m.full = len(m.rowState) == len(m.out); m.full {
		m.fast = make([]int32, len(m.dense))
		for i, t := range m.dense {
			m.fast[i] = m.row[t]
			if m.emit[t] >= 0 {
				m.fast[i] = ^m.row[t]
			}
		}
	}
	return m
}

// acDenseBytes bounds the memory of the dense rows of one automaton.
const acDenseBytes = 64 << 20

// densify gives the states, shallowest first, dense rows with resolved
// transitions, as many as acDenseBytes holds: all of them up to some
// thousands of literals.
func (m *acMatcher) densify(lits []string) {
	for _, lit := range lits {
		for i := 0; i < len(lit); i++ {
			m.class[lit[i]] = 1
		}
	}
	for c := range m.class {
		if m.class[c] != 0 {
			m.nclass++
			m.class[c] = uint8(m.nclass)
		}
	}
	m.nclass++ // class 0
	m.row = make([]int32, len(m.out))
	for i := range m.row {
		m.row[i] = -1
	}
	// Breadth first, so that a state's fail target (shallower) has its
	// row before it.
	queue := []int32{0}
	for len(queue) > 0 && 4*(len(m.dense)+int(m.nclass)) <= acDenseBytes {
		s := queue[0]
		queue = queue[1:]
		// The row: class 0 (bytes of no literal) goes to the root; the
		// other classes where step goes, worked out before s has a row.
		row := make([]int32, m.nclass)
		for c := range 256 {
			if k := m.class[c]; k != 0 {
				row[k] = m.step(s, byte(c))
			}
		}
		m.row[s] = int32(len(m.dense))
		m.rowState = append(m.rowState, s)
		m.dense = append(m.dense, row...)
		for e := m.first[s]; e < m.first[s+1]; e++ {
			queue = append(queue, m.next[e])
		}
	}
}

func (m *acMatcher) layout(edges []acEdge) {
	m.first = sortEdges(edges, len(m.out))
	m.label = make([]byte, len(edges))
	m.next = make([]int32, len(edges))
	for i, e := range edges {
		m.label[i], m.next[i] = e.c, e.to
		if e.from == 0 {
			m.root[e.c] = e.to
		}
	}
}

// sortEdges sorts the edges of a trie of n states by state and label, and
// returns where each state's are: edges[first[s]:first[s+1]].
func sortEdges(edges []acEdge, n int) (first []int32) {
	slices.SortFunc(edges, func(a, b acEdge) int {
		if a.from != b.from {
			return int(a.from - b.from)
		}
		return int(a.c) - int(b.c)
	})
	first = make([]int32, n+1)
	for _, e := range edges {
		first[e.from+1]++
	}
	for s := 1; s <= n; s++ {
		first[s] += first[s-1]
	}
	return first
}

// links sets the fail and dictionary links breadth first.
func (m *acMatcher) links() {
	n := len(m.out)
	m.fail = make([]int32, n)
	m.dict = make([]int32, n)
	m.dict[0] = -1
	queue := []int32{0}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for e := m.first[s]; e < m.first[s+1]; e++ {
			t, c := m.next[e], m.label[e]
			if s != 0 {
				m.fail[t] = m.step(m.fail[s], c)
			}
			f := m.fail[t]
			if m.out[f] >= 0 {
				m.dict[t] = f
			} else {
				m.dict[t] = m.dict[f]
			}
			queue = append(queue, t)
		}
	}
}

// edge returns the target of s's edge labelled c, or 0.
func (m *acMatcher) edge(s int32, c byte) int32 {
	return sortedEdge(m.label, m.next, m.first[s], m.first[s+1], c)
}

// sortedEdge finds c among the sorted labels label[lo:hi] of a state's
// edges by binary search and returns the edge's target next[…], or 0.
func sortedEdge(label []byte, next []int32, lo, hi int32, c byte) int32 {
	for lo < hi {
		mid := int32(uint32(lo+hi) >> 1)
		switch l := label[mid]; {
		case l == c:
			return next[mid]
		case l < c:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return 0
}

// step is the automaton's transition from s on c.
func (m *acMatcher) step(s int32, c byte) int32 {
	for s != 0 {
		if r := m.rowOf(s); r >= 0 {
			return m.dense[r+int32(m.class[c])]
		}
		if t := m.edge(s, c); t != 0 {
			return t
		}
		s = m.fail[s]
	}
	return m.root[c]
}

// rowOf returns the start of s's dense row, or -1 (also while densify
// builds the rows).
func (m *acMatcher) rowOf(s int32) int32 {
	if int(s) >= len(m.row) {
		return -1
	}
	return m.row[s]
}

// scan adds to st the atoms whose literal v contains where the atom wants
// it: at the start (prefix), at the end (suffix) or anywhere.
func (m *acMatcher) scan(st *matchState, field int32, v []byte) {
	if m.full {
		m.scanFull(st, field, v)
		return
	}
	s := int32(0)
	for i, c := range v {
		if r := m.row[s]; r >= 0 {
			s = m.dense[r+int32(m.class[c])]
		} else {
			s = m.step(s, c)
		}
		if o := m.emit[s]; o >= 0 {
			m.report(st, field, v, i, o)
		}
	}
}

// scanFull is scan when every state has a row: one load a byte.
func (m *acMatcher) scanFull(st *matchState, field int32, v []byte) {
	r := int32(0) // the root's row
	for i, c := range v {
		r = m.fast[r+int32(m.class[c])]
		if r < 0 {
			r = ^r
			m.report(st, field, v, i, m.emit[m.rowState[r/m.nclass]])
		}
	}
}

// report adds the atoms of the literals that end at v[i], from state o on
// along the dictionary links.
func (m *acMatcher) report(st *matchState, field int32, v []byte, i int, o int32) {
	for ; o >= 0; o = m.dict[o] {
		lit := m.out[o]
		start, end := i+1-int(m.litLen[lit]), i+1
		for _, r := range m.refs[lit] {
			if r.op == pattern.AtomSubstring || r.op == pattern.AtomPrefix && start == 0 ||
				r.op == pattern.AtomSuffix && end == len(v) {
				st.add(r.ind, field, false, "")
			}
		}
	}
}
