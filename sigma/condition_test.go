package sigma

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestConditions checks the condition grammar (spec: or < and < not < x of
// < parentheses) on a rule of four selections a1, a2, b, _c, each true
// when the event has its field set to "1".
func TestConditions(t *testing.T) {
	det := "a1:\n  A1: 1\na2:\n  A2: 1\nb:\n  B: 1\n_c:\n  C: 1\ncondition: "
	tests := []struct {
		cond string
		yes  [][]string // the fields set for events that match
		no   [][]string
	}{
		{"a1 or b and a2", [][]string{{"A1"}, {"B", "A2"}}, [][]string{{"B"}, {"A2"}}},
		{"(a1 or b) and a2", [][]string{{"A1", "A2"}, {"B", "A2"}}, [][]string{{"A1"}, {"B"}}},
		{"not a1 and b", [][]string{{"B"}}, [][]string{{"A1", "B"}, {}}},
		{"not (a1 and b)", [][]string{{"A1"}, {}}, [][]string{{"A1", "B"}}},
		{"not not a1", [][]string{{"A1"}}, [][]string{{}}},
		{"1 of a*", [][]string{{"A1"}, {"A2"}}, [][]string{{"B"}}},
		{"all of a*", [][]string{{"A1", "A2"}}, [][]string{{"A1"}}},
		{"1 of them", [][]string{{"B"}, {"A2"}}, [][]string{{"C"}, {}}},
		{"all of them", [][]string{{"A1", "A2", "B"}}, [][]string{{"A1", "A2", "C"}}},
		{"1 of a* and not 1 of b*", [][]string{{"A1"}}, [][]string{{"A1", "B"}}},
		{"_c AND NOT b", [][]string{{"C"}}, [][]string{{"C", "B"}}},
		{"any of a*", [][]string{{"A1", "A2"}}, [][]string{{"A1"}}},
	}
	for _, tt := range tests {
		e, rules := compileYAML(t, oneRule("R", det+"'"+tt.cond+"'"), Options{})
		for want, sets := range [][][]string{tt.no, tt.yes} {
			for _, set := range sets {
				var kv []string
				for _, f := range set {
					kv = append(kv, f, "1")
				}
				if got := len(hitTitles(t, e, rules, event(SourceOther, kv...))); got != want {
					t.Errorf("%q with %v: %d hits, want %d", tt.cond, set, got, want)
				}
			}
		}
	}
	// A list of conditions is or-ed.
	e, rules := compileYAML(t, oneRule("R", "a:\n  A: 1\nb:\n  B: 1\ncondition:\n  - a\n  - b"), Options{})
	if got := len(hitTitles(t, e, rules, event(SourceOther, "B", "1"))); got != 1 {
		t.Errorf("condition list: %d hits, want 1", got)
	}
}

// TestConditionErrors checks that bad conditions say where.
func TestConditionErrors(t *testing.T) {
	tests := []struct{ cond, want string }{
		{"a and", "column 6: unexpected end"},
		{"(a or b", "column 1: ( is not closed"},
		{"a b", `column 3: unexpected "b"`},
		{"1 a", `column 1: expected "of" after 1`},
		{"a | count() > 5", "column 3: aggregations"},
		{"and a", `column 1: unexpected "and"`},
		{"", "empty"},
		{strings.Repeat("(", 200) + "a" + strings.Repeat(")", 200), "nested more than"},
	}
	for _, tt := range tests {
		_, err := parseCondition(tt.cond)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parseCondition(%q) = %v, want %q", tt.cond, err, tt.want)
		}
	}
	// Identifiers are checked against the searches, with the rule's line.
	_, err := Parse("x.yml", []byte(oneRule("R", "a:\n  A: 1\ncondition: a and nope")))
	if err == nil || !strings.Contains(err.Error(), `x.yml:6: rule "R": condition: column 7: no search identifier "nope"`) {
		t.Errorf("unknown identifier: %v", err)
	}
}

// TestParseErrors checks that a bad document is rejected with its file,
// line and rule, and that the good documents of the file still load.
func TestParseErrors(t *testing.T) {
	tests := []struct{ text, want string }{
		{"title: x\nlogsource: {}\ndetection:\n    sel:\n        A|frob: 1\n    condition: sel\n", `f.yml:5: rule "x": A|frob: unknown modifier "frob"`},
		{"title: x\nlogsource: {}\ndetection:\n    sel:\n        A|minute: 1\n    condition: sel\n", `time modifier minute is not supported`},
		{"title: x\nlogsource: {}\ndetection:\n    sel:\n        A: 1\n", `f.yml:4: rule "x": detection has no condition`},
		{"logsource: {}\ndetection:\n    sel:\n        A: 1\n    condition: sel\n", `f.yml:1: no title`},
		{"title: x\nid: 1-2\nlogsource: {}\ndetection:\n    sel:\n        A|re: '(('\n    condition: sel\n", `f.yml:6: rule "x" (1-2): A|re: regular expression "(("`},
		{"title: x\nlogsource: {}\ndetection:\n    sel:\n        A|cidr: 10.0.0.0/33\n    condition: sel\n", `cidr "10.0.0.0/33"`},
		{"title: [x\n", `f.yml:1: `},
		{"title: x\nlogsource: {}\ndetection:\n    sel:\n        - a\n        - A: 1\n    condition: sel\n", `mixes keywords and mappings`},
		{"title: x\nlogsource: {}\ndetection:\n    sel:\n        A|base64: 'a*'\n    condition: sel\n", `has wildcards`},
		{"title: x\nlogsource: {}\ndetection:\n    sel:\n        A|exists: maybe\n    condition: sel\n", `exists takes true or false`},
		{"title: x\nlogsource: {}\ndetection:\n    sel:\n    -\n    condition: sel\n", `f.yml:5: rule "x": keywords: a keyword is text, not null`},
	}
	for _, tt := range tests {
		_, err := Parse("f.yml", []byte(tt.text))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want %q", tt.text, err, tt.want)
		}
	}
	text := oneRule("good", "a:\n  A: 1\ncondition: a") + "---\n" + "title: bad\nlogsource: {}\n\ndetection:\n  condition: x\n---\n" + oneRule("good2", "a:\n  A: 1\ncondition: a")
	rules, err := Parse("m.yml", []byte(text))
	if diff := cmp.Diff([]string{"good", "good2"}, titles(rules)); diff != "" {
		t.Errorf("multi-document (-want +got):\n%s", diff)
	}
	if err == nil || !strings.Contains(err.Error(), `m.yml:12: rule "bad": condition: column 1: no search identifier "x"`) {
		t.Errorf("multi-document error = %v", err)
	}
	if got := string(rules[1].Text); !strings.HasPrefix(got, "title: good2\n") {
		t.Errorf("second rule's text = %q", got)
	}
}
