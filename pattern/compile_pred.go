package pattern

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// predKind selects how a predicate tests a value; the common IOC shapes get
// their own kinds so that testing them is a string comparison.
type predKind uint8

const (
	predEqual     predKind = iota + 1 // = and !=
	predEqString                      // = and != with a string literal
	predIn                            // IN
	predInStrings                     // IN with only strings, many of them
	predOrder                         // <, <=, >, >=
	predLike                          // LIKE
	predMatches                       // MATCHES
	predSubset                        // ISSUBSET
	predSuperset                      // ISSUPERSET
	predExists                        // EXISTS, decided by the path alone
)

// pred is the test a comparison applies to each value its path selects.
type pred struct {
	kind predKind
	op   Op
	// neg flips the result: NOT, and != as the negation of =.
	neg  bool
	lit  Value
	set  []Value
	strs map[string]struct{}
	like *likePattern
	re   *regex
	cidr netip.Prefix
}

// mapSetSize is the set size from which IN looks strings up in a map.
const mapSetSize = 8

func compilePred(c *Comparison, timeout time.Duration) (pred, error) {
	p := pred{op: c.Op, neg: c.Negated}
	switch c.Op {
	case OpEqual, OpNotEqual:
		p.kind, p.lit = predEqual, literalValue(c.Value)
		p.neg = c.Negated != (c.Op == OpNotEqual)
		if p.lit.Kind == ValueString {
			p.kind = predEqString
		}
	case OpLess, OpLessEqual, OpGreater, OpGreaterEqual:
		p.kind, p.lit = predOrder, literalValue(c.Value)
	case OpIn:
		return compileSet(p, c.Value)
	case OpLike:
		p.kind, p.like = predLike, compileLike(c.Value.Str)
	case OpMatches:
		re, err := compileRegex(c.Value.Str, timeout)
		if err != nil {
			return p, err
		}
		p.kind, p.re = predMatches, re
	case OpIsSubset, OpIsSuperset:
		prefix, ok := parseCIDR(c.Value.Str)
		if !ok {
			return p, fmt.Errorf("%s: '%s' is not an IP address or CIDR block", opName(c.Op), c.Value.Str)
		}
		p.kind, p.cidr = predSubset, prefix
		if c.Op == OpIsSuperset {
			p.kind = predSuperset
		}
	case OpExists:
		p.kind = predExists
	default:
		return p, fmt.Errorf("unknown comparison operator %d", c.Op)
	}
	return p, nil
}

// compileSet compiles IN. The reference matcher requires the elements of a
// set to be of one type, integers and floats counting as one.
func compileSet(p pred, lit Literal) (pred, error) {
	p.kind = predIn
	allStrings := true
	for i, e := range lit.Set {
		v := literalValue(e)
		if i > 0 && !sameSetType(p.set[0].Kind, v.Kind) {
			return p, fmt.Errorf("IN %s: the set mixes types", lit)
		}
		allStrings = allStrings && v.Kind == ValueString
		p.set = append(p.set, v)
	}
	if allStrings && len(p.set) >= mapSetSize {
		p.kind = predInStrings
		p.strs = make(map[string]struct{}, len(p.set))
		for _, v := range p.set {
			p.strs[v.Str] = struct{}{}
		}
	}
	return p, nil
}

func sameSetType(a, b ValueKind) bool {
	return a == b || isNumber(a) && isNumber(b)
}

func opName(op Op) string {
	if op == OpIsSuperset {
		return "ISSUPERSET"
	}
	return "ISSUBSET"
}

// test reports whether the comparison holds for one value the path
// selected.
func (p *pred) test(v *Value) bool {
	var r bool
	switch p.kind {
	case predEqString:
		if v.Kind == ValueString {
			r = v.Str == p.lit.Str
		} else {
			r = valuesEqual(v, &p.lit)
		}
	case predEqual:
		r = valuesEqual(v, &p.lit)
	case predInStrings:
		if v.Kind == ValueString {
			_, r = p.strs[v.Str]
		} else {
			r = p.inSet(v)
		}
	case predIn:
		r = p.inSet(v)
	case predOrder:
		c, status := valuesOrder(v, &p.lit)
		if status == orderNone {
			return false
		}
		r = status == orderOK && orderHolds(p.op, c)
	case predLike:
		r = p.like.match(v)
	case predMatches:
		var known bool
		if r, known = p.re.match(v); !known {
			return false
		}
	case predSubset, predSuperset:
		r = p.cidrHolds(v)
	case predExists:
		r = true
	}
	return r != p.neg
}

func (p *pred) inSet(v *Value) bool {
	for i := range p.set {
		if valuesEqual(v, &p.set[i]) {
			return true
		}
	}
	return false
}

func orderHolds(op Op, c int) bool {
	switch op {
	case OpLess:
		return c < 0
	case OpLessEqual:
		return c <= 0
	case OpGreater:
		return c > 0
	case OpGreaterEqual:
		return c >= 0
	}
	return false
}

// cidrHolds applies ISSUBSET (the value lies within the literal's block) or
// ISSUPERSET (the value's block holds the literal). Values that are not IP
// addresses or CIDR blocks, or of the other IP version, do not hold.
func (p *pred) cidrHolds(v *Value) bool {
	if v.Kind != ValueString {
		return false
	}
	val, ok := parseCIDR(v.Str)
	if !ok {
		return false
	}
	inner, outer := val, p.cidr
	if p.kind == predSuperset {
		inner, outer = p.cidr, val
	}
	return inner.Addr().Is4() == outer.Addr().Is4() && outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}

// parseCIDR parses an IPv4 or IPv6 address or CIDR block; an address is a
// block of one. Host bits of a block are cleared.
func parseCIDR(s string) (netip.Prefix, bool) {
	if strings.IndexByte(s, '/') >= 0 {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}
