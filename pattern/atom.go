package pattern

import (
	"net/netip"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"
)

// AtomOp is the kind of fact an Atom states.
type AtomOp uint8

// The atom kinds, most selective first.
const (
	// AtomEqual: the value's Key equals Atom.Text.
	AtomEqual AtomOp = iota + 1
	// AtomCIDR: the value is an IP address or CIDR block inside Atom.CIDR.
	AtomCIDR
	// AtomPrefix: the value's text starts with Atom.Text.
	AtomPrefix
	// AtomSuffix: the value's text ends with Atom.Text.
	AtomSuffix
	// AtomSubstring: the value's text contains Atom.Text.
	AtomSubstring
	// AtomContains: the value is a CIDR block that contains Atom.CIDR.
	AtomContains
)

// Atom is a fact about one property that an observation expression cannot
// match without: the shape an index can look up, such as
// ipv4-addr:value = '198.51.100.1' or url:value starting with
// 'http://example.com/'. The atoms of one observation expression form a
// disjunction: if none holds for an event, the observation expression does
// not match it. A hunt indexes the atoms of many patterns, looks each event
// up, and runs Compiled.Match or MatchLeaf only on the candidates (and on
// every event for the observation expressions Compiled.Unindexed lists).
type Atom struct {
	// Leaf is the observation expression, numbered left to right from 0.
	Leaf int
	Op   AtomOp
	// Path is the object path in the form of Prop.Path.
	Path string
	// Text is the key (AtomEqual) or the literal text (prefix, suffix,
	// substring).
	Text string
	// NFC says the text came from LIKE or MATCHES, which compare in Unicode
	// NFC: look up the NFC form of non-ASCII values.
	NFC bool
	// CIDR is the block of AtomCIDR and AtomContains.
	CIDR netip.Prefix
}

// Atoms returns the index facts of the pattern's observation expressions,
// by observation expression. Equality and IN give AtomEqual atoms (one per
// set element), LIKE its literal prefix, suffix or longest literal run,
// MATCHES its anchored literal prefix or longest required literal, ISSUBSET
// its block; of the operands of AND the most selective is kept, OR unites
// them. Negations, order comparisons, EXISTS and timestamps give none.
func (c *Compiled) Atoms() []Atom { return c.atoms }

// Unindexed returns the observation expressions that have no atoms and must
// be tried on every event.
func (c *Compiled) Unindexed() []int { return c.always }

// LeafPaths returns the object paths, in the form of Prop.Path, that the
// comparisons of observation expression i compare: it can hold on an event
// only with a value at one of them. It returns false when one of the
// comparisons is an EXISTS, which holds on an object's type rather than on
// a value at its path.
func (c *Compiled) LeafPaths(i int) ([]string, bool) {
	var paths []string
	var walk func(x *cexpr) bool
	walk = func(x *cexpr) bool {
		if x.cmp != nil {
			if x.cmp.pred.kind == predExists {
				return false
			}
			if !slices.Contains(paths, x.cmp.text) {
				paths = append(paths, x.cmp.text)
			}
			return true
		}
		for k := range x.kids {
			if !walk(&x.kids[k]) {
				return false
			}
		}
		return true
	}
	if i < 0 || i >= len(c.leaves) || !walk(&c.leaves[i]) {
		return nil, false
	}
	return paths, true
}

func (c *Compiled) buildAtoms() {
	for i := range c.leaves {
		atoms, ok := exprAtoms(&c.leaves[i])
		if !ok {
			c.always = append(c.always, i)
			continue
		}
		for _, a := range atoms {
			a.Leaf = i
			c.atoms = append(c.atoms, a)
		}
	}
}

// exprAtoms returns a disjunction of atoms that x implies, and false when
// there is none to give. An empty disjunction with true means x never holds.
func exprAtoms(x *cexpr) ([]Atom, bool) {
	if x.cmp != nil {
		return comparisonAtoms(x.cmp)
	}
	if !x.and {
		var all []Atom
		for i := range x.kids {
			a, ok := exprAtoms(&x.kids[i])
			if !ok {
				return nil, false
			}
			all = append(all, a...)
		}
		return all, true
	}
	var best []Atom
	found := false
	for i := range x.kids {
		a, ok := exprAtoms(&x.kids[i])
		if ok && (!found || betterAtoms(a, best)) {
			best, found = a, true
		}
	}
	return best, found
}

// betterAtoms prefers the atoms that hit fewer values: when one side has a
// short literal (request_method = 'POST' hits a good part of a web log),
// the side whose shortest literal is longer; then fewer atoms, then more
// selective kinds.
func betterAtoms(a, b []Atom) bool {
	if sa, sb := atomsStrength(a), atomsStrength(b); min(sa, sb) < strongLiteral && sa != sb {
		return sa > sb
	}
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return worstOp(a) < worstOp(b)
}

// strongLiteral is the length from which a literal is taken to be rare.
const strongLiteral = 8

// atomsStrength is the length of the shortest literal of list; an IPv4
// block counts a character for two bits of its prefix (a /16 is strong),
// an IPv6 block one for four.
func atomsStrength(list []Atom) int {
	s := strongLiteral
	for _, a := range list {
		n := len(a.Text)
		if a.Op == AtomCIDR || a.Op == AtomContains {
			n = a.CIDR.Bits() / 4
			if a.CIDR.Addr().Is4() {
				n = a.CIDR.Bits() / 2
			}
		}
		s = min(s, n)
	}
	return s
}

func worstOp(list []Atom) AtomOp {
	var w AtomOp
	for _, a := range list {
		w = max(w, a.Op)
	}
	return w
}

func comparisonAtoms(c *comparison) ([]Atom, bool) {
	p := &c.pred
	if p.neg {
		return nil, false
	}
	at := Atom{Path: c.text}
	switch p.kind {
	case predEqual, predEqString:
		return equalAtom(at, &p.lit)
	case predIn, predInStrings:
		var list []Atom
		for i := range p.set {
			a, ok := equalAtom(at, &p.set[i])
			if !ok {
				return nil, false
			}
			list = append(list, a...)
		}
		return list, true
	case predLike:
		return likeAtom(at, p.like)
	case predMatches:
		return regexAtom(at, p.re)
	case predSubset:
		at.Op, at.CIDR = AtomCIDR, p.cidr
		return []Atom{at}, true
	case predSuperset:
		at.Op, at.CIDR = AtomContains, p.cidr
		return []Atom{at}, true
	}
	return nil, false
}

// equalAtom files an equality under the value's Key; a timestamp literal
// also equals strings written other ways, so it gives none.
func equalAtom(at Atom, v *Value) ([]Atom, bool) {
	if v.Kind == ValueTimestamp {
		return nil, false
	}
	at.Op, at.Text = AtomEqual, v.Key()
	return []Atom{at}, true
}

func likeAtom(at Atom, l *likePattern) ([]Atom, bool) {
	at.NFC = true
	switch l.shape {
	case likeExact:
		at.Op, at.Text = AtomEqual, l.lit
	case likePrefix:
		at.Op, at.Text = AtomPrefix, l.lit
	case likeSuffix:
		at.Op, at.Text = AtomSuffix, l.lit
	default:
		at.Op, at.Text = AtomSubstring, longestLikeRun(l.pat)
		if strings.HasPrefix(l.pat, at.Text) {
			at.Op = AtomPrefix
		}
	}
	if at.Text == "" && at.Op != AtomEqual {
		return nil, false
	}
	return []Atom{at}, true
}

// longestLikeRun returns the longest run of a LIKE pattern without
// wildcards.
func longestLikeRun(p string) string {
	best := ""
	for _, run := range strings.FieldsFunc(p, func(r rune) bool { return r == '%' || r == '_' }) {
		if len(run) > len(best) {
			best = run
		}
	}
	return best
}

// regexAtom extracts from an RE2-compatible expression a literal every
// match contains: the literal after a leading ^ as a prefix, otherwise the
// longest literal of the top-level sequence. Case-insensitive literals and
// alternations give none.
func regexAtom(at Atom, r *regex) ([]Atom, bool) {
	if r.re == nil {
		return nil, false
	}
	re, err := syntax.Parse(r.src, syntax.Perl)
	if err != nil {
		return nil, false
	}
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	seq := []*syntax.Regexp{re}
	if re.Op == syntax.OpConcat {
		seq = re.Sub
	}
	at.NFC = true
	if len(seq) >= 2 && seq[0].Op == syntax.OpBeginText && isPlainLiteral(seq[1]) {
		at.Op, at.Text = AtomPrefix, string(seq[1].Rune)
		return []Atom{at}, true
	}
	for _, s := range seq {
		if isPlainLiteral(s) && utf8.RuneCountInString(string(s.Rune)) > utf8.RuneCountInString(at.Text) {
			at.Text = string(s.Rune)
		}
	}
	if at.Text == "" {
		return nil, false
	}
	at.Op = AtomSubstring
	return []Atom{at}, true
}

func isPlainLiteral(re *syntax.Regexp) bool {
	return re.Op == syntax.OpLiteral && re.Flags&syntax.FoldCase == 0 && len(re.Rune) > 0
}
