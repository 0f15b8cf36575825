package sweep

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWebShellRules runs accord's rules on each shell sample and benign
// page: each shell fires exactly its rules, with evidence on the right
// line; no benign page fires.
func TestWebShellRules(t *testing.T) {
	t.Parallel()
	s, err := NewContentScanner(WebShellRules())
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range shellSamples {
		var got []string
		for _, h := range s.Scan([]byte(text), int64(len(text))) {
			got = append(got, h.Rule.Name)
			if h.Offset < 0 || h.Offset >= int64(len(text)) || !strings.EqualFold(text[h.Offset:h.Offset+int64(len(h.Text))], h.Text) {
				t.Errorf("%s: %s: evidence %q is not at offset %d", name, h.Rule.Name, h.Text, h.Offset)
			}
			if want := strings.Count(text[:h.Offset], "\n") + 1; h.Line != want {
				t.Errorf("%s: %s: line %d, want %d", name, h.Rule.Name, h.Line, want)
			}
		}
		slices.Sort(got)
		if diff := cmp.Diff(shellRules[name], got); diff != "" {
			t.Errorf("%s: rules (-want +got):\n%s", name, diff)
		}
	}
	for name, text := range benignSamples {
		if hits := s.Scan([]byte(text), int64(len(text))); len(hits) > 0 {
			t.Errorf("benign %s fired %v", name, hits)
		}
	}
}

// TestContentRuleConditions checks each condition of a rule on its own:
// case-insensitivity, AtStart, MinAny, MaxSize, and where the evidence is.
func TestContentRuleConditions(t *testing.T) {
	t.Parallel()
	rules := []ContentRule{
		{Name: "all", All: []string{"Alpha", "beta"}},
		{Name: "any2", Any: []string{"one", "two", "three"}, MinAny: 2},
		{Name: "start", AtStart: "<%@ Page"},
		{Name: "small", All: []string{"tiny"}, MaxSize: 10},
		{Name: "re", All: []string{"x"}, Regex: `x\d+`},
	}
	s, err := NewContentScanner(rules)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		size int64
		want []string // rule@line:evidence
	}{
		{"ALPHA and\nBETA", 15, []string{"all@1:ALPHA"}},
		{"alpha only", 10, nil},
		{"one\ntwo", 7, []string{"any2@1:one"}},
		{"one one one", 11, nil},
		{"<%@ PAGE x", 10, []string{"start@1:<%@ PAGE"}},
		{" <%@ Page", 9, nil},
		{"tiny", 4, []string{"small@1:tiny"}},
		{"tiny", 11, nil},
		{"x\nx\nX42", 7, []string{"re@3:X42"}},
	}
	for _, tt := range tests {
		var got []string
		for _, h := range s.Scan([]byte(tt.text), tt.size) {
			got = append(got, h.Rule.Name+"@"+strconv.Itoa(h.Line)+":"+h.Text)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%q: (-want +got):\n%s", tt.text, diff)
		}
	}
}

// TestContentRuleErrors: a rule without a condition, with a bad regex or
// an impossible MinAny is refused, named.
func TestContentRuleErrors(t *testing.T) {
	t.Parallel()
	for _, r := range []ContentRule{
		{Name: "empty"},
		{Name: "badre", Regex: "("},
		{Name: "minany", Any: []string{"a"}, MinAny: 2},
		{All: []string{"x"}},
	} {
		if _, err := NewContentScanner([]ContentRule{r}); err == nil || !strings.Contains(err.Error(), "content rule") {
			t.Errorf("rule %+v: error %v", r, err)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
