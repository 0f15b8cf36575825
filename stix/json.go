package stix

import (
	"fmt"
	"strconv"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/accord-cti/accord"
)

// Kind is the JSON type of a Value.
type Kind uint8

// JSON kinds.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

var kindNames = [...]string{"null", "boolean", "number", "string", "array", "object"}

func (k Kind) String() string { return kindNames[k] }

// Value is a parsed JSON value that keeps object members in their order and
// numbers as written, so that an object survives a round trip unchanged.
// accord parses STIX with its own parser rather than encoding/json: it is
// several times faster on large bundles, keeps member order, rejects
// duplicate keys and reports errors by line and column.
type Value struct {
	Kind Kind
	Str  string // String: the decoded text; Number: the literal as written
	Bool bool
	Arr  []*Value
	Obj  []Member
}

// Member is one key and value of a JSON object.
type Member struct {
	Key   string
	Value *Value
}

// NewString returns a string Value.
func NewString(s string) *Value { return &Value{Kind: String, Str: s} }

// NewBool returns a boolean Value.
func NewBool(b bool) *Value { return &Value{Kind: Bool, Bool: b} }

// NewStrings returns an array Value of strings.
func NewStrings(ss []string) *Value {
	v := &Value{Kind: Array, Arr: make([]*Value, len(ss))}
	for i, s := range ss {
		v.Arr[i] = NewString(s)
	}
	return v
}

// Get returns the member value for key, or nil when v is not an object or
// has no such member.
func (v *Value) Get(key string) *Value {
	if v == nil || v.Kind != Object {
		return nil
	}
	for i := range v.Obj {
		if v.Obj[i].Key == key {
			return v.Obj[i].Value
		}
	}
	return nil
}

// Has reports whether object v has member key.
func (v *Value) Has(key string) bool { return v.Get(key) != nil }

// GetString returns the string member key, or "" when absent or not a string.
func (v *Value) GetString(key string) string {
	if m := v.Get(key); m != nil && m.Kind == String {
		return m.Str
	}
	return ""
}

// Set replaces the member key of object v, or appends it.
func (v *Value) Set(key string, val *Value) {
	for i := range v.Obj {
		if v.Obj[i].Key == key {
			v.Obj[i].Value = val
			return
		}
	}
	v.Obj = append(v.Obj, Member{Key: key, Value: val})
}

// Delete removes the member key of object v, if present.
func (v *Value) Delete(key string) {
	for i := range v.Obj {
		if v.Obj[i].Key == key {
			v.Obj = append(v.Obj[:i], v.Obj[i+1:]...)
			return
		}
	}
}

// Elems returns the elements of array v, or nil when v is nil or not an array.
func (v *Value) Elems() []*Value {
	if v == nil || v.Kind != Array {
		return nil
	}
	return v.Arr
}

// Strings returns the strings of array v, skipping non-strings.
func (v *Value) Strings() []string {
	if v == nil || v.Kind != Array {
		return nil
	}
	out := make([]string, 0, len(v.Arr))
	for _, e := range v.Arr {
		if e.Kind == String {
			out = append(out, e.Str)
		}
	}
	return out
}

// SyntaxError is a JSON syntax error with its position.
type SyntaxError struct {
	Offset int // byte offset in the input
	Line   int // 1-based
	Col    int // 1-based, in bytes
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg)
}

// ErrorCode marks syntax errors as invalid input.
func (e *SyntaxError) ErrorCode() string { return accord.EINVALID }

// Parse parses data, which must hold exactly one JSON value.
func Parse(data []byte) (*Value, error) { return parse(data, false) }

// ParseShared is Parse for data that stays unchanged for as long as the
// Value and any string taken from it are in use: strings without escapes
// then share data's memory instead of being copied, which saves much of
// the allocation of parsing a large bundle. The importer parses files it
// has read this way.
func ParseShared(data []byte) (*Value, error) { return parse(data, true) }

func parse(data []byte, shared bool) (*Value, error) {
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	p := parser{data: data, scratch: sc, shared: shared}
	p.skipSpace()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(p.data) {
		return nil, p.errorf("unexpected %s after the JSON value", p.describe())
	}
	return v, nil
}

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 512

type parser struct {
	data []byte
	pos  int

	// Allocation is batched: values come from a slab, and members and
	// elements gather on stacks and are copied out once per container at
	// their exact size. This halves the time of parsing a large bundle.
	slab     []Value
	slabSize int
	*scratch
	shared bool // strings may share data's memory (ParseShared)
}

// text returns b as a string, sharing its memory when the parse allows.
func (p *parser) text(b []byte) string {
	if p.shared && len(b) > 0 {
		return unsafe.String(&b[0], len(b))
	}
	return string(b)
}

// scratch is the stacks of a parse, reused across parses.
type scratch struct {
	members []Member
	elems   []*Value
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

func (p *parser) newValue(k Kind) *Value {
	if len(p.slab) == 0 {
		p.slabSize = min(max(2*p.slabSize, 16), 256)
		p.slab = make([]Value, p.slabSize)
	}
	v := &p.slab[0]
	p.slab = p.slab[1:]
	v.Kind = k
	return v
}

func (p *parser) errorf(format string, args ...any) error {
	return newSyntaxError(p.data, p.pos, fmt.Sprintf(format, args...))
}

func newSyntaxError(data []byte, off int, msg string) *SyntaxError {
	line, col := Position(data, off)
	return &SyntaxError{Offset: off, Line: line, Col: col, Msg: msg}
}

// Position returns the 1-based line and column of byte offset off in data.
func Position(data []byte, off int) (line, col int) {
	line, start := 1, 0
	if off > len(data) {
		off = len(data)
	}
	for i := 0; i < off; i++ {
		if data[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return line, off - start + 1
}

func (p *parser) describe() string {
	if p.pos >= len(p.data) {
		return "end of input"
	}
	c := p.data[p.pos]
	if c < 0x20 || c >= 0x7f {
		return fmt.Sprintf("byte 0x%02x", c)
	}
	return strconv.QuoteRune(rune(c))
}

func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (*Value, error) {
	if depth > maxDepth {
		return nil, p.errorf("nesting deeper than %d", maxDepth)
	}
	if p.pos >= len(p.data) {
		return nil, p.errorf("unexpected end of input, expected a value")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		v := p.newValue(String)
		v.Str = s
		return v, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", Bool, true)
	case c == 'f':
		return p.literal("false", Bool, false)
	case c == 'n':
		return p.literal("null", Null, false)
	}
	return nil, p.errorf("unexpected %s, expected a value", p.describe())
}

func (p *parser) literal(word string, k Kind, b bool) (*Value, error) {
	if len(p.data)-p.pos < len(word) || string(p.data[p.pos:p.pos+len(word)]) != word {
		return nil, p.errorf("invalid literal, expected %s", word)
	}
	p.pos += len(word)
	v := p.newValue(k)
	v.Bool = b
	return v, nil
}

func (p *parser) object(depth int) (*Value, error) {
	p.pos++ // '{'
	v := p.newValue(Object)
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return v, nil
	}
	base := len(p.members)
	defer func() { p.members = p.members[:base] }()
	var seen map[string]struct{}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.errorf("unexpected %s, expected a string key", p.describe())
		}
		keyPos := p.pos
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		if dup := p.duplicate(p.members[base:], key, &seen); dup {
			return nil, newSyntaxError(p.data, keyPos, fmt.Sprintf("duplicate key %q", key))
		}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.errorf("unexpected %s, expected ':'", p.describe())
		}
		p.pos++
		p.skipSpace()
		val, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		p.members = append(p.members, Member{Key: key, Value: val})
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errorf("unexpected end of input, expected ',' or '}'")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			v.Obj = append([]Member(nil), p.members[base:]...)
			return v, nil
		default:
			return nil, p.errorf("unexpected %s, expected ',' or '}'", p.describe())
		}
	}
}

// duplicate reports whether key is already among members; small objects
// are scanned, large ones tracked in a set.
func (p *parser) duplicate(members []Member, key string, seen *map[string]struct{}) bool {
	const small = 16
	if len(members) < small {
		for i := range members {
			if members[i].Key == key {
				return true
			}
		}
		return false
	}
	if *seen == nil {
		*seen = make(map[string]struct{}, 2*small)
		for i := range members {
			(*seen)[members[i].Key] = struct{}{}
		}
	}
	if _, ok := (*seen)[key]; ok {
		return true
	}
	(*seen)[key] = struct{}{}
	return false
}

func (p *parser) array(depth int) (*Value, error) {
	p.pos++ // '['
	v := p.newValue(Array)
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		v.Arr = []*Value{}
		return v, nil
	}
	base := len(p.elems)
	defer func() { p.elems = p.elems[:base] }()
	for {
		p.skipSpace()
		e, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		p.elems = append(p.elems, e)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.errorf("unexpected end of input, expected ',' or ']'")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			v.Arr = append([]*Value(nil), p.elems[base:]...)
			return v, nil
		default:
			return nil, p.errorf("unexpected %s, expected ',' or ']'", p.describe())
		}
	}
}

func (p *parser) number() (*Value, error) {
	start := p.pos
	d := p.data
	if d[p.pos] == '-' {
		p.pos++
	}
	switch {
	case p.pos < len(d) && d[p.pos] == '0':
		p.pos++
	case p.pos < len(d) && d[p.pos] >= '1' && d[p.pos] <= '9':
		p.digits()
	default:
		return nil, p.errorf("invalid number, expected a digit")
	}
	if p.pos < len(d) && d[p.pos] == '.' {
		p.pos++
		if p.digits() == 0 {
			return nil, p.errorf("invalid number, expected a digit after '.'")
		}
	}
	if p.pos < len(d) && (d[p.pos] == 'e' || d[p.pos] == 'E') {
		p.pos++
		if p.pos < len(d) && (d[p.pos] == '+' || d[p.pos] == '-') {
			p.pos++
		}
		if p.digits() == 0 {
			return nil, p.errorf("invalid number, expected a digit in the exponent")
		}
	}
	v := p.newValue(Number)
	v.Str = p.text(d[start:p.pos])
	return v, nil
}

func (p *parser) digits() int {
	n := 0
	for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
		p.pos++
		n++
	}
	return n
}

// str parses a string starting at the opening quote.
func (p *parser) str() (string, error) {
	p.pos++ // '"'
	start := p.pos
	d := p.data
	// Fast path: a string without escapes, valid UTF-8 checked once at
	// the end; without a copy when the parse allows it.
	high := false
	for p.pos < len(d) {
		c := d[p.pos]
		if c == '"' {
			if high && !utf8.Valid(d[start:p.pos]) {
				p.pos = start
				break // the slow path finds and reports the bad byte
			}
			s := p.text(d[start:p.pos])
			p.pos++
			return s, nil
		}
		if c == '\\' || c < 0x20 {
			break
		}
		high = high || c >= 0x80
		p.pos++
	}
	buf := make([]byte, 0, p.pos-start+16)
	buf = append(buf, d[start:p.pos]...)
	for p.pos < len(d) {
		c := d[p.pos]
		switch {
		case c == '"':
			p.pos++
			return string(buf), nil
		case c == '\\':
			var err error
			if buf, err = p.escape(buf); err != nil {
				return "", err
			}
		case c < 0x20:
			return "", p.errorf("control character 0x%02x in string", c)
		case c < 0x80:
			buf = append(buf, c)
			p.pos++
		default:
			r, size := utf8.DecodeRune(d[p.pos:])
			if r == utf8.RuneError && size <= 1 {
				return "", p.errorf("invalid UTF-8 in string")
			}
			buf = append(buf, d[p.pos:p.pos+size]...)
			p.pos += size
		}
	}
	return "", p.errorf("unexpected end of input in string")
}

func (p *parser) escape(buf []byte) ([]byte, error) {
	p.pos++ // '\\'
	if p.pos >= len(p.data) {
		return nil, p.errorf("unexpected end of input in escape")
	}
	c := p.data[p.pos]
	p.pos++
	switch c {
	case '"', '\\', '/':
		return append(buf, c), nil
	case 'b':
		return append(buf, '\b'), nil
	case 'f':
		return append(buf, '\f'), nil
	case 'n':
		return append(buf, '\n'), nil
	case 'r':
		return append(buf, '\r'), nil
	case 't':
		return append(buf, '\t'), nil
	case 'u':
		r, err := p.hex4()
		if err != nil {
			return nil, err
		}
		if utf16.IsSurrogate(r) {
			r = p.lowSurrogate(r)
		}
		return utf8.AppendRune(buf, r), nil
	}
	p.pos--
	return nil, p.errorf("invalid escape '\\%c'", c)
}

// lowSurrogate completes a UTF-16 pair; an unpaired surrogate becomes U+FFFD.
func (p *parser) lowSurrogate(hi rune) rune {
	if p.pos+6 <= len(p.data) && p.data[p.pos] == '\\' && p.data[p.pos+1] == 'u' {
		save := p.pos
		p.pos += 2
		if lo, err := p.hex4(); err == nil {
			if r := utf16.DecodeRune(hi, lo); r != utf8.RuneError {
				return r
			}
		}
		p.pos = save
	}
	return utf8.RuneError
}

func (p *parser) hex4() (rune, error) {
	if len(p.data)-p.pos < 4 {
		return 0, p.errorf("unexpected end of input in \\u escape")
	}
	var r rune
	for i := 0; i < 4; i++ {
		c := p.data[p.pos+i]
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			p.pos += i
			return 0, p.errorf("invalid hex digit in \\u escape")
		}
	}
	p.pos += 4
	return r, nil
}
