package sigma

import (
	"regexp/syntax"
	"unicode/utf8"
)

// maxRegexLits bounds the literals a regular expression's prefilter has.
const maxRegexLits = 32

// regexLiterals returns literals (lower-cased) one of which is in every
// text the expression matches, or nil when it finds none: the prefilter
// of a regular expression.
func regexLiterals(expr, flags string) []string {
	f := syntax.Perl
	for _, c := range flags {
		switch c {
		case 'i':
			f |= syntax.FoldCase
		case 's':
			f |= syntax.DotNL
		case 'm':
			f &^= syntax.OneLine
		}
	}
	re, err := syntax.Parse(expr, f)
	if err != nil {
		return nil
	}
	lits := required(re.Simplify())
	for _, l := range lits {
		if l == "" {
			return nil
		}
	}
	return lits
}

// required returns a set of literals one of which every match contains.
func required(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		s := string(re.Rune)
		if re.Flags&syntax.FoldCase != 0 {
			return foldSafe(s)
		}
		return []string{lowerString(s)}
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpConcat:
		return bestOf(re.Sub)
	case syntax.OpAlternate:
		var all []string
		for _, s := range re.Sub {
			l := required(s)
			if l == nil || len(all)+len(l) > maxRegexLits {
				return nil
			}
			all = append(all, l...)
		}
		return all
	}
	return nil
}

// bestOf returns the best literal set of the parts of a concatenation:
// the one whose shortest literal is longest.
func bestOf(subs []*syntax.Regexp) []string {
	var best []string
	score := 0
	for _, s := range subs {
		l := required(s)
		if l == nil {
			continue
		}
		shortest := 1 << 30
		for _, x := range l {
			shortest = min(shortest, len(x))
		}
		if shortest > score {
			best, score = l, shortest
		}
	}
	return best
}

// foldSafe returns the longest piece of a case-insensitive literal that
// folds as the automaton does: without non-ASCII letters, nor k and s,
// which Unicode also folds to K (Kelvin) and ſ.
func foldSafe(s string) []string {
	best, start := "", 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] < utf8.RuneSelf && s[i]|0x20 != 'k' && s[i]|0x20 != 's' {
			continue
		}
		if i-start > len(best) {
			best = s[start:i]
		}
		start = i + 1
	}
	if best == "" {
		return nil
	}
	return []string{lowerString(best)}
}
