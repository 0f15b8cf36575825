package pattern

// compOr parses comparison expressions joined by OR.
func (p *parser) compOr() Expr {
	list := operands(p, "OR", p.compAnd)
	if len(list) == 1 {
		return list[0]
	}
	return &Or{Operands: list}
}

// compAnd parses comparison expressions joined by AND, which binds tighter
// than OR.
func (p *parser) compAnd() Expr {
	list := operands(p, "AND", p.propTest)
	if len(list) == 1 {
		return list[0]
	}
	return &And{Operands: list}
}

// propTest parses one comparison, [NOT] EXISTS path, or a parenthesized
// comparison expression.
func (p *parser) propTest() Expr {
	switch {
	case p.isPunct("("):
		p.enter(p.tok.pos)
		p.advance()
		e := p.compOr()
		p.expectPunct(")", `AND, OR or ")"`)
		p.depth--
		return e
	case p.isKeyword("NOT") || p.isKeyword("EXISTS"):
		return p.exists()
	}
	c := &Comparison{Path: p.objectPath()}
	if p.isKeyword("NOT") {
		c.Negated = true
		p.advance()
	}
	c.Op = p.operator()
	pos := p.tok.pos
	c.Value = p.operand(c.Op)
	if msg := checkComparison(c); msg != "" {
		p.fail(pos, "%s", msg)
	}
	return c
}

// exists parses [NOT] EXISTS path (STIX 2.1 only; in 2.0 EXISTS is not a
// keyword).
func (p *parser) exists() Expr {
	c := &Comparison{Op: OpExists}
	if p.isKeyword("NOT") {
		c.Negated = true
		p.advance()
		if p.cfg.version == v20 && p.tok.text == "EXISTS" {
			p.fail(p.tok.pos, "EXISTS is not an operator in STIX 2.0 (it is new in 2.1)")
		}
		if !p.isKeyword("EXISTS") {
			p.failExpected("EXISTS after NOT (elsewhere NOT goes between the object path and the operator)")
		}
	}
	p.advance()
	c.Path = p.objectPath()
	return c
}

// opTokens maps operator tokens to operators; "==" and "<>" are the
// grammar's alternative spellings of "=" and "!=".
var opTokens = map[string]Op{
	"=": OpEqual, "==": OpEqual, "!=": OpNotEqual, "<>": OpNotEqual,
	"<": OpLess, "<=": OpLessEqual, ">": OpGreater, ">=": OpGreaterEqual,
	"IN": OpIn, "LIKE": OpLike, "MATCHES": OpMatches,
	"ISSUBSET": OpIsSubset, "ISSUPERSET": OpIsSuperset,
}

// operator parses a comparison operator.
func (p *parser) operator() Op {
	if p.tok.kind == tokPunct || p.tok.kind == tokKeyword {
		if op, ok := opTokens[p.tok.text]; ok {
			p.advance()
			return op
		}
	}
	p.failExpected("a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)")
	return 0
}

// operand parses the literal an operator takes.
func (p *parser) operand(op Op) Literal {
	name := op.String()
	switch op {
	case OpEqual, OpNotEqual:
		return p.literal(true, "a literal value after "+name)
	case OpIn:
		return p.set()
	case OpLike, OpMatches, OpIsSubset, OpIsSuperset:
		if p.tok.kind != tokString {
			p.failExpected("a string literal after " + name)
		}
		lit, _ := literalOf(p.tok)
		p.advance()
		return lit
	}
	return p.literal(false, "an orderable literal (string, number, binary, hex or timestamp) after "+name)
}

// literal parses a primitive literal; boolOK says whether true and false
// are allowed (they are not orderable).
func (p *parser) literal(boolOK bool, what string) Literal {
	t := p.tok
	switch t.kind {
	case tokBool:
		if !boolOK {
			p.failExpected(what)
		}
	case tokString, tokInt, tokFloat, tokBinary, tokHex, tokTimestamp:
	case tokIdent:
		p.failExpected(what + " (strings are quoted with ')")
	default:
		p.failExpected(what)
	}
	lit, msg := literalOf(t)
	if msg != "" {
		p.fail(t.pos, "%s", msg)
	}
	p.advance()
	return lit
}

// set parses the set literal after IN: (v1, v2, …) or ().
func (p *parser) set() Literal {
	p.expectPunct("(", "a set literal such as ('a', 'b') after IN")
	lit := Literal{Kind: KindSet, Set: []Literal{}}
	if p.isPunct(")") {
		p.advance()
		return lit
	}
	for {
		lit.Set = append(lit.Set, p.literal(true, "a literal value in the set"))
		if p.isPunct(")") {
			p.advance()
			return lit
		}
		p.expectPunct(",", `"," or ")" in the set literal`)
	}
}
