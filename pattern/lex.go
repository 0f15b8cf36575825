package pattern

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// tokenKind is the type of a lexical token.
type tokenKind int

const (
	tokEOF tokenKind = iota
	tokIdent
	tokInt
	tokFloat
	tokString
	tokBinary
	tokHex
	tokTimestamp
	tokBool
	tokKeyword
	tokPunct
)

// token is one lexical token. text is its source text; pos is its byte
// offset in the pattern.
type token struct {
	kind tokenKind
	text string
	pos  int
	// hyphen is set on identifiers holding a hyphen, which may name an
	// object type but not a property.
	hyphen bool
}

// keywords21 are the reserved words of STIX 2.1 patterns. true and false
// lex as tokBool. LAST is reserved by the grammar though no rule uses it.
var keywords21 = map[string]bool{
	"AND": true, "OR": true, "NOT": true, "FOLLOWEDBY": true, "LIKE": true,
	"MATCHES": true, "ISSUPERSET": true, "ISSUBSET": true, "EXISTS": true,
	"LAST": true, "IN": true, "START": true, "STOP": true, "SECONDS": true,
	"WITHIN": true, "REPEATS": true, "TIMES": true,
}

// isKeyword reports whether word is reserved in the given STIX version:
// STIX 2.0 has no EXISTS.
func isKeyword(word, version string) bool {
	if word == "EXISTS" && version == v20 {
		return false
	}
	return keywords21[word]
}

// lexer splits a pattern into tokens on demand. It checks every literal's
// form as the grammar's lexer rules do, so that a malformed literal is
// reported where it starts rather than as an unexpected identifier.
type lexer struct {
	src     string
	off     int
	version string
	// strict also checks timestamps against the calendar.
	strict bool
}

// next returns the next token, or an error for text that forms no token.
func (l *lexer) next() (token, error) {
	if err := l.skipSpace(); err != nil {
		return token{}, err
	}
	if l.off >= len(l.src) {
		return token{kind: tokEOF, pos: l.off}, nil
	}
	start := l.off
	c := l.src[start]
	switch {
	case c == '\'':
		return l.lexString(start, tokString)
	case (c == 'b' || c == 'h' || c == 't') && l.peekAt(start+1) == '\'':
		return l.lexPrefixed(start)
	case isIdentStart(c):
		return l.lexIdent(start), nil
	case isDigit(c) || c == '.' && isDigit(l.peekAt(start+1)):
		return l.lexNumber(start)
	case (c == '+' || c == '-') && (isDigit(l.peekAt(start+1)) ||
		l.peekAt(start+1) == '.' && isDigit(l.peekAt(start+2))):
		return l.lexNumber(start)
	}
	return l.lexPunct(start)
}

func (l *lexer) peekAt(i int) byte {
	if i < len(l.src) {
		return l.src[i]
	}
	return 0
}

func (l *lexer) errorf(off int, format string, args ...any) error {
	return newSyntaxError(l.src, off, fmt.Sprintf(format, args...))
}

// skipSpace skips white space and /* */ and // comments.
func (l *lexer) skipSpace() error {
	for l.off < len(l.src) {
		c := l.src[l.off]
		switch {
		case c < utf8.RuneSelf && isASCIISpace(c):
			l.off++
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(l.src[l.off:])
			if !isUnicodeSpace(r) {
				return nil
			}
			l.off += n
		case strings.HasPrefix(l.src[l.off:], "/*"):
			end := strings.Index(l.src[l.off+2:], "*/")
			if end < 0 {
				return l.errorf(l.off, "unterminated comment: expected \"*/\"")
			}
			l.off += 2 + end + 2
		case strings.HasPrefix(l.src[l.off:], "//"):
			end := strings.IndexAny(l.src[l.off:], "\r\n")
			if end < 0 {
				end = len(l.src) - l.off
			}
			l.off += end
		default:
			return nil
		}
	}
	return nil
}

func isASCIISpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'
}

// isUnicodeSpace reports whether r is one of the non-ASCII white space
// characters the grammar's WS rule lists.
func isUnicodeSpace(r rune) bool {
	switch r {
	case 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

func isDigit(c byte) bool      { return '0' <= c && c <= '9' }
func isIdentStart(c byte) bool { return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isIdentPart(c byte) bool  { return isIdentStart(c) || isDigit(c) }

// lexIdent lexes an identifier, keyword or boolean. Like the grammar's
// longest-match lexer it takes hyphens too, so "AND-x" is one identifier.
func (l *lexer) lexIdent(start int) token {
	i, hyphen := start+1, false
	for i < len(l.src) && (isIdentPart(l.src[i]) || l.src[i] == '-') {
		hyphen = hyphen || l.src[i] == '-'
		i++
	}
	l.off = i
	t := token{kind: tokIdent, text: l.src[start:i], pos: start, hyphen: hyphen}
	switch {
	case t.text == "true" || t.text == "false":
		t.kind = tokBool
	case isKeyword(t.text, l.version):
		t.kind = tokKeyword
	}
	return t
}

// lexNumber lexes an integer or a float, with an optional sign.
func (l *lexer) lexNumber(start int) (token, error) {
	i := start
	if c := l.src[i]; c == '+' || c == '-' {
		i++
	}
	digits := i
	for i < len(l.src) && isDigit(l.src[i]) {
		i++
	}
	if l.peekAt(i) == '.' && isDigit(l.peekAt(i+1)) {
		i++
		for i < len(l.src) && isDigit(l.src[i]) {
			i++
		}
		l.off = i
		return token{kind: tokFloat, text: l.src[start:i], pos: start}, nil
	}
	if l.src[digits] == '0' && i-digits > 1 {
		return token{}, l.errorf(start, "invalid integer %q: leading zeros are not allowed", l.src[start:i])
	}
	l.off = i
	return token{kind: tokInt, text: l.src[start:i], pos: start}, nil
}

// lexString lexes a quoted literal whose opening quote is at q, with \'
// and \\ as the only escapes. kind says whether it is a plain string or the
// body of a binary, hex or timestamp literal, whose token then starts at
// its prefix letter, one byte before the quote.
func (l *lexer) lexString(q int, kind tokenKind) (token, error) {
	start := q
	if kind != tokString {
		start = q - 1
	}
	for i := q + 1; i < len(l.src); i++ {
		switch l.src[i] {
		case '\'':
			l.off = i + 1
			return token{kind: kind, text: l.src[start:l.off], pos: start}, nil
		case '\\':
			if c := l.peekAt(i + 1); c != '\'' && c != '\\' {
				return token{}, l.errorf(i, "invalid escape in string literal: only \\' and \\\\ are allowed")
			}
			i++
		}
	}
	return token{}, l.errorf(start, "unterminated string literal: expected a closing \"'\"")
}

// lexPrefixed lexes a b'…', h'…' or t'…' literal and checks its form.
func (l *lexer) lexPrefixed(start int) (token, error) {
	kind := tokTimestamp
	switch l.src[start] {
	case 'b':
		kind = tokBinary
	case 'h':
		kind = tokHex
	}
	t, err := l.lexString(start+1, kind)
	if err != nil {
		return t, err
	}
	body := t.text[2 : len(t.text)-1]
	var msg string
	switch kind {
	case tokBinary:
		msg = checkBase64(body)
	case tokHex:
		msg = checkHex(body)
	case tokTimestamp:
		msg = checkTimestamp(body, l.strict)
	}
	if msg != "" {
		return token{}, l.errorf(start, "invalid %s literal %s: %s", prefixedNames[kind], t.text, msg)
	}
	return t, nil
}

var prefixedNames = map[tokenKind]string{tokBinary: "binary", tokHex: "hex", tokTimestamp: "timestamp"}

// puncts are the operator and punctuation tokens, longest first where one
// is a prefix of another. The grammar lexes + - ^ / * as tokens too; only
// * is used, as the [*] index.
var puncts = []string{
	"==", "!=", "<>", "<=", ">=", "=", "<", ">", ":", ".", ",",
	"(", ")", "[", "]", "+", "-", "^", "/", "*",
}

func (l *lexer) lexPunct(start int) (token, error) {
	for _, p := range puncts {
		if strings.HasPrefix(l.src[start:], p) {
			l.off = start + len(p)
			return token{kind: tokPunct, text: p, pos: start}, nil
		}
	}
	r, _ := utf8.DecodeRuneInString(l.src[start:])
	return token{}, l.errorf(start, "unexpected character %q", r)
}
