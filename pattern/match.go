package pattern

import (
	"slices"
	"strconv"
	"strings"

	"github.com/accord-cti/accord"
)

// ErrLimit is returned by Match, MatchObserved and MatchEvents when the
// search for a match across observations reached Options.MaxSteps without
// finding one: whether the pattern matches is unknown. Its code is
// accord.EINVALID (the input is too costly to match).
var ErrLimit error = limitError{}

type limitError struct{}

func (limitError) Error() string {
	return "pattern: the search for a match reached its step limit; whether the pattern matches is unknown"
}

func (limitError) ErrorCode() string { return accord.EINVALID }

// Match reports whether the observations match the pattern (STIX 2.1
// section 9), with the default Options. Each binding lists the ids of the
// observed-data objects of one match, in the order of observations; at most
// Options.MaxBindings distinct bindings are returned. A pattern that cannot
// be compiled fails with accord.EINVALID, a search past the step limit with
// ErrLimit.
func Match(p *Pattern, observations []*Observed) (matched bool, bindings [][]string, err error) {
	c, err := Compile(p)
	if err != nil {
		return false, nil, err
	}
	return c.MatchObserved(observations)
}

// MatchObserved is Match with a compiled pattern.
func (c *Compiled) MatchObserved(observations []*Observed) (bool, [][]string, error) {
	spans := make([]span, len(observations))
	counts := make([]int32, len(observations))
	for i, o := range observations {
		spans[i] = span{first: instantOf(o.First), last: instantOf(o.Last)}
		counts[i] = clampCount(o.Count)
	}
	found, err := c.bind(spans, counts, func(leaf, i int) bool {
		return c.leaves[leaf].holdsOn(observations[i])
	})
	if len(found) == 0 {
		return false, nil, err
	}
	bindings := make([][]string, len(found))
	for i, b := range found {
		for _, o := range b {
			bindings[i] = append(bindings[i], observations[o].ID)
		}
	}
	return true, bindings, err
}

// MatchEvents reports whether the events, taken together as observations,
// match the pattern: the multi-observation counterpart of Compiled.Match
// for a hunt that gathers the events its observation expressions hold on.
// Bindings list indexes into events.
func (c *Compiled) MatchEvents(events []*Event) (bool, [][]int, error) {
	spans := make([]span, len(events))
	counts := make([]int32, len(events))
	for i, ev := range events {
		spans[i] = span{first: instantOf(ev.First), last: instantOf(ev.Last)}
		counts[i] = clampCount(ev.Count)
	}
	found, err := c.bind(spans, counts, func(leaf, i int) bool {
		return c.leaves[leaf].evalEvent(events[i]) != 0
	})
	return len(found) > 0, found, err
}

func clampCount(n int) int32 {
	switch {
	case n < 1:
		return 1
	case n > 1<<30:
		return 1 << 30
	}
	return int32(n)
}

// bind runs the search over observations with the given times and counts,
// where holds(leaf, i) says whether observation expression leaf holds on
// observation i. It returns the distinct sets of observations (indexes in
// ascending order) of up to MaxBindings matches.
func (c *Compiled) bind(spans []span, counts []int32, holds func(leaf, i int) bool) ([][]int, error) {
	order := make([]int, len(spans))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := spans[a].first.cmp(spans[b].first); c != 0 {
			return c
		}
		return spans[a].last.cmp(spans[b].last)
	})
	s := &search{maxSteps: c.opts.MaxSteps, cands: make([][]int32, len(c.leaves))}
	for _, o := range order {
		s.obs = append(s.obs, spans[o])
		s.count = append(s.count, counts[o])
	}
	for leaf := range c.leaves {
		for i, o := range order {
			if holds(leaf, o) {
				s.cands[leaf] = append(s.cands[leaf], int32(i))
			}
		}
	}
	var found [][]int
	seen := map[string]bool{}
	exceeded := s.run(c.root, c.nodes, func(bound []int32) bool {
		b := make([]int, 0, len(bound))
		for _, i := range bound {
			b = append(b, order[i])
		}
		slices.Sort(b)
		b = slices.Compact(b)
		if k := bindingKey(b); !seen[k] {
			seen[k] = true
			found = append(found, b)
		}
		return len(found) >= c.opts.MaxBindings
	})
	slices.SortFunc(found, slices.Compare[[]int])
	if exceeded && len(found) == 0 {
		return nil, ErrLimit
	}
	return found, nil
}

func bindingKey(b []int) string {
	var sb strings.Builder
	for _, i := range b {
		sb.WriteString(strconv.Itoa(i))
		sb.WriteByte(',')
	}
	return sb.String()
}
