package pattern

import (
	"fmt"
	"time"

	"github.com/accord-cti/accord"
)

// Options bound the work of matching untrusted patterns against untrusted
// data. The zero value of a field means its default.
type Options struct {
	// RegexTimeout bounds one MATCHES test of an expression that Go's
	// linear-time engine cannot run (backreferences, lookaround); default
	// 100ms (the engine's clock ticks every 100ms, so a time-out takes at
	// least that). A test that times out is false, and an expression that
	// has timed out three times is false from then on.
	RegexTimeout time.Duration
	// MaxSteps bounds the search for observations satisfying AND,
	// FOLLOWEDBY, REPEATS and WITHIN across observations, counted in
	// candidate observations tried; default 5,000,000 (well under a second).
	// Past it, Match returns ErrLimit.
	MaxSteps int
	// MaxBindings is how many distinct matches Match reports; default 64.
	MaxBindings int
}

func (o Options) withDefaults() Options {
	if o.RegexTimeout <= 0 {
		o.RegexTimeout = 100 * time.Millisecond
	}
	if o.MaxSteps <= 0 {
		o.MaxSteps = 5_000_000
	}
	if o.MaxBindings <= 0 {
		o.MaxBindings = 64
	}
	return o
}

// Compiled is a pattern compiled for matching: regular expressions, LIKE
// patterns, sets and CIDR blocks are prepared once, and it is safe to share
// between goroutines. Its observation expressions (the bracketed parts,
// "leaves") are numbered left to right from 0.
type Compiled struct {
	pattern *Pattern
	opts    Options
	leaves  []cexpr
	root    *onode
	atoms   []Atom
	always  []int
	nodes   int // how many onodes
}

// cexpr is a compiled comparison expression: an AND or OR of kids, or one
// comparison.
type cexpr struct {
	and  bool
	kids []cexpr
	cmp  *comparison
}

// comparison is a compiled comparison of the values of one object path.
type comparison struct {
	path ObjectPath
	// text is the path in the form of Prop.Path.
	text string
	// typePrefix is "type:", to find the objects of the path's type.
	typePrefix string
	pred       pred
}

// onode is a compiled observation expression.
type onode struct {
	kind onodeKind
	id   int // numbers the nodes of a pattern from 0
	// minNeed is the fewest observation instances a match binds.
	minNeed int64
	leaf    int
	kids    []*onode
	times   int64   // REPEATS
	span    instant // WITHIN window
	start   instant // START
	stop    instant // STOP
}

type onodeKind uint8

const (
	oLeaf onodeKind = iota + 1
	oAnd
	oOr
	oFollowedBy
	oRepeats
	oWithin
	oStartStop
)

// Compile compiles p with the default Options.
func Compile(p *Pattern) (*Compiled, error) { return Options{}.Compile(p) }

// Compile compiles p. It fails with accord.EINVALID on what the parser
// lets through but cannot be matched: a regular expression neither engine
// compiles, an ISSUBSET or ISSUPERSET operand that is not an IP address or
// CIDR block, a set of mixed types.
func (o Options) Compile(p *Pattern) (*Compiled, error) {
	c := &Compiled{pattern: p, opts: o.withDefaults()}
	root, err := c.obs(p.Root)
	if err != nil {
		return nil, accord.Errorf(accord.EINVALID, "pattern: %v", err)
	}
	c.root = root
	c.numberNodes(root)
	c.buildAtoms()
	return c, nil
}

// Pattern returns the pattern c was compiled from.
func (c *Compiled) Pattern() *Pattern { return c.pattern }

// Leaves returns how many observation expressions the pattern has.
func (c *Compiled) Leaves() int { return len(c.leaves) }

// numberNodes numbers the nodes and works out their minNeed.
func (c *Compiled) numberNodes(n *onode) {
	n.id = c.nodes
	c.nodes++
	for _, k := range n.kids {
		c.numberNodes(k)
	}
	switch n.kind {
	case oLeaf:
		n.minNeed = 1
	case oAnd, oFollowedBy:
		for _, k := range n.kids {
			n.minNeed = addSat(n.minNeed, k.minNeed)
		}
	case oOr:
		n.minNeed = never
		for _, k := range n.kids {
			n.minNeed = min(n.minNeed, k.minNeed)
		}
	case oRepeats:
		n.minNeed = mulSat(n.kids[0].minNeed, n.times)
	default:
		n.minNeed = n.kids[0].minNeed
	}
}

func (c *Compiled) obs(e ObsExpr) (*onode, error) {
	switch e := e.(type) {
	case *Observation:
		x, err := c.expr(e.Comparison)
		if err != nil {
			return nil, err
		}
		c.leaves = append(c.leaves, x)
		return &onode{kind: oLeaf, leaf: len(c.leaves) - 1}, nil
	case *ObsAnd:
		return c.obsList(oAnd, e.Operands)
	case *ObsOr:
		return c.obsList(oOr, e.Operands)
	case *FollowedBy:
		return c.obsList(oFollowedBy, e.Operands)
	case *Qualified:
		return c.qualified(e)
	}
	return nil, fmt.Errorf("unknown observation expression %T", e)
}

func (c *Compiled) obsList(kind onodeKind, list []ObsExpr) (*onode, error) {
	n := &onode{kind: kind}
	for _, e := range list {
		k, err := c.obs(e)
		if err != nil {
			return nil, err
		}
		n.kids = append(n.kids, k)
	}
	return n, nil
}

func (c *Compiled) qualified(e *Qualified) (*onode, error) {
	inner, err := c.obs(e.Inner)
	if err != nil {
		return nil, err
	}
	n := &onode{kids: []*onode{inner}}
	q := e.Qualifier
	switch q.Kind {
	case Repeats:
		if q.Times < 1 {
			return nil, fmt.Errorf("REPEATS %d TIMES: the count must be positive", q.Times)
		}
		n.kind, n.times = oRepeats, q.Times
	case Within:
		if !(q.Seconds > 0) {
			return nil, fmt.Errorf("WITHIN %v SECONDS: the window must be positive", q.Seconds)
		}
		n.kind, n.span = oWithin, windowOf(q.Seconds)
	case StartStop:
		n.kind, n.start, n.stop = oStartStop, instantOf(q.Start.Time), instantOf(q.Stop.Time)
	default:
		return nil, fmt.Errorf("unknown qualifier %d", q.Kind)
	}
	return n, nil
}

func (c *Compiled) expr(e Expr) (cexpr, error) {
	switch e := e.(type) {
	case *Comparison:
		p, err := compilePred(e, c.opts.RegexTimeout)
		if err != nil {
			return cexpr{}, err
		}
		return cexpr{cmp: &comparison{path: e.Path, text: eventPath(e.Path), typePrefix: e.Path.ObjectType + ":", pred: p}}, nil
	case *And:
		return c.exprList(true, e.Operands)
	case *Or:
		return c.exprList(false, e.Operands)
	}
	return cexpr{}, fmt.Errorf("unknown comparison expression %T", e)
}

// eventPath returns the path as an Event's properties write it: as
// ObjectPath.String prints it, with list indexes [n] as [*], since events
// do not keep the order of lists.
func eventPath(p ObjectPath) string {
	steps := make([]Step, len(p.Steps))
	for i, s := range p.Steps {
		if s.Kind == StepIndex {
			s = Step{Kind: StepAnyIndex}
		}
		steps[i] = s
	}
	return ObjectPath{ObjectType: p.ObjectType, Steps: steps}.String()
}

func (c *Compiled) exprList(and bool, list []Expr) (cexpr, error) {
	x := cexpr{and: and, kids: make([]cexpr, 0, len(list))}
	for _, e := range list {
		k, err := c.expr(e)
		if err != nil {
			return cexpr{}, err
		}
		x.kids = append(x.kids, k)
	}
	return x, nil
}
