package hunt

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// jsonlStrings returns the string values of a line as jsonlScanner reads
// them, and why the line is malformed.
func jsonlStrings(line string) ([]string, string) {
	var c jsonlCollect
	var s jsonlScanner
	msg := s.walk([]byte(line), &c)
	return c.vals, msg
}

type jsonlCollect struct{ vals []string }

func (c *jsonlCollect) jsonlValue(_, val []byte, str bool) {
	if str {
		c.vals = append(c.vals, string(val))
	}
}

// TestJSONLUnescape checks the strings read with escapes: runs of
// escaped backslashes (Windows paths) at every offset from an eight-byte
// word's edge, the other escapes, surrogate pairs, and strings cut short.
func TestJSONLUnescape(t *testing.T) {
	tests := []struct {
		body string // between the quotes of "v"
		want []string
		bad  bool
	}{
		{`C:\\Windows\\system32\\svchost.exe`, []string{`C:\Windows\system32\svchost.exe`}, false},
		{`a\\`, []string{`a\`}, false},
		{`\\\\\\\\\\\\\\\\\\`, []string{`\\\\\\\\\`}, false},
		{`line\r\nnext\ttab\"q\/s\b\f`, []string{"line\r\nnext\ttab\"q/s\b\f"}, false},
		{`\u00e9t\u00E9 \ud83d\ude00 \ud800x`, []string{"été 😀 \uFFFDx"}, false},
		{`0123456789abcdef\\0123456789abcdef\\01234567`, []string{`0123456789abcdef\0123456789abcdef\01234567`}, false},
		{`bad \q escape`, nil, true},
		{`bad \u12`, nil, true},
	}
	for _, tt := range tests {
		for pad := range 9 { // every alignment of the escapes
			p := strings.Repeat("p", pad)
			got, msg := jsonlStrings(`{"k":"` + p + tt.body + `","n":"` + tt.body + p + `"}`)
			if (msg != "") != tt.bad {
				t.Errorf("%q pad %d: malformed %q, want bad %v", tt.body, pad, msg, tt.bad)
				continue
			}
			if tt.bad {
				continue
			}
			want := []string{p + tt.want[0], tt.want[0] + p}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%q pad %d (-want +got):\n%s", tt.body, pad, diff)
			}
		}
	}
	if _, msg := jsonlStrings(`{"k":"C:\\Windows\\`); msg == "" {
		t.Error("a string cut short after an escape is not malformed")
	}
}

// FuzzJSONLString checks a string value as jsonlScanner reads it against
// encoding/json, for every line encoding/json reads (of valid UTF-8:
// encoding/json replaces invalid bytes, which the scanner keeps).
func FuzzJSONLString(f *testing.F) {
	for _, s := range []string{`C:\\Windows\\Temp\\`, `a\"b`, `\u0041\ud83d\ude00`, `x\r\n\\\\y`, `plain`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		line := `{"k":"` + body + `"}`
		var want string
		if !utf8.ValidString(body) || json.Unmarshal([]byte(`"`+body+`"`), &want) != nil {
			jsonlStrings(line) // must not panic
			return
		}
		got, msg := jsonlStrings(line)
		if msg != "" || len(got) != 1 {
			t.Fatalf("%q: malformed %q, values %q; encoding/json reads %q", line, msg, got, want)
		}
		if got[0] != want {
			t.Fatalf("%q: read %q, encoding/json %q", line, got[0], want)
		}
	})
}
