package pattern

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Builders for expected trees in the parser's tests.

func keyStep(k string) Step      { return Step{Kind: StepKey, Key: k} }
func indexStep(i int64) Step     { return Step{Kind: StepIndex, Index: i} }
func anyStep() Step              { return Step{Kind: StepAnyIndex} }
func strLit(s string) Literal    { return Literal{Kind: KindString, Str: s} }
func intLit(n int64) Literal     { return Literal{Kind: KindInt, Int: n} }
func floatLit(f float64) Literal { return Literal{Kind: KindFloat, Float: f} }
func boolLit(b bool) Literal     { return Literal{Kind: KindBool, Bool: b} }
func hexLit(b ...byte) Literal {
	if b == nil {
		b = []byte{} // as h'' decodes
	}
	return Literal{Kind: KindHex, Bytes: b}
}
func binLit(b string) Literal { return Literal{Kind: KindBinary, Bytes: []byte(b)} }
func setLit(l ...Literal) Literal {
	if l == nil {
		l = []Literal{}
	}
	return Literal{Kind: KindSet, Set: l}
}

// tsLit is a timestamp literal written as text.
func tsLit(text string) Literal {
	return Literal{Kind: KindTimestamp, Str: text, Time: timestampTime(text)}
}

// objPath builds an object path from "type" and steps.
func objPath(typ string, steps ...Step) ObjectPath {
	return ObjectPath{ObjectType: typ, Steps: steps}
}

// cmpOp builds a comparison of type:prop with a literal.
func cmpOp(typ, prop string, op Op, v Literal) *Comparison {
	return &Comparison{Path: objPath(typ, keyStep(prop)), Op: op, Value: v}
}

// eq builds type:prop = v.
func eq(typ, prop string, v Literal) *Comparison { return cmpOp(typ, prop, OpEqual, v) }

// negate sets NOT on a comparison.
func negate(c *Comparison) *Comparison { c.Negated = true; return c }

func observe(e Expr) *Observation       { return &Observation{Comparison: e} }
func andExpr(e ...Expr) *And            { return &And{Operands: e} }
func orExpr(e ...Expr) *Or              { return &Or{Operands: e} }
func obsAnd(e ...ObsExpr) *ObsAnd       { return &ObsAnd{Operands: e} }
func obsOr(e ...ObsExpr) *ObsOr         { return &ObsOr{Operands: e} }
func followed(e ...ObsExpr) *FollowedBy { return &FollowedBy{Operands: e} }

// simple is [type:prop = v].
func simple(typ, prop string, v Literal) *Observation { return observe(eq(typ, prop, v)) }

func within(e ObsExpr, s float64) *Qualified {
	return &Qualified{Inner: e, Qualifier: Qualifier{Kind: Within, Seconds: s}}
}

func repeats(e ObsExpr, n int64) *Qualified {
	return &Qualified{Inner: e, Qualifier: Qualifier{Kind: Repeats, Times: n}}
}

func startStop(e ObsExpr, start, stop string) *Qualified {
	return &Qualified{Inner: e, Qualifier: Qualifier{Kind: StartStop, Start: tsLit(start), Stop: tsLit(stop)}}
}

// parseOK parses s and fails the test on an error.
func parseOK(t testing.TB, s string, opts ...Option) *Pattern {
	t.Helper()
	p, err := Parse(s, opts...)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return p
}

// errorCase is a pattern that must fail at column col with a message
// holding msg.
type errorCase struct {
	pattern string
	col     int
	msg     string
}

// checkError parses c.pattern and checks it fails as c says.
func checkError(t *testing.T, c errorCase, opts ...Option) {
	t.Helper()
	_, err := Parse(c.pattern, opts...)
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("Parse(%q) = %v, want a *SyntaxError", c.pattern, err)
	}
	if se.Col != c.col || !strings.Contains(se.Msg, c.msg) {
		t.Errorf("Parse(%q) = %q, want column %d and a message holding %q", c.pattern, err, c.col, c.msg)
	}
}

// day is midnight UTC of a date, for timestamp literals' times.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
