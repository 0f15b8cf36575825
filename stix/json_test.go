package stix

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{`{}`, `{}`},
		{` {"b": 1, "a": [true, false, null]} `, `{"b":1,"a":[true,false,null]}`},
		{`{"n": -0.5e+10, "big": 123456789012345678901234567890}`, `{"n":-0.5e+10,"big":123456789012345678901234567890}`},
		{`{"s": "tab\there \"q\" \\ \/ \u00e9 \ud83d\ude00"}`, `{"s":"tab\there \"q\" \\ / é 😀"}`},
		{`{"ctl": "\u0001\u2028"}`, `{"ctl":"\u0001\u2028"}`},
		{`[[],[{}]]`, `[[],[{}]]`},
		{`"x_mitre_ünïcode"`, `"x_mitre_ünïcode"`},
	}
	for _, tt := range tests {
		v, err := Parse([]byte(tt.in))
		if err != nil {
			t.Errorf("Parse(%s): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, v.String()); diff != "" {
			t.Errorf("Parse(%s) round trip (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in        string
		line, col int
		msg       string
	}{
		{``, 1, 1, "unexpected end of input"},
		{`{"a":1,}`, 1, 8, "expected a string key"},
		{"{\n  \"a\": 1,\n  \"a\": 2\n}", 3, 3, `duplicate key "a"`},
		{`{"a" 1}`, 1, 6, "expected ':'"},
		{`[1 2]`, 1, 4, "expected ',' or ']'"},
		{`{"a": tru}`, 1, 7, "expected true"},
		{`{"a": 01}`, 1, 8, "expected ',' or '}'"},
		{`{"a": 1.}`, 1, 9, "expected a digit after '.'"},
		{`{"a": "\x"}`, 1, 9, `invalid escape '\x'`},
		{"{\"a\": \"\x01\"}", 1, 8, "control character"},
		{"{\"a\": \"\xff\"}", 1, 8, "invalid UTF-8"},
		{`{} {}`, 1, 4, "after the JSON value"},
		{`{"a": "unterminated`, 1, 20, "end of input in string"},
		{strings.Repeat("[", 600), 1, 514, "nesting deeper than 512"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.in))
		se, ok := err.(*SyntaxError)
		if !ok {
			t.Errorf("Parse(%q) = %v, want a *SyntaxError", tt.in, err)
			continue
		}
		if se.Line != tt.line || se.Col != tt.col || !strings.Contains(se.Msg, tt.msg) {
			t.Errorf("Parse(%q) = line %d col %d %q, want line %d col %d containing %q", tt.in, se.Line, se.Col, se.Msg, tt.line, tt.col, tt.msg)
		}
	}
}

func TestSplit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		kind     string
		spec     string
		objects  []string
		lines    []int
	}{
		{"bundle 2.0", "{\"type\": \"bundle\", \"id\": \"bundle--1\", \"spec_version\": \"2.0\",\n \"objects\": [\n{\"id\": \"a\"},\n {\"id\": \"b\", \"x\": [1, {\"y\": \"]\"}]}]}",
			"bundle", "2.0", []string{`{"id": "a"}`, `{"id": "b", "x": [1, {"y": "]"}]}`}, []int{3, 4}},
		{"objects before type", `{"objects": [{"id": "a"}], "type": "bundle"}`, "bundle", "", []string{`{"id": "a"}`}, []int{1}},
		{"single object", `{"type": "indicator", "objects": [1]}`, "object", "", []string{`{"type": "indicator", "objects": [1]}`}, []int{1}},
		{"array", "[{\"a\": 1},\n{\"b\": 2}]", "array", "", []string{`{"a": 1}`, `{"b": 2}`}, []int{1, 2}},
		{"lines", "{\"a\": 1}\n{\"b\": \"\\\"}\"}\n\n{\"c\": 3}\n", "lines", "", []string{`{"a": 1}`, `{"b": "\"}"}`, `{"c": 3}`}, []int{1, 2, 4}},
	}
	for _, tt := range tests {
		doc, err := Split([]byte(tt.in))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		var objs []string
		var lines []int
		for _, sp := range doc.Objects {
			objs = append(objs, string(sp.Data))
			lines = append(lines, sp.Line)
		}
		got := []any{doc.Kind, doc.SpecVersion, objs, lines}
		if diff := cmp.Diff([]any{tt.kind, tt.spec, tt.objects, tt.lines}, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestSplitErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []string{``, `  `, `nope`, `{"type": "bundle", "objects": [{"a": 1}`, `[{"a":1} {"b":2}]`, "{\"a\":1}\n[1]", `{"a": 1]`} {
		if _, err := Split([]byte(in)); err == nil {
			t.Errorf("Split(%q): no error", in)
		}
	}
}

// FuzzParse checks that Parse never panics, that what it accepts
// encoding/json accepts too, and that its output parses to the same output.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{}`, `{"a":[1,2.5e3,"x\u00e9"]}`, `[true,false,null]`, `"\ud83d\ude00"`, `{"a":{"b":{"c":[]}}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Parse(data)
		if err != nil {
			return
		}
		if !json.Valid(data) {
			t.Fatalf("Parse accepted what encoding/json rejects: %q", data)
		}
		out := v.AppendJSON(nil)
		v2, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse of own output %q: %v", out, err)
		}
		if out2 := v2.AppendJSON(nil); string(out2) != string(out) {
			t.Fatalf("not stable: %q then %q", out, out2)
		}
	})
}

// FuzzSplit checks that Split never panics and that every span it returns
// lies inside the input.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{`{"type":"bundle","objects":[{"a":1},{"b":[2]}]}`, "{\"a\":1}\n{\"b\":2}", `[{"a":1}]`, `{"objects":[1,`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Split(data)
		if err != nil {
			return
		}
		for _, sp := range doc.Objects {
			if sp.Offset < 0 || sp.Offset+len(sp.Data) > len(data) || string(data[sp.Offset:sp.Offset+len(sp.Data)]) != string(sp.Data) {
				t.Fatalf("span %d+%d outside the input", sp.Offset, len(sp.Data))
			}
		}
	})
}

func TestAppendCompact(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"{ \"a\" : [ 1 , 2 ],\n\t\"b\": \"x y\" }", `{"a":[1,2],"b":"x y"}`},
		{`{"s": "q\" \\", "t": "\\\\"}`, `{"s":"q\" \\","t":"\\\\"}`},
		{`{"u": "\u00e9 é"}`, `{"u":"\u00e9 é"}`},
	}
	for _, tt := range tests {
		if got := string(AppendCompact(nil, []byte(tt.in))); got != tt.want {
			t.Errorf("AppendCompact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzAppendCompact checks that compacting valid JSON gives the same value.
func FuzzAppendCompact(f *testing.F) {
	f.Add([]byte(`{ "a" : [ 1 , "x \" y" ] }`))
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Parse(data)
		if err != nil {
			return
		}
		c := AppendCompact(nil, data)
		w, err := Parse(c)
		if err != nil {
			t.Fatalf("compacted %q to invalid %q: %v", data, c, err)
		}
		if v.String() != w.String() {
			t.Fatalf("compacting %q changed it: %s then %s", data, v, w)
		}
	})
}
