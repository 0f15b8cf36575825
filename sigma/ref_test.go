package sigma

import (
	"net/netip"
	"strings"
	"testing"
	"unicode/utf8"
)

// The reference evaluator: every rule, one at a time, straight from its
// parsed tree, with its own matching of string values (a Go regexp made
// of the Sigma wildcards). The engine must agree with it.

// refMatch returns the rules (of rules) that match ev, in order.
func refMatch(rules []*Rule, ev *Event, vars map[string][]string) []*Rule {
	var routed Routed
	NewRouter().Route(ev, &routed)
	var out []*Rule
	for _, r := range rules {
		if r.detection == nil || !routed.Covers(lower(r.Logsource)) {
			continue
		}
		root, err := expandTree(r.detection.root, vars)
		if err == nil && refEval(root, ev, routed.Attrs) {
			out = append(out, r)
		}
	}
	return out
}

func refEval(n *node, ev *Event, attrs []Attr) bool {
	switch n.op {
	case opAnd:
		for _, k := range n.kids {
			if !refEval(k, ev, attrs) {
				return false
			}
		}
		return true
	case opOr:
		for _, k := range n.kids {
			if refEval(k, ev, attrs) {
				return true
			}
		}
		return false
	case opNot:
		return !refEval(n.kids[0], ev, attrs)
	}
	return refItem(n.item, ev, attrs)
}

func refItem(it *item, ev *Event, attrs []Attr) bool {
	var vals []string
	present := false
	if it.field == "" { // keywords: the event's own values, else its text
		if len(ev.Attrs) == 0 && len(ev.Raw) > 0 {
			vals = []string{string(ev.Raw)}
		}
		for _, a := range attrs[:len(ev.Attrs)] {
			vals = append(vals, string(a.Value))
		}
	} else {
		for _, a := range attrs {
			if a.Name == it.field {
				vals, present = append(vals, string(a.Value)), true
			}
		}
	}
	// matched[g]: whether a value of group g matched.
	matched := map[int32]bool{}
	for _, m := range it.ms {
		matched[m.group] = matched[m.group] || refValue(m, vals, present, attrs)
	}
	n := 0
	for _, ok := range matched {
		if ok {
			n++
		}
	}
	switch {
	case it.neq:
		return n == 0
	case it.all:
		return n == len(matched)
	}
	return n > 0
}

func refValue(m *matcher, vals []string, present bool, attrs []Attr) bool {
	switch m.kind {
	case mExists:
		return present == m.want
	case mNull:
		for _, v := range vals {
			if v == "" {
				return true
			}
		}
		return !present
	}
	for _, v := range vals {
		if refOne(m, v, attrs) {
			return true
		}
	}
	return false
}

func refOne(m *matcher, v string, attrs []Attr) bool {
	switch m.kind {
	case mRegex:
		if m.re != nil {
			return m.re.MatchString(v)
		}
		ok, err := m.re2.MatchString(v)
		return err == nil && ok
	case mCIDR:
		a, err := netip.ParseAddr(v)
		return err == nil && m.net.Contains(a.Unmap())
	case mNum:
		x, ok := parseNum([]byte(v))
		return ok && map[string]bool{"lt": x < m.num, "lte": x <= m.num, "gt": x > m.num, "gte": x >= m.num}[m.op]
	case mFieldRef:
		for _, a := range attrs {
			if a.Name == m.ref && (string(a.Value) == v || !m.cased && refLower(string(a.Value)) == refLower(v)) {
				return true
			}
		}
		return false
	}
	if !m.cased {
		v = refLower(v)
	}
	return refGlob(m.glob, v)
}

func refLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// refGlob matches v against a Sigma value by dynamic programming over
// (piece, offset): * any run of bytes, ? one UTF-8 character (or invalid
// byte).
func refGlob(g sstr, v string) bool {
	// ok[j] is whether g[i:] matches v[j:], for i from the end.
	ok := make([]bool, len(v)+1)
	ok[len(v)] = true
	for i := len(g) - 1; i >= 0; i-- {
		next := make([]bool, len(v)+1)
		for j := len(v); j >= 0; j-- {
			switch g[i].kind {
			case segLit:
				next[j] = strings.HasPrefix(v[j:], g[i].s) && ok[j+len(g[i].s)]
			case segOne:
				if j < len(v) {
					_, n := utf8.DecodeRuneInString(v[j:])
					next[j] = ok[j+n]
				}
			default: // *: empty, or one byte more
				next[j] = ok[j] || j < len(v) && next[j+1]
			}
		}
		ok = next
	}
	return ok[0]
}

// engineMatch returns the rules the engine reports for ev.
func engineMatch(e *Engine, ev *Event) []*Rule {
	var out []*Rule
	e.Match(ev, func(h Hit) { out = append(out, h.Rule) })
	return out
}

// checkAgree fails when the engine and the reference disagree on ev.
func checkAgree(t *testing.T, e *Engine, rules []*Rule, ev *Event, vars map[string][]string) {
	t.Helper()
	got, want := engineMatch(e, ev), refMatch(rules, ev, vars)
	if len(got) != len(want) {
		t.Fatalf("event %s: engine matched %v, reference %v", describe(ev), titles(got), titles(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("event %s: engine matched %v, reference %v", describe(ev), titles(got), titles(want))
		}
	}
}

func titles(rules []*Rule) []string {
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = r.Title
	}
	return out
}

func describe(ev *Event) string {
	var b strings.Builder
	for _, a := range ev.Attrs {
		b.WriteString(a.Name + "=" + string(a.Value) + "; ")
	}
	return b.String()
}
