package sigma

import (
	"maps"
	"slices"
)

// index groups the rules by logsource and gathers their literals, per
// field, into one automaton each.
func (e *Engine) index(dets []*compiled) {
	groupOf := map[Logsource]int32{}
	builders := map[string]*fieldBuilder{}
	fieldGroups := map[string][]int32{} // field → the groups with literals in it
	shared := sharedLiterals(dets)
	for i, c := range dets {
		ls := lower(c.rule.Logsource)
		g, ok := groupOf[ls]
		if !ok {
			g = int32(len(e.groups))
			groupOf[ls] = g
			e.groups = append(e.groups, group{ls: ls})
		}
		c.group = g
		e.compiled = append(e.compiled, c)
		keep := prefilterItems(c.root, shared)
		if keep == nil {
			e.groups[g].always = append(e.groups[g].always, int32(i))
			continue
		}
		for _, fl := range ruleLiterals(c.root, keep, nil) {
			if fl.field == "" { // keywords: by group, see keywordIndex
				e.groups[g].keywords = append(e.groups[g].keywords, ruleLit{fl, int32(i)})
				continue
			}
			b := builders[fl.field]
			if b == nil {
				b = newFieldBuilder()
				builders[fl.field] = b
			}
			b.add(fl, int32(i))
			fieldGroups[fl.field] = append(fieldGroups[fl.field], g)
		}
	}
	e.buildFields(builders, fieldGroups)
}

func (e *Engine) buildFields(builders map[string]*fieldBuilder, fieldGroups map[string][]int32) {
	for _, f := range slices.Sorted(maps.Keys(builders)) {
		fi := builders[f].build()
		fi.id = int32(len(e.fields))
		e.fields[f] = fi
		for _, g := range fieldGroups[f] {
			if gf := e.groups[g].fields; len(gf) == 0 || gf[len(gf)-1] != fi.id {
				e.groups[g].fields = append(gf, fi.id)
			}
		}
	}
}

// sharedLiterals counts, for each field and literal, the rules whose
// items need it: a literal many rules share is a common value, a poor
// prefilter.
func sharedLiterals(dets []*compiled) map[fieldLit]int {
	n := map[fieldLit]int{}
	for _, c := range dets {
		seen := map[fieldLit]bool{}
		for _, fl := range ruleLiterals(c.root, nil, nil) {
			if !seen[fl] {
				seen[fl] = true
				n[fl]++
			}
		}
	}
	return n
}

// prefilterItems chooses the literal-backed items of a rule whose
// literals are its prefilter: starting from all of them, it drops the
// poorest (keyword items, that scan the whole event; then those whose
// literals most rules share; then the shortest) while the rule still
// cannot match with the kept items false. It returns nil when the rule
// can match without any literal.
func prefilterItems(root *node, shared map[fieldLit]int) map[*item]bool {
	keep := map[*item]bool{}
	var items []*item
	walkTree(root, func(it *item) {
		if it.literalBacked() && !keep[it] {
			keep[it] = true
			items = append(items, it)
		}
	})
	if eval3(root, keep) != f3False {
		return nil
	}
	cost := func(it *item) (bool, int, int) {
		most, shortest := 0, 1<<30
		for _, fl := range ruleLiterals(&node{op: opItem, item: it}, nil, nil) {
			most = max(most, shared[fl])
			shortest = min(shortest, len(fl.lit))
		}
		return it.field == "", most, -shortest
	}
	slices.SortStableFunc(items, func(a, b *item) int {
		ka, ma, sa := cost(a)
		kb, mb, sb := cost(b)
		switch {
		case ka != kb:
			if ka {
				return -1
			}
			return 1
		case ma != mb:
			return mb - ma
		}
		return sb - sa
	})
	for _, it := range items {
		delete(keep, it)
		if eval3(root, keep) != f3False {
			keep[it] = true
		}
	}
	return keep
}

func walkTree(n *node, f func(*item)) {
	if n.op == opItem {
		f(n.item)
		return
	}
	for _, k := range n.kids {
		walkTree(k, f)
	}
}

// fieldLit is a literal one of a rule's items needs in a field ("" for
// the event's text), where anchor says.
type fieldLit struct {
	field, lit string
	anchor     anchor
}

// ruleLiterals gathers the prefilter literals of the literal-backed items
// of a tree (those in keep, unless keep is nil): one per value for an item
// of any value, the longest of them for an item of all values.
func ruleLiterals(n *node, keep map[*item]bool, dst []fieldLit) []fieldLit {
	if n.op != opItem {
		for _, k := range n.kids {
			dst = ruleLiterals(k, keep, dst)
		}
		return dst
	}
	it := n.item
	if !it.literalBacked() || keep != nil && !keep[it] {
		return dst
	}
	if it.all {
		best := it.bestGroup()
		for _, m := range it.ms {
			if m.group == best {
				for _, l := range m.lits {
					dst = append(dst, fieldLit{it.field, l, m.anchor})
				}
			}
		}
		return dst
	}
	for _, m := range it.ms {
		for _, l := range m.lits {
			dst = append(dst, fieldLit{it.field, l, m.anchor})
		}
	}
	return dst
}

// bestGroup returns, of an item of all values, the group (value) whose
// matchers all have literals, the shortest of them longest; -1 if none.
func (it *item) bestGroup() int32 {
	best, score := int32(-1), 0
	for k := 0; k < len(it.ms); {
		g, shortest := it.ms[k].group, 1<<30
		for ; k < len(it.ms) && it.ms[k].group == g; k++ {
			if !it.ms[k].literal() {
				shortest = 0
			}
			shortest = min(shortest, it.ms[k].shortest())
		}
		if shortest > score {
			best, score = g, shortest
		}
	}
	return best
}

// literalBacked reports whether the item can be true only when one of its
// literals is in its field: it is then false for an event where the
// automaton found none.
func (it *item) literalBacked() bool {
	if it.neq || len(it.ms) == 0 || len(it.pending) > 0 {
		return false
	}
	if it.all {
		return it.bestGroup() >= 0
	}
	for _, m := range it.ms {
		if !m.literal() {
			return false
		}
	}
	return true
}

// f3 is a truth value of three: false, unknown, true.
type f3 uint8

const (
	f3False f3 = iota
	f3Unknown
	f3True
)

// eval3 evaluates a tree with the items of false (literal-backed items
// whose literals were not found) false and the others unknown: if the
// result is false, the rule cannot match an event in which none of those
// items' literals was found.
func eval3(n *node, false_ map[*item]bool) f3 {
	switch n.op {
	case opItem:
		if false_[n.item] {
			return f3False
		}
		return f3Unknown
	case opNot:
		return f3True - eval3(n.kids[0], false_)
	case opAnd:
		v := f3True
		for _, k := range n.kids {
			v = min(v, eval3(k, false_))
		}
		return v
	}
	v := f3False
	for _, k := range n.kids {
		v = max(v, eval3(k, false_))
	}
	return v
}
