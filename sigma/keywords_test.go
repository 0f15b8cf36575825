package sigma

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestKeywordsSearchValues checks that keywords are searched in the
// event's values, escapes resolved, not in its JSON text: the keyword
// \Windows\Temp\ matches a value C:\Windows\Temp\…, which the line writes
// C:\\Windows\\Temp\\…. A keyword does not match across two values nor in
// a key; an event without attributes is searched in Raw. Each case runs
// with few literals (searched one by one) and with many (the automaton,
// merged with that of the field CommandLine, which has literals too).
func TestKeywordsSearchValues(t *testing.T) {
	raw := func(kv ...string) string { // the JSON line of the attributes, backslashes doubled
		var b strings.Builder
		for i := 0; i+1 < len(kv); i += 2 {
			fmt.Fprintf(&b, `"%s":"%s",`, kv[i], strings.ReplaceAll(kv[i+1], `\`, `\\`))
		}
		return "{" + strings.TrimSuffix(b.String(), ",") + "}"
	}
	tests := []struct {
		name string
		kv   []string // the attributes; none: only Raw, rawOnly
		raw  string
		want []string
	}{
		{"a value", []string{"Image", `C:\Windows\Temp\evil.exe`, "CommandLine", "evil.exe /q"}, "", []string{"kw"}},
		{"a value and the field", []string{"CommandLine", `C:\Windows\Temp\mimikatz.exe`}, "", []string{"kw", "field"}},
		{"upper case", []string{"TargetFilename", `C:\WINDOWS\TEMP\a.dll`}, "", []string{"kw"}},
		{"across two values", []string{"A", `C:\Windows`, "B", `\Temp\x`}, "", nil},
		{"in a key", []string{`\Windows\Temp\`, "x"}, "", nil},
		{"only in the raw text", []string{"A", "x"}, `\Windows\Temp\`, nil},
		{"no attributes: Raw", nil, `C:\Windows\Temp\x`, []string{"kw"}},
		{"the field alone", []string{"CommandLine", "run mimikatz now"}, "", []string{"field"}},
	}
	for _, many := range []bool{false, true} {
		kws, fields := []string{`'\Windows\Temp\'`}, []string{"mimikatz"}
		if many {
			for k := range fewLiterals + 4 {
				kws = append(kws, fmt.Sprintf("'zq%dkeyword'", k))
				fields = append(fields, fmt.Sprintf("zq%dfield", k))
			}
		}
		text := oneRule("kw", "keywords:\n  - "+strings.Join(kws, "\n  - ")+"\ncondition: keywords") + "---\n" +
			oneRule("field", "sel:\n  CommandLine|contains:\n    - "+strings.Join(fields, "\n    - ")+"\ncondition: sel")
		e, rules := compileYAML(t, text, Options{})
		for _, tt := range tests {
			ev := event(SourceWindows, tt.kv...)
			ev.Raw = []byte(raw(tt.kv...))
			if tt.raw != "" {
				ev.Raw = []byte(tt.raw)
			}
			if diff := cmp.Diff(tt.want, hitTitles(t, e, rules, ev), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s (many literals %v) (-want +got):\n%s", tt.name, many, diff)
			}
		}
	}
}
