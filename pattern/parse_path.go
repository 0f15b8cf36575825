package pattern

import "strconv"

// objectPath parses type:property followed by .key, .'quoted key', [n]
// and [*] steps.
func (p *parser) objectPath() ObjectPath {
	t := p.tok
	if t.kind != tokIdent {
		p.failExpected("an object path such as file:name")
	}
	p.advance()
	if !p.isPunct(":") {
		if t.text == "EXISTS" && p.cfg.version == v20 {
			p.fail(t.pos, "EXISTS is not an operator in STIX 2.0 (it is new in 2.1)")
		}
		p.failExpected(`":" after the object type ` + strconv.Quote(t.text))
	}
	p.advance()
	path := ObjectPath{ObjectType: t.text, Steps: []Step{p.key("a property name after \":\"")}}
	for {
		switch {
		case p.isPunct("."):
			p.advance()
			path.Steps = append(path.Steps, p.key(`a property name after "."`))
		case p.isPunct("["):
			path.Steps = append(path.Steps, p.index())
		default:
			return path
		}
	}
}

// key parses a property name: an identifier without hyphens, or a quoted
// string.
func (p *parser) key(what string) Step {
	t := p.tok
	switch {
	case t.kind == tokString:
		p.advance()
		return Step{Kind: StepKey, Key: unquote(t.text)}
	case t.kind == tokIdent && t.hyphen:
		p.fail(t.pos, "property name %s holds a hyphen: quote it as '%s'", t.text, t.text)
	case t.kind == tokIdent:
		p.advance()
		return Step{Kind: StepKey, Key: t.text}
	case t.kind == tokKeyword || t.kind == tokBool:
		p.failExpected(what + " (quote a property named like a keyword)")
	}
	p.failExpected(what)
	return Step{}
}

// index parses [n] or [*].
func (p *parser) index() Step {
	p.advance()
	t := p.tok
	var s Step
	switch {
	case p.isPunct("*"):
		s = Step{Kind: StepAnyIndex}
	case t.kind == tokInt:
		lit, msg := literalOf(t)
		if msg != "" {
			p.fail(t.pos, "list index %s", msg)
		}
		s = Step{Kind: StepIndex, Index: lit.Int}
	default:
		p.failExpected(`a list index (an integer or "*") after "["`)
	}
	p.advance()
	p.expectPunct("]", `"]" after the list index`)
	return s
}
