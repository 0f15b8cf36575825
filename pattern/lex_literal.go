package pattern

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// checkBase64 returns why body is not the base64 the grammar's
// BinaryLiteral rule admits (groups of four characters of [A-Za-z0-9+/],
// the last of which may end in = or ==), or "" when it is.
func checkBase64(body string) string {
	if body == "" {
		return "base64 data must not be empty"
	}
	if len(body)%4 != 0 {
		return "base64 length must be a multiple of 4"
	}
	data := strings.TrimSuffix(strings.TrimSuffix(body, "="), "=")
	for i := 0; i < len(data); i++ {
		if !isBase64Char(data[i]) {
			return "not valid base64: unexpected " + strconv.QuoteRune(rune(data[i]))
		}
	}
	return ""
}

func isBase64Char(c byte) bool {
	return isIdentStart(c) && c != '_' || isDigit(c) || c == '+' || c == '/'
}

// checkHex returns why body is not an even number of hex digits, or "".
func checkHex(body string) string {
	if len(body)%2 != 0 {
		return "hex data must have an even number of digits"
	}
	for i := 0; i < len(body); i++ {
		if !isHexDigit(body[i]) {
			return "not a hex digit: " + strconv.QuoteRune(rune(body[i]))
		}
	}
	return ""
}

func isHexDigit(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// tsField is one numeric field of a timestamp: its offset and width in
// the text, and its allowed range.
type tsField struct {
	name     string
	off, n   int
	min, max int
}

// tsFields are the fields of YYYY-MM-DDTHH:MM:SS, ranged as the grammar's
// TimestampLiteral rule ranges them: it checks days against 31 for every
// month and admits a leap second 60.
var tsFields = []tsField{
	{"year", 0, 4, 0, 9999},
	{"month", 5, 2, 1, 12},
	{"day", 8, 2, 1, 31},
	{"hour", 11, 2, 0, 23},
	{"minute", 14, 2, 0, 59},
	{"second", 17, 2, 0, 60},
}

// tsLayout marks the fixed separators of a timestamp by position.
const tsLayout = "dddd-dd-ddTdd:dd:dd"

// checkTimestamp returns why body is not an RFC 3339 timestamp in the form
// STIX requires (UTC, "Z", optional fractional seconds), or "". Like the
// grammar it lets every month have 31 days; strict also holds the date to
// the calendar and a leap second to 23:59:60.
func checkTimestamp(body string, strict bool) string {
	const want = "want YYYY-MM-DDTHH:MM:SS[.s+]Z"
	if len(body) < len(tsLayout)+1 || body[len(body)-1] != 'Z' {
		return want
	}
	for i := 0; i < len(tsLayout); i++ {
		if tsLayout[i] == 'd' && !isDigit(body[i]) || tsLayout[i] != 'd' && body[i] != tsLayout[i] {
			return want
		}
	}
	frac := body[len(tsLayout) : len(body)-1]
	if frac != "" && (frac[0] != '.' || len(frac) == 1 || strings.Trim(frac[1:], "0123456789") != "") {
		return want
	}
	for _, f := range tsFields {
		if v := atoi(body[f.off : f.off+f.n]); v < f.min || v > f.max {
			return f.name + " out of range"
		}
	}
	if strict {
		return checkCalendar(body)
	}
	return ""
}

// checkCalendar returns why a timestamp in range names no real instant:
// a day past the end of its month, or a leap second other than 23:59:60.
func checkCalendar(body string) string {
	year, month, dom := atoi(body[0:4]), atoi(body[5:7]), atoi(body[8:10])
	if dom > monthDays(year, month) {
		return "day out of range for the month"
	}
	if body[17:19] == "60" && body[11:16] != "23:59" {
		return "a leap second must be at 23:59:60"
	}
	return ""
}

// monthDays returns the number of days in a month of the Gregorian
// calendar.
func monthDays(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// atoi converts a short run of ASCII digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// timestampTime converts a timestamp checked by checkTimestamp to a UTC
// time. Digits past nanoseconds are dropped; dates the grammar admits but
// the calendar lacks (February 30, second 60) roll over as time.Date does.
func timestampTime(body string) time.Time {
	v := make([]int, len(tsFields))
	for i, f := range tsFields {
		v[i] = atoi(body[f.off : f.off+f.n])
	}
	nanos := 0
	if frac := body[len(tsLayout) : len(body)-1]; frac != "" {
		digits := (frac[1:] + "000000000")[:9]
		nanos = atoi(digits)
	}
	return time.Date(v[0], time.Month(v[1]), v[2], v[3], v[4], v[5], nanos, time.UTC)
}

// unquote returns the text of a string literal token without its quotes
// and with \' and \\ unescaped.
func unquote(text string) string {
	body := text[1 : len(text)-1]
	if !strings.Contains(body, `\`) {
		return body
	}
	var b strings.Builder
	b.Grow(len(body))
	for i := 0; i < len(body); i++ {
		if body[i] == '\\' {
			i++
		}
		b.WriteByte(body[i])
	}
	return b.String()
}

// literalOf converts a literal token to a Literal. It fails only for
// numbers out of range.
func literalOf(t token) (Literal, string) {
	switch t.kind {
	case tokString:
		return Literal{Kind: KindString, Str: unquote(t.text)}, ""
	case tokBool:
		return Literal{Kind: KindBool, Bool: t.text == "true"}, ""
	case tokInt:
		n, err := strconv.ParseInt(strings.TrimPrefix(t.text, "+"), 10, 64)
		if err != nil {
			return Literal{}, "integer out of range: " + t.text
		}
		return Literal{Kind: KindInt, Int: n}, ""
	case tokFloat:
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return Literal{}, "number out of range: " + t.text
		}
		return Literal{Kind: KindFloat, Float: f}, ""
	}
	return bytesLiteral(t), ""
}

// bytesLiteral converts a binary, hex or timestamp token checked by the
// lexer.
func bytesLiteral(t token) Literal {
	body := t.text[2 : len(t.text)-1]
	switch t.kind {
	case tokBinary:
		b, _ := base64.StdEncoding.DecodeString(body)
		return Literal{Kind: KindBinary, Bytes: b}
	case tokHex:
		b, _ := hex.DecodeString(body)
		return Literal{Kind: KindHex, Bytes: b}
	}
	return Literal{Kind: KindTimestamp, Str: body, Time: timestampTime(body)}
}
