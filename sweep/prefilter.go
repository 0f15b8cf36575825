package sweep

import "slices"

// prefilter finds the rules whose required literals occur in a folded
// text, so that only those run their regular expressions: a file's path
// meets a few of the thousands of Loki lines. Literals are filed by their
// first three bytes; a rule without literals is a candidate for every
// text.
type prefilter struct {
	byTri  map[uint32][]litRef
	always []int32
}

// litRef is one literal of rule.
type litRef struct {
	lit  string
	rule int32
}

func tri(b []byte) uint32 { return uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2]) }

// add files rule under its literals (from requiredLiterals), or as always
// a candidate when lits is nil.
func (p *prefilter) add(rule int32, lits []string) {
	if lits == nil {
		p.always = append(p.always, rule)
		return
	}
	if p.byTri == nil {
		p.byTri = map[uint32][]litRef{}
	}
	for _, l := range lits {
		k := tri([]byte(l[:minLiteral]))
		p.byTri[k] = append(p.byTri[k], litRef{lit: l, rule: rule})
	}
}

// candidates appends to out the rules whose literals occur in text
// (folded), each once, in increasing order.
func (p *prefilter) candidates(text []byte, out []int32) []int32 {
	out = append(out[:0], p.always...)
	if len(p.byTri) > 0 {
		for i := 0; i+minLiteral <= len(text); i++ {
			for _, r := range p.byTri[tri(text[i:])] {
				if hasPrefix(text[i:], r.lit) {
					out = append(out, r.rule)
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func hasPrefix(b []byte, s string) bool { return len(b) >= len(s) && string(b[:len(s)]) == s }
