package pattern

import "slices"

// search finds bindings of a pattern's observation expressions to
// observations: an assignment of an observation instance to every
// observation expression a match needs, with the semantics of STIX 2.1
// sections 9.6 and 9.7 as the OASIS reference matcher implements them:
//
//   - an observation with number_observed n offers n instances, and no
//     instance is bound twice, so the operands of AND, FOLLOWEDBY and
//     REPEATS are matched by distinct observations (or distinct instances
//     of one);
//   - OR binds one operand;
//   - in A FOLLOWEDBY B, the latest first_observed of A's observations is at
//     or before the earliest last_observed of B's;
//   - REPEATS n TIMES binds n disjoint matches of its operand;
//   - WITHIN s SECONDS holds when the latest first_observed is at most s
//     seconds after the earliest last_observed of the bound observations
//     (some moment of each lies in one window of s seconds);
//   - START/STOP holds when every bound observation overlaps [start, stop).
//
// The reference matcher enumerates every binding bottom-up; search walks
// the tree depth-first, binding one observation at a time, and prunes with
// constraints pushed down: START/STOP and the right side of FOLLOWEDBY
// become bounds on each candidate's times, WITHIN is checked as each
// observation is bound, and the repetitions of REPEATS are bound in a
// canonical order so that each set of them is tried once. The number of
// candidates tried is bounded (Options.MaxSteps).
type search struct {
	// obs are the observations sorted by first_observed, so that the
	// candidates of a WITHIN window end where one starts too late.
	obs   []span
	count []int32   // instances of each observation
	cands [][]int32 // per observation expression, the observations it holds on, ascending
	caps  [][]int64 // per observation expression, the instances of cands[i:]
	// room is, per node, the instances of the observations any of its
	// observation expressions holds on: a node needing more cannot match.
	room  []int64
	used  []int32  // instances bound, per observation
	stack []int32  // bound observations, in binding order
	wins  []window // active WITHIN qualifiers

	steps, maxSteps int
	exceeded        bool
}

// window is an active WITHIN qualifier: the observations bound from stack
// position from on must fit in span.
type window struct {
	from   int
	span   instant
	active bool
}

// bounds are the constraints an enclosing qualifier or operator puts on
// each observation bound below it.
type bounds struct {
	lastMin  instant // last_observed at or after (START, FOLLOWEDBY)
	firstMax instant // first_observed strictly before (STOP)
	hasLast  bool
	hasFirst bool
	empty    bool // an empty START/STOP interval: nothing is admitted
}

func (b bounds) admits(s *span) bool {
	return !b.empty && (!b.hasLast || !s.last.before(b.lastMin)) && (!b.hasFirst || s.first.before(b.firstMax))
}

// withStartStop adds a START/STOP interval.
func (b bounds) withStartStop(start, stop instant) bounds {
	b = b.withLastMin(start).withFirstMax(stop)
	b.empty = b.empty || !start.before(stop)
	return b
}

func (b bounds) withLastMin(t instant) bounds {
	if !b.hasLast || b.lastMin.before(t) {
		b.lastMin, b.hasLast = t, true
	}
	return b
}

func (b bounds) withFirstMax(t instant) bounds {
	if !b.hasFirst || t.before(b.firstMax) {
		b.firstMax, b.hasFirst = t, true
	}
	return b
}

// run enumerates the bindings of root, calling found with the bound
// observations of each until it returns true. It reports whether the step
// limit cut the search short.
func (s *search) run(root *onode, nodes int, found func(bound []int32) bool) (exceeded bool) {
	s.used = make([]int32, len(s.obs))
	s.caps = make([][]int64, len(s.cands))
	for i, list := range s.cands {
		caps := make([]int64, len(list)+1)
		for j := len(list) - 1; j >= 0; j-- {
			caps[j] = addSat(caps[j+1], int64(s.count[list[j]]))
		}
		s.caps[i] = caps
	}
	s.room = make([]int64, nodes)
	s.measure(root, make([]bool, len(s.obs)))
	s.enum(root, bounds{}, func() bool { return found(s.stack) })
	return s.exceeded
}

// enum binds n in every way the bounds admit, calling k after each; it stops
// and returns true as soon as k does (or the step limit is reached).
func (s *search) enum(n *onode, b bounds, k func() bool) bool {
	if n.minNeed > s.room[n.id] {
		return false
	}
	switch n.kind {
	case oLeaf:
		return s.leaf(n.leaf, b, k)
	case oAnd:
		return s.all(n.kids, b, k)
	case oOr:
		for _, kid := range n.kids {
			if s.enum(kid, b, k) {
				return true
			}
		}
		return false
	case oFollowedBy:
		return s.followedBy(n.kids, len(s.stack), b, k)
	case oRepeats:
		if leaf, lb, spans, ok := unwrapLeaf(n.kids[0], b); ok {
			return s.takeLeaf(leaf, 0, n.times, lb, spans, k)
		}
		return s.repeats(n, 0, 0, 0, b, k)
	case oWithin:
		return s.within(n, b, k)
	case oStartStop:
		return s.enum(n.kids[0], b.withStartStop(n.start, n.stop), k)
	}
	return false
}

func (s *search) leaf(leaf int, b bounds, k func() bool) bool {
	limit, limited := s.firstLimit()
	for _, o := range s.cands[leaf] {
		if s.overLimit() {
			return true
		}
		if limited && limit.before(s.obs[o].first) {
			break // this and every later candidate starts after the window
		}
		if s.used[o] >= s.count[o] || !b.admits(&s.obs[o]) {
			continue
		}
		s.used[o]++
		s.stack = append(s.stack, o)
		if s.windowsHold() && k() {
			return true
		}
		s.stack = s.stack[:len(s.stack)-1]
		s.used[o]--
	}
	return false
}

// maxBound bounds how many observations one match may bind, and with it
// the depth of the search's recursion.
const maxBound = 10_000

// overLimit counts a step and reports whether the search must stop.
func (s *search) overLimit() bool {
	s.steps++
	if s.steps > s.maxSteps || len(s.stack) >= maxBound {
		s.exceeded = true
	}
	return s.exceeded
}

// measure works out room for n and below; mark is scratch space, zero
// between calls.
func (s *search) measure(n *onode, mark []bool) {
	for _, k := range n.kids {
		s.measure(k, mark)
	}
	var leaves []int
	collectLeaves(n, &leaves)
	var room int64
	for _, l := range leaves {
		for _, o := range s.cands[l] {
			if !mark[o] {
				mark[o] = true
				room = addSat(room, int64(s.count[o]))
			}
		}
	}
	for _, l := range leaves {
		for _, o := range s.cands[l] {
			mark[o] = false
		}
	}
	s.room[n.id] = room
}

func collectLeaves(n *onode, out *[]int) {
	if n.kind == oLeaf {
		*out = append(*out, n.leaf)
	}
	for _, k := range n.kids {
		collectLeaves(k, out)
	}
}

// windowsHold checks the active WITHIN qualifiers against what is bound.
// Binding more observations only widens the spread, so a failure prunes.
func (s *search) windowsHold() bool {
	for i := range s.wins {
		w := &s.wins[i]
		if w.active && !s.fits(s.stack[w.from:], w.span) {
			return false
		}
	}
	return true
}

// firstLimit returns the latest first_observed the active WITHIN windows
// admit for the next observation bound, if any window has bound one.
func (s *search) firstLimit() (instant, bool) {
	var limit instant
	limited := false
	for i := range s.wins {
		w := &s.wins[i]
		if !w.active || len(s.stack) == w.from {
			continue
		}
		minLast := s.obs[s.stack[w.from]].last
		for _, o := range s.stack[w.from+1:] {
			if s.obs[o].last.before(minLast) {
				minLast = s.obs[o].last
			}
		}
		if t := minLast.add(w.span); !limited || t.before(limit) {
			limit, limited = t, true
		}
	}
	return limit, limited
}

// fits reports whether the latest first_observed of the observations is at
// most d after their earliest last_observed.
func (s *search) fits(bound []int32, d instant) bool {
	if len(bound) == 0 {
		return true
	}
	maxFirst, minLast := s.obs[bound[0]].first, s.obs[bound[0]].last
	for _, o := range bound[1:] {
		if maxFirst.before(s.obs[o].first) {
			maxFirst = s.obs[o].first
		}
		if s.obs[o].last.before(minLast) {
			minLast = s.obs[o].last
		}
	}
	return !minLast.add(d).before(maxFirst)
}

// all binds every operand of AND.
func (s *search) all(kids []*onode, b bounds, k func() bool) bool {
	if len(kids) == 0 {
		return k()
	}
	return s.enum(kids[0], b, func() bool { return s.all(kids[1:], b, k) })
}

// followedBy binds the operands of FOLLOWEDBY in order, each after the
// latest first_observed of those before it (bound from stack position from).
func (s *search) followedBy(kids []*onode, from int, b bounds, k func() bool) bool {
	if len(kids) == 0 {
		return k()
	}
	kb := b
	if len(s.stack) > from {
		kb = b.withLastMin(s.latestFirst(s.stack[from:]))
	}
	return s.enum(kids[0], kb, func() bool { return s.followedBy(kids[1:], from, b, k) })
}

func (s *search) latestFirst(bound []int32) instant {
	t := s.obs[bound[0]].first
	for _, o := range bound[1:] {
		if t.before(s.obs[o].first) {
			t = s.obs[o].first
		}
	}
	return t
}

// repeats binds repetition i of n's operand; the previous one was bound at
// stack[prevFrom:prevTo]. Repetitions are bound in ascending order of their
// observations (as sequences), which any set of them can be sorted into.
func (s *search) repeats(n *onode, i int64, prevFrom, prevTo int, b bounds, k func() bool) bool {
	if i == n.times {
		return k()
	}
	from := len(s.stack)
	return s.enum(n.kids[0], b, func() bool {
		if i > 0 && slices.Compare(s.stack[from:], s.stack[prevFrom:prevTo]) < 0 {
			return false
		}
		return s.repeats(n, i+1, from, len(s.stack), b, k)
	})
}

// unwrapLeaf reports whether n is one observation expression under
// START/STOP and WITHIN qualifiers only, and returns it with the bounds
// and windows those put on each of its observations.
func unwrapLeaf(n *onode, b bounds) (leaf int, _ bounds, spans []instant, ok bool) {
	for {
		switch n.kind {
		case oLeaf:
			return n.leaf, b, spans, true
		case oStartStop:
			b = b.withStartStop(n.start, n.stop)
		case oWithin:
			spans = append(spans, n.span)
		default:
			return 0, b, nil, false
		}
		n = n.kids[0]
	}
}

// takeLeaf binds r more repetitions of one observation expression,
// choosing from its candidates i on how many instances of each to take, in
// candidate order so that each multiset is tried once, and as many as a
// candidate offers first: REPEATS 1000 TIMES on an observation seen 1000
// times is one step. spans are windows each observation must fit alone.
func (s *search) takeLeaf(leaf, i int, r int64, b bounds, spans []instant, k func() bool) bool {
	if r == 0 {
		return k()
	}
	list, caps := s.cands[leaf], s.caps[leaf]
	end := len(list)
	if limit, limited := s.firstLimit(); limited {
		// Candidates from end on start after an active window.
		end, _ = slices.BinarySearchFunc(list, limit, func(o int32, t instant) int {
			if t.before(s.obs[o].first) {
				return 1
			}
			return -1
		})
	}
	for ; i < end && caps[i]-caps[end] >= r; i++ {
		o := list[i]
		free := int64(s.count[o] - s.used[o])
		if free <= 0 || !b.admits(&s.obs[o]) || !s.fitsAlone(o, spans) {
			continue
		}
		s.stack = append(s.stack, o)
		if s.windowsHold() {
			for take := min(free, r); take > 0; take-- {
				if s.overLimit() {
					return true
				}
				s.used[o] += int32(take)
				stop := s.takeLeaf(leaf, i+1, r-take, b, spans, k)
				s.used[o] -= int32(take)
				if stop {
					return true
				}
			}
		}
		s.stack = s.stack[:len(s.stack)-1]
	}
	return false
}

func (s *search) fitsAlone(o int32, spans []instant) bool {
	for _, d := range spans {
		if !s.fits([]int32{o}, d) {
			return false
		}
	}
	return true
}

// within binds n's operand under a window that applies to its observations
// only: it is set aside while what follows is bound.
func (s *search) within(n *onode, b bounds, k func() bool) bool {
	idx := len(s.wins)
	s.wins = append(s.wins, window{from: len(s.stack), span: n.span, active: true})
	stop := s.enum(n.kids[0], b, func() bool {
		s.wins[idx].active = false
		r := k()
		s.wins[idx].active = true
		return r
	})
	if !stop {
		s.wins = s.wins[:idx]
	}
	return stop
}
