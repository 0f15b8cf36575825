package sigma

// scratch is the state of one Match call, pooled so that Match allocates
// nothing once it has grown.
type scratch struct {
	ev      *Event
	routed  Routed
	gen     uint32   // this call's stamp in marked, active, lowered
	marked  []uint32 // by rule: gen when it is a candidate
	active  []uint32 // by group: gen when it applies to the event
	cands   []int32
	ids     []int32
	low     []byte   // lower-cased values
	lowAt   []int32  // by attribute: its start in low
	lowered []uint32 // by attribute: gen when lowered
	rawLow  []byte
	rawDone bool
	hitAttr int
	cache   []groupCache
	fields  [256]fieldSlot // by nameHash: the index of the name last looked up there
	names   nameIndex
}

// fieldSlot remembers the field index of a name (nil for none).
type fieldSlot struct {
	name string
	fi   *fieldIndex
	set  bool
}

// field returns the index of the literals of the field name, or nil: from
// the engine's map, through a small table by a cheap hash, as an event
// has a few dozen names, the same from one event to the next.
func (s *scratch) field(e *Engine, name string) *fieldIndex {
	slot := &s.fields[nameHash(name)&255]
	if !slot.set || slot.name != name {
		*slot = fieldSlot{name: name, fi: e.fields[name], set: true}
	}
	return slot.fi
}

// nameHash is a hash of a name, of its length and three of its bytes:
// cheap, and good enough for the few dozen names of an event.
func nameHash(name string) uint32 {
	n := len(name)
	if n == 0 {
		return 0
	}
	return uint32(n*37 + int(name[0])*7 + int(name[n/2])*11 + int(name[n-1])*3)
}

// groupCache remembers the groups that apply to a set of logsources.
type groupCache struct {
	ls       []Logsource
	groups   []int32
	scan     []bool      // by field id: whether some rule of the groups has literals in it
	keywords *fieldIndex // the keyword literals of the groups' rules, or nil
}

const maxGroupCache = 64

func (e *Engine) newScratch() *scratch {
	return &scratch{marked: make([]uint32, len(e.compiled)), active: make([]uint32, len(e.groups))}
}

// reset starts a new event.
func (s *scratch) reset(ev *Event) {
	s.ev = ev
	s.gen++
	if s.gen == 0 { // wrapped: clear the stamps
		clear(s.marked)
		clear(s.active)
		clear(s.lowered)
		s.names = nameIndex{next: s.names.next}
		s.gen = 1
	}
	s.cands = s.cands[:0]
	s.low = s.low[:0]
	s.rawDone = false
}

// activeGroups returns the groups whose logsource covers one of the
// event's and the fields worth scanning for them, from the cache when it
// has seen these logsources.
func (s *scratch) activeGroups(e *Engine) *groupCache {
	for i := range s.cache {
		if sameLogsources(s.cache[i].ls, s.routed.Logsources) {
			return &s.cache[i]
		}
	}
	c := groupCache{ls: append([]Logsource(nil), s.routed.Logsources...), scan: make([]bool, len(e.fields))}
	for g := range e.groups {
		if s.routed.Covers(e.groups[g].ls) {
			c.groups = append(c.groups, int32(g))
			for _, f := range e.groups[g].fields {
				c.scan[f] = true
			}
		}
	}
	c.keywords = e.keywordIndex(c.groups)
	if len(s.cache) >= maxGroupCache {
		s.cache = s.cache[:0]
	}
	s.cache = append(s.cache, c)
	return &s.cache[len(s.cache)-1]
}

func sameLogsources(a, b []Logsource) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// mark makes rule r a candidate if its group applies to the event.
func (s *scratch) mark(e *Engine, r int32) {
	if s.active[e.compiled[r].group] != s.gen || s.marked[r] == s.gen {
		return
	}
	s.marked[r] = s.gen
	s.cands = append(s.cands, r)
}

// first returns the index of the first attribute named name, or -1.
func (s *scratch) first(name string) int {
	if s.names.gen != s.gen {
		s.names.build(s.routed.Attrs, s.gen)
	}
	if s.names.linear {
		return s.find(name, 0)
	}
	return s.names.first(name)
}

// next returns the index of the next attribute named as attribute i, or
// -1; first has been called for the event.
func (s *scratch) next(i int) int {
	if s.names.linear {
		return s.find(s.routed.Attrs[i].Name, i+1)
	}
	return int(s.names.next[i])
}

// find returns the index of the first attribute named name from i on, or -1.
func (s *scratch) find(name string, i int) int {
	for ; i < len(s.routed.Attrs); i++ {
		if s.routed.Attrs[i].Name == name {
			return i
		}
	}
	return -1
}

// lower returns attribute i's value lower-cased (ASCII), lowering it once
// per event.
func (s *scratch) lower(i int) []byte {
	v := s.routed.Attrs[i].Value
	if len(s.lowered) < len(s.routed.Attrs) {
		s.lowered = append(s.lowered, make([]uint32, len(s.routed.Attrs)-len(s.lowered))...)
		s.lowAt = append(s.lowAt, make([]int32, len(s.routed.Attrs)-len(s.lowAt))...)
	}
	if s.lowered[i] == s.gen {
		at := s.lowAt[i]
		return s.low[at : int(at)+len(v)]
	}
	at := len(s.low)
	s.low = append(s.low, v...)
	lowerASCII(s.low[at:], v)
	s.lowered[i], s.lowAt[i] = s.gen, int32(at)
	return s.low[at:]
}

func (s *scratch) lowerRaw() []byte {
	if !s.rawDone {
		s.rawLow = append(s.rawLow[:0], s.ev.Raw...)
		lowerASCII(s.rawLow, s.ev.Raw)
		s.rawDone = true
	}
	return s.rawLow
}
