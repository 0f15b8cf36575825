package pattern

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/accord-cti/accord"
)

// SyntaxError reports a pattern that does not parse or breaks one of the
// specification's rules, and where.
type SyntaxError struct {
	// Col is the 1-based column, in characters, where the problem starts.
	Col int
	// Msg says what was expected and what was found instead.
	Msg string
}

// Error returns the message as "column N: message".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("column %d: %s", e.Col, e.Msg)
}

// newSyntaxError returns a SyntaxError at byte offset off of src.
func newSyntaxError(src string, off int, msg string) *SyntaxError {
	return &SyntaxError{Col: utf8.RuneCountInString(src[:off]) + 1, Msg: msg}
}

// describe names a token for an error message.
func describe(t token) string {
	if t.kind == tokEOF {
		return "the end of the pattern"
	}
	const max = 40
	text := t.text
	if utf8.RuneCountInString(text) > max {
		text = string([]rune(text)[:max]) + "…"
	}
	return strconv.Quote(text)
}

// ErrorCode marks a pattern's syntax error as invalid input.
func (e *SyntaxError) ErrorCode() string { return accord.EINVALID }
