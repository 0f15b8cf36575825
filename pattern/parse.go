package pattern

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// The STIX versions Parse accepts.
const (
	v20 = "2.0"
	v21 = "2.1"
)

// DefaultMaxDepth is how deeply brackets, parentheses and qualifiers may
// nest unless WithMaxDepth says otherwise. It bounds the parser's recursion
// and the depth of the tree on untrusted input.
const DefaultMaxDepth = 100

// config holds the options of one Parse call.
type config struct {
	version  string
	maxDepth int
	strict   bool
}

// Option changes how Parse reads a pattern.
type Option func(*config)

// WithVersion parses the pattern as STIX version v, "2.0" or "2.1" (the
// default). STIX 2.0 has no EXISTS operator (EXISTS is an ordinary
// identifier there), writes START and STOP timestamps as plain strings
// ('…' as well as t'…' is read), and does not forbid repeating a qualifier
// type directly on one observation expression.
func WithVersion(v string) Option {
	return func(c *config) { c.version = v }
}

// WithMaxDepth sets how deeply brackets, parentheses and qualifiers may
// nest (DefaultMaxDepth by default).
func WithMaxDepth(n int) Option {
	return func(c *config) { c.maxDepth = n }
}

// WithStrictTimestamps also rejects timestamps naming no real instant,
// such as t'2023-02-29T00:00:00Z' or a leap second other than 23:59:60.
// By default timestamps are checked as the grammar and the reference
// validator check them, which let every month have 31 days.
func WithStrictTimestamps() Option {
	return func(c *config) { c.strict = true }
}

// ErrVersion is returned by Parse for a version other than "2.0" or "2.1".
var ErrVersion = errors.New("pattern: unknown STIX version")

// Parse parses a STIX pattern and checks it against the specification's
// rules. Problems with the pattern are returned as a *SyntaxError.
func Parse(s string, opts ...Option) (pat *Pattern, err error) {
	cfg := config{version: v21, maxDepth: DefaultMaxDepth}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.version != v20 && cfg.version != v21 {
		return nil, fmt.Errorf("%w %q: want \"2.0\" or \"2.1\"", ErrVersion, cfg.version)
	}
	if !utf8.ValidString(s) {
		return nil, newSyntaxError(s, invalidUTF8(s), "invalid UTF-8")
	}
	p := &parser{lex: lexer{src: s, version: cfg.version, strict: cfg.strict}, cfg: cfg}
	defer p.recover(&err)
	p.advance()
	root := p.obsFollowedBy()
	if p.tok.kind != tokEOF {
		p.failExpected("AND, OR, FOLLOWEDBY, a qualifier or the end of the pattern")
	}
	return &Pattern{Root: root, Version: cfg.version}, nil
}

// invalidUTF8 returns the offset of the first invalid UTF-8 in s.
func invalidUTF8(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			return i
		}
	}
	return 0
}

// parser is a recursive-descent parser over the lexer's tokens with one
// token of lookahead. Errors unwind the parse as a panic of *SyntaxError,
// recovered in Parse, which keeps every production free of error plumbing.
type parser struct {
	lex   lexer
	cfg   config
	tok   token
	depth int
}

// recover turns a *SyntaxError panic into Parse's error; other panics are
// bugs and go on.
func (p *parser) recover(err *error) {
	r := recover()
	if r == nil {
		return
	}
	se, ok := r.(*SyntaxError)
	if !ok {
		panic(r)
	}
	*err = se
}

// advance moves to the next token.
func (p *parser) advance() {
	t, err := p.lex.next()
	if err != nil {
		panic(err)
	}
	p.tok = t
}

// fail stops the parse with an error at byte offset off.
func (p *parser) fail(off int, format string, args ...any) {
	panic(newSyntaxError(p.lex.src, off, fmt.Sprintf(format, args...)))
}

// failExpected stops the parse, saying what was expected at the current
// token.
func (p *parser) failExpected(what string) {
	p.fail(p.tok.pos, "expected %s, found %s", what, describe(p.tok))
}

func (p *parser) isPunct(s string) bool {
	return p.tok.kind == tokPunct && p.tok.text == s
}

func (p *parser) isKeyword(s string) bool {
	return p.tok.kind == tokKeyword && p.tok.text == s
}

// expectPunct consumes punctuation s or fails saying what was expected.
func (p *parser) expectPunct(s, what string) {
	if !p.isPunct(s) {
		p.failExpected(what)
	}
	p.advance()
}

// enter goes one level deeper for the construct at byte offset pos,
// failing past the maximum depth.
func (p *parser) enter(pos int) {
	p.depth++
	if p.depth > p.cfg.maxDepth {
		p.fail(pos, "pattern nested too deeply (more than %d levels)", p.cfg.maxDepth)
	}
}

// operands parses sub, then more sub after each keyword kw.
func operands[T any](p *parser, kw string, sub func() T) []T {
	list := []T{sub()}
	for p.isKeyword(kw) {
		p.advance()
		list = append(list, sub())
	}
	return list
}

// obsFollowedBy parses observation expressions joined by FOLLOWEDBY, the
// loosest observation operator.
func (p *parser) obsFollowedBy() ObsExpr {
	list := operands(p, "FOLLOWEDBY", p.obsOr)
	if len(list) == 1 {
		return list[0]
	}
	return &FollowedBy{Operands: list}
}

// obsOr parses observation expressions joined by OR.
func (p *parser) obsOr() ObsExpr {
	list := operands(p, "OR", p.obsAnd)
	if len(list) == 1 {
		return list[0]
	}
	return &ObsOr{Operands: list}
}

// obsAnd parses observation expressions joined by AND, the tightest
// observation operator.
func (p *parser) obsAnd() ObsExpr {
	list := operands(p, "AND", p.obsQualified)
	if len(list) == 1 {
		return list[0]
	}
	return &ObsAnd{Operands: list}
}

// obsPrimary parses [comparison] or (observation expressions). simple
// reports the first.
func (p *parser) obsPrimary() (e ObsExpr, simple bool) {
	switch {
	case p.isPunct("["):
		p.enter(p.tok.pos)
		p.advance()
		c := p.compOr()
		p.expectPunct("]", `AND, OR or "]" to end the observation expression`)
		p.depth--
		return &Observation{Comparison: c}, true
	case p.isPunct("("):
		p.enter(p.tok.pos)
		p.advance()
		e := p.obsFollowedBy()
		p.expectPunct(")", `AND, OR, FOLLOWEDBY, a qualifier or ")"`)
		p.depth--
		return e, false
	}
	p.failExpected(`an observation expression in square brackets "[…]" or a "("`)
	return nil, false
}
