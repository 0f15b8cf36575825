// Package pattern parses STIX patterns (STIX 2.1 section 9, and STIX 2.0
// where it differs) into a syntax tree built for matching, prints a tree back
// as canonical pattern text, and makes the semantic checks of the OASIS
// reference validator.
//
// A pattern is a tree of observation expressions (ObsExpr): bracketed
// observations joined by AND, OR and FOLLOWEDBY, each of which may carry
// qualifiers. Inside the brackets is a tree of comparison expressions (Expr):
// comparisons of an object path with a literal, joined by AND and OR.
//
// Chains of the same operator are kept as one n-ary node, so a long list of
// ORed hashes gives a flat node rather than a deep tree; a parenthesized
// group of the same operator stays a nested node, so that printing and
// parsing again gives the same tree. Parentheses themselves leave no node.
package pattern

import (
	"iter"
	"time"
)

// Pattern is a parsed STIX pattern.
type Pattern struct {
	// Root is the top observation expression.
	Root ObsExpr
	// Version is the STIX version the pattern was parsed as: "2.0" or "2.1".
	Version string
}

// ObsExpr is an observation expression: *Observation, *ObsAnd, *ObsOr,
// *FollowedBy or *Qualified.
type ObsExpr interface {
	obsExpr()
}

// Observation is one bracketed observation expression, [Comparison].
type Observation struct {
	// Comparison is the comparison expression inside the brackets.
	Comparison Expr
}

// ObsAnd holds when every operand holds, each on its own observations
// (operands joined by AND). It has at least two operands.
type ObsAnd struct {
	Operands []ObsExpr
}

// ObsOr holds when any operand holds (operands joined by OR). It has at least
// two operands.
type ObsOr struct {
	Operands []ObsExpr
}

// FollowedBy holds when every operand holds and the observations matching
// each operand come after those matching the one before it (operands joined
// by FOLLOWEDBY). It has at least two operands.
type FollowedBy struct {
	Operands []ObsExpr
}

// Qualified is an observation expression with one qualifier applied to it.
// Several qualifiers in a row nest: in "[a] REPEATS 5 TIMES WITHIN 60
// SECONDS" the REPEATS node is the Inner of the WITHIN node.
type Qualified struct {
	Inner     ObsExpr
	Qualifier Qualifier
}

// QualifierKind says which qualifier a Qualifier is.
type QualifierKind int

// The qualifier kinds.
const (
	// Within is WITHIN n SECONDS: Qualifier.Seconds is set.
	Within QualifierKind = iota + 1
	// Repeats is REPEATS n TIMES: Qualifier.Times is set.
	Repeats
	// StartStop is START t'…' STOP t'…': Qualifier.Start and Stop are set.
	StartStop
)

// Qualifier is a WITHIN, REPEATS or START/STOP qualifier. Only the fields of
// its Kind are set.
type Qualifier struct {
	Kind QualifierKind
	// Seconds is the WITHIN window, greater than zero.
	Seconds float64
	// Times is the REPEATS count, greater than zero.
	Times int64
	// Start and Stop are KindTimestamp literals with Start before Stop.
	// (STIX 2.0 writes them as plain strings; they are parsed the same.)
	Start, Stop Literal
}

// Expr is a comparison expression, the inside of an observation's brackets:
// *Comparison, *And or *Or.
type Expr interface {
	expr()
}

// And holds when every operand holds on the same object (comparisons joined
// by AND). It has at least two operands.
type And struct {
	Operands []Expr
}

// Or holds when any operand holds (comparisons joined by OR). It has at least
// two operands.
type Or struct {
	Operands []Expr
}

// Op is a comparison operator.
type Op int

// The comparison operators.
const (
	// OpEqual is = (also written ==).
	OpEqual Op = iota + 1
	// OpNotEqual is != (also written <>).
	OpNotEqual
	// OpLess is <.
	OpLess
	// OpLessEqual is <=.
	OpLessEqual
	// OpGreater is >.
	OpGreater
	// OpGreaterEqual is >=.
	OpGreaterEqual
	// OpIn is IN; the value is a KindSet literal.
	OpIn
	// OpLike is LIKE; the value is a KindString with SQL % and _ wildcards.
	OpLike
	// OpMatches is MATCHES; the value is a KindString holding a PCRE regular
	// expression.
	OpMatches
	// OpIsSubset is ISSUBSET; the value is a KindString holding an IP
	// address or CIDR block.
	OpIsSubset
	// OpIsSuperset is ISSUPERSET; the value is a KindString holding an IP
	// address or CIDR block.
	OpIsSuperset
	// OpExists is EXISTS path; the comparison has no value.
	OpExists
)

// Comparison compares the values an object path selects with a literal.
type Comparison struct {
	Path ObjectPath
	Op   Op
	// Negated is true when NOT precedes the operator (or EXISTS): the
	// comparison holds when the plain comparison does not.
	Negated bool
	// Value is the right-hand side; its Kind is zero for OpExists.
	Value Literal
}

// ObjectPath selects property values of objects of one type, such as
// file:extensions.'windows-pebinary-ext'.sections[*].entropy.
type ObjectPath struct {
	// ObjectType is the STIX Cyber-observable Object type, such as "file".
	ObjectType string
	// Steps are the property names and list indexes after the colon; there
	// is at least one, and the first is a StepKey.
	Steps []Step
}

// StepKind says what a Step of an object path selects.
type StepKind int

// The step kinds.
const (
	// StepKey selects a property (or dictionary key) by name: Step.Key.
	// A key ending in _ref or _refs dereferences the object(s) it names
	// when more steps follow.
	StepKey StepKind = iota + 1
	// StepIndex selects a list element: Step.Index, which may be negative
	// as the grammar allows (its meaning is left to the matcher).
	StepIndex
	// StepAnyIndex is [*]: any element of a list.
	StepAnyIndex
)

// Step is one component of an object path.
type Step struct {
	Kind  StepKind
	Key   string
	Index int64
}

// Kind is the type of a Literal.
type Kind int

// The literal kinds.
const (
	// KindString is '…': Literal.Str holds the unescaped text.
	KindString Kind = iota + 1
	// KindInt is an integer: Literal.Int.
	KindInt
	// KindFloat is a number with a decimal point: Literal.Float.
	KindFloat
	// KindBool is true or false: Literal.Bool.
	KindBool
	// KindBinary is b'…' (base64): Literal.Bytes holds the decoded bytes.
	KindBinary
	// KindHex is h'…': Literal.Bytes holds the decoded bytes.
	KindHex
	// KindTimestamp is t'…': Literal.Time holds the instant in UTC and
	// Literal.Str the text between the quotes as written (which keeps
	// precision past nanoseconds and dates such as February 30 that the
	// grammar admits but time.Time normalizes).
	KindTimestamp
	// KindSet is (v1, v2, …) after IN: Literal.Set holds the elements,
	// which are not sets.
	KindSet
)

// Literal is a constant in a comparison. Only the fields of its Kind are set.
type Literal struct {
	Kind  Kind
	Str   string
	Int   int64
	Float float64
	Bool  bool
	Bytes []byte
	Time  time.Time
	Set   []Literal
}

func (*Observation) obsExpr() {}
func (*ObsAnd) obsExpr()      {}
func (*ObsOr) obsExpr()       {}
func (*FollowedBy) obsExpr()  {}
func (*Qualified) obsExpr()   {}

func (*Comparison) expr() {}
func (*And) expr()        {}
func (*Or) expr()         {}

// Observations yields every bracketed observation of the pattern, left to
// right.
func (p *Pattern) Observations() iter.Seq[*Observation] {
	return func(yield func(*Observation) bool) {
		walkObs(p.Root, yield)
	}
}

// Comparisons yields every comparison of the pattern, left to right.
func (p *Pattern) Comparisons() iter.Seq[*Comparison] {
	return func(yield func(*Comparison) bool) {
		for o := range p.Observations() {
			if !walkExpr(o.Comparison, yield) {
				return
			}
		}
	}
}

// Comparisons yields every comparison of e, left to right.
func Comparisons(e Expr) iter.Seq[*Comparison] {
	return func(yield func(*Comparison) bool) {
		walkExpr(e, yield)
	}
}

// walkObs calls yield on each observation under e and reports whether the
// walk should go on.
func walkObs(e ObsExpr, yield func(*Observation) bool) bool {
	switch e := e.(type) {
	case *Observation:
		return yield(e)
	case *ObsAnd:
		return walkObsList(e.Operands, yield)
	case *ObsOr:
		return walkObsList(e.Operands, yield)
	case *FollowedBy:
		return walkObsList(e.Operands, yield)
	case *Qualified:
		return walkObs(e.Inner, yield)
	}
	return true
}

func walkObsList(list []ObsExpr, yield func(*Observation) bool) bool {
	for _, e := range list {
		if !walkObs(e, yield) {
			return false
		}
	}
	return true
}

// walkExpr calls yield on each comparison under e and reports whether the
// walk should go on.
func walkExpr(e Expr, yield func(*Comparison) bool) bool {
	var list []Expr
	switch e := e.(type) {
	case *Comparison:
		return yield(e)
	case *And:
		list = e.Operands
	case *Or:
		list = e.Operands
	}
	for _, x := range list {
		if !walkExpr(x, yield) {
			return false
		}
	}
	return true
}
