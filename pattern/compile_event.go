package pattern

import (
	"math"
	"strings"
)

// Match reports whether the pattern is matched by the event on its own, as
// by one observed-data object with the event's properties, times and count
// (STIX 2.1 section 9): every observation expression the match needs is
// satisfied by the event, there are enough instances (Count) for the
// observation expressions that need distinct ones (AND, FOLLOWEDBY,
// REPEATS), and START/STOP and WITHIN hold for the event's times. Patterns
// whose observations must come from different events need MatchEvents.
//
// Match does not allocate, except to normalize non-ASCII text for LIKE and
// MATCHES and inside a backtracking regular expression.
func (c *Compiled) Match(ev *Event) bool {
	count := int64(ev.Count)
	if count < 1 {
		count = 1
	}
	if c.root.kind == oLeaf {
		return c.leaves[c.root.leaf].evalEvent(ev) != 0
	}
	sp := span{first: instantOf(ev.First), last: instantOf(ev.Last)}
	return c.need(c.root, ev, &sp) <= count
}

// MatchLeaf reports whether observation expression i (numbered left to
// right from 0) holds on the event.
func (c *Compiled) MatchLeaf(i int, ev *Event) bool {
	return c.leaves[i].evalEvent(ev) != 0
}

// never is the instance count of a match that cannot be had.
const never = math.MaxInt64

// need returns how many instances of the event a match of n needs: one per
// observation expression bound, never when one fails.
func (c *Compiled) need(n *onode, ev *Event, sp *span) int64 {
	switch n.kind {
	case oLeaf:
		if c.leaves[n.leaf].evalEvent(ev) != 0 {
			return 1
		}
	case oAnd, oFollowedBy:
		if n.kind == oFollowedBy && sp.last.before(sp.first) {
			return never
		}
		var sum int64
		for _, k := range n.kids {
			if sum = addSat(sum, c.need(k, ev, sp)); sum == never {
				return never
			}
		}
		return sum
	case oOr:
		best := int64(never)
		for _, k := range n.kids {
			best = min(best, c.need(k, ev, sp))
		}
		return best
	case oRepeats:
		return mulSat(c.need(n.kids[0], ev, sp), n.times)
	case oWithin:
		if !sp.last.add(n.span).before(sp.first) {
			return c.need(n.kids[0], ev, sp)
		}
	case oStartStop:
		if sp.inStartStop(n.start, n.stop) {
			return c.need(n.kids[0], ev, sp)
		}
	}
	return never
}

func addSat(a, b int64) int64 {
	if a >= never-b {
		return never
	}
	return a + b
}

func mulSat(a, b int64) int64 {
	if a == never || b != 0 && a > never/b {
		return never
	}
	return a * b
}

// evalEvent returns the objects of the event (a bit per Prop.Obj) on which
// the comparison expression holds: AND needs every operand to hold on the
// same object, OR any.
func (x *cexpr) evalEvent(ev *Event) uint64 {
	if x.cmp != nil {
		return x.cmp.evalEvent(ev)
	}
	var m uint64
	if x.and {
		m = ^uint64(0)
	}
	for i := range x.kids {
		k := x.kids[i].evalEvent(ev)
		if x.and {
			if m &= k; m == 0 {
				return 0
			}
		} else {
			m |= k
		}
	}
	return m
}

func (c *comparison) evalEvent(ev *Event) uint64 {
	if c.pred.kind == predExists {
		return c.existsEvent(ev)
	}
	var m uint64
	for i := range ev.Props {
		p := &ev.Props[i]
		if p.Path == c.text && c.pred.test(&p.Value) {
			m |= objBit(p.Obj)
		}
	}
	return m
}

// existsEvent applies EXISTS: the objects of the path's type with a value
// at the path or below it (or, with NOT, without one).
func (c *comparison) existsEvent(ev *Event) uint64 {
	var has, typed uint64
	for i := range ev.Props {
		p := &ev.Props[i]
		if !strings.HasPrefix(p.Path, c.typePrefix) {
			continue
		}
		typed |= objBit(p.Obj)
		if strings.HasPrefix(p.Path, c.text) && (len(p.Path) == len(c.text) || p.Path[len(c.text)] == '.' || p.Path[len(c.text)] == '[') {
			has |= objBit(p.Obj)
		}
	}
	if c.pred.neg {
		return typed &^ has
	}
	return has
}

func objBit(obj int) uint64 {
	if obj < 0 || obj > 63 {
		obj = 63
	}
	return 1 << uint(obj)
}

// span is when an observation was first and last seen.
type span struct {
	first, last instant
}

// inStartStop reports whether some moment of the span lies in [start, stop):
// the span may touch the start but not the stop (STIX 2.1 section 9.7; the
// reference matcher's rule). An empty interval holds nothing.
func (s *span) inStartStop(start, stop instant) bool {
	return start.before(stop) && !s.last.before(start) && s.first.before(stop)
}
