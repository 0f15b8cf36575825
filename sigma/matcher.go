package sigma

import (
	"bytes"
	"net/netip"
	"regexp"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
)

// mkind is how a matcher tests one value.
type mkind uint8

const (
	mEq       mkind = iota // the whole value is pat
	mPrefix                // the value starts with pat
	mSuffix                // the value ends with pat
	mContains              // the value contains pat
	mGlob                  // the value matches glob (wildcards)
	mAny                   // any value ("*")
	mRegex                 // the value matches re
	mCIDR                  // the value is an address in prefix
	mNum                   // the value is a number in relation op to num
	mNull                  // the field is absent or empty
	mExists                // the field is present (or absent, !want)
	mFieldRef              // the value equals that of the field ref
)

// matcher is one value of a detection item, compiled.
type matcher struct {
	kind  mkind
	group int32  // the item's value it comes from (one value may make several)
	cased bool   // compare with the value as written, not lower-cased
	pat   []byte // lower-cased unless cased
	glob  sstr   // literals lower-cased unless cased
	// lits are the prefilter (lower-cased): one of them is in any value
	// the matcher matches, where anchor says.
	lits   []string
	anchor anchor
	re     *regexp.Regexp
	re2    *regexp2.Regexp
	net    netip.Prefix
	op     string // lt, lte, gt, gte
	num    float64
	want   bool   // for mExists
	ref    string // for mFieldRef
}

// anchor is where in a value a prefilter literal must be.
type anchor uint8

const (
	anyPos  anchor = iota // anywhere
	atStart               // at the start
	atEnd                 // at the end
	whole                 // the whole value
)

// fromSstr compiles a string value.
func fromSstr(v sstr, cased bool) *matcher {
	if !cased {
		v = v.mapLits(lowerString)
	}
	m := &matcher{cased: cased, glob: v}
	switch {
	case len(v) == 0:
		m.kind = mEq
	case len(v) == 1 && v[0].kind == segLit:
		m.kind, m.pat = mEq, []byte(v[0].s)
	case len(v) == 1 && v[0].kind == segStar:
		m.kind = mAny
	case len(v) == 2 && v[0].kind == segLit && v[1].kind == segStar:
		m.kind, m.pat = mPrefix, []byte(v[0].s)
	case len(v) == 2 && v[0].kind == segStar && v[1].kind == segLit:
		m.kind, m.pat = mSuffix, []byte(v[1].s)
	case len(v) == 3 && v[0].kind == segStar && v[1].kind == segLit && v[2].kind == segStar:
		m.kind, m.pat = mContains, []byte(v[1].s)
	default:
		m.kind = mGlob
	}
	m.setPrefilter()
	return m
}

// setPrefilter chooses the literal of a string value and where it must
// be: the whole value, its start, its end or anywhere (the longest piece).
func (m *matcher) setPrefilter() {
	v := m.glob
	switch {
	case m.kind == mEq && len(m.pat) > 0:
		m.lits, m.anchor = []string{string(m.pat)}, whole
	case len(v) > 0 && v[0].kind == segLit && (v[len(v)-1].kind != segLit || len(v[0].s) >= len(v[len(v)-1].s)):
		m.lits, m.anchor = []string{v[0].s}, atStart
	case len(v) > 0 && v[len(v)-1].kind == segLit:
		m.lits, m.anchor = []string{v[len(v)-1].s}, atEnd
	default:
		longest := ""
		for _, g := range v {
			if g.kind == segLit && len(g.s) > len(longest) {
				longest = g.s
			}
		}
		if longest != "" {
			m.lits = []string{longest}
		}
	}
	for i, l := range m.lits {
		if m.anchor == anyPos && len(l) > maxLiteral {
			l = l[:maxLiteral] // a piece of a piece the value must hold
		}
		m.lits[i] = lowerString(l)
	}
}

// maxLiteral bounds the literals of the automaton: a long literal's
// first bytes are about as selective, and a deep trie of long literals
// (hashes) spreads the states a scan visits over memory.
const maxLiteral = 24

// literal reports whether the matcher can only match a value containing
// its literal (lower-cased): the prefilter may skip it otherwise.
func (m *matcher) literal() bool {
	switch m.kind {
	case mEq, mPrefix, mSuffix, mContains, mGlob, mRegex:
		return len(m.lits) > 0
	}
	return false
}

// shortest is the length of the shortest prefilter literal.
func (m *matcher) shortest() int {
	n := 1 << 30
	for _, l := range m.lits {
		n = min(n, len(l))
	}
	return n
}

// match tests one value: orig as written, low lower-cased (ASCII).
func (m *matcher) match(orig, low []byte) bool {
	v := low
	if m.cased {
		v = orig
	}
	switch m.kind {
	case mEq:
		return bytes.Equal(v, m.pat)
	case mPrefix:
		return bytes.HasPrefix(v, m.pat)
	case mSuffix:
		return bytes.HasSuffix(v, m.pat)
	case mContains:
		return bytes.Contains(v, m.pat)
	case mGlob:
		return globMatch(m.glob, v)
	case mAny:
		return true
	case mRegex:
		return m.matchRegex(orig)
	case mCIDR:
		a, err := netip.ParseAddr(string(orig))
		return err == nil && m.net.Contains(a.Unmap())
	case mNum:
		return m.matchNum(orig)
	}
	return false
}

func (m *matcher) matchRegex(v []byte) bool {
	if m.re != nil {
		return m.re.Match(v)
	}
	ok, err := m.re2.MatchString(string(v))
	return err == nil && ok
}

// regexTimeout bounds a backtracking (regexp2) match.
const regexTimeout = 100 * time.Millisecond

func (m *matcher) matchNum(v []byte) bool {
	x, ok := parseNum(v)
	if !ok {
		return false
	}
	switch m.op {
	case "lt":
		return x < m.num
	case "lte":
		return x <= m.num
	case "gt":
		return x > m.num
	case "gte":
		return x >= m.num
	}
	return false
}

// parseNum reads a decimal integer without allocating, else a float.
func parseNum(v []byte) (float64, bool) {
	if len(v) == 0 || len(v) > 64 {
		return 0, false
	}
	n, neg, i := int64(0), false, 0
	if v[0] == '-' {
		neg, i = true, 1
	}
	for ; i < len(v) && i < 18; i++ {
		if v[i] < '0' || v[i] > '9' {
			break
		}
		n = n*10 + int64(v[i]-'0')
	}
	if i == len(v) && (len(v) > 1 || !neg) {
		if neg {
			n = -n
		}
		return float64(n), true
	}
	f, err := strconv.ParseFloat(string(v), 64)
	return f, err == nil
}

// globMatch matches v against a value of literals and wildcards: * is any
// run of bytes, ? one character (a UTF-8 sequence, or one byte that is
// not one).
func globMatch(g sstr, v []byte) bool {
	gi, vi := 0, 0
	starG, starV := -1, 0
	for {
		if gi < len(g) {
			switch s := g[gi]; s.kind {
			case segStar:
				starG, starV = gi, vi
				gi++
				continue
			case segOne:
				if vi < len(v) {
					_, n := utf8.DecodeRune(v[vi:])
					gi, vi = gi+1, vi+n
					continue
				}
			case segLit:
				if bytes.HasPrefix(v[vi:], []byte(s.s)) {
					gi, vi = gi+1, vi+len(s.s)
					continue
				}
			}
		} else if vi == len(v) {
			return true
		}
		if starG < 0 || starV >= len(v) {
			return false
		}
		starV++
		gi, vi = starG+1, starV
	}
}

// lowerString lower-cases ASCII letters only, as values are.
func lowerString(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			lowerASCII(b[i:], b[i:])
			return string(b)
		}
	}
	return s
}

// lowerASCII writes src lower-cased (ASCII letters) to dst.
func lowerASCII(dst, src []byte) {
	for i, c := range src {
		if c-'A' < 26 {
			c += 'a' - 'A'
		}
		dst[i] = c
	}
}
