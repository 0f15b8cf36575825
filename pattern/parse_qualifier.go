package pattern

import "strconv"

// qualifierNames are the qualifier kinds as the reference validator names
// them in its duplicate-qualifier message.
var qualifierNames = map[QualifierKind]string{
	Within: "WITHIN", Repeats: "REPEATS", StartStop: "STARTSTOP",
}

// obsQualified parses an observation expression with any qualifiers after
// it. In STIX 2.1 a qualifier type may appear only once directly on a
// bracketed observation; repeating one needs parentheses, as in
// "([a] WITHIN 5 SECONDS) WITHIN 6 SECONDS".
func (p *parser) obsQualified() ObsExpr {
	e, simple := p.obsPrimary()
	check := simple && p.cfg.version == v21
	var seen [StartStop + 1]bool
	levels := 0
	for {
		pos := p.tok.pos
		q, ok := p.qualifier()
		if !ok {
			break
		}
		if check && seen[q.Kind] {
			p.fail(pos, "duplicate qualifier type encountered: %s (use parentheses to qualify an observation expression twice)", qualifierNames[q.Kind])
		}
		seen[q.Kind] = true
		p.enter(pos)
		levels++
		e = &Qualified{Inner: e, Qualifier: q}
	}
	p.depth -= levels
	return e
}

// qualifier parses one qualifier if the current token starts one.
func (p *parser) qualifier() (Qualifier, bool) {
	switch {
	case p.isKeyword("WITHIN"):
		return p.within(), true
	case p.isKeyword("REPEATS"):
		return p.repeats(), true
	case p.isKeyword("START"):
		return p.startStop(), true
	}
	return Qualifier{}, false
}

// expectKeyword consumes keyword kw or fails saying what was expected.
func (p *parser) expectKeyword(kw, what string) {
	if !p.isKeyword(kw) {
		p.failExpected(what)
	}
	p.advance()
}

// within parses WITHIN n SECONDS, n an integer or float above zero.
func (p *parser) within() Qualifier {
	p.advance()
	t := p.tok
	if t.kind != tokInt && t.kind != tokFloat || t.text[0] == '-' {
		p.failExpected("a positive number of seconds after WITHIN")
	}
	f, err := strconv.ParseFloat(t.text, 64)
	if err != nil {
		p.fail(t.pos, "number out of range: %s", t.text)
	}
	if f <= 0 {
		p.fail(t.pos, "WITHIN must be given a positive number of seconds, found %s", t.text)
	}
	p.advance()
	p.expectKeyword("SECONDS", "SECONDS after WITHIN "+t.text)
	return Qualifier{Kind: Within, Seconds: f}
}

// repeats parses REPEATS n TIMES, n an integer above zero.
func (p *parser) repeats() Qualifier {
	p.advance()
	t := p.tok
	if t.kind != tokInt || t.text[0] == '-' {
		p.failExpected("a positive integer after REPEATS")
	}
	lit, msg := literalOf(t)
	if msg != "" {
		p.fail(t.pos, "%s", msg)
	}
	if lit.Int <= 0 {
		p.fail(t.pos, "REPEATS must be given a positive integer, found %s", t.text)
	}
	p.advance()
	p.expectKeyword("TIMES", "TIMES after REPEATS "+t.text)
	return Qualifier{Kind: Repeats, Times: lit.Int}
}

// startStop parses START t'…' STOP t'…' and checks that STOP comes after
// START. STIX 2.0's grammar writes the timestamps as strings, START '…'
// STOP '…'; for 2.0 both forms are read, since the reference validator's
// own 2.0 tests pass START t'…'.
func (p *parser) startStop() Qualifier {
	p.advance()
	start := p.qualifierTime("START")
	p.expectKeyword("STOP", "STOP after the START timestamp")
	pos := p.tok.pos
	stop := p.qualifierTime("STOP")
	if !stop.Time.After(start.Time) {
		p.fail(pos, "the STOP timestamp must be later than the START timestamp")
	}
	return Qualifier{Kind: StartStop, Start: start, Stop: stop}
}

// qualifierTime parses the timestamp after START or STOP.
func (p *parser) qualifierTime(kw string) Literal {
	t := p.tok
	if p.cfg.version == v20 && t.kind != tokTimestamp {
		return p.timeString(kw)
	}
	if t.kind != tokTimestamp {
		p.failExpected("a timestamp t'YYYY-MM-DDTHH:MM:SSZ' after " + kw)
	}
	p.advance()
	return bytesLiteral(t)
}

// timeString parses a STIX 2.0 START or STOP timestamp, a plain string
// holding a timestamp.
func (p *parser) timeString(kw string) Literal {
	t := p.tok
	if t.kind != tokString {
		p.failExpected("a timestamp string 'YYYY-MM-DDTHH:MM:SSZ' after " + kw)
	}
	body := unquote(t.text)
	if msg := checkTimestamp(body, p.cfg.strict); msg != "" {
		p.fail(t.pos, "invalid timestamp %s after %s: %s", t.text, kw, msg)
	}
	p.advance()
	return Literal{Kind: KindTimestamp, Str: body, Time: timestampTime(body)}
}
