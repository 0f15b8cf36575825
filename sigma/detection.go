package sigma

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// nodeOp is the operation of a node of a compiled condition.
type nodeOp uint8

const (
	opAnd nodeOp = iota
	opOr
	opNot
	opItem
)

// node is a condition resolved down to detection items.
type node struct {
	op   nodeOp
	kids []*node
	item *item
}

// detection is a rule's (or filter's) search identifiers and condition.
type detection struct {
	searches map[string]*node
	order    []string // identifiers in document order
	conds    []*cnode // the condition; a list is or-ed
	condLine int
	root     *node // the condition resolved over the searches
}

// parseDetection reads a detection mapping. A filter's detection has its
// identifiers at the same level as rules:, which it skips.
func (p *docParser) parseDetection(n *yaml.Node, skip string) (*detection, error) {
	if n.Kind != yaml.MappingNode {
		return nil, p.errf(n, "detection is a mapping, not %s", kindName(n))
	}
	d := &detection{searches: map[string]*node{}}
	var cond *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, v := n.Content[i], resolve(n.Content[i+1])
		switch k := key.Value; k {
		case "condition":
			cond = v
		case "timeframe", skip:
		default:
			s, err := p.parseSearch(v, k)
			if err != nil {
				return nil, err
			}
			if _, dup := d.searches[k]; !dup {
				d.order = append(d.order, k)
			}
			d.searches[k] = s
		}
	}
	if cond == nil {
		return nil, p.errf(n, "detection has no condition")
	}
	if err := p.parseConditions(d, cond); err != nil {
		return nil, err
	}
	root, err := d.resolve()
	if err != nil {
		return nil, p.errf(cond, "condition: %v", err)
	}
	d.root = root
	return d, nil
}

func (p *docParser) parseConditions(d *detection, cond *yaml.Node) error {
	d.condLine = p.offset + cond.Line
	var texts []*yaml.Node
	switch cond.Kind {
	case yaml.ScalarNode:
		texts = []*yaml.Node{cond}
	case yaml.SequenceNode:
		texts = cond.Content
	default:
		return p.errf(cond, "condition is text or a list of texts, not %s", kindName(cond))
	}
	for _, t := range texts {
		t = resolve(t)
		if t.Kind != yaml.ScalarNode {
			return p.errf(t, "condition is text, not %s", kindName(t))
		}
		c, err := parseCondition(t.Value)
		if err != nil {
			return p.errf(t, "condition %q: %v", t.Value, err)
		}
		d.conds = append(d.conds, c)
	}
	if len(d.conds) == 0 {
		return p.errf(cond, "condition is empty")
	}
	return nil
}

// parseSearch reads one search identifier: a mapping (and of its fields),
// a list of mappings (or), or a list of keywords (or).
func (p *docParser) parseSearch(v *yaml.Node, name string) (*node, error) {
	switch v.Kind {
	case yaml.MappingNode:
		return p.parseMap(v, name)
	case yaml.ScalarNode:
		if v.Tag == "!!null" {
			return nil, p.errf(v, "search %s is empty", name)
		}
		it, err := p.parseItem(v, "", nil, []*yaml.Node{v})
		return &node{op: opItem, item: it}, err
	case yaml.SequenceNode:
		return p.parseList(v, name)
	}
	return nil, p.errf(v, "search %s is a mapping or a list, not %s", name, kindName(v))
}

func (p *docParser) parseList(v *yaml.Node, name string) (*node, error) {
	if len(v.Content) == 0 {
		return nil, p.errf(v, "search %s is an empty list", name)
	}
	var maps, scalars int
	for _, c := range v.Content {
		switch resolve(c).Kind {
		case yaml.MappingNode:
			maps++
		case yaml.ScalarNode:
			scalars++
		default:
			return nil, p.errf(c, "search %s lists values or mappings, not %s", name, kindName(resolve(c)))
		}
	}
	if scalars > 0 && maps > 0 {
		return nil, p.errf(v, "search %s mixes keywords and mappings", name)
	}
	if scalars > 0 {
		it, err := p.parseItem(v, "", nil, v.Content)
		return &node{op: opItem, item: it}, err
	}
	or := &node{op: opOr}
	for _, c := range v.Content {
		m, err := p.parseMap(resolve(c), name)
		if err != nil {
			return nil, err
		}
		or.kids = append(or.kids, m)
	}
	return or, nil
}

// parseMap reads a mapping of field|modifiers to values: and of its items.
func (p *docParser) parseMap(v *yaml.Node, name string) (*node, error) {
	if len(v.Content) == 0 {
		return nil, p.errf(v, "search %s is an empty mapping", name)
	}
	and := &node{op: opAnd}
	for i := 0; i+1 < len(v.Content); i += 2 {
		key, val := v.Content[i], resolve(v.Content[i+1])
		parts := strings.Split(key.Value, "|")
		var vals []*yaml.Node
		switch val.Kind {
		case yaml.ScalarNode:
			vals = []*yaml.Node{val}
		case yaml.SequenceNode:
			vals = val.Content
		default:
			return nil, p.errf(val, "field %s: values are a value or a list, not %s", parts[0], kindName(val))
		}
		it, err := p.parseItem(key, parts[0], parts[1:], vals)
		if err != nil {
			return nil, err
		}
		and.kids = append(and.kids, &node{op: opItem, item: it})
	}
	if len(and.kids) == 1 {
		return and.kids[0], nil
	}
	return and, nil
}
