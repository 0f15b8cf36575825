package sigma

import (
	"math/rand"
	"strings"
	"testing"
)

// TestEngineAgreesOnRuleValues builds, from every SigmaHQ rule, an event of
// the values its items look for, and checks that the compiled engine and
// the reference evaluator find the same rules on it (the rules'
// logsources cleared, so that every rule is tried on every event).
func TestEngineAgreesOnRuleValues(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: every rule against events of every tenth rule")
	}
	rules := unrestricted(sharedRules(t, nil))
	e, rejected := Compile(rules, Options{Placeholders: map[string][]string{"known_cdcs": {"dc1"}}})
	if len(rejected) > 0 {
		t.Fatal(rejected)
	}
	rng := rand.New(rand.NewSource(1))
	hits := 0
	for i := 0; i < len(rules); i += 10 {
		ev := ruleEvent(rules[i], rng)
		checkAgree(t, e, rules, ev, e.opts.Placeholders)
		hits += len(engineMatch(e, ev))
	}
	if hits < len(rules)/20 {
		t.Errorf("only %d hits on %d events built from the rules: the events are not what the rules look for", hits, len(rules)/10)
	}
}

// TestEngineAgreesOnOTRF checks the engine against the reference on the
// otrf Sysmon events, with the Windows rules and their logsources.
func TestEngineAgreesOnOTRF(t *testing.T) {
	rules := sharedRules(t, windowsRule)
	e, _ := Compile(rules, Options{})
	for _, ev := range otrfEvents(t) {
		checkAgree(t, e, rules, ev, nil)
	}
}

// unrestricted returns copies of the rules without logsource.
func unrestricted(rules []*Rule) []*Rule {
	out := make([]*Rule, 0, len(rules))
	for _, r := range rules {
		if r.detection == nil {
			continue
		}
		c := *r
		c.Logsource = Logsource{}
		out = append(out, &c)
	}
	return out
}

// ruleEvent makes an event with, for each item of the rule, a value that
// one of its values (chosen at random) matches.
func ruleEvent(r *Rule, rng *rand.Rand) *Event {
	ev := &Event{Source: SourceOther}
	var raw []string
	walkItems(r.detection.root, func(it *item) {
		ms := it.ms
		if len(ms) == 0 {
			return
		}
		m := ms[rng.Intn(len(ms))]
		v, ok := sampleValue(m)
		if !ok {
			return
		}
		if it.field == "" {
			raw = append(raw, v)
			return
		}
		ev.Attrs = append(ev.Attrs, Attr{Name: it.field, Value: []byte(v)})
	})
	ev.Raw = []byte(strings.Join(raw, " "))
	if len(raw) > 0 && len(ev.Attrs) > 0 { // keywords search the values of an event that has some
		ev.Attrs = append(ev.Attrs, Attr{Name: "x-keywords", Value: ev.Raw})
	}
	return ev
}

func walkItems(n *node, f func(*item)) {
	if n.op == opItem {
		f(n.item)
		return
	}
	for _, k := range n.kids {
		walkItems(k, f)
	}
}

// sampleValue returns a value the matcher matches, when it can make one.
func sampleValue(m *matcher) (string, bool) {
	switch m.kind {
	case mCIDR:
		return m.net.Addr().String(), true
	case mNum:
		return "1", true
	case mExists, mFieldRef, mAny:
		return "x", true
	case mNull, mRegex:
		return "", false
	}
	var b strings.Builder
	for _, g := range m.glob {
		switch g.kind {
		case segLit:
			b.WriteString(g.s)
		case segOne:
			b.WriteString("q")
		}
	}
	return b.String(), true
}
