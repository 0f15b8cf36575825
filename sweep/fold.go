package sweep

import (
	"regexp/syntax"
	"unicode"
	"unicode/utf8"
)

// fold appends the case-folded form of s to dst: each rune becomes the
// smallest rune of its simple case-folding orbit, ASCII lower-cased, so
// that two strings equal under (?i) fold to the same bytes. The literals
// of the prefilter and the text they are looked for in are folded alike,
// which makes a case-sensitive literal a (weaker) requirement too.
func fold(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		dst = utf8.AppendRune(dst, foldRune(r))
		i += n
	}
	return dst
}

// foldRune returns the smallest rune of r's case-folding orbit, with an
// ASCII result lower-cased (the orbit of k holds K, k and the Kelvin sign).
func foldRune(r rune) rune {
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		m = min(m, f)
	}
	if 'A' <= m && m <= 'Z' {
		m += 'a' - 'A'
	}
	return m
}

// minLiteral is the shortest literal the prefilter can look up (by its
// first three bytes).
const minLiteral = 3

// maxAlternatives bounds the literals of one requirement: a regex of many
// alternatives is cheaper to run than to prefilter.
const maxAlternatives = 32

// requiredLiterals returns folded strings of which every match of re
// contains at least one, or nil when it cannot name any of at least
// minLiteral bytes.
func requiredLiterals(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		return literalSet(string(fold(nil, string(re.Rune))))
	case syntax.OpCapture, syntax.OpPlus:
		return requiredLiterals(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredLiterals(re.Sub[0])
		}
	case syntax.OpConcat:
		return concatLiterals(re.Sub)
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			l := requiredLiterals(sub)
			if l == nil {
				return nil
			}
			all = append(all, l...)
		}
		if len(all) > maxAlternatives {
			return nil
		}
		return all
	}
	return nil
}

// concatLiterals returns the best requirement of a sequence: runs of
// literals (folded or not) joined, or the requirement of one element.
func concatLiterals(seq []*syntax.Regexp) []string {
	var best []string
	var run []byte
	flush := func() {
		if l := literalSet(string(run)); betterLiterals(l, best) {
			best = l
		}
		run = run[:0]
	}
	for _, sub := range seq {
		if sub.Op == syntax.OpLiteral {
			run = fold(run, string(sub.Rune))
			continue
		}
		flush()
		if l := requiredLiterals(sub); betterLiterals(l, best) {
			best = l
		}
	}
	flush()
	return best
}

func literalSet(lit string) []string {
	if len(lit) < minLiteral {
		return nil
	}
	return []string{lit}
}

// betterLiterals prefers the requirement whose shortest literal is the
// longest, then the one with fewer literals.
func betterLiterals(a, b []string) bool {
	if a == nil {
		return false
	}
	if b == nil {
		return true
	}
	if sa, sb := shortest(a), shortest(b); sa != sb {
		return sa > sb
	}
	return len(a) < len(b)
}

func shortest(list []string) int {
	n := len(list[0])
	for _, s := range list[1:] {
		n = min(n, len(s))
	}
	return n
}
