package sigma

import (
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// filterDef is a Sigma filter document: the rules it applies to and the
// detection that, when true, suppresses their hits.
type filterDef struct {
	rules     []string // ids or names
	detection *detection
}

func (p *docParser) parseFilter(n *yaml.Node) (*filterDef, error) {
	if n.Kind != yaml.MappingNode {
		return nil, p.errf(n, "filter is a mapping, not %s", kindName(n))
	}
	f := &filterDef{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "rules" {
			var err error
			if f.rules, err = p.strings(resolve(n.Content[i+1]), "filter.rules"); err != nil {
				return nil, err
			}
		}
	}
	if len(f.rules) == 0 {
		return nil, p.errf(n, "filter names no rules")
	}
	d, err := p.parseDetection(n, "rules")
	if err != nil {
		return nil, err
	}
	f.detection = d
	return f, nil
}

var correlationTypes = map[string]bool{"event_count": true, "value_count": true, "temporal": true, "temporal_ordered": true}

func (p *docParser) parseCorrelation(n *yaml.Node) (*Correlation, error) {
	if n.Kind != yaml.MappingNode {
		return nil, p.errf(n, "correlation is a mapping, not %s", kindName(n))
	}
	c := &Correlation{}
	var cond, span *yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, resolve(n.Content[i+1])
		var err error
		switch k {
		case "type":
			c.Type, err = p.scalar(v, "correlation.type")
		case "rules":
			c.Rules, err = p.strings(v, "correlation.rules")
		case "group-by":
			c.GroupBy, err = p.strings(v, "correlation.group-by")
		case "timespan", "timeframe":
			span = v
		case "condition":
			cond = v
		case "aliases":
			c.Aliases, err = p.parseAliases(v)
		case "generate":
			c.Generate = v.Value == "true"
		}
		if err != nil {
			return nil, err
		}
	}
	return c, p.checkCorrelation(n, c, cond, span)
}

func (p *docParser) checkCorrelation(n *yaml.Node, c *Correlation, cond, span *yaml.Node) error {
	if !correlationTypes[c.Type] {
		return p.errf(n, "correlation type %q is not supported (event_count, value_count, temporal, temporal_ordered)", c.Type)
	}
	if len(c.Rules) == 0 {
		return p.errf(n, "correlation names no rules")
	}
	if span == nil {
		return p.errf(n, "correlation has no timespan")
	}
	d, err := parseTimespan(span.Value)
	if err != nil {
		return p.errf(span, "timespan: %v", err)
	}
	c.Timespan = d
	if cond != nil {
		if err := p.parseBounds(c, cond); err != nil {
			return err
		}
	}
	if len(c.Condition) == 0 && (c.Type == "event_count" || c.Type == "value_count") {
		return p.errf(n, "%s correlation has no condition", c.Type)
	}
	if c.Type == "value_count" && c.Field == "" {
		return p.errf(cond, "value_count correlation has no condition.field")
	}
	return nil
}

// parseTimespan reads a number and a unit: s, m, h, d (also w, y? no).
func parseTimespan(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if len(s) < 2 {
		return 0, errTimespan(s)
	}
	n, err := strconv.ParseInt(s[:len(s)-1], 10, 32)
	if err != nil || n <= 0 {
		return 0, errTimespan(s)
	}
	unit := map[byte]time.Duration{'s': time.Second, 'm': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour}[s[len(s)-1]]
	if unit == 0 {
		return 0, errTimespan(s)
	}
	return time.Duration(n) * unit, nil
}

type errTimespan string

func (e errTimespan) Error() string {
	return "\"" + string(e) + "\" is not a number and a unit (s, m, h, d), as in 90m"
}

func (p *docParser) parseBounds(c *Correlation, cond *yaml.Node) error {
	if cond.Kind != yaml.MappingNode {
		return p.errf(cond, "correlation condition is a mapping (gte: 10), not %s", kindName(cond))
	}
	for i := 0; i+1 < len(cond.Content); i += 2 {
		k, v := cond.Content[i].Value, resolve(cond.Content[i+1])
		if k == "field" {
			c.Field = scalarText(v)
			continue
		}
		switch k {
		case "gt", "gte", "lt", "lte", "eq", "neq":
		default:
			return p.errf(cond.Content[i], "correlation condition: unknown comparison %q", k)
		}
		x, err := strconv.ParseInt(scalarText(v), 10, 64)
		if err != nil {
			return p.errf(v, "correlation condition %s: %q is not an integer", k, scalarText(v))
		}
		c.Condition = append(c.Condition, Bound{Op: k, N: x})
	}
	return nil
}

func (p *docParser) parseAliases(n *yaml.Node) (map[string]map[string]string, error) {
	if n.Kind != yaml.MappingNode {
		return nil, p.errf(n, "aliases is a mapping, not %s", kindName(n))
	}
	out := map[string]map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		alias, v := n.Content[i].Value, resolve(n.Content[i+1])
		if v.Kind != yaml.MappingNode {
			return nil, p.errf(v, "alias %s maps rule names to fields, not %s", alias, kindName(v))
		}
		out[alias] = map[string]string{}
		for j := 0; j+1 < len(v.Content); j += 2 {
			out[alias][v.Content[j].Value] = scalarText(resolve(v.Content[j+1]))
		}
	}
	return out, nil
}
