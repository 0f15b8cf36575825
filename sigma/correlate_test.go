package sigma

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The correlation specification's example: many failed logins followed by
// a successful login of the same user.
const specCorrelation = `title: Correlation - Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
correlation:
    type: temporal_ordered
    rules:
        - multiple_failed_login
        - successful_login
    group-by:
        - User
    timespan: 10m
level: high
---
title: Multiple failed logons
id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
name: multiple_failed_login
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - User
    timespan: 10m
    condition:
        gte: 10
---
title: Single failed login
id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
name: failed_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID:
            - 529
            - 4625
    condition: selection
---
title: Successful login
id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
name: successful_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID:
            - 528
            - 4624
    condition: selection
`

var t0 = time.Date(2021, 3, 2, 1, 0, 0, 0, time.UTC)

// secEvent is a Security event at t0+min minutes.
func secEvent(min float64, kv ...string) *Event {
	ev := event(SourceWindows, append([]string{"Channel", "Security"}, kv...)...)
	ev.Time = t0.Add(time.Duration(min * float64(time.Minute)))
	return ev
}

// sweep feeds the events to the engine and a correlator and returns the
// correlation hits as "title group count".
func sweep(e *Engine, events []*Event) []string {
	c := e.NewCorrelator()
	var out []string
	emit := func(h CorrelationHit) {
		out = append(out, fmt.Sprintf("%s %v %d %s-%s", h.Rule.Title, h.Group, h.Count, h.First.Format("15:04"), h.Last.Format("15:04")))
	}
	for _, ev := range events {
		e.Match(ev, func(h Hit) { c.Observe(h, ev, emit) })
	}
	c.Flush(emit)
	return out
}

func TestCorrelationSpecExample(t *testing.T) {
	e, rules := compileYAML(t, specCorrelation, Options{})
	if len(e.Rules()) != 4 {
		t.Fatalf("engine has %d rules, want 4", len(e.Rules()))
	}
	if rules[2].Standalone() || rules[3].Standalone() || rules[0].Standalone() {
		t.Errorf("rules referred to by a correlation (generate: false) are not standalone")
	}
	var events []*Event
	for i := range 10 {
		events = append(events, secEvent(float64(i)/2, "EventID", "4625", "User", "bob"))
	}
	for i := range 9 {
		events = append(events, secEvent(float64(i)/2, "EventID", "4625", "User", "alice"))
	}
	events = append(events, secEvent(6, "EventID", "4624", "User", "alice"), secEvent(7, "EventID", "4624", "User", "bob"))
	want := []string{
		"Multiple failed logons map[User:bob] 10 01:00-01:04",
		"Correlation - Multiple Failed Logins Followed by Successful Login map[User:bob] 2 01:04-01:07",
	}
	if diff := cmp.Diff(want, sweep(e, events)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// The success comes after the window: no correlation.
	late := append(events[:10:10], secEvent(20, "EventID", "4624", "User", "bob"))
	if diff := cmp.Diff(want[:1], sweep(e, late)); diff != "" {
		t.Errorf("late success (-want +got):\n%s", diff)
	}
}

const reconRules = `title: recon a
name: recon_cmd_a
logsource: {product: windows, service: security}
detection: {sel: {CommandLine|contains: whoami}, condition: sel}
---
title: recon b
name: recon_cmd_b
logsource: {product: windows, service: security}
detection: {sel: {CommandLine|contains: 'net group'}, condition: sel}
---
title: recon c
name: recon_cmd_c
logsource: {product: windows, service: security}
detection: {sel: {CommandLine|contains: nltest}, condition: sel}
`

func TestCorrelationTypes(t *testing.T) {
	corr := func(typ, cond string) string {
		return "title: C\ncorrelation:\n  type: " + typ + "\n  rules: [recon_cmd_a, recon_cmd_b, recon_cmd_c]\n  group-by: [Computer, User]\n  timespan: 5m\n" + cond + "---\n" + reconRules
	}
	cmd := func(min float64, user, c string) *Event {
		return secEvent(min, "EventID", "4688", "Computer", "WS1", "User", user, "CommandLine", c)
	}
	a, b, c := "whoami /all", "net group \"domain admins\" /domain", "nltest /dclist:corp"
	tests := []struct {
		name, rule string
		events     []*Event
		want       []string
	}{
		{"temporal any order", corr("temporal", ""), []*Event{cmd(0, "u", c), cmd(1, "u", a), cmd(2, "v", b), cmd(3, "u", b)},
			[]string{"C map[Computer:WS1 User:u] 3 01:00-01:03"}},
		{"temporal too slow", corr("temporal", ""), []*Event{cmd(0, "u", c), cmd(3, "u", a), cmd(6, "u", b)}, nil},
		{"temporal_ordered in order", corr("temporal_ordered", ""), []*Event{cmd(0, "u", b), cmd(1, "u", a), cmd(2, "u", b), cmd(3, "u", c)},
			[]string{"C map[Computer:WS1 User:u] 3 01:01-01:03"}},
		{"temporal_ordered out of order", corr("temporal_ordered", ""), []*Event{cmd(0, "u", c), cmd(1, "u", b), cmd(2, "u", a)}, nil},
		{"event_count gte", corr("event_count", "  condition: {gte: 3}\n"), []*Event{cmd(0, "u", a), cmd(1, "u", a), cmd(1.5, "v", a), cmd(2, "u", a)},
			[]string{"C map[Computer:WS1 User:u] 3 01:00-01:02"}},
		{"event_count lt, decided at the window's end", corr("event_count", "  condition: {lt: 2}\n"), []*Event{cmd(0, "u", a), cmd(1, "v", a), cmd(2, "v", b)},
			[]string{"C map[Computer:WS1 User:u] 1 01:00-01:00"}},
		{"value_count", "title: C\ncorrelation:\n  type: value_count\n  rules: [recon_cmd_a]\n  group-by: [Computer]\n  timespan: 1h\n  condition: {field: User, gte: 3}\n---\n" + reconRules,
			[]*Event{cmd(0, "u", a), cmd(1, "u", a), cmd(2, "v", a), cmd(3, "w", a)}, []string{"C map[Computer:WS1] 3 01:00-01:03"}},
		{"value_count range", "title: C\ncorrelation:\n  type: value_count\n  rules: [recon_cmd_a]\n  group-by: [Computer]\n  timespan: 1h\n  condition: {field: User, gt: 1, lte: 2}\n---\n" + reconRules,
			[]*Event{cmd(0, "u", a), cmd(1, "v", a), cmd(2, "u", a), cmd(70, "w", a)}, []string{"C map[Computer:WS1] 2 01:00-01:02", "C map[Computer:WS1] 1 02:10-02:10"}[:1]},
	}
	for _, tt := range tests {
		e, _ := compileYAML(t, tt.rule, Options{})
		if diff := cmp.Diff(tt.want, sweep(e, tt.events)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestCorrelationAliases is the specification's field name aliases
// example: an internal error answered to the address that then connects.
func TestCorrelationAliases(t *testing.T) {
	text := `title: alias
correlation:
    type: temporal
    rules: [internal_error, new_network_connection]
    group-by: [internal_ip, remote_ip]
    timespan: 10s
    aliases:
        internal_ip:
            internal_error: destination.ip
            new_network_connection: source.ip
        remote_ip:
            internal_error: source.ip
            new_network_connection: destination.ip
---
title: internal error
name: internal_error
logsource: {}
detection: {selection: {http.response.status_code: 500}, condition: selection}
---
title: new connection
name: new_network_connection
logsource: {}
detection: {selection: {event.category: network, event.type: connection, event.outcome: success}, condition: selection}
`
	e, _ := compileYAML(t, text, Options{})
	at := func(s int, kv ...string) *Event {
		ev := event(SourceOther, kv...)
		ev.Time = t0.Add(time.Duration(s) * time.Second)
		return ev
	}
	events := []*Event{
		at(0, "http.response.status_code", "500", "destination.ip", "10.0.0.5", "source.ip", "198.51.100.7"),
		at(3, "event.category", "network", "event.type", "connection", "event.outcome", "success", "source.ip", "10.0.0.9", "destination.ip", "198.51.100.7"),
		at(4, "event.category", "network", "event.type", "connection", "event.outcome", "success", "source.ip", "10.0.0.5", "destination.ip", "198.51.100.7"),
	}
	want := []string{"alias map[internal_ip:10.0.0.5 remote_ip:198.51.100.7] 2 01:00-01:00"}
	if diff := cmp.Diff(want, sweep(e, events)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCorrelationErrors(t *testing.T) {
	tests := []struct{ text, want string }{
		{"title: c\ncorrelation:\n  type: value_sum\n  rules: [a]\n  timespan: 1h\n", `correlation type "value_sum" is not supported`},
		{"title: c\ncorrelation:\n  type: event_count\n  rules: [a]\n  timespan: 1w\n  condition: {gte: 1}\n", `timespan: "1w" is not a number and a unit`},
		{"title: c\ncorrelation:\n  type: event_count\n  rules: [a]\n  timespan: 1h\n", `event_count correlation has no condition`},
		{"title: c\ncorrelation:\n  type: value_count\n  rules: [a]\n  timespan: 1h\n  condition: {gte: 2}\n", `value_count correlation has no condition.field`},
		{"title: c\ncorrelation:\n  type: event_count\n  rules: [a]\n  timespan: 1h\n  condition: {more: 2}\n", `unknown comparison "more"`},
	}
	for _, tt := range tests {
		_, err := Parse("c.yml", []byte(tt.text))
		if err == nil || !contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want %q", tt.text, err, tt.want)
		}
	}
	rules, err := Parse("c.yml", []byte("title: c\ncorrelation:\n  type: temporal\n  rules: [nope]\n  timespan: 1h\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, rej := Compile(rules, Options{}); len(rej) != 1 || !contains(rej[0].Reason, "rules nope are not loaded") {
		t.Errorf("unknown rule: %v", rej)
	}
}
