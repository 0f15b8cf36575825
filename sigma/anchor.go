package sigma

import "slices"

// anchorTrie finds the literals a value starts (or ends) with: a walk
// from the value's one end that stops at the first byte no literal has
// there, a few steps where a scan of the whole value would take one per
// byte. Most Sigma values are anchored (endswith \cmd.exe, a whole
// EventID), so most fields need no automaton.
type anchorTrie struct {
	first []int32 // by node: its edges are label/next[first[n]:first[n+1]], sorted
	label []byte
	next  []int32
	out   []int32 // by node: the literal ending there, or -1
	back  bool    // literals are at the end: walk from the last byte
}

// buildAnchorTrie builds the trie of lits (lower-cased), whose ids are
// ids, read from their end if back.
func buildAnchorTrie(lits []string, ids []int32, back bool) *anchorTrie {
	type edge struct {
		c  byte
		to int32
	}
	kids := [][]edge{nil}
	out := []int32{-1}
	for k, l := range lits {
		n := int32(0)
		for i := range len(l) {
			c := l[i]
			if back {
				c = l[len(l)-1-i]
			}
			j := slices.IndexFunc(kids[n], func(e edge) bool { return e.c == c })
			if j < 0 {
				kids = append(kids, nil)
				out = append(out, -1)
				kids[n] = append(kids[n], edge{c, int32(len(kids) - 1)})
				j = len(kids[n]) - 1
			}
			n = kids[n][j].to
		}
		out[n] = ids[k]
	}
	t := &anchorTrie{first: make([]int32, len(kids)+1), out: out, back: back}
	for n, es := range kids {
		slices.SortFunc(es, func(a, b edge) int { return int(a.c) - int(b.c) })
		for _, e := range es {
			t.label = append(t.label, e.c)
			t.next = append(t.next, e.to)
		}
		t.first[n+1] = int32(len(t.label))
	}
	return t
}

// walk appends to dst the ids of the literals v starts (ends) with,
// comparing ASCII letters case-insensitively.
func (t *anchorTrie) walk(v []byte, dst []int32) []int32 {
	n := int32(0)
	for i := range len(v) {
		c := v[i]
		if t.back {
			c = v[len(v)-1-i]
		}
		if c-'A' < 26 {
			c += 'a' - 'A'
		}
		lo, hi := t.first[n], t.first[n+1]
		for lo < hi { // binary search of the sorted labels
			mid := (lo + hi) / 2
			if t.label[mid] < c {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		if lo == t.first[n+1] || t.label[lo] != c {
			return dst
		}
		n = t.next[lo]
		if t.out[n] >= 0 {
			dst = append(dst, t.out[n])
		}
	}
	return dst
}

// fieldBuilder gathers the literals of one field by anchor.
type fieldBuilder struct {
	ids  map[fieldLit]int32
	refs [][]int32 // by literal id: the rules
	ac   *acBuilder
	acID []int32 // by automaton literal: the field's literal id
	eq   map[string]int32
	lits [4][]string // by anchor (for start and end)
	lid  [4][]int32
}

func newFieldBuilder() *fieldBuilder {
	return &fieldBuilder{ids: map[fieldLit]int32{}, ac: newACBuilder(), eq: map[string]int32{}}
}

// add records that rule r needs literal fl.
func (b *fieldBuilder) add(fl fieldLit, r int32) {
	key := fieldLit{lit: fl.lit, anchor: fl.anchor}
	id, ok := b.ids[key]
	if !ok {
		id = int32(len(b.refs))
		b.ids[key] = id
		b.refs = append(b.refs, nil)
		switch fl.anchor {
		case whole:
			b.eq[fl.lit] = id
		case atStart, atEnd:
			b.lits[fl.anchor] = append(b.lits[fl.anchor], fl.lit)
			b.lid[fl.anchor] = append(b.lid[fl.anchor], id)
		default:
			if aid := b.ac.add(fl.lit); int(aid) == len(b.acID) {
				b.acID = append(b.acID, id)
			}
		}
	}
	if rs := b.refs[id]; len(rs) == 0 || rs[len(rs)-1] != r {
		b.refs[id] = append(rs, r)
	}
}

func (b *fieldBuilder) build() *fieldIndex {
	fi := &fieldIndex{refs: b.refs}
	if len(b.eq) > 0 {
		fi.eq = b.eq
	}
	if len(b.lits[atStart]) > 0 {
		fi.pre = buildAnchorTrie(b.lits[atStart], b.lid[atStart], false)
	}
	if len(b.lits[atEnd]) > 0 {
		fi.suf = buildAnchorTrie(b.lits[atEnd], b.lid[atEnd], true)
	}
	if len(b.acID) > 0 {
		fi.ac, fi.acID = b.ac.build(), b.acID
	}
	return fi
}
