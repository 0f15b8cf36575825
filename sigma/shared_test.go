package sigma

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
)

// sharedRules loads the SigmaHQ rules of ../shared (rules* folders), the
// ones keep accepts.
func sharedRules(tb testing.TB, keep func(*Rule) bool) []*Rule {
	tb.Helper()
	dir := sharedtest.Path(tb, "data/sigma")
	dirs, err := filepath.Glob(filepath.Join(dir, "rules*"))
	if err != nil || len(dirs) == 0 {
		tb.Fatalf("no rules under %s: %v", dir, err)
	}
	rules, rejected, err := Load(dirs)
	if err != nil {
		tb.Fatal(err)
	}
	if len(rejected) > 0 {
		tb.Fatalf("%d rules rejected, first: %s", len(rejected), rejected[0].Reason)
	}
	var out []*Rule
	for _, r := range rules {
		if keep == nil || keep(r) {
			out = append(out, r)
		}
	}
	return out
}

// windowsRule keeps the rules for Windows.
func windowsRule(r *Rule) bool { return strings.EqualFold(r.Logsource.Product, "windows") }

// otrfEvents reads the events of ../shared/data/logs/otrf-sysmon: each
// JSON line flattened into attributes (nested keys joined by dots,
// numbers as their text).
func otrfEvents(tb testing.TB) []*Event {
	tb.Helper()
	dir := sharedtest.Path(tb, "data/logs/otrf-sysmon")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	var events []*Event
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			if ev := jsonEvent(sc.Bytes()); ev != nil {
				events = append(events, ev)
			}
		}
	}
	if len(events) == 0 {
		tb.Fatalf("no events in %s", dir)
	}
	return events
}

// jsonEvent makes a Windows event of one JSON line, or nil.
func jsonEvent(line []byte) *Event {
	d := json.NewDecoder(bytes.NewReader(line))
	d.UseNumber()
	var m map[string]any
	if d.Decode(&m) != nil {
		return nil
	}
	ev := &Event{Source: SourceWindows, Raw: append([]byte(nil), line...)}
	flatten("", m, ev)
	return ev
}

func flatten(prefix string, v any, ev *Event) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			name := k
			if prefix != "" {
				name = prefix + "." + k
			}
			flatten(name, x[k], ev)
		}
	case []any:
		for _, e := range x {
			flatten(prefix, e, ev)
		}
	case nil:
		ev.Attrs = append(ev.Attrs, Attr{Name: prefix, Value: []byte{}})
	default:
		s, ok := x.(string)
		if !ok {
			b, _ := json.Marshal(x)
			s = string(b)
		}
		ev.Attrs = append(ev.Attrs, Attr{Name: prefix, Value: []byte(s)})
	}
}
