package sigma

import (
	"bytes"
	"slices"
)

// Hit is a rule that matched an event. Field and Value are one field the
// rule matched and its value, for the report; both are empty for a hit by
// keywords or by a condition on absent fields only.
type Hit struct {
	Rule  *Rule
	Field string
	Value string
}

// Match evaluates the rules that apply to ev and calls emit for each that
// matches, in rule order. It is safe for concurrent use and allocates
// nothing unless a rule matches.
func (e *Engine) Match(ev *Event, emit func(Hit)) {
	s := e.pool.Get().(*scratch)
	defer func() {
		s.ev = nil // keep no event alive in the pool
		e.pool.Put(s)
	}()
	s.reset(ev)
	e.router.Route(ev, &s.routed)
	active := s.activeGroups(e)
	if len(active.groups) == 0 {
		return
	}
	for _, g := range active.groups {
		s.active[g] = s.gen
	}
	e.prefilter(s, active)
	slices.Sort(s.cands)
	for _, r := range s.cands {
		c := e.compiled[r]
		s.hitAttr = -1
		if s.eval(c.root, true) {
			h := Hit{Rule: c.rule}
			if s.hitAttr >= 0 {
				a := s.routed.Attrs[s.hitAttr]
				h.Field, h.Value = a.Name, string(a.Value)
			}
			emit(h)
		}
	}
}

// prefilter gathers in s.cands the rules of the active groups that a
// literal of the event's fields may make true, and those that need none.
// Keyword literals are searched in the values of the event's own
// attributes (see keyword): a value whose field has literals anywhere too
// is walked once, by the automaton of both.
func (e *Engine) prefilter(s *scratch, active *groupCache) {
	kw, own := active.keywords, len(s.ev.Attrs)
	for i := range s.routed.Attrs {
		a := &s.routed.Attrs[i]
		fi := s.field(e, a.Name)
		if fi != nil && !active.scan[fi.id] {
			fi = nil
		}
		switch {
		case kw == nil || i >= own: // no keywords, or an alias of a value scanned for them
			if fi != nil {
				s.scan(e, fi, a.Value, i)
			}
		case fi == nil:
			s.scan(e, kw, a.Value, i)
		default:
			s.scanBoth(e, fi, kw, a.Value, i)
		}
	}
	if kw != nil && own == 0 && len(s.ev.Raw) > 0 {
		s.scan(e, kw, s.ev.Raw, -1)
	}
	for _, g := range active.groups {
		for _, r := range e.groups[g].always {
			s.mark(e, r)
		}
	}
}

// scan marks the rules of the literals of fi found in v, the value of
// attribute i (-1: the event's text).
func (s *scratch) scan(e *Engine, fi *fieldIndex, v []byte, i int) {
	s.ids = s.anchored(fi, v, i, s.ids[:0])
	if a := fi.ac; a != nil {
		n := len(s.ids)
		s.ids = s.search(a, v, i, s.ids)
		for k := n; k < len(s.ids); k++ {
			s.ids[k] = fi.acID[s.ids[k]]
		}
	}
	s.markRefs(e, fi, s.ids)
}

// scanBoth marks the rules of the literals of fi, a field's index, and of
// kw, the keyword index, found in v, the value of attribute i: by one walk
// through the automaton of both when each has one.
func (s *scratch) scanBoth(e *Engine, fi, kw *fieldIndex, v []byte, i int) {
	m := e.mergedWith(kw, fi)
	if m == nil {
		s.scan(e, fi, v, i)
		s.scan(e, kw, v, i)
		return
	}
	s.markRefs(e, fi, s.anchored(fi, v, i, s.ids[:0]))
	s.markRefs(e, kw, s.anchored(kw, v, i, s.ids[:0]))
	s.ids = s.search(m.ac, v, i, s.ids[:0])
	for _, id := range s.ids {
		if f := m.field[id]; f >= 0 {
			s.markLit(e, fi, f)
		}
		if k := m.kw[id]; k >= 0 {
			s.markLit(e, kw, k)
		}
	}
}

// anchored appends to dst the ids of fi's literals that are v, the value
// of attribute i (-1: the event's text), or that it starts or ends with.
func (s *scratch) anchored(fi *fieldIndex, v []byte, i int, dst []int32) []int32 {
	if fi.eq != nil {
		if id, ok := fi.eq[string(s.lowerOf(v, i))]; ok {
			dst = append(dst, id)
		}
	}
	if fi.pre != nil {
		dst = fi.pre.walk(v, dst)
	}
	if fi.suf != nil {
		dst = fi.suf.walk(v, dst)
	}
	return dst
}

// search appends to dst the ids of a's literals found in v, the value of
// attribute i (-1: the event's text).
func (s *scratch) search(a *acAuto, v []byte, i int, dst []int32) []int32 {
	if a.few == nil {
		return a.scan(v, dst)
	}
	return a.scanFew(s.lowerOf(v, i), dst)
}

// markRefs marks the rules of fi's literals ids.
func (s *scratch) markRefs(e *Engine, fi *fieldIndex, ids []int32) {
	for _, id := range ids {
		s.markLit(e, fi, id)
	}
}

// markLit marks the rules of fi's literal id.
func (s *scratch) markLit(e *Engine, fi *fieldIndex, id int32) {
	for _, r := range fi.refs[id] {
		s.mark(e, r)
	}
}

// lowerOf returns v, the value of attribute i (-1: the event's text),
// lower-cased.
func (s *scratch) lowerOf(v []byte, i int) []byte {
	if i < 0 {
		return s.lowerRaw()
	}
	return s.lower(i)
}

// eval evaluates a tree; pos is whether it is under an even number of
// nots, so that a true item is a reason for the hit.
func (s *scratch) eval(n *node, pos bool) bool {
	switch n.op {
	case opAnd:
		for _, k := range n.kids {
			if !s.eval(k, pos) {
				return false
			}
		}
		return true
	case opOr:
		for _, k := range n.kids {
			if s.eval(k, pos) {
				return true
			}
		}
		return false
	case opNot:
		return !s.eval(n.kids[0], !pos)
	}
	ok, at := s.evalItem(n.item)
	if ok && pos && at >= 0 && s.hitAttr < 0 {
		s.hitAttr = at
	}
	return ok
}

// evalItem evaluates an item: whether it holds and the attribute that
// made it (-1 for none).
func (s *scratch) evalItem(it *item) (bool, int) {
	if it.field == "" {
		return s.evalKeywords(it), -1
	}
	if it.neq {
		for _, m := range it.ms {
			if ok, _ := s.matchField(it.field, m); ok {
				return false, -1
			}
		}
		return true, -1
	}
	if !it.all {
		for _, m := range it.ms {
			if ok, i := s.matchField(it.field, m); ok {
				return true, i
			}
		}
		return false, -1
	}
	at := -1
	for k := 0; k < len(it.ms); { // every group has a value that matches
		ok := false
		g := it.ms[k].group
		for ; k < len(it.ms) && it.ms[k].group == g; k++ {
			if !ok {
				ok, at = s.matchField(it.field, it.ms[k])
			}
		}
		if !ok {
			return false, -1
		}
	}
	return true, at
}

// matchField tests one value against the attributes named field.
func (s *scratch) matchField(field string, m *matcher) (bool, int) {
	attrs := s.routed.Attrs
	switch m.kind {
	case mExists:
		return (s.first(field) >= 0) == m.want, -1
	case mNull:
		i := s.first(field)
		for j := i; j >= 0; j = s.next(j) {
			if len(attrs[j].Value) == 0 {
				return true, j
			}
		}
		return i < 0, -1
	case mFieldRef:
		return s.matchFieldRef(field, m)
	}
	for i := s.first(field); i >= 0; i = s.next(i) {
		var low []byte
		if !m.cased && m.kind <= mGlob {
			low = s.lower(i)
		}
		if m.match(attrs[i].Value, low) {
			return true, i
		}
	}
	return false, -1
}

func (s *scratch) matchFieldRef(field string, m *matcher) (bool, int) {
	for i := s.first(field); i >= 0; i = s.next(i) {
		for j := s.first(m.ref); j >= 0; j = s.next(j) {
			a, b := s.routed.Attrs[i].Value, s.routed.Attrs[j].Value
			if !m.cased {
				a, b = s.lower(i), s.lower(j)
			}
			if bytes.Equal(a, b) {
				return true, i
			}
		}
	}
	return false, -1
}

// evalKeywords searches the event's values (see keyword).
func (s *scratch) evalKeywords(it *item) bool {
	if !it.all {
		for _, m := range it.ms {
			if s.keyword(m) {
				return true
			}
		}
		return false
	}
	for k := 0; k < len(it.ms); {
		ok := false
		g := it.ms[k].group
		for ; k < len(it.ms) && it.ms[k].group == g; k++ {
			ok = ok || s.keyword(it.ms[k])
		}
		if !ok {
			return false
		}
	}
	return true
}

// keyword reports whether a keyword value is in the event: in one of
// the values of its own attributes (not the aliases the router adds), as
// the reader gave them, escapes resolved; in Event.Raw only when it has
// none. Values, not the raw text: a Windows event's JSON line doubles
// every backslash, so the keyword \Windows\Temp\ would not match the
// line's \\Windows\\Temp\\; and a JSON key is no evidence. Each value
// is searched on its own: a keyword does not match across two values.
// This is how an Elasticsearch backend searches keywords (all fields); a
// Splunk one searches _raw.
func (s *scratch) keyword(m *matcher) bool {
	own := len(s.ev.Attrs)
	if own == 0 {
		return len(s.ev.Raw) > 0 && m.match(s.ev.Raw, s.lowerRaw())
	}
	for i := range own {
		if m.match(s.routed.Attrs[i].Value, s.lower(i)) {
			return true
		}
	}
	return false
}
