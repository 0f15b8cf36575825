package stix

import "bytes"

// Span is one JSON value found in a larger document, with where it starts.
type Span struct {
	Data   []byte // the value's bytes, a sub-slice of the document
	Offset int    // byte offset of the value in the document
	Line   int    // 1-based line of the value's first byte
}

// Document is a file's content split into STIX objects without parsing them:
// a bundle's "objects", a JSON array of objects, a single object, or JSON
// lines (one object per line). Splitting is cheap; the objects are parsed
// later, in parallel.
type Document struct {
	Kind        string // "bundle", "array", "object" or "lines"
	BundleID    string // the bundle's id, for a bundle
	SpecVersion string // the bundle's spec_version ("2.0" bundles carry one)
	Objects     []Span
}

// Split splits data into the objects it holds. It checks the JSON syntax of
// everything but the objects' insides, which Parse checks later.
func Split(data []byte) (*Document, error) {
	doc := &Document{}
	err := SplitEach(data, doc, func(sp Span) { doc.Objects = append(doc.Objects, sp) })
	if err != nil {
		return nil, err
	}
	return doc, nil
}

// SplitEach is Split for a pipeline: it calls emit with each object as soon
// as it is found, so that objects can be parsed while the rest of the file
// is still being split. doc gets the document's kind, bundle id and spec
// version (not its objects); when emit is called, doc.SpecVersion holds the
// bundle's spec_version if it came before the objects, as bundles write it.
// On an error, the objects emitted so far stand before it in the document.
func SplitEach(data []byte, doc *Document, emit func(Span)) error {
	s := splitter{parser: parser{data: data, scratch: new(scratch)}, line: 1, doc: doc, emit: emit}
	s.skipSpace()
	if s.pos >= len(data) {
		return s.errorf("empty input, expected a STIX bundle, an object, an array or JSON lines")
	}
	switch data[s.pos] {
	case '[':
		return s.array()
	case '{':
	default:
		return s.errorf("unexpected %s, expected a STIX bundle, an object, an array or JSON lines", s.describe())
	}
	first, err := s.topObject()
	if err != nil {
		return err
	}
	s.skipSpace()
	switch {
	case s.pos < len(data):
		return s.lines(first)
	case doc.Kind != "bundle":
		doc.Kind = "object"
		emit(first)
	}
	return nil
}

// splitter tracks the line of pos incrementally, so that every span knows its
// line without rescanning the document.
type splitter struct {
	parser
	line    int
	lineEnd int // bytes before this offset have been counted into line
	doc     *Document
	emit    func(Span)
}

func (s *splitter) lineAt(off int) int {
	if off > s.lineEnd {
		s.line += bytes.Count(s.data[s.lineEnd:off], []byte{'\n'})
		s.lineEnd = off
	}
	return s.line
}

// span skips one value at pos and returns it.
func (s *splitter) span() (Span, error) {
	start := s.pos
	if err := s.skipValue(0); err != nil {
		return Span{}, err
	}
	return Span{Data: s.data[start:s.pos], Offset: start, Line: s.lineAt(start)}, nil
}

func (s *splitter) array() error {
	s.doc.Kind = "array"
	if err := s.elements(s.emit); err != nil {
		return err
	}
	s.skipSpace()
	if s.pos < len(s.data) {
		return s.errorf("unexpected %s after the array", s.describe())
	}
	return nil
}

// elements splits the array at pos into spans, calling emit with each.
func (s *splitter) elements(emit func(Span)) error {
	s.pos++ // '['
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		return nil
	}
	for {
		s.skipSpace()
		sp, err := s.span()
		if err != nil {
			return err
		}
		emit(sp)
		s.skipSpace()
		if s.pos >= len(s.data) {
			return s.errorf("unexpected end of input, expected ',' or ']'")
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case ']':
			s.pos++
			return nil
		default:
			return s.errorf("unexpected %s, expected ',' or ']'", s.describe())
		}
	}
}

func (s *splitter) lines(first Span) error {
	s.doc.Kind = "lines"
	s.emit(first)
	for s.pos < len(s.data) {
		if s.data[s.pos] != '{' {
			return s.errorf("unexpected %s, expected a JSON object on each line", s.describe())
		}
		sp, err := s.span()
		if err != nil {
			return err
		}
		s.emit(sp)
		s.skipSpace()
	}
	return nil
}

// topObject scans the object at pos without parsing it whole: a bundle's
// objects are emitted as spans, and only its type, id and spec_version are
// read; doc.Kind becomes "bundle" when the object is one.
func (s *splitter) topObject() (Span, error) {
	start := s.pos
	s.pos++         // '{'
	var held []Span // objects seen before the type said this is a bundle
	s.skipSpace()
	for s.pos < len(s.data) && s.data[s.pos] != '}' {
		if s.data[s.pos] != '"' {
			return Span{}, s.errorf("unexpected %s, expected a string key", s.describe())
		}
		key, err := s.str()
		if err != nil {
			return Span{}, err
		}
		s.skipSpace()
		if s.pos >= len(s.data) || s.data[s.pos] != ':' {
			return Span{}, s.errorf("unexpected %s, expected ':'", s.describe())
		}
		s.pos++
		s.skipSpace()
		if err := s.topMember(key, &held); err != nil {
			return Span{}, err
		}
		s.skipSpace()
		if s.pos < len(s.data) && s.data[s.pos] == ',' {
			s.pos++
			s.skipSpace()
		} else if s.pos >= len(s.data) || s.data[s.pos] != '}' {
			return Span{}, s.errorf("unexpected %s, expected ',' or '}'", s.describe())
		}
	}
	if s.pos >= len(s.data) {
		return Span{}, s.errorf("unexpected end of input, expected '}'")
	}
	s.pos++
	if s.doc.Kind == "bundle" {
		for _, sp := range held {
			s.emit(sp)
		}
	}
	return Span{Data: s.data[start:s.pos], Offset: start, Line: s.lineAt(start)}, nil
}

func (s *splitter) topMember(key string, held *[]Span) error {
	doc := s.doc
	switch key {
	case "objects":
		if s.pos < len(s.data) && s.data[s.pos] == '[' {
			if doc.Kind == "bundle" {
				return s.elements(s.emit)
			}
			return s.elements(func(sp Span) { *held = append(*held, sp) })
		}
	case "type", "id", "spec_version":
		if s.pos < len(s.data) && s.data[s.pos] == '"' {
			v, err := s.str()
			switch key {
			case "type":
				if v == "bundle" {
					doc.Kind = "bundle"
				}
			case "id":
				doc.BundleID = v
			default:
				doc.SpecVersion = v
			}
			return err
		}
	}
	return s.skipValue(1)
}

// skipValue moves past one value, checking its syntax only as far as needed
// to find its end; Parse checks the rest.
func (p *parser) skipValue(depth int) error {
	if depth > maxDepth {
		return p.errorf("nesting deeper than %d", maxDepth)
	}
	if p.pos >= len(p.data) {
		return p.errorf("unexpected end of input, expected a value")
	}
	switch p.data[p.pos] {
	case '"':
		return p.skipString()
	case '{', '[':
		return p.skipContainer(depth)
	}
	_, err := p.value(depth)
	return err
}

func (p *parser) skipString() error {
	start := p.pos
	p.pos = stringEnd(p.data, p.pos+1)
	if p.pos == len(p.data) && (p.pos-start < 2 || p.data[p.pos-1] != '"' || escaped(p.data, p.pos-1)) {
		return p.errorf("unexpected end of input in string")
	}
	return nil
}

// escaped reports whether the byte at i is preceded by an odd number of
// backslashes.
func escaped(data []byte, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && data[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

func (p *parser) skipContainer(depth int) error {
	open := p.data[p.pos]
	close := byte('}')
	if open == '[' {
		close = ']'
	}
	p.pos++
	for {
		p.skipSpace()
		if p.pos >= len(p.data) {
			return p.errorf("unexpected end of input, expected '%c'", close)
		}
		switch c := p.data[p.pos]; c {
		case close:
			p.pos++
			return nil
		case ',', ':':
			p.pos++
		case '}', ']':
			return p.errorf("unexpected '%c', expected '%c'", c, close)
		default:
			if err := p.skipValue(depth + 1); err != nil {
				return err
			}
		}
	}
}

// shift re-bases a syntax error found in a span onto the whole document.
func shift(err error, data []byte, off int) error {
	if se, ok := err.(*SyntaxError); ok {
		return newSyntaxError(data, off+se.Offset, se.Msg)
	}
	return err
}

// ShiftError re-bases a syntax error from parsing span sp onto the document
// it came from, so the line and column are the document's.
func ShiftError(err error, doc []byte, sp Span) error { return shift(err, doc, sp.Offset) }
