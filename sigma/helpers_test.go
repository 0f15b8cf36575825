package sigma

import (
	"strings"
	"testing"
)

// compileYAML parses and compiles rules written in a test.
func compileYAML(t *testing.T, text string, opts Options) (*Engine, []*Rule) {
	t.Helper()
	rules, err := Parse("test.yml", []byte(text))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	e, rejected := Compile(rules, opts)
	if len(rejected) > 0 {
		t.Fatalf("Compile rejected: %v", rejected)
	}
	return e, rules
}

// event makes an event of the given source from name, value pairs.
func event(src Source, kv ...string) *Event {
	ev := &Event{Source: src}
	for i := 0; i+1 < len(kv); i += 2 {
		ev.Attrs = append(ev.Attrs, Attr{Name: kv[i], Value: []byte(kv[i+1])})
	}
	return ev
}

// hitTitles returns the titles of the rules that match ev, checking that
// the reference evaluator agrees.
func hitTitles(t *testing.T, e *Engine, rules []*Rule, ev *Event) []string {
	t.Helper()
	checkAgree(t, e, rules, ev, e.opts.Placeholders)
	return titles(engineMatch(e, ev))
}

// oneRule writes a rule without logsource restriction around a detection.
func oneRule(title, detection string) string {
	return "title: " + title + "\nlogsource: {}\ndetection:\n" + indent(detection) + "\n"
}

func indent(s string) string {
	lines := strings.Split(strings.Trim(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = "    " + l
	}
	return strings.Join(lines, "\n")
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// compiledRules returns the engine's detection rules.
func (e *Engine) compiledRules() []*Rule {
	out := make([]*Rule, len(e.compiled))
	for i, c := range e.compiled {
		out[i] = c.rule
	}
	return out
}
