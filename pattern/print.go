package pattern

import (
	"slices"
	"strconv"
)

// String returns the pattern as canonical text: single spaces, "=" and
// "!=" rather than "==" and "<>", quotes only where a property name needs
// them, and parentheses only where the tree needs them, so that parsing
// the text with the same version gives an equal tree.
func (p *Pattern) String() string {
	w := printer{version: p.Version}
	w.obs(p.Root, precTop)
	return string(w.buf)
}

// String returns the observation expression as pattern text.
func (e *Observation) String() string { return obsString(e) }

// String returns the observation expression as pattern text.
func (e *ObsAnd) String() string { return obsString(e) }

// String returns the observation expression as pattern text.
func (e *ObsOr) String() string { return obsString(e) }

// String returns the observation expression as pattern text.
func (e *FollowedBy) String() string { return obsString(e) }

// String returns the observation expression as pattern text.
func (e *Qualified) String() string { return obsString(e) }

// String returns the comparison expression as pattern text.
func (e *And) String() string { return exprString(e) }

// String returns the comparison expression as pattern text.
func (e *Or) String() string { return exprString(e) }

// String returns the comparison as pattern text, such as
// "file:size NOT > 1024".
func (e *Comparison) String() string { return exprString(e) }

// String returns the object path as pattern text, such as
// "file:extensions.'windows-pebinary-ext'.sections[*].entropy".
func (op ObjectPath) String() string {
	var w printer
	w.path(op)
	return string(w.buf)
}

// String returns the literal as STIX 2.1 pattern text, such as 'a\'b',
// 12, 1.5, h'00ff' or t'2016-01-01T00:00:00Z'.
func (l Literal) String() string {
	var w printer
	w.literal(l)
	return string(w.buf)
}

// String returns the qualifier as STIX 2.1 pattern text, such as
// "WITHIN 300 SECONDS".
func (q Qualifier) String() string {
	var w printer
	w.qualifier(q)
	return string(w.buf)
}

func obsString(e ObsExpr) string {
	return (&Pattern{Root: e, Version: v21}).String()
}

func exprString(e Expr) string {
	var w printer
	w.expr(e, precTop)
	return string(w.buf)
}

// Precedence levels, loosest first; precTop is outside any operator and
// precPrimary inside a qualifier, where any operator needs parentheses.
const (
	precTop = iota
	precFollowedBy
	precOr
	precAnd
	precPrimary
)

// printer writes pattern text into buf.
type printer struct {
	buf     []byte
	version string
}

func (w *printer) str(s string) { w.buf = append(w.buf, s...) }

// obs writes e inside an operator of precedence parent.
func (w *printer) obs(e ObsExpr, parent int) {
	switch e := e.(type) {
	case *Observation:
		w.str("[")
		w.expr(e.Comparison, precTop)
		w.str("]")
	case *Qualified:
		w.chain(e)
	case *ObsAnd:
		joined(w, e.Operands, " AND ", precAnd, parent, w.obs)
	case *ObsOr:
		joined(w, e.Operands, " OR ", precOr, parent, w.obs)
	case *FollowedBy:
		joined(w, e.Operands, " FOLLOWEDBY ", precFollowedBy, parent, w.obs)
	}
}

// joined writes operands joined by sep, each with write, in parentheses
// when prec does not bind tighter than parent: a looser child needs them
// for its meaning, one of the same operator to stay a separate node. It
// serves observation and comparison expressions alike.
func joined[T any](w *printer, list []T, sep string, prec, parent int, write func(T, int)) {
	paren := prec <= parent
	if paren {
		w.str("(")
	}
	for i, e := range list {
		if i > 0 {
			w.str(sep)
		}
		write(e, prec)
	}
	if paren {
		w.str(")")
	}
}

// chain writes a qualified expression. Qualifiers directly on a bracketed
// observation may not repeat a type (STIX 2.1), so where one would, the
// text so far is wrapped in parentheses, which parse back to the same tree.
// It returns the qualifier types written since the bracketed observation,
// and whether they still need checking.
func (w *printer) chain(e ObsExpr) (seen uint8, check bool) {
	q, ok := e.(*Qualified)
	if !ok {
		w.obs(e, precPrimary)
		_, simple := e.(*Observation)
		return 0, simple
	}
	start := len(w.buf)
	seen, check = w.chain(q.Inner)
	bit := uint8(1) << q.Qualifier.Kind
	if check && seen&bit != 0 {
		w.wrap(start)
		seen, check = 0, false
	}
	w.str(" ")
	w.qualifier(q.Qualifier)
	return seen | bit, check
}

// wrap puts the text from start on in parentheses.
func (w *printer) wrap(start int) {
	w.buf = slices.Insert(w.buf, start, '(')
	w.str(")")
}

func (w *printer) qualifier(q Qualifier) {
	switch q.Kind {
	case Within:
		w.str("WITHIN ")
		w.number(q.Seconds, true)
		w.str(" SECONDS")
	case Repeats:
		w.str("REPEATS ")
		w.buf = strconv.AppendInt(w.buf, q.Times, 10)
		w.str(" TIMES")
	case StartStop:
		w.str("START ")
		w.qualifierTime(q.Start)
		w.str(" STOP ")
		w.qualifierTime(q.Stop)
	}
}

// qualifierTime writes a START or STOP time: t'…' in STIX 2.1, '…' in 2.0.
func (w *printer) qualifierTime(l Literal) {
	if w.version == v20 {
		w.quoted(timestampText(l))
		return
	}
	w.literal(l)
}

// expr writes e inside an operator of precedence parent.
func (w *printer) expr(e Expr, parent int) {
	switch e := e.(type) {
	case *Comparison:
		w.comparison(e)
	case *And:
		joined(w, e.Operands, " AND ", precAnd, parent, w.expr)
	case *Or:
		joined(w, e.Operands, " OR ", precOr, parent, w.expr)
	}
}
