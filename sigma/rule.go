package sigma

import (
	"fmt"
	"time"

	"github.com/accord-cti/accord"
)

// Rule is one Sigma document: a detection rule, a correlation rule or a
// filter. Its metadata is exported; what it detects is compiled by Compile.
type Rule struct {
	ID, Title, Status, Level, Description, Author, Date string
	// Tags are as written: "attack.t1190", "cve.2021-26855".
	Tags                               []string
	References, FalsePositives, Fields []string
	Logsource                          Logsource
	// Path is the file the rule was read from.
	Path string
	// Text is the rule's own YAML document, as written.
	Text []byte
	// Correlation is non-nil for a correlation rule.
	Correlation *Correlation
	// Name is the rule's optional name, by which correlations refer to it.
	Name string

	line      int        // the document's first line in Path
	detection *detection // nil for a correlation
	filter    *filterDef // non-nil for a filter document
	// referenced is set by Compile when a correlation refers to the rule
	// without asking (generate) for its own hits.
	referenced bool
}

// IsFilter reports whether the document is a Sigma filter: it matches
// nothing itself but suppresses hits of the rules it names.
func (r *Rule) IsFilter() bool { return r.filter != nil }

// Standalone reports whether hits of the rule are meant to be reported on
// their own: false for a rule that only feeds a correlation (the
// correlation's generate attribute is false, the default) and for filters.
func (r *Rule) Standalone() bool {
	return r.filter == nil && r.Correlation == nil && !r.referenced
}

// String names the rule for messages: its title and id.
func (r *Rule) String() string {
	if r.ID == "" {
		return fmt.Sprintf("%q", r.Title)
	}
	return fmt.Sprintf("%q (%s)", r.Title, r.ID)
}

// Correlation is the correlation section of a Sigma correlation rule.
type Correlation struct {
	// Type is event_count, value_count, temporal or temporal_ordered.
	Type string
	// Rules are the ids or names of the correlated rules, in order.
	Rules    []string
	GroupBy  []string
	Timespan time.Duration
	// Condition bounds the count; empty for temporal rules without one
	// (all the rules must occur).
	Condition []Bound
	// Field is the field whose distinct values a value_count counts.
	Field string
	// Aliases maps an alias of GroupBy to, by rule name, the field it
	// stands for in that rule's events.
	Aliases  map[string]map[string]string
	Generate bool
}

// Bound is one comparison of a correlation's condition: Op is gt, gte,
// lt, lte, eq or neq.
type Bound struct {
	Op string
	N  int64
}

// holds reports whether n satisfies every bound.
func holds(bounds []Bound, n int64) bool {
	for _, b := range bounds {
		ok := false
		switch b.Op {
		case "gt":
			ok = n > b.N
		case "gte":
			ok = n >= b.N
		case "lt":
			ok = n < b.N
		case "lte":
			ok = n <= b.N
		case "eq":
			ok = n == b.N
		case "neq":
			ok = n != b.N
		}
		if !ok {
			return false
		}
	}
	return true
}

// Rejected is a rule that could not be loaded or compiled, and why.
type Rejected struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// ParseError is a problem with a Sigma document: where and what.
type ParseError struct {
	Path string
	Line int
	Rule string // the rule's title and id when known
	Msg  string
}

// Error formats the problem as path:line: rule: message.
func (e *ParseError) Error() string {
	s := fmt.Sprintf("%s:%d: ", e.Path, e.Line)
	if e.Rule != "" {
		s += "rule " + e.Rule + ": "
	}
	return s + e.Msg
}

// ErrorCode marks a parse error as invalid input.
func (e *ParseError) ErrorCode() string { return accord.EINVALID }
