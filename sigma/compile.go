package sigma

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
)

// Options configures Compile.
type Options struct {
	// Placeholders are the values of the %name% placeholders of |expand
	// (names without the % signs); see LoadPlaceholders.
	Placeholders map[string][]string
}

// Engine is a set of compiled rules, built once and shared read-only.
type Engine struct {
	rules    []*Rule     // every rule Compile kept, in its order
	compiled []*compiled // the detection rules, by index
	groups   []group     // by distinct logsource
	fields   map[string]*fieldIndex
	kwMu     sync.Mutex
	kwSets   map[string]*fieldIndex // keyword automata by set of groups, see keywordIndex
	router   *Router
	opts     Options
	corr     []*corrRule
	pool     sync.Pool
}

// compiled is a detection rule ready to match.
type compiled struct {
	rule  *Rule
	root  *node
	group int32
}

// group is the rules of one logsource.
type group struct {
	ls       Logsource
	always   []int32   // rules that can match without a literal hit
	keywords []ruleLit // the keyword literals of its rules
	fields   []int32   // the fields in which its rules have literals
}

// fieldIndex finds the literals of one field in a value: by the whole
// value, at its start, at its end, and anywhere (the automaton); and, by
// literal, the rules it may make true.
type fieldIndex struct {
	id   int32
	eq   map[string]int32 // whole value → literal id
	pre  *anchorTrie
	suf  *anchorTrie
	ac   *acAuto
	acID []int32 // by automaton literal: the literal id
	refs [][]int32
	// merged is, for the keyword index of a set of groups, by field id:
	// the automaton of the field's and the keywords' literals, built the
	// first time a value of the field is scanned (see mergedWith).
	merged []atomic.Pointer[mergedAC]
}

// Rules returns the rules the engine holds: detection rules, then
// filters, then correlation rules, each in the order given.
func (e *Engine) Rules() []*Rule { return e.rules }

// Compile builds an Engine of the rules. A rule that cannot be compiled
// (a placeholder without values, a filter or correlation naming no rule)
// is rejected with the reason; the others are kept. Compile marks the
// rules a correlation refers to (Rule.Standalone).
func Compile(rules []*Rule, opts Options) (*Engine, []Rejected) {
	e := &Engine{fields: map[string]*fieldIndex{}, router: NewRouter(), opts: opts, kwSets: map[string]*fieldIndex{}}
	var rejected []Rejected
	reject := func(r *Rule, format string, args ...any) {
		line := r.line
		for _, a := range args {
			var le *lineError
			if err, ok := a.(error); ok && errors.As(err, &le) {
				line = le.line
			}
		}
		rejected = append(rejected, Rejected{Path: r.Path, Reason: fmt.Sprintf("%s:%d: rule %s: %s", r.Path, line, r, fmt.Sprintf(format, args...))})
	}
	var dets []*compiled
	var filters []*Rule
	for _, r := range rules {
		switch {
		case r.filter != nil:
			filters = append(filters, r)
		case r.detection != nil:
			root, err := expandTree(r.detection.root, opts.Placeholders)
			if err != nil {
				reject(r, "%v", err)
				continue
			}
			dets = append(dets, &compiled{rule: r, root: root})
		}
	}
	applyFilters(dets, filters, opts, reject)
	e.index(dets)
	for _, c := range dets {
		e.rules = append(e.rules, c.rule)
	}
	e.rules = append(e.rules, filterRules(filters)...)
	e.compileCorrelations(rules, reject)
	e.pool.New = func() any { return e.newScratch() }
	return e, rejected
}

func filterRules(filters []*Rule) []*Rule {
	var out []*Rule
	for _, f := range filters {
		if f.filter.detection.root != nil {
			out = append(out, f)
		}
	}
	return out
}

// applyFilters adds "and not filter" to the rules each filter names (by
// id, name or title) when the filter's logsource covers theirs.
func applyFilters(dets []*compiled, filters []*Rule, opts Options, reject func(*Rule, string, ...any)) {
	for _, f := range filters {
		froot, err := expandTree(f.filter.detection.root, opts.Placeholders)
		if err != nil {
			reject(f, "%v", err)
			continue
		}
		applied := false
		for _, ref := range f.filter.rules {
			for _, c := range dets {
				r := c.rule
				if (r.ID == ref || r.Name == ref) && lower(r.Logsource).Covers(lower(f.Logsource)) {
					c.root = &node{op: opAnd, kids: []*node{c.root, {op: opNot, kids: []*node{froot}}}}
					applied = true
				}
			}
		}
		if !applied {
			reject(f, "filter: none of the rules %s is loaded (with a logsource the filter's covers)", strings.Join(f.filter.rules, ", "))
		}
	}
}

func lower(ls Logsource) Logsource {
	return Logsource{strings.ToLower(ls.Product), strings.ToLower(ls.Category), strings.ToLower(ls.Service)}
}

// expandTree returns the tree with the placeholders of its items
// expanded, copying what it changes so the parsed rule stays as it was.
func expandTree(n *node, vars map[string][]string) (*node, error) {
	if n.op == opItem {
		if len(n.item.pending) == 0 {
			return n, nil
		}
		it := *n.item
		it.ms = append([]*matcher(nil), it.ms...)
		if err := it.expand(vars); err != nil {
			return nil, err
		}
		return &node{op: opItem, item: &it}, nil
	}
	out := &node{op: n.op, kids: make([]*node, len(n.kids))}
	changed := false
	for i, k := range n.kids {
		x, err := expandTree(k, vars)
		if err != nil {
			return nil, err
		}
		out.kids[i] = x
		changed = changed || x != k
	}
	if !changed {
		return n, nil
	}
	return out, nil
}
