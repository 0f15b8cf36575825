package sigma

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Parse reads every document of one Sigma YAML file. It returns the
// documents that are valid rules and, for the others, an error joining one
// *ParseError per bad document (name:line: rule: reason).
func Parse(name string, data []byte) ([]*Rule, error) {
	var rules []*Rule
	var errs []error
	for _, d := range splitDocuments(data) {
		r, err := parseDocument(name, d.line, d.text)
		if err != nil {
			errs = append(errs, err)
		} else if r != nil {
			rules = append(rules, r)
		}
	}
	return rules, errors.Join(errs...)
}

type document struct {
	line int // of the document's first line in the file
	text []byte
}

// splitDocuments cuts a YAML stream at its "---" separators (and "..."
// ends), so that each rule keeps its own text and lines.
func splitDocuments(data []byte) []document {
	var docs []document
	start, startLine, line := 0, 1, 1
	for off := 0; off < len(data); line++ {
		end := bytes.IndexByte(data[off:], '\n')
		next := len(data)
		if end >= 0 {
			next = off + end + 1
		}
		l := bytes.TrimRight(data[off:next], "\r\n")
		if isDocMarker(l, "---") || isDocMarker(l, "...") {
			docs = append(docs, document{startLine, data[start:off]})
			start, startLine = next, line+1
			if isDocMarker(l, "---") && len(bytes.TrimSpace(l[3:])) > 0 {
				// "--- value": keep the content after the marker.
				start, startLine = off+3, line
			}
		}
		off = next
	}
	docs = append(docs, document{startLine, data[start:]})
	out := docs[:0]
	for _, d := range docs {
		if len(bytes.TrimSpace(stripComments(d.text))) > 0 {
			out = append(out, d)
		}
	}
	return out
}

func isDocMarker(l []byte, m string) bool {
	if !bytes.HasPrefix(l, []byte(m)) {
		return false
	}
	return len(l) == 3 || l[3] == ' ' || l[3] == '\t'
}

// stripComments drops whole-line comments, to tell an empty document.
func stripComments(b []byte) []byte {
	var out []byte
	for _, l := range bytes.Split(b, []byte("\n")) {
		if t := bytes.TrimSpace(l); len(t) > 0 && t[0] != '#' {
			out = append(out, t...)
		}
	}
	return out
}

// docParser reads one document, remembering where it is for errors.
type docParser struct {
	path   string
	offset int // added to node lines: the document's first line - 1
	rule   *Rule
}

func (p *docParser) errf(n *yaml.Node, format string, args ...any) *ParseError {
	line := p.offset + 1
	if n != nil && n.Line > 0 {
		line = p.offset + n.Line
	}
	e := &ParseError{Path: p.path, Line: line, Msg: fmt.Sprintf(format, args...)}
	if p.rule != nil && (p.rule.Title != "" || p.rule.ID != "") {
		e.Rule = p.rule.String()
	}
	return e
}

func parseDocument(path string, line int, text []byte) (r *Rule, err error) {
	p := &docParser{path: path, offset: line - 1}
	defer func() {
		if v := recover(); v != nil { // the YAML decoder on hostile input
			r, err = nil, p.errf(nil, "malformed YAML: %v", v)
		}
	}()
	var root yaml.Node
	if err := yaml.Unmarshal(text, &root); err != nil {
		return nil, p.errf(nil, "%s", relineYAMLError(err, p.offset))
	}
	if root.Kind == 0 || len(root.Content) == 0 {
		return nil, nil
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil, p.errf(doc, "a rule is a mapping, not %s", kindName(doc))
	}
	p.rule = &Rule{Path: path, Text: bytes.Clone(text), line: line}
	if err := p.parseRule(doc); err != nil {
		return nil, err
	}
	return p.rule, nil
}

// relineYAMLError shifts "line N" in a YAML error to the file's lines.
func relineYAMLError(err error, offset int) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var n int
	var rest string
	if _, e := fmt.Sscanf(msg, "line %d:", &n); e == nil {
		if i := strings.Index(msg, ":"); i >= 0 {
			rest = msg[i:]
		}
		return fmt.Sprintf("line %d%s", n+offset, rest)
	}
	return msg
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return fmt.Sprintf("the value %q", n.Value)
	case yaml.AliasNode:
		return "an alias"
	}
	return "empty"
}

// resolve follows YAML aliases (bounded: the decoder rejects cycles).
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 32; i++ {
		n = n.Alias
	}
	return n
}
