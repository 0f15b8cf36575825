package pattern

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// lexAll returns the kinds and texts of all of src's tokens.
func lexAll(t *testing.T, src, version string) []string {
	t.Helper()
	l := lexer{src: src, version: version}
	var got []string
	for {
		tok, err := l.next()
		if err != nil {
			t.Fatalf("lexing %q: %v", src, err)
		}
		if tok.kind == tokEOF {
			return got
		}
		got = append(got, tokenNames[tok.kind]+":"+tok.text)
	}
}

var tokenNames = map[tokenKind]string{
	tokIdent: "ident", tokInt: "int", tokFloat: "float", tokString: "string",
	tokBinary: "binary", tokHex: "hex", tokTimestamp: "timestamp", tokBool: "bool",
	tokKeyword: "keyword", tokPunct: "punct",
}

func TestLexer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src     string
		version string
		want    []string
	}{
		{"AND ANDx AND-x and", v21, []string{"keyword:AND", "ident:ANDx", "ident:AND-x", "ident:and"}},
		{"EXISTS", v21, []string{"keyword:EXISTS"}},
		{"EXISTS", v20, []string{"ident:EXISTS"}},
		{"true false True", v21, []string{"bool:true", "bool:false", "ident:True"}},
		{"0 +5 -0 -12 1.5 .5 -.5 +0.25 00.1", v21, []string{"int:0", "int:+5", "int:-0", "int:-12",
			"float:1.5", "float:.5", "float:-.5", "float:+0.25", "float:00.1"}},
		{"1. x.5", v21, []string{"int:1", "punct:.", "ident:x", "float:.5"}},
		{"- + * / ^", v21, []string{"punct:-", "punct:+", "punct:*", "punct:/", "punct:^"}},
		{"= == != <> < <= > >=", v21, []string{"punct:=", "punct:==", "punct:!=", "punct:<>",
			"punct:<", "punct:<=", "punct:>", "punct:>="}},
		{"'a' '' 'it\\'s' '\\\\'", v21, []string{"string:'a'", "string:''", `string:'it\'s'`, `string:'\\'`}},
		{"b'QQ==' h'' h'0aF0' t'2000-01-01T00:00:00Z'", v21, []string{"binary:b'QQ=='", "hex:h''",
			"hex:h'0aF0'", "timestamp:t'2000-01-01T00:00:00Z'"}},
		{"b h t bx", v21, []string{"ident:b", "ident:h", "ident:t", "ident:bx"}},
		{"\u00a0\u2003\u3000x\u0085/* a */y// z\r\n\v\fw", v21, []string{"ident:x", "ident:y", "ident:w"}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, lexAll(t, tt.src, tt.version)); diff != "" {
				t.Errorf("tokens mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheckLiterals(t *testing.T) {
	t.Parallel()
	lenientTS := func(s string) string { return checkTimestamp(s, false) }
	strictTS := func(s string) string { return checkTimestamp(s, true) }
	tests := []struct {
		name, body, want string
		check            func(string) string
	}{
		{"base64 full", "QUJD", "", checkBase64},
		{"base64 one pad", "QUI=", "", checkBase64},
		{"base64 two pads", "QQ==", "", checkBase64},
		{"base64 empty", "", "base64 data must not be empty", checkBase64},
		{"base64 short", "QUJ", "base64 length must be a multiple of 4", checkBase64},
		{"base64 three pads", "Q===", "not valid base64: unexpected '='", checkBase64},
		{"base64 inner pad", "QQ==QQ==", "not valid base64: unexpected '='", checkBase64},
		{"base64 url alphabet", "QQ_-", "not valid base64: unexpected '_'", checkBase64},
		{"hex empty", "", "", checkHex},
		{"hex mixed case", "aBcD09", "", checkHex},
		{"hex odd", "abc", "hex data must have an even number of digits", checkHex},
		{"hex letter", "0g", "not a hex digit: 'g'", checkHex},
		{"time", "2016-06-01T01:30:00Z", "", lenientTS},
		{"time fraction", "2016-06-01T01:30:00.000000000001Z", "", lenientTS},
		{"time leap second", "2016-12-31T23:59:60Z", "", lenientTS},
		{"time no Z", "2016-06-01T01:30:00", "want YYYY-MM-DDTHH:MM:SS[.s+]Z", lenientTS},
		{"time offset", "2016-06-01T01:30:00+00:00", "want YYYY-MM-DDTHH:MM:SS[.s+]Z", lenientTS},
		{"time lowercase", "2016-06-01t01:30:00z", "want YYYY-MM-DDTHH:MM:SS[.s+]Z", lenientTS},
		{"time empty fraction", "2016-06-01T01:30:00.Z", "want YYYY-MM-DDTHH:MM:SS[.s+]Z", lenientTS},
		{"time short year", "216-06-01T01:30:00Z", "want YYYY-MM-DDTHH:MM:SS[.s+]Z", lenientTS},
		{"time month", "2016-13-01T01:30:00Z", "month out of range", lenientTS},
		{"time day", "2016-01-32T01:30:00Z", "day out of range", lenientTS},
		{"time second", "2016-01-01T01:30:61Z", "second out of range", lenientTS},
		{"time February 30", "2024-02-30T00:00:00Z", "", lenientTS},
		{"strict February 30", "2024-02-30T00:00:00Z", "day out of range for the month", strictTS},
		{"strict leap day", "2024-02-29T00:00:00Z", "", strictTS},
		{"strict leap day 2000", "2000-02-29T00:00:00Z", "", strictTS},
		{"strict no leap day 1900", "1900-02-29T00:00:00Z", "day out of range for the month", strictTS},
		{"strict no leap day 2023", "2023-02-29T00:00:00Z", "day out of range for the month", strictTS},
		{"strict April 31", "2024-04-31T00:00:00Z", "day out of range for the month", strictTS},
		{"strict December 31", "2024-12-31T00:00:00Z", "", strictTS},
		{"strict leap second", "2016-12-31T23:59:60Z", "", strictTS},
		{"strict leap second at noon", "2016-12-31T12:00:60Z", "a leap second must be at 23:59:60", strictTS},
		{"strict form first", "2016-12-31", "want YYYY-MM-DDTHH:MM:SS[.s+]Z", strictTS},
	}
	for _, tt := range tests {
		if got := tt.check(tt.body); got != tt.want {
			t.Errorf("%s: check(%q) = %q, want %q", tt.name, tt.body, got, tt.want)
		}
	}
}

func TestTimestampTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want time.Time
	}{
		{"2016-06-01T01:30:00Z", time.Date(2016, 6, 1, 1, 30, 0, 0, time.UTC)},
		{"2016-06-01T01:30:00.5Z", time.Date(2016, 6, 1, 1, 30, 0, 5e8, time.UTC)},
		{"2016-06-01T01:30:00.1234567891Z", time.Date(2016, 6, 1, 1, 30, 0, 123456789, time.UTC)},
		{"2023-02-29T00:00:00Z", day(2023, 3, 1)},
		{"2016-12-31T23:59:60Z", day(2017, 1, 1)},
	}
	for _, tt := range tests {
		if got := timestampTime(tt.text); !got.Equal(tt.want) {
			t.Errorf("timestampTime(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
