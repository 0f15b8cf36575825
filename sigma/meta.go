package sigma

import (
	"gopkg.in/yaml.v3"
)

// parseRule reads the top-level keys of a rule document.
func (p *docParser) parseRule(doc *yaml.Node) error {
	r := p.rule
	var detection, correlation, filter, logsource *yaml.Node
	// Title and id first, so that every later error names the rule.
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i].Value, resolve(doc.Content[i+1])
		switch k {
		case "title":
			r.Title = scalarText(v)
		case "id":
			r.ID = scalarText(v)
		}
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i].Value, resolve(doc.Content[i+1])
		var err error
		switch k {
		case "status":
			r.Status, err = p.scalar(v, k)
		case "level":
			r.Level, err = p.scalar(v, k)
		case "description":
			r.Description, err = p.scalar(v, k)
		case "author":
			r.Author, err = p.scalar(v, k)
		case "date":
			r.Date, err = p.scalar(v, k)
		case "name":
			r.Name, err = p.scalar(v, k)
		case "tags":
			r.Tags, err = p.strings(v, k)
		case "references":
			r.References, err = p.strings(v, k)
		case "falsepositives":
			r.FalsePositives, err = p.strings(v, k)
		case "fields":
			r.Fields, err = p.strings(v, k)
		case "logsource":
			logsource = v
		case "detection":
			detection = v
		case "correlation":
			correlation = v
		case "filter":
			filter = v
		}
		if err != nil {
			return err
		}
	}
	if r.Title == "" {
		return p.errf(doc, "no title")
	}
	return p.parseBody(doc, logsource, detection, correlation, filter)
}

// parseBody reads what the rule does: a detection, a correlation or a
// filter, exactly one of them.
func (p *docParser) parseBody(doc, logsource, detection, correlation, filter *yaml.Node) error {
	n := 0
	for _, x := range []*yaml.Node{detection, correlation, filter} {
		if x != nil {
			n++
		}
	}
	if n != 1 {
		return p.errf(doc, "a rule has exactly one of detection, correlation or filter (has %d)", n)
	}
	if logsource != nil {
		if err := p.parseLogsource(logsource); err != nil {
			return err
		}
	} else if correlation == nil {
		return p.errf(doc, "no logsource")
	}
	var err error
	switch {
	case detection != nil:
		p.rule.detection, err = p.parseDetection(detection, "")
	case correlation != nil:
		p.rule.Correlation, err = p.parseCorrelation(correlation)
	default:
		p.rule.filter, err = p.parseFilter(filter)
	}
	return err
}

func (p *docParser) parseLogsource(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return p.errf(n, "logsource is a mapping, not %s", kindName(n))
	}
	ls := &p.rule.Logsource
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i].Value, resolve(n.Content[i+1])
		var err error
		switch k {
		case "product":
			ls.Product, err = p.scalar(v, "logsource.product")
		case "category":
			ls.Category, err = p.scalar(v, "logsource.category")
		case "service":
			ls.Service, err = p.scalar(v, "logsource.service")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func scalarText(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

func (p *docParser) scalar(n *yaml.Node, key string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", p.errf(n, "%s is a single value, not %s", key, kindName(n))
	}
	return scalarText(n), nil
}

// strings reads a list of scalars; a single scalar is a list of one.
func (p *docParser) strings(n *yaml.Node, key string) ([]string, error) {
	if n.Kind == yaml.ScalarNode {
		if s := scalarText(n); s != "" {
			return []string{s}, nil
		}
		return nil, nil
	}
	if n.Kind != yaml.SequenceNode {
		return nil, p.errf(n, "%s is a list, not %s", key, kindName(n))
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		c = resolve(c)
		if c.Kind != yaml.ScalarNode {
			return nil, p.errf(c, "%s lists values, not %s", key, kindName(c))
		}
		out = append(out, scalarText(c))
	}
	return out, nil
}
