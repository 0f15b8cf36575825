package sigma

import (
	"fmt"
	"strings"
)

// cop is the operation of a condition as written.
type cop uint8

const (
	cAnd cop = iota
	cOr
	cNot
	cIdent // a search identifier
	cOf    // 1 of / all of a pattern or them
)

// cnode is a parsed condition, before its identifiers are resolved.
type cnode struct {
	op   cop
	kids []*cnode
	name string // identifier, or pattern for cOf ("them" for all)
	all  bool   // all of, else 1 of
	col  int    // 1-based column, for errors
}

type ctoken struct {
	text string
	col  int
}

// maxConditionDepth bounds the nesting of a condition.
const maxConditionDepth = 100

// parseCondition parses a Sigma condition: or, and, not, parentheses,
// "1 of"/"all of" a pattern or "them", search identifiers.
func parseCondition(s string) (*cnode, error) {
	toks, err := tokenize(s)
	if err != nil {
		return nil, err
	}
	cp := &condParser{toks: toks, end: len(s) + 1}
	n, err := cp.or(0)
	if err != nil {
		return nil, err
	}
	if cp.pos < len(cp.toks) {
		t := cp.toks[cp.pos]
		return nil, fmt.Errorf("column %d: unexpected %q", t.col, t.text)
	}
	return n, nil
}

func tokenize(s string) ([]ctoken, error) {
	var toks []ctoken
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')':
			toks = append(toks, ctoken{s[i : i+1], i + 1})
			i++
		case c == '|':
			return nil, fmt.Errorf("column %d: aggregations after | (count, near) are the deprecated Sigma v1 syntax, not supported: use a correlation rule", i+1)
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n\r()|", rune(s[j])) {
				j++
			}
			toks = append(toks, ctoken{s[i:j], i + 1})
			i = j
		}
	}
	if len(toks) == 0 {
		return nil, fmt.Errorf("empty")
	}
	return toks, nil
}

type condParser struct {
	toks []ctoken
	pos  int
	end  int // the column after the text, for "unexpected end"
}

func (cp *condParser) peek(word string) bool {
	return cp.pos < len(cp.toks) && strings.EqualFold(cp.toks[cp.pos].text, word)
}

func (cp *condParser) binary(depth int, word string, op cop, next func(int) (*cnode, error)) (*cnode, error) {
	left, err := next(depth)
	if err != nil {
		return nil, err
	}
	for cp.peek(word) {
		col := cp.toks[cp.pos].col
		cp.pos++
		right, err := next(depth)
		if err != nil {
			return nil, err
		}
		if left.op == op {
			left.kids = append(left.kids, right)
		} else {
			left = &cnode{op: op, kids: []*cnode{left, right}, col: col}
		}
	}
	return left, nil
}

func (cp *condParser) or(depth int) (*cnode, error) {
	if depth > maxConditionDepth {
		return nil, fmt.Errorf("nested more than %d deep", maxConditionDepth)
	}
	return cp.binary(depth, "or", cOr, cp.and)
}

func (cp *condParser) and(depth int) (*cnode, error) {
	return cp.binary(depth, "and", cAnd, cp.not)
}

func (cp *condParser) not(depth int) (*cnode, error) {
	if cp.peek("not") {
		col := cp.toks[cp.pos].col
		cp.pos++
		if depth > maxConditionDepth {
			return nil, fmt.Errorf("column %d: nested more than %d deep", col, maxConditionDepth)
		}
		k, err := cp.not(depth + 1)
		if err != nil {
			return nil, err
		}
		return &cnode{op: cNot, kids: []*cnode{k}, col: col}, nil
	}
	return cp.primary(depth)
}

func (cp *condParser) primary(depth int) (*cnode, error) {
	if cp.pos >= len(cp.toks) {
		return nil, fmt.Errorf("column %d: unexpected end", cp.end)
	}
	t := cp.toks[cp.pos]
	cp.pos++
	switch low := strings.ToLower(t.text); {
	case low == "(":
		n, err := cp.or(depth + 1)
		if err != nil {
			return nil, err
		}
		if !cp.peek(")") {
			return nil, fmt.Errorf("column %d: ( is not closed", t.col)
		}
		cp.pos++
		return n, nil
	case low == "1" || low == "all" || low == "any":
		return cp.quantified(t, low != "1")
	case low == ")" || low == "and" || low == "or" || low == "not" || low == "of" || low == "them":
		return nil, fmt.Errorf("column %d: unexpected %q", t.col, t.text)
	}
	return &cnode{op: cIdent, name: t.text, col: t.col}, nil
}

// quantified reads "of PATTERN" or "of them" after 1 or all.
func (cp *condParser) quantified(q ctoken, all bool) (*cnode, error) {
	if !cp.peek("of") {
		if q.text == "1" {
			return nil, fmt.Errorf("column %d: expected \"of\" after 1", q.col)
		}
		return &cnode{op: cIdent, name: q.text, col: q.col}, nil // an identifier named all
	}
	cp.pos++
	if cp.pos >= len(cp.toks) {
		return nil, fmt.Errorf("column %d: expected a pattern or them after of", cp.end)
	}
	t := cp.toks[cp.pos]
	if t.text == "(" || t.text == ")" || cp.peek("and") || cp.peek("or") || cp.peek("not") {
		return nil, fmt.Errorf("column %d: expected a pattern or them after of, not %q", t.col, t.text)
	}
	cp.pos++
	name := t.text
	if strings.EqualFold(name, "them") {
		name = "them"
	}
	return &cnode{op: cOf, name: name, all: all, col: q.col}, nil
}

// resolve turns the parsed condition into one tree over the searches.
func (d *detection) resolve() (*node, error) {
	or := &node{op: opOr}
	for _, c := range d.conds {
		n, err := d.resolveNode(c)
		if err != nil {
			return nil, err
		}
		or.kids = append(or.kids, n)
	}
	if len(or.kids) == 1 {
		return or.kids[0], nil
	}
	return or, nil
}

func (d *detection) resolveNode(c *cnode) (*node, error) {
	switch c.op {
	case cIdent:
		s, ok := d.searches[c.name]
		if !ok {
			return nil, fmt.Errorf("column %d: no search identifier %q", c.col, c.name)
		}
		return s, nil
	case cOf:
		return d.resolveOf(c)
	}
	n := &node{op: map[cop]nodeOp{cAnd: opAnd, cOr: opOr, cNot: opNot}[c.op]}
	for _, k := range c.kids {
		r, err := d.resolveNode(k)
		if err != nil {
			return nil, err
		}
		n.kids = append(n.kids, r)
	}
	return n, nil
}

func (d *detection) resolveOf(c *cnode) (*node, error) {
	n := &node{op: opOr}
	if c.all {
		n.op = opAnd
	}
	for _, name := range d.order {
		if c.name == "them" && !strings.HasPrefix(name, "_") || c.name != "them" && wildMatch(c.name, name) {
			n.kids = append(n.kids, d.searches[name])
		}
	}
	if len(n.kids) == 0 {
		return nil, fmt.Errorf("column %d: no search identifier matches %q", c.col, c.name)
	}
	if len(n.kids) == 1 {
		return n.kids[0], nil
	}
	return n, nil
}

// wildMatch matches a name against a pattern where * is any run.
func wildMatch(pattern, name string) bool {
	return globMatch(parseWildcards(strings.ReplaceAll(pattern, "?", `\?`)), []byte(name))
}
