package sigma

import (
	"strings"
	"testing"
)

// FuzzParse: any bytes give rules or an error that says where, never a
// panic; what parses compiles, and matches an event without panicking.
func FuzzParse(f *testing.F) {
	f.Add([]byte(oneRule("R", "sel:\n  Image|endswith: '\\cmd.exe'\n  CommandLine|contains|all:\n    - a\n    - b\ncondition: sel and not 1 of f*\nf1:\n  X|re: 'a+'")))
	f.Add([]byte("title: c\ncorrelation:\n  type: event_count\n  rules: [x]\n  group-by: [User]\n  timespan: 1h\n  condition: {gte: 2}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rules, err := Parse("f.yml", data)
		if err != nil && !strings.HasPrefix(err.Error(), "f.yml:") {
			t.Fatalf("error does not say where: %v", err)
		}
		e, _ := Compile(rules, Options{})
		for _, r := range rules {
			if r.IsFilter() { // the reference knows no filters
				return
			}
		}
		ev := event(SourceOther, "Image", `C:\cmd.exe`, "CommandLine", "a b", "X", "aaa")
		ev.Raw = []byte("a b aaa")
		checkAgree(t, e, e.compiledRules(), ev, nil)
	})
}

// FuzzCondition: any condition parses or fails with a column, never
// panics; one that parses resolves over searches of any name.
func FuzzCondition(f *testing.F) {
	for _, s := range []string{"a and not b", "1 of sel* and not all of filter_*", "(a or (b and c))", "all of them", "not not a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := parseCondition(s)
		if err != nil {
			if !strings.Contains(err.Error(), "column ") && err.Error() != "empty" {
				t.Fatalf("%q: error without a column: %v", s, err)
			}
			return
		}
		d := &detection{searches: map[string]*node{}}
		var walk func(*cnode)
		walk = func(n *cnode) {
			if n.op == cIdent {
				d.searches[n.name] = &node{op: opItem, item: &item{field: n.name}}
				d.order = append(d.order, n.name)
			}
			for _, k := range n.kids {
				walk(k)
			}
		}
		walk(c)
		d.conds = []*cnode{c}
		d.resolve() // 1 of x* may name nothing: an error, not a panic
	})
}

// FuzzMatch: on any event (a field and a value), the engine with a set of
// rules of every kind of value agrees with the reference evaluator.
func FuzzMatch(f *testing.F) {
	text := oneRule("glob", "sel:\n  A:\n    - 'ab?d*ef'\n    - '*x\\*y'\n    - 'pre*'\n    - '*suf'\n  B|contains|all: [one, two]\ncondition: sel") + "---\n" +
		oneRule("not", "sel:\n  A|startswith: 'q'\nflt:\n  B: null\ncondition: sel and not flt") + "---\n" +
		oneRule("any", "sel:\n  A|re: '^[0-9]+$'\ncondition: sel") + "---\n" +
		oneRule("kw", "kw:\n  - 'evil'\n  - 'x?z'\ncondition: kw") + "---\n" +
		oneRule("num", "sel:\n  A|gt: 10\n  B|cidr: 10.0.0.0/8\ncondition: sel") + "---\n" +
		oneRule("dash", "sel:\n  A|windash|contains: ' -enc'\n  B|base64offset|contains: 'ping'\ncondition: sel or not sel")
	rules, err := Parse("f.yml", []byte(text))
	if err != nil {
		f.Fatal(err)
	}
	e, rej := Compile(rules, Options{})
	if len(rej) > 0 {
		f.Fatal(rej)
	}
	for _, s := range []string{"abcdef", "abXdYYef", "zzx*y", "prefix", "a suf", "one two", "q", "123", "evil", "xyz", " /enc", "11", "10.1.1.1", "cGluZw"} {
		f.Add("A", s, "B", s)
	}
	f.Fuzz(func(t *testing.T, n1, v1, n2, v2 string) {
		ev := event(SourceOther, n1, v1, n2, v2)
		checkAgree(t, e, rules, ev, nil)
		ev.Raw = []byte(v1 + v2)
		checkAgree(t, e, rules, ev, nil)
	})
}

// TestKeywordModifiers checks the modifiers keywords (which have no field)
// refuse.
func TestKeywordModifiers(t *testing.T) {
	for _, mods := range []string{"|neq", "|exists", "|fieldref"} {
		_, err := Parse("k.yml", []byte(oneRule("R", "kw:\n  '"+mods+"': x\ncondition: kw")))
		if err == nil || !strings.Contains(err.Error(), "keywords have none") {
			t.Errorf("%s on keywords: %v", mods, err)
		}
	}
}
