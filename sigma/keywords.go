package sigma

import (
	"strconv"
	"strings"
	"sync/atomic"
)

// ruleLit is a literal rule r needs.
type ruleLit struct {
	fl fieldLit
	r  int32
}

// keywordIndex returns the automaton of the keyword literals of the rules
// of groups, built the first time a set of groups with keywords is seen
// and kept. An event's text, long, is so scanned for the literals of the
// rules that apply to it only: a smaller automaton, kept in cache.
func (e *Engine) keywordIndex(groups []int32) *fieldIndex {
	var key strings.Builder
	for _, g := range groups {
		if len(e.groups[g].keywords) > 0 {
			key.WriteString(strconv.Itoa(int(g)))
			key.WriteByte(',')
		}
	}
	if key.Len() == 0 {
		return nil
	}
	e.kwMu.Lock()
	defer e.kwMu.Unlock()
	if fi, ok := e.kwSets[key.String()]; ok {
		return fi
	}
	b := newFieldBuilder()
	for _, g := range groups {
		for _, rl := range e.groups[g].keywords {
			b.add(rl.fl, rl.r)
		}
	}
	fi := b.build()
	fi.merged = make([]atomic.Pointer[mergedAC], len(e.fields))
	e.kwSets[key.String()] = fi
	return fi
}

// mergedAC is the automaton of the literals found anywhere in a field's
// values and of the keyword literals of a set of groups: a value of the
// field, searched for both, is walked once.
type mergedAC struct {
	ac    *acAuto
	field []int32 // by automaton literal: the field's literal id, or -1
	kw    []int32 // by automaton literal: the keyword index's literal id, or -1
}

// mergedWith returns the automaton of kw, a keyword index, merged with
// that of fi, building it the first time; nil when either has none.
func (e *Engine) mergedWith(kw, fi *fieldIndex) *mergedAC {
	if kw.ac == nil || fi.ac == nil || int(fi.id) >= len(kw.merged) {
		return nil
	}
	if m := kw.merged[fi.id].Load(); m != nil {
		return m
	}
	e.kwMu.Lock()
	defer e.kwMu.Unlock()
	if m := kw.merged[fi.id].Load(); m != nil {
		return m
	}
	b := newACBuilder()
	m := &mergedAC{}
	add := func(lits []string, ids []int32, own bool) {
		for j, l := range lits {
			id := b.add(l)
			if int(id) == len(m.field) {
				m.field, m.kw = append(m.field, -1), append(m.kw, -1)
			}
			if own {
				m.field[id] = ids[j]
			} else {
				m.kw[id] = ids[j]
			}
		}
	}
	add(fi.ac.lits, fi.acID, true)
	add(kw.ac.lits, kw.acID, false)
	m.ac = b.build()
	kw.merged[fi.id].Store(m)
	return m
}
