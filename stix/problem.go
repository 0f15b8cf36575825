package stix

import (
	"fmt"
	"strings"

	"github.com/accord-cti/accord"
)

// Problem is one specification rule an object breaks, with where: the file
// and line of the object (filled in by whoever read the file), the object's
// id and the JSON pointer of the offending property.
type Problem struct {
	File     string `json:"file,omitempty"`      // the file the object came from; "" when unknown
	Line     int    `json:"line,omitempty"`      // 1-based line of the object's start in File; 0 when unknown
	ObjectID string `json:"object_id,omitempty"` // the object's id, or "#N" (its index) when it has none
	Path     string `json:"path,omitempty"`      // JSON pointer into the object, e.g. /valid_until or /external_references/0/url
	Message  string `json:"message"`             // the rule, e.g. "must be later than valid_from"
}

// String renders the problem as file:line: id: /path: message, leaving out
// the parts that are unknown.
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
	}
	if p.ObjectID != "" {
		b.WriteString(p.ObjectID)
		b.WriteString(": ")
	}
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Problems is a list of problems; as an error it reports them all, one a line.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// ErrorCode marks problems as invalid input.
func (ps Problems) ErrorCode() string { return accord.EINVALID }
