package sigma

import "time"

// corrState is the state of one correlation for one group.
type corrState struct {
	group  map[string]string
	events []corrEvent // in the window, oldest first
	last   []time.Time // temporal: by rule position, the latest hit (zero: none)
	start  time.Time   // window start, for the conditions decided at its end
	open   bool
}

// noValue is the value of an event without the counted field: not counted.
const noValue = "\x00none"

type corrEvent struct {
	t   time.Time
	pos int
	val string
}

// monotonic reports whether the condition, once true, stays true as the
// count grows (only gt and gte): it can be decided on each event.
func monotonic(bounds []Bound) bool {
	for _, b := range bounds {
		if b.Op != "gt" && b.Op != "gte" {
			return false
		}
	}
	return true
}

// add records a hit at t of the rule at pos (val: its value of the
// correlation's field) and returns the hits of the correlation it makes.
func (st *corrState) add(cr *corrRule, pos int, t time.Time, val string) []CorrelationHit {
	c := cr.rule.Correlation
	var out []CorrelationHit
	if (c.Type == "event_count" || c.Type == "value_count") && !monotonic(c.Condition) {
		if st.open && t.Sub(st.start) > c.Timespan {
			if h, ok := st.close(cr); ok {
				out = append(out, h)
			}
		}
		if !st.open {
			st.start, st.open = t, true
		}
		st.events = append(st.events, corrEvent{t, pos, val})
		return out
	}
	st.events = append(st.events, corrEvent{t, pos, val})
	st.prune(t.Add(-c.Timespan))
	if h, ok := st.check(cr, t); ok {
		st.events = st.events[:0]
		out = append(out, h)
	}
	return out
}

// prune drops the events before from.
func (st *corrState) prune(from time.Time) {
	i := 0
	for i < len(st.events) && st.events[i].t.Before(from) {
		i++
	}
	st.events = st.events[i:]
}

// check decides a correlation on the events of the window ending at t.
func (st *corrState) check(cr *corrRule, t time.Time) (CorrelationHit, bool) {
	c := cr.rule.Correlation
	h := CorrelationHit{Rule: cr.rule, Group: copyGroup(st.group), Last: t}
	if len(st.events) > 0 {
		h.First = st.events[0].t
	}
	switch c.Type {
	case "event_count":
		h.Count = len(st.events)
		h.Rules = rulesOf(cr, st.events)
		return h, holds(c.Condition, int64(h.Count))
	case "value_count":
		h.Count = distinctValues(st.events)
		h.Rules = rulesOf(cr, st.events)
		return h, holds(c.Condition, int64(h.Count))
	case "temporal":
		h.Rules = rulesOf(cr, st.events)
		h.Count = len(h.Rules)
		if len(c.Condition) > 0 {
			return h, holds(c.Condition, int64(h.Count))
		}
		return h, h.Count == len(cr.refs)
	}
	first, ok := inOrder(st.events, len(cr.refs))
	h.First, h.Rules, h.Count = first, cr.refs, len(cr.refs)
	return h, ok
}

// close decides a window whose condition is decided at its end.
func (st *corrState) close(cr *corrRule) (CorrelationHit, bool) {
	if !st.open {
		return CorrelationHit{}, false
	}
	end := st.events[len(st.events)-1].t
	h, ok := st.check(cr, end)
	st.events, st.open = st.events[:0], false
	return h, ok
}

// inOrder reports whether the events hold the rules 0…n-1 in that order,
// and the time of the first of the earliest such sequence.
func inOrder(events []corrEvent, n int) (time.Time, bool) {
	next := 0
	var first time.Time
	for _, e := range events {
		if e.pos == next {
			if next == 0 {
				first = e.t
			}
			next++
			if next == n {
				return first, true
			}
		}
	}
	return time.Time{}, false
}

func distinctValues(events []corrEvent) int {
	seen := map[string]bool{}
	for _, e := range events {
		if e.val != noValue {
			seen[e.val] = true
		}
	}
	return len(seen)
}

// rulesOf returns the distinct rules of the events, in rule order.
func rulesOf(cr *corrRule, events []corrEvent) []*Rule {
	seen := make([]bool, len(cr.refs))
	for _, e := range events {
		seen[e.pos] = true
	}
	var out []*Rule
	for i, ok := range seen {
		if ok {
			out = append(out, cr.refs[i])
		}
	}
	return out
}

func copyGroup(g map[string]string) map[string]string {
	out := make(map[string]string, len(g))
	for k, v := range g {
		out[k] = v
	}
	return out
}
