package hunt

import (
	"bytes"
	"slices"

	"github.com/accord-cti/accord/pattern"
)

// A prefix literal can only lie at the start of a value and a suffix
// literal at its end: litMatcher looks for them there, in tries walked
// from the value's first byte and from its last, which stop at the first
// byte without an edge. Only the literals of substring atoms go into the
// Aho-Corasick automaton, which pays a load for every byte of every
// value: without them a URL path that starts like no prefix costs a few
// steps instead of a pass over its whole length.

// litMatcher finds the prefix, suffix and substring atoms of one path.
// Each part is nil when no atom of its kind has a literal there.
type litMatcher struct {
	prefix *affixTrie // the prefix literals, walked from v[0] on
	suffix *affixTrie // the suffix literals reversed, walked from v[len(v)-1] back
	sub    *acMatcher // the substring literals
	lits   []string   // the literals and their atoms as added: what a
	refs   [][]acRef  // prebuilt index (index_cache.go) saves
}

// buildMatcher makes the matcher over the literals added to b.
func (b *acBuilder) buildMatcher() *litMatcher {
	m := &litMatcher{lits: b.lits, refs: b.refs}
	pre, suf := affixBuilder{}, affixBuilder{rev: true}
	sub := newACBuilder()
	// A path with substring literals is scanned whole anyway: its prefix
	// and suffix literals then go into the same automaton, which finds
	// them in that one pass, rather than costing walks of their own.
	scanned := false
	for _, refs := range b.refs {
		for _, r := range refs {
			scanned = scanned || r.op == pattern.AtomSubstring
		}
	}
	for id, lit := range b.lits {
		for _, r := range b.refs[id] {
			op := r.op
			if scanned && (op == pattern.AtomPrefix || op == pattern.AtomSuffix) {
				op = pattern.AtomSubstring // filed with its own op: report checks where it lies
			}
			switch op {
			case pattern.AtomPrefix:
				// The automaton reports the empty literal after each
				// byte, never at the start: an empty prefix matches
				// nothing there, and nothing here.
				if lit != "" {
					pre.add(lit, r.ind)
				}
			case pattern.AtomSuffix:
				suf.add(lit, r.ind)
			case pattern.AtomSubstring:
				sub.add(lit, r)
			}
		}
	}
	m.prefix, m.suffix = pre.build(), suf.build()
	if len(sub.lits) > 0 {
		m.sub = sub.build()
	}
	return m
}

// scan adds to st the atoms whose literal v contains where the atom wants
// it: the same candidates as acMatcher.scan over all the literals.
func (m *litMatcher) scan(st *matchState, field int32, v []byte) {
	if m.prefix != nil {
		m.prefix.walk(st, field, v)
	}
	if m.sub != nil {
		m.sub.scan(st, field, v)
	}
	if m.suffix != nil {
		m.suffix.walkBack(st, field, v)
	}
}

// affixTrie is a trie without failure links, compressed: a node with one
// child and no literal of its own is merged into its child, so that a
// walk down a long shared run such as "/owa/auth/" compares its bytes at
// once instead of taking a step for each. A node is entered by an edge
// labelled with one byte; the next bytes of the run are the node's seg,
// which must follow in the value. The root's edges are also in a dense
// row, since many values start (or end) with the same few bytes.
type affixTrie struct {
	root  [256]int32 // 0: no edge
	nodes []affixNode
	label []byte  // the edges, sorted by label within a node's range
	next  []int32 // their targets
	segs  []byte
	inds  []int32
}

// affixNode is one node of an affixTrie.
type affixNode struct {
	edge, edgeEnd int32 // its edges: label[edge:edgeEnd] and next[…]
	seg, segEnd   int32 // the bytes after its edge's label: segs[seg:segEnd], in the value's order
	ind, indEnd   int32 // the atoms of the literal that ends here: inds[ind:indEnd]
}

// affixBuilder collects the literals of one trie, reversed when rev is
// set, in a trie of one byte an edge.
type affixBuilder struct {
	rev   bool
	trie  map[uint64]int32 // state<<8 | byte → state
	edges []acEdge
	inds  [][]int32 // by state
}

// add files ind under lit.
func (b *affixBuilder) add(lit string, ind int32) {
	if b.trie == nil {
		b.trie = map[uint64]int32{}
		b.inds = [][]int32{nil}
	}
	s := int32(0)
	for i := range len(lit) {
		c := lit[i]
		if b.rev {
			c = lit[len(lit)-1-i]
		}
		k := uint64(s)<<8 | uint64(c)
		t, ok := b.trie[k]
		if !ok {
			t = int32(len(b.inds))
			b.inds = append(b.inds, nil)
			b.trie[k] = t
			b.edges = append(b.edges, acEdge{from: s, to: t, c: c})
		}
		s = t
	}
	b.inds[s] = append(b.inds[s], ind)
}

// build returns the compressed trie, or nil when no literal was added.
func (b *affixBuilder) build() *affixTrie {
	if b.trie == nil {
		return nil
	}
	first := sortEdges(b.edges, len(b.inds)) // the edges of state s: b.edges[first[s]:first[s+1]]
	t := &affixTrie{}
	t.addNode(nil, b.inds[0])
	// Breadth first: the nodes are numbered as they are queued, so that
	// the edges of each node are consecutive.
	queue := []int32{0} // by node: its state
	for k := 0; k < len(queue); k++ {
		t.nodes[k].edge = int32(len(t.label))
		for _, e := range b.edges[first[queue[k]]:first[queue[k]+1]] {
			var seg []byte
			s := e.to
			for len(b.inds[s]) == 0 && first[s+1]-first[s] == 1 {
				seg = append(seg, b.edges[first[s]].c)
				s = b.edges[first[s]].to
			}
			if b.rev {
				slices.Reverse(seg)
			}
			id := t.addNode(seg, b.inds[s])
			queue = append(queue, s)
			t.label, t.next = append(t.label, e.c), append(t.next, id)
			if k == 0 {
				t.root[e.c] = id
			}
		}
		t.nodes[k].edgeEnd = int32(len(t.label))
	}
	return t
}

func (t *affixTrie) addNode(seg []byte, inds []int32) int32 {
	n := affixNode{seg: int32(len(t.segs)), ind: int32(len(t.inds))}
	t.segs, t.inds = append(t.segs, seg...), append(t.inds, inds...)
	n.segEnd, n.indEnd = int32(len(t.segs)), int32(len(t.inds))
	t.nodes = append(t.nodes, n)
	return int32(len(t.nodes) - 1)
}

// walk adds the atoms of the literals v starts with.
func (t *affixTrie) walk(st *matchState, field int32, v []byte) {
	if len(v) == 0 {
		return
	}
	s, i := t.root[v[0]], 1 // v[:i] leads to s, or on past its seg
	for s != 0 {
		n := &t.nodes[s]
		seg := t.segs[n.seg:n.segEnd]
		if len(v)-i < len(seg) || !bytes.Equal(v[i:i+len(seg)], seg) {
			return
		}
		i += len(seg)
		t.report(st, field, n)
		if i == len(v) {
			return
		}
		s = t.edge(n, v[i])
		i++
	}
}

// walkBack adds the atoms of the literals v ends with. The root's atoms
// (an empty literal) count for any value but the empty one, as the
// automaton reports them.
func (t *affixTrie) walkBack(st *matchState, field int32, v []byte) {
	if len(v) == 0 {
		return
	}
	t.report(st, field, &t.nodes[0])
	j := len(v) - 1 // v[j:] leads to s, or on past its seg
	s := t.root[v[j]]
	for s != 0 {
		n := &t.nodes[s]
		seg := t.segs[n.seg:n.segEnd]
		if j < len(seg) || !bytes.Equal(v[j-len(seg):j], seg) {
			return
		}
		j -= len(seg)
		t.report(st, field, n)
		if j == 0 {
			return
		}
		j--
		s = t.edge(n, v[j])
	}
}

func (t *affixTrie) report(st *matchState, field int32, n *affixNode) {
	for _, ind := range t.inds[n.ind:n.indEnd] {
		st.add(ind, field, false, "")
	}
}

// edge returns the target of n's edge labelled c, or 0.
func (t *affixTrie) edge(n *affixNode, c byte) int32 {
	return sortedEdge(t.label, t.next, n.edge, n.edgeEnd, c)
}
