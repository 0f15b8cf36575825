package access

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/accord-cti/accord/stix"
)

// seg is one step of a path into an object: a member key, or a list index
// when idx >= 0.
type seg struct {
	key string
	idx int
}

// parseSelector splits a granular marking selector (STIX 2.1 section
// 7.2.3.1: "description", "external_references.[0].source_name") into
// steps. A selector must start with a property name.
func parseSelector(sel string) ([]seg, error) {
	parts := strings.Split(sel, ".")
	path := make([]seg, 0, len(parts))
	for i, p := range parts {
		switch {
		case p == "":
			return nil, fmt.Errorf("selector %q: step %d is empty", sel, i+1)
		case p[0] == '[':
			n, err := strconv.Atoi(strings.TrimSuffix(p[1:], "]"))
			if i == 0 || !strings.HasSuffix(p, "]") || err != nil || n < 0 {
				return nil, fmt.Errorf("selector %q: step %d: %q is not a list index", sel, i+1, p)
			}
			path = append(path, seg{idx: n})
		default:
			path = append(path, seg{key: p, idx: -1})
		}
	}
	return path, nil
}

// formatSelector is the inverse of parseSelector.
func formatSelector(path []seg) string {
	var b strings.Builder
	for i, s := range path {
		if i > 0 {
			b.WriteByte('.')
		}
		if s.idx >= 0 {
			b.WriteString("[" + strconv.Itoa(s.idx) + "]")
		} else {
			b.WriteString(s.key)
		}
	}
	return b.String()
}

// node is a trie of the parts of an object to remove.
type node struct {
	all  bool // remove this value entirely
	kids map[seg]*node
}

// add marks path, relative to n, for removal.
func (n *node) add(path []seg) {
	for _, s := range path {
		if n.all {
			return
		}
		if n.kids == nil {
			n.kids = map[seg]*node{}
		}
		k := n.kids[s]
		if k == nil {
			k = &node{}
			n.kids[s] = k
		}
		n = k
	}
	n.all, n.kids = true, nil
}

// child returns the member or element of v that s names, or nil.
func child(v *stix.Value, s seg) *stix.Value {
	if s.idx < 0 {
		return v.Get(s.key)
	}
	if v.Kind == stix.Array && s.idx < len(v.Arr) {
		return v.Arr[s.idx]
	}
	return nil
}

// settle drops the steps of n that name nothing in v and marks for removal
// every list all of whose elements are removed: STIX lists are non-empty.
func (n *node) settle(v *stix.Value) {
	if n.all {
		return
	}
	removed := 0
	for s, k := range n.kids {
		c := child(v, s)
		if c == nil {
			delete(n.kids, s)
			continue
		}
		k.settle(c)
		if k.all && s.idx >= 0 {
			removed++
		}
	}
	if v.Kind == stix.Array && len(v.Arr) > 0 && removed == len(v.Arr) {
		n.all, n.kids = true, nil
	}
}

// apply returns v without what n marks, sharing the unchanged parts of v.
func (n *node) apply(v *stix.Value) *stix.Value {
	if n == nil || len(n.kids) == 0 {
		return v
	}
	switch v.Kind {
	case stix.Object:
		out := &stix.Value{Kind: stix.Object, Obj: make([]stix.Member, 0, len(v.Obj))}
		for _, m := range v.Obj {
			k := n.kids[seg{key: m.Key, idx: -1}]
			if k == nil || !k.all {
				out.Obj = append(out.Obj, stix.Member{Key: m.Key, Value: k.apply(m.Value)})
			}
		}
		return out
	case stix.Array:
		out := &stix.Value{Kind: stix.Array, Arr: make([]*stix.Value, 0, len(v.Arr))}
		for i, e := range v.Arr {
			k := n.kids[seg{idx: i}]
			if k == nil || !k.all {
				out.Arr = append(out.Arr, k.apply(e))
			}
		}
		return out
	}
	return v
}

// rewrite maps a path of the original object to the same content after
// apply: list indices shift down past removed elements. ok is false when
// the content is removed.
func (n *node) rewrite(path []seg) (out []seg, ok bool) {
	out = append([]seg(nil), path...)
	for i, s := range path {
		if n == nil {
			break
		}
		if s.idx >= 0 {
			out[i].idx -= n.removedBefore(s.idx)
		}
		n = n.kids[s]
		if n != nil && n.all {
			return nil, false
		}
	}
	return out, true
}

func (n *node) removedBefore(idx int) int {
	c := 0
	for s, k := range n.kids {
		if s.idx >= 0 && s.idx < idx && k.all {
			c++
		}
	}
	return c
}
