package hunt

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"io"
	"math/bits"
	"slices"
	"unicode/utf8"
)

// jsonlMaxLine bounds a line: a longer one is reported as malformed and
// skipped rather than held in memory.
const jsonlMaxLine = 16 << 20

// jsonlLines reads a log line by line out of a bufio.Reader, returning
// slices of its buffer (or of long, for a line longer than the buffer), so
// that reading a line allocates nothing.
type jsonlLines struct {
	br   *bufio.Reader
	long []byte
	line int // the number of the line last returned
	err  error
}

func jsonlNewLines(r io.Reader) jsonlLines {
	return jsonlLines{br: bufio.NewReaderSize(r, 64<<10)}
}

// record reads the next line that is not blank into r, as a reader of
// JSON lines (or syslog) starts each record: r is reset and given the
// file's name, the line's number and the line. A line too long to keep is
// a *MalformedError.
func (l *jsonlLines) record(r *Record, name string) ([]byte, error) {
	for {
		line, tooLong, err := l.next()
		if err != nil {
			return nil, err
		}
		r.Reset()
		r.File, r.Line, r.Raw = name, l.line, line
		if tooLong {
			return nil, &MalformedError{File: name, Line: l.line, Msg: "line longer than 16 MiB"}
		}
		if len(bytes.TrimSpace(line)) != 0 {
			return line, nil
		}
	}
}

// next returns the next line without its end of line, whether it was too
// long to keep (and so was cut), and io.EOF or a read error at the end.
func (l *jsonlLines) next() (line []byte, tooLong bool, err error) {
	if l.err != nil {
		return nil, false, l.err
	}
	b, err := l.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		l.long = append(l.long[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = l.br.ReadSlice('\n')
			if len(l.long)+len(b) <= jsonlMaxLine {
				l.long = append(l.long, b...)
			} else {
				tooLong = true
			}
		}
		b = l.long
	}
	switch {
	case err == io.EOF && len(b) == 0:
		l.err = io.EOF
		return nil, false, io.EOF
	case err == io.EOF:
		l.err = io.EOF // the last line has no end of line
	case err != nil:
		l.err = err
		return nil, false, err
	}
	l.line++
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	if l.line == 1 && len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		b = b[3:] // a UTF-8 byte order mark
	}
	return b, tooLong, nil
}

// jsonlVisitor receives the scalar values of a JSON object. key is the
// member's dotted path ("id.orig_h" whether the line nests "id" or writes
// the dot itself); an array's elements share their member's key. val is a
// string's text (unescaped) or a number's or boolean's literal; null is
// not reported. Neither slice outlives the call's line.
type jsonlVisitor interface {
	jsonlValue(key, val []byte, str bool)
}

// jsonlScanner walks one JSON object per line without building anything:
// its key and scratch buffers are reused from line to line, and a string is
// copied only when it has escapes to undo.
type jsonlScanner struct {
	b       []byte
	i       int
	key     []byte
	scratch []byte
}

const jsonlMaxDepth = 32

// walk reports every scalar of line, a JSON object, to v, and returns why
// the line is not one ("" when it is).
func (s *jsonlScanner) walk(line []byte, v jsonlVisitor) string {
	s.b, s.i = line, 0
	s.key, s.scratch = s.key[:0], s.scratch[:0]
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != '{' {
		return "not a JSON object"
	}
	if msg := s.object(v, 0); msg != "" {
		return msg
	}
	s.ws()
	if s.i != len(s.b) {
		return "text after the JSON object"
	}
	return ""
}

func (s *jsonlScanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		default:
			return
		}
	}
}

func (s *jsonlScanner) peek() byte {
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

func (s *jsonlScanner) object(v jsonlVisitor, depth int) string {
	if depth > jsonlMaxDepth {
		return "JSON nested too deeply"
	}
	s.i++ // '{'
	base := len(s.key)
	s.ws()
	if s.peek() == '}' {
		s.i++
		return ""
	}
	for {
		s.ws()
		if s.peek() != '"' {
			return "JSON object member without a quoted key"
		}
		k, ok := s.str()
		if !ok {
			return "unterminated or invalid JSON string"
		}
		s.key = s.key[:base]
		if base > 0 {
			s.key = append(s.key, '.')
		}
		s.key = append(s.key, k...)
		s.ws()
		if s.peek() != ':' {
			return "JSON key without a colon"
		}
		s.i++
		s.ws()
		if msg := s.value(v, depth); msg != "" {
			return msg
		}
		s.ws()
		switch s.peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			s.key = s.key[:base]
			return ""
		default:
			return "expected ',' or '}' in JSON object"
		}
	}
}

func (s *jsonlScanner) array(v jsonlVisitor, depth int) string {
	if depth > jsonlMaxDepth {
		return "JSON nested too deeply"
	}
	s.i++ // '['
	s.ws()
	if s.peek() == ']' {
		s.i++
		return ""
	}
	for {
		s.ws()
		if msg := s.value(v, depth); msg != "" {
			return msg
		}
		s.ws()
		switch s.peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			return ""
		default:
			return "expected ',' or ']' in JSON array"
		}
	}
}

func (s *jsonlScanner) value(v jsonlVisitor, depth int) string {
	switch s.peek() {
	case 0:
		if s.i >= len(s.b) {
			return "JSON cut short"
		}
		return "invalid JSON value"
	case '"':
		val, ok := s.str()
		if !ok {
			return "unterminated or invalid JSON string"
		}
		v.jsonlValue(s.key, val, true)
		return ""
	case '{':
		return s.object(v, depth+1)
	case '[':
		return s.array(v, depth+1)
	}
	start := s.i
	for s.i < len(s.b) && jsonlLiteralByte(s.b[s.i]) {
		s.i++
	}
	lit := s.b[start:s.i]
	switch {
	case len(lit) == 0:
		return "invalid JSON value"
	case string(lit) == "null":
	case string(lit) == "true" || string(lit) == "false" || jsonlNumber(lit):
		v.jsonlValue(s.key, lit, false)
	default:
		return "invalid JSON literal"
	}
	return ""
}

func jsonlLiteralByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'E'
}

func jsonlNumber(b []byte) bool {
	if b[0] == '-' {
		b = b[1:]
	}
	if len(b) == 0 || b[0] < '0' || b[0] > '9' {
		return false
	}
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
			return false
		}
	}
	return true
}

// str reads the string at s.i, returning its text: a slice of the line, or
// of the scratch buffer when it had escapes.
func (s *jsonlScanner) str() ([]byte, bool) {
	s.i++ // '"'
	start := s.i
	s.i = jsonlStrEnd(s.b, start)
	switch {
	case s.i >= len(s.b):
		return nil, false
	case s.b[s.i] == '"':
		s.i++
		return s.b[start : s.i-1], true
	}
	return s.unescape(start)
}

// unescape reads on from the first '\\' of the string that starts at
// start, at s.i, into the scratch buffer. The text between escapes (file
// paths of Windows events escape every other word's backslash) is
// searched and copied in one pass, eight bytes at a time, into a buffer
// grown first for the rest of the line: unescaped, a string is no longer.
func (s *jsonlScanner) unescape(start int) ([]byte, bool) {
	b := s.b
	from := len(s.scratch)
	s.scratch = slices.Grow(s.scratch, len(b)-start+8)
	s.scratch = append(s.scratch, b[start:s.i]...)
	out, o, i := s.scratch[:cap(s.scratch)], len(s.scratch), s.i
	for {
		for i+8 <= len(b) { // room in out: o-from <= i-start, and 8 more
			x := binary.LittleEndian.Uint64(b[i:])
			binary.LittleEndian.PutUint64(out[o:], x)
			if m := jsonlQuotes(x); m != 0 {
				k := bits.TrailingZeros64(m) >> 3
				o, i = o+k, i+k
				break
			}
			o, i = o+8, i+8
		}
		for i < len(b) && b[i] != '"' && b[i] != '\\' {
			out[o] = b[i]
			o, i = o+1, i+1
		}
		switch {
		case i >= len(b):
			s.i, s.scratch = i, out[:from]
			return nil, false
		case b[i] == '"':
			s.i, s.scratch = i+1, out[:o]
			return out[from:o:o], true
		case i+1 < len(b) && b[i+1] == '\\':
			out[o] = '\\'
			o, i = o+1, i+2
			continue
		}
		s.i, s.scratch = i, out[:o]
		if i+1 >= len(b) || !s.escape() {
			s.scratch = s.scratch[:from]
			return nil, false
		}
		out, o, i = s.scratch[:cap(s.scratch)], len(s.scratch), s.i
	}
}

// escape appends what the escape at s.i stands for to the scratch buffer.
func (s *jsonlScanner) escape() bool {
	e := s.b[s.i+1]
	s.i += 2
	switch e {
	case '"', '\\', '/':
		s.scratch = append(s.scratch, e)
	case 'b':
		s.scratch = append(s.scratch, '\b')
	case 'f':
		s.scratch = append(s.scratch, '\f')
	case 'n':
		s.scratch = append(s.scratch, '\n')
	case 'r':
		s.scratch = append(s.scratch, '\r')
	case 't':
		s.scratch = append(s.scratch, '\t')
	case 'u':
		r, ok := s.hex4()
		if !ok {
			return false
		}
		if r >= 0xD800 && r < 0xDC00 && s.i+1 < len(s.b) && s.b[s.i] == '\\' && s.b[s.i+1] == 'u' {
			s.i += 2
			lo, ok := s.hex4()
			switch {
			case !ok:
				return false
			case lo < 0xDC00 || lo > 0xDFFF: // no pair: the next escape stands alone
				s.i -= 6
				r = utf8.RuneError
			default:
				r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
			}
		}
		s.scratch = utf8.AppendRune(s.scratch, r)
	default:
		return false
	}
	return true
}

func (s *jsonlScanner) hex4() (rune, bool) {
	if s.i+4 > len(s.b) {
		return 0, false
	}
	var r rune
	for _, c := range s.b[s.i : s.i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	s.i += 4
	return r, true
}
