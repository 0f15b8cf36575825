package hunt

import (
	"fmt"
	"strconv"
	"sync"
	"unsafe"

	"github.com/accord-cti/accord/pattern"
)

// Indicator is one indicator to hunt for.
type Indicator struct {
	ID      string // STIX id
	Name    string
	Pattern string // STIX pattern text
	Version string // "2.0" or "2.1"; empty means "2.1"
}

// Engine finds the indicators that records hit. It looks each field of a
// record up in indexes built from the patterns' atoms, and runs the
// pattern itself only on the few indicators a lookup returns, so that the
// cost of a record does not grow with the number of indicators.
//
// An Engine is read-only once built and safe for concurrent use.
type Engine struct {
	inds      []Indicator // nil when mapped holds them
	mapped    *mappedInds // the indicators of a prebuilt index (index_cache.go)
	compiled  []*pattern.Compiled
	paths     map[string]*pathIndex
	deferred  []*Indicator
	multi     map[int32]bool // indicators of several observations, matched by Correlate
	unindexed []int32        // the numbers of the indicators without an atom (Unindexed)
	states    sync.Pool      // *matchState, one per goroutine at a time
}

// NewEngine compiles every indicator once and builds the indexes. An
// indicator whose pattern does not parse or compile is left out and
// returned in the error list, which says its id; the others are indexed.
// The engine keeps inds (findings point into it): the caller must not
// change it afterwards. A million indicators are too many to copy.
func NewEngine(inds []Indicator) (*Engine, []error) {
	e := &Engine{
		inds:     inds,
		compiled: make([]*pattern.Compiled, len(inds)),
		paths:    map[string]*pathIndex{},
		multi:    map[int32]bool{},
	}
	e.states.New = func() any { return new(matchState) }
	var errs []error
	for i := range e.inds {
		if err := e.add(int32(i)); err != nil {
			errs = append(errs, err)
		}
	}
	for _, ix := range e.paths {
		ix.finish()
	}
	return e, errs
}

func (e *Engine) add(i int32) error {
	ind := &e.inds[i]
	if a, ok := simpleAtom(ind.Pattern); ok {
		e.index(i, []pattern.Atom{a}) // exact: compiled stays nil
		return nil
	}
	version := ind.Version
	if version == "" {
		version = "2.1"
	}
	p, err := pattern.Parse(ind.Pattern, pattern.WithVersion(version))
	if err != nil {
		return fmt.Errorf("indicator %s: %w", ind.ID, err)
	}
	c, err := pattern.Compile(p)
	if err != nil {
		return fmt.Errorf("indicator %s: %w", ind.ID, err)
	}
	e.compiled[i] = c
	switch {
	case len(c.Unindexed()) > 0:
		e.unindexed = append(e.unindexed, i)
	case !perRecord(p.Root):
		// Several observations: the records that hit its atoms are kept
		// and the pattern is matched over them at the end (Correlate).
		e.deferred = append(e.deferred, ind)
		e.multi[i] = true
		e.index(i, c.Atoms())
	default:
		e.index(i, c.Atoms())
		if exact(p) {
			// Every index hit of this pattern is a match: keeping its
			// compiled form would only cost memory (most of a million
			// feed indicators are of this kind).
			e.compiled[i] = nil
		}
	}
	return nil
}

// exact reports whether an index hit is all a pattern asks: one bracket
// holding one comparison, =, IN or ISSUBSET of strings, not negated.
func exact(p *pattern.Pattern) bool {
	obs, ok := p.Root.(*pattern.Observation)
	if !ok {
		return false
	}
	c, ok := obs.Comparison.(*pattern.Comparison)
	if !ok || c.Negated {
		return false
	}
	switch c.Op {
	case pattern.OpEqual, pattern.OpIsSubset:
		return c.Value.Kind == pattern.KindString
	case pattern.OpIn:
		for _, v := range c.Value.Set {
			if v.Kind != pattern.KindString {
				return false
			}
		}
		return true
	}
	return false
}

// perRecord reports whether a pattern is one observation expression that a
// single record can match on its own: one bracket, possibly with START and
// STOP.
func perRecord(root pattern.ObsExpr) bool {
	switch r := root.(type) {
	case *pattern.Observation:
		return true
	case *pattern.Qualified:
		_, one := r.Inner.(*pattern.Observation)
		return one && r.Qualifier.Kind == pattern.StartStop
	}
	return false
}

// index files the atoms of indicator i. An AtomContains atom (ISSUPERSET)
// of a block wider than one address cannot be hit by an address: such an
// indicator goes to the unindexed list.
func (e *Engine) index(i int32, atoms []pattern.Atom) {
	for _, a := range atoms {
		if a.Op == pattern.AtomContains && !a.CIDR.IsSingleIP() {
			e.unindexed = append(e.unindexed, i)
			return
		}
	}
	for _, a := range atoms {
		ix := e.paths[a.Path]
		if ix == nil {
			ix = newPathIndex(a.Path)
			e.paths[a.Path] = ix
		}
		ix.add(i, a)
	}
}

// Deferred returns the indicators whose patterns need several observations
// (AND, OR and FOLLOWEDBY of brackets, WITHIN, REPEATS): Match does not
// report them; it keeps the records that hit their atoms for a
// Correlator, which matches them once all records are read.
func (e *Engine) Deferred() []*Indicator { return e.deferred }

// Unindexed returns the indicators without an atom to look up (such as a
// pure NOT): Match does not try them.
func (e *Engine) Unindexed() []*Indicator {
	list := make([]*Indicator, len(e.unindexed))
	for k, i := range e.unindexed {
		list[k] = e.indicator(i)
	}
	return list
}

// Match finds the indicators that r hits and calls emit once for each
// indicator and field that hit it. A record that hits no index costs map
// and table lookups and allocates nothing. Match may be called by several
// goroutines at once.
func (e *Engine) Match(r *Record, emit func(Finding)) {
	st := e.states.Get().(*matchState)
	e.match(st, r, emit)
	e.states.Put(st)
}

// Matcher matches records for one goroutine: Match without taking scratch
// space from a pool for every record.
type Matcher struct {
	e  *Engine
	st matchState
}

// Matcher returns a matcher over e for the use of one goroutine. Records
// that hit patterns of several observations go to corr, which may be nil
// (then those patterns are not matched).
func (e *Engine) Matcher(corr *Correlator) *Matcher {
	m := &Matcher{e: e}
	m.st.corr = corr
	return m
}

// Match is Engine.Match.
func (m *Matcher) Match(r *Record, emit func(Finding)) { m.e.match(&m.st, r, emit) }

// Wants reports whether the engine looks up fields of path: the fields a
// Projector must read.
func (e *Engine) Wants(path string) bool { return e.paths[path] != nil }

// Project makes the matcher read records of p, which it projects on the
// paths the engine looks up; a hit that needs the rest of its record for
// its pattern gets it from p.Complete.
func (m *Matcher) Project(p Projector) {
	p.Project(m.e.Wants)
	if sp, ok := p.(startsProjector); ok {
		sp.projectStarts(m.e.starts)
	}
	m.st.complete = p.Complete
}

// starts returns the first bytes a value of path must start with to hit
// an atom of the engine (see startsProjector), or nil for any byte.
func (e *Engine) starts(path string) *[4]uint64 {
	if ix := e.paths[path]; ix != nil {
		return ix.starts()
	}
	return new([4]uint64) // nothing to hit
}

func (e *Engine) match(st *matchState, r *Record, emit func(Finding)) {
	st.hits = st.hits[:0]
	if len(e.paths) == 0 { // no indicator: a sweep of Sigma rules only
		return
	}
	for i := range r.Fields {
		f := &r.Fields[i]
		if ix := st.index(e, f.Path); ix != nil {
			ix.probe(st, int32(i), f)
		}
	}
	if len(st.hits) > 0 {
		e.verify(st, r, emit)
	}
}

// verify runs the pattern of each distinct (indicator, field) hit on the
// record as an event, and emits the ones that match.
func (e *Engine) verify(st *matchState, r *Record, emit func(Finding)) {
	if st.complete != nil {
		for _, h := range st.hits {
			if e.compiled[h.ind] != nil || e.multi[h.ind] {
				st.complete(r)
				break
			}
		}
	}
	st.buildEvent(r)
	for k, h := range st.hits {
		if st.seen(k) {
			continue
		}
		if e.multi[h.ind] {
			if st.corr != nil && !st.seenIndicator(k) {
				st.corr.keep(h.ind, &st.ev, r, &r.Fields[h.field])
			}
			continue
		}
		p := &st.ev.Props[h.field]
		saved := p.Value
		if h.subst {
			p.Value = pattern.StringValue(h.text)
		}
		var ok bool
		switch c := e.compiled[h.ind]; {
		case c == nil:
			ok = true
		case h.scan:
			// Every value of the path is a candidate (MatchUnindexed): the
			// pattern must hold on the candidate's own object, so that the
			// finding names a value that matched.
			ok = c.Match(st.objectEvent(h.field))
		default:
			ok = c.Match(&st.ev)
		}
		p.Value = saved
		if !ok {
			continue
		}
		f := &r.Fields[h.field]
		emit(Finding{Indicator: e.indicator(h.ind), Path: f.Path, Value: string(f.Value),
			File: r.File, Line: r.Line, Time: r.Time, Host: r.Host})
	}
}

// matchState is the scratch space of one Match call.
type matchState struct {
	corr     *Correlator   // where records hitting multi-observation patterns go; may be nil
	complete func(*Record) // adds the fields a projecting reader left out; may be nil
	hits     []hit
	buf      []byte // a lower-cased value
	misses   missMemo
	ev       pattern.Event
	sub      pattern.Event // one object of ev (objectEvent)
	paths    [64]pathSlot  // the index of a field's path, by the address of the path's text
}

// pathSlot caches the index of one path. Readers name their fields with
// constant strings, so a path's text is nearly always at the same address:
// the slot is chosen by that address, and comparing the strings stops at
// the equal pointers. This spares hashing the path for every field of every
// record, which was a sixth of the time of a sweep; a path at a new address
// is still compared by its text, so a reused address cannot mislead it.
type pathSlot struct {
	path string
	ix   *pathIndex
}

// index returns the index of path, or nil. The slot of a path is found by
// a hash of its address, probing up to four slots on: a record's twenty
// or so paths then each keep a slot of their own, where a slot per address
// alone made some of them evict each other at every record.
func (st *matchState) index(e *Engine, path string) *pathIndex {
	if len(path) == 0 {
		return nil
	}
	addr := uint64(uintptr(unsafe.Pointer(unsafe.StringData(path))))
	h := (addr * 0x9e3779b97f4a7c15) >> 58 // 6 bits: len(st.paths) is 64
	for k := range uint64(4) {
		slot := &st.paths[(h+k)%uint64(len(st.paths))]
		// The same text at the same address: comparing the pointers
		// spares a call to compare the bytes. The slot holds the string,
		// so its address cannot be reused for another text while it is
		// there.
		if unsafe.StringData(slot.path) == unsafe.StringData(path) && len(slot.path) == len(path) {
			return slot.ix
		}
		if slot.path == "" {
			ix := e.paths[path]
			*slot = pathSlot{path: path, ix: ix}
			return ix
		}
	}
	ix := e.paths[path]
	st.paths[h] = pathSlot{path: path, ix: ix}
	return ix
}

// hit is a candidate: indicator ind may match through field. When subst is
// set, the field's value equals the atom only after normalising (case, IP
// form, a parent domain), and the pattern is run with text in its place.
type hit struct {
	ind   int32
	field int32
	subst bool
	scan  bool // from MatchUnindexed: any value of the path
	text  string
}

func (st *matchState) add(ind, field int32, subst bool, text string) {
	st.hits = append(st.hits, hit{ind: ind, field: field, subst: subst, text: text})
}

// objectEvent returns the event of the record's fields of the same object
// as field (see Field.Obj), in st.sub.
func (st *matchState) objectEvent(field int32) *pattern.Event {
	obj := st.ev.Props[field].Obj
	st.sub.First, st.sub.Last, st.sub.Count = st.ev.First, st.ev.Last, st.ev.Count
	st.sub.Props = st.sub.Props[:0]
	for _, p := range st.ev.Props {
		if p.Obj == obj {
			st.sub.Props = append(st.sub.Props, p)
		}
	}
	return &st.sub
}

// seenIndicator reports whether a hit before k had the same indicator.
func (st *matchState) seenIndicator(k int) bool {
	for _, g := range st.hits[:k] {
		if g.ind == st.hits[k].ind {
			return true
		}
	}
	return false
}

// seen reports whether a hit before k had the same indicator and field.
func (st *matchState) seen(k int) bool {
	h := st.hits[k]
	for _, g := range st.hits[:k] {
		if g.ind == h.ind && g.field == h.field {
			return true
		}
	}
	return false
}

func (st *matchState) buildEvent(r *Record) {
	st.ev.First, st.ev.Last, st.ev.Count = r.Time, r.Time, 1
	st.ev.Props = st.ev.Props[:0]
	for _, f := range r.Fields {
		v := pattern.StringValue(string(f.Value))
		if f.Kind == KindPort {
			if n, err := strconv.ParseInt(v.Str, 10, 64); err == nil {
				v = pattern.IntValue(n)
			}
		}
		st.ev.Props = append(st.ev.Props, pattern.Prop{Obj: f.Obj, Path: f.Path, Value: v})
	}
}
