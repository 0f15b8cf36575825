package sigma

import (
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// segKind is what a piece of a Sigma string value is.
type segKind uint8

const (
	segLit  segKind = iota // literal text
	segStar                // * : any run of characters
	segOne                 // ? : one character
	segVar                 // %name% placeholder, for |expand
)

type seg struct {
	kind segKind
	s    string // the text of a literal, the name of a placeholder
}

// sstr is a Sigma string value: literals and wildcards.
type sstr []seg

// parseWildcards reads a value as Sigma writes it: * and ? are wildcards,
// a backslash escapes *, ? and itself, and is literal before anything else.
func parseWildcards(v string) sstr {
	var out sstr
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			out = append(out, seg{kind: segLit, s: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' && i+1 < len(v) && (v[i+1] == '*' || v[i+1] == '?' || v[i+1] == '\\'):
			lit.WriteByte(v[i+1])
			i++
		case c == '*':
			flush()
			out = append(out, seg{kind: segStar})
		case c == '?':
			flush()
			out = append(out, seg{kind: segOne})
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return out
}

// plain returns the value's text when it has no wildcard or placeholder.
func (s sstr) plain() (string, bool) {
	var b strings.Builder
	for _, g := range s {
		if g.kind != segLit {
			return "", false
		}
		b.WriteString(g.s)
	}
	return b.String(), true
}

func (s sstr) hasVars() bool {
	for _, g := range s {
		if g.kind == segVar {
			return true
		}
	}
	return false
}

// wrap puts a * before (startswith=false) or after the value unless one is
// there already.
func (s sstr) wrap(before, after bool) sstr {
	out := make(sstr, 0, len(s)+2)
	if before && (len(s) == 0 || s[0].kind != segStar) {
		out = append(out, seg{kind: segStar})
	}
	out = append(out, s...)
	if after && (len(out) == 0 || out[len(out)-1].kind != segStar) {
		out = append(out, seg{kind: segStar})
	}
	return out
}

// mapLits applies f to every literal piece.
func (s sstr) mapLits(f func(string) string) sstr {
	out := make(sstr, len(s))
	for i, g := range s {
		out[i] = g
		if g.kind == segLit {
			out[i].s = f(g.s)
		}
	}
	return out
}

// encodePlain applies an encoding to a value without wildcards.
func encodePlain(vals []sstr, mod string, f func(string) []string) ([]sstr, error) {
	var out []sstr
	for _, v := range vals {
		p, ok := v.plain()
		if !ok {
			return nil, fmt.Errorf("modifier %s: the value has wildcards or placeholders, which cannot be encoded", mod)
		}
		for _, e := range f(p) {
			out = append(out, sstr{{kind: segLit, s: e}})
		}
	}
	return out, nil
}

func encodeBase64(s string) []string { return []string{base64.StdEncoding.EncodeToString([]byte(s))} }

// encodeBase64Offset returns the three forms the value takes inside a
// longer base64 text, at each offset modulo 3, without the characters
// that depend on the neighbouring bytes.
func encodeBase64Offset(s string) []string {
	start := [3]int{0, 2, 3}
	endTrim := [3]int{0, 3, 2}
	var out []string
	for i := range 3 {
		e := base64.StdEncoding.EncodeToString([]byte(strings.Repeat(" ", i) + s))
		end := len(e) - endTrim[(len(s)+i)%3]
		if start[i] < end {
			out = append(out, e[start[i]:end])
		}
	}
	return out
}

func utf16Units(s string) []uint16 {
	return utf16.Encode([]rune(strings.ToValidUTF8(s, "\uFFFD")))
}

func encodeUTF16LE(s string) []string {
	var b strings.Builder
	for _, u := range utf16Units(s) {
		b.WriteByte(byte(u))
		b.WriteByte(byte(u >> 8))
	}
	return []string{b.String()}
}

func encodeUTF16BE(s string) []string {
	var b strings.Builder
	for _, u := range utf16Units(s) {
		b.WriteByte(byte(u >> 8))
		b.WriteByte(byte(u))
	}
	return []string{b.String()}
}

func encodeUTF16(s string) []string { return []string{"\xff\xfe" + encodeUTF16LE(s)[0]} }

// windashes are the characters a Windows command line accepts for the
// dash of a flag.
var windashes = []string{"-", "/", "–", "—", "―"}

// maxExpansion bounds the values one value may expand into.
const maxExpansion = 4096

// expandWindash returns every variant of the value with each flag dash (a
// dash after a non-word character and before a word character) replaced
// by each of the windashes.
func expandWindash(v sstr) ([]sstr, error) {
	out := []sstr{nil}
	prevWord := false // whether the character before is a word character
	for gi, g := range v {
		if g.kind != segLit {
			for i := range out {
				out[i] = append(out[i], g)
			}
			prevWord = false
			continue
		}
		var pieces [][]string // alternatives for each piece of the literal
		for i := 0; i < len(g.s); {
			r, n := utf8.DecodeRuneInString(g.s[i:])
			alts := []string{g.s[i : i+n]}
			if isDash(r) && !prevWord && nextIsWord(v, gi, i+n) {
				alts = windashes
			}
			pieces = append(pieces, alts)
			prevWord = isWord(r)
			i += n
		}
		var err error
		if out, err = crossLits(out, pieces); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// crossLits appends to each prefix every combination of the pieces.
func crossLits(prefixes []sstr, pieces [][]string) ([]sstr, error) {
	lits := []string{""}
	for _, alts := range pieces {
		if len(alts) == 1 {
			for i := range lits {
				lits[i] += alts[0]
			}
			continue
		}
		if len(lits)*len(alts)*len(prefixes) > maxExpansion {
			return nil, fmt.Errorf("modifier windash: more than %d variants", maxExpansion)
		}
		var next []string
		for _, l := range lits {
			for _, a := range alts {
				next = append(next, l+a)
			}
		}
		lits = next
	}
	var out []sstr
	for _, p := range prefixes {
		for _, l := range lits {
			q := append(append(sstr(nil), p...), seg{kind: segLit, s: l})
			out = append(out, q)
		}
	}
	return out, nil
}

func isDash(r rune) bool {
	return r == '-' || r == '/' || r == '–' || r == '—' || r == '―'
}

func isWord(r rune) bool {
	return r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= utf8.RuneSelf
}

// nextIsWord reports whether the character at offset i of literal gi of v
// is a word character.
func nextIsWord(v sstr, gi, i int) bool {
	if i < len(v[gi].s) {
		r, _ := utf8.DecodeRuneInString(v[gi].s[i:])
		return isWord(r)
	}
	return false
}

// parseVars turns %name% in the literals into placeholders; \% is a
// plain percent sign.
func parseVars(v sstr) sstr {
	var out sstr
	for _, g := range v {
		if g.kind != segLit {
			out = append(out, g)
			continue
		}
		var lit strings.Builder
		s := g.s
		for i := 0; i < len(s); i++ {
			if s[i] == '\\' && i+1 < len(s) && s[i+1] == '%' {
				lit.WriteByte('%')
				i++
				continue
			}
			if s[i] == '%' {
				if j := strings.IndexByte(s[i+1:], '%'); j > 0 && isName(s[i+1:i+1+j]) {
					if lit.Len() > 0 {
						out = append(out, seg{kind: segLit, s: lit.String()})
						lit.Reset()
					}
					out = append(out, seg{kind: segVar, s: s[i+1 : i+1+j]})
					i += j + 1
					continue
				}
			}
			lit.WriteByte(s[i])
		}
		if lit.Len() > 0 {
			out = append(out, seg{kind: segLit, s: lit.String()})
		}
	}
	return out
}

func isName(s string) bool {
	for _, r := range s {
		if !isWord(r) && r != '-' && r != '.' {
			return false
		}
	}
	return s != ""
}

// expandVars replaces the placeholders of v with each of their values
// (themselves Sigma strings, with wildcards).
func expandVars(v sstr, vars map[string][]string) ([]sstr, error) {
	out := []sstr{nil}
	for _, g := range v {
		if g.kind != segVar {
			for i := range out {
				out[i] = append(out[i], g)
			}
			continue
		}
		vals, ok := vars[g.s]
		if !ok {
			vals = vars["%"+g.s+"%"]
		}
		if len(vals) == 0 {
			return nil, fmt.Errorf("placeholder %%%s%% has no values (give them in the placeholder configuration)", g.s)
		}
		if len(out)*len(vals) > maxExpansion {
			return nil, fmt.Errorf("placeholder %%%s%%: more than %d values", g.s, maxExpansion)
		}
		var next []sstr
		for _, p := range out {
			for _, x := range vals {
				next = append(next, append(append(sstr(nil), p...), parseWildcards(x)...))
			}
		}
		out = next
	}
	return out, nil
}
