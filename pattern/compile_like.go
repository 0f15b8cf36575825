package pattern

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// likeShape is how a LIKE pattern is matched: most IOC patterns are a fixed
// prefix, suffix or substring, which need no wildcard matching.
type likeShape uint8

const (
	likeExact    likeShape = iota // no wildcard
	likePrefix                    // lit%
	likeSuffix                    // %lit
	likeContains                  // %lit%
	likeGeneral                   // anything else: wildcard matching
)

// likePattern is a compiled LIKE operand (STIX 2.1 section 9.5): % matches
// any run of characters, _ exactly one, everything else itself; both sides
// are compared in Unicode NFC.
type likePattern struct {
	pat   string // NFC
	lit   string // the literal part, for the fixed shapes
	shape likeShape
	// latin1 is true when every code point of the pattern is below 256:
	// only then is a binary value compared, read as UTF-8 text, as the
	// reference matcher does.
	latin1 bool
}

func compileLike(s string) *likePattern {
	p := &likePattern{pat: nfc(s), latin1: allBelow256(s)}
	p.shape, p.lit = likeShapeOf(p.pat)
	return p
}

func likeShapeOf(p string) (likeShape, string) {
	if strings.IndexByte(p, '_') >= 0 {
		return likeGeneral, ""
	}
	inner := strings.Trim(p, "%")
	if strings.IndexByte(inner, '%') >= 0 {
		return likeGeneral, ""
	}
	lead, trail := strings.HasPrefix(p, "%"), strings.HasSuffix(p, "%")
	switch {
	case lead && trail:
		return likeContains, inner
	case lead:
		return likeSuffix, inner
	case trail:
		return likePrefix, inner
	}
	return likeExact, inner
}

// match reports whether the value matches; non-text values never do.
func (p *likePattern) match(v *Value) bool {
	var s string
	switch {
	case v.Kind == ValueString:
		s = v.Str
	case v.Kind == ValueBinary && p.latin1 && utf8.ValidString(v.Str):
		s = v.Str
	default:
		return false
	}
	s = nfc(s)
	switch p.shape {
	case likeExact:
		return s == p.lit
	case likePrefix:
		return strings.HasPrefix(s, p.lit)
	case likeSuffix:
		return strings.HasSuffix(s, p.lit)
	case likeContains:
		return strings.Contains(s, p.lit)
	}
	return likeMatch(p.pat, s)
}

// likeMatch matches s against a pattern of % and _ wildcards, character by
// character, backtracking only to the last %: time is linear in practice
// and at worst the product of the lengths.
func likeMatch(p, s string) bool {
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		if pi < len(p) {
			pc, pw := utf8.DecodeRuneInString(p[pi:])
			if pc == '%' {
				pi++
				starP, starS = pi, si
				continue
			}
			sc, sw := utf8.DecodeRuneInString(s[si:])
			if pc == '_' || pc == sc && pw == sw && p[pi:pi+pw] == s[si:si+sw] {
				pi += pw
				si += sw
				continue
			}
		}
		if starP < 0 {
			return false
		}
		_, w := utf8.DecodeRuneInString(s[starS:])
		starS += w
		pi, si = starP, starS
	}
	for pi < len(p) && p[pi] == '%' {
		pi++
	}
	return pi == len(p)
}

// nfc returns s in Unicode Normalization Form C. ASCII, the common case, is
// returned at once.
func nfc(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return norm.NFC.String(s)
		}
	}
	return s
}

func allBelow256(s string) bool {
	for _, r := range s {
		if r > 255 {
			return false
		}
	}
	return true
}
