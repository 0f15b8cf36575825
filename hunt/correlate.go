package hunt

import (
	"fmt"
	"slices"
	"sync"

	"github.com/accord-cti/accord/pattern"
)

// maxKept bounds the records a Correlator keeps for one indicator: the
// cross-observation search grows with them, and a pattern whose atoms hit
// more records than this is too common to correlate usefully.
const maxKept = 10_000

// Correlator gathers, during a sweep, the records that hit the atoms of
// patterns of several observations (AND, FOLLOWEDBY of brackets, WITHIN,
// REPEATS), and matches those patterns over them when the sweep is done.
// It is safe for concurrent use by the sweep's matchers.
type Correlator struct {
	e    *Engine
	mu   sync.Mutex
	kept map[int32][]kept
	full map[int32]bool // indicators that hit maxKept
}

// kept is one record kept for an indicator: its event and where it is.
type kept struct {
	ev        *pattern.Event
	path, val string
	file      string
	line      int
	rec       Record // Time and Host only
}

// NewCorrelator returns a correlator for one sweep over e.
func (e *Engine) NewCorrelator() *Correlator {
	return &Correlator{e: e, kept: map[int32][]kept{}, full: map[int32]bool{}}
}

// keep stores a copy of the event of r for indicator ind.
func (c *Correlator) keep(ind int32, ev *pattern.Event, r *Record, f *Field) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.kept[ind]) >= maxKept {
		c.full[ind] = true
		return
	}
	// The event's values are copies of the record's (buildEvent); only the
	// slice is shared with the matcher's scratch space.
	cp := &pattern.Event{First: ev.First, Last: ev.Last, Count: ev.Count, Props: slices.Clone(ev.Props)}
	c.kept[ind] = append(c.kept[ind], kept{ev: cp, path: f.Path, val: string(f.Value), file: r.File, line: r.Line,
		rec: Record{Time: r.Time, Host: r.Host}})
}

// Correlate matches each multi-observation pattern over the records kept
// for it and emits a finding for every record of every match. It returns
// notes on what it could not do in full: indicators whose atoms hit more
// than maxKept records (matched over the first ones), and searches that
// passed the matcher's limits.
func (c *Correlator) Correlate(emit func(Finding)) (notes []string) {
	for _, ind := range slices.Sorted(func(yield func(int32) bool) {
		for i := range c.kept {
			if !yield(i) {
				return
			}
		}
	}) {
		ks := c.kept[ind]
		events := make([]*pattern.Event, len(ks))
		for i, k := range ks {
			events[i] = k.ev
		}
		ok, bindings, err := c.e.compiled[ind].MatchEvents(events)
		if err != nil {
			notes = append(notes, fmt.Sprintf("indicator %s: %v", c.e.indicator(ind).ID, err))
		}
		if !ok {
			continue
		}
		seen := map[int]bool{}
		for _, b := range bindings {
			for _, i := range b {
				if seen[i] {
					continue
				}
				seen[i] = true
				k := ks[i]
				emit(Finding{Indicator: c.e.indicator(ind), Path: k.path, Value: k.val, File: k.file, Line: k.line, Time: k.rec.Time, Host: k.rec.Host})
			}
		}
	}
	for ind := range c.full {
		notes = append(notes, fmt.Sprintf("indicator %s: its atoms hit more than %d records; only the first were correlated", c.e.indicator(ind).ID, maxKept))
	}
	return notes
}
