package sweep

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"

	"github.com/accord-cti/accord"
)

// NameRule is one line of a Loki filename-iocs list: a regular expression
// searched for in a file's full path (Loki's lists write Windows paths,
// with \), the score of a hit, and an optional regular expression that,
// when it also matches the path, makes the hit a false positive.
type NameRule struct {
	Source      string // where the line is: "file:line"
	Regex       *regexp.Regexp
	FalsePos    *regexp.Regexp // nil when the line has none
	Score       int
	Description string // the comment line above it, as Loki reports it

	lits []string // required literals of Regex, folded; nil when none
}

// ParseLokiFilenames reads a Loki filename-iocs list: lines of
// regex;score[;false-positive-regex], # starting a comment, blank lines
// ignored. The regexes are Go's RE2 syntax, which Loki's lists keep to;
// case-sensitive unless they start with (?i), as in Loki. A line that does
// not parse is an error naming its line; nothing is returned then.
func ParseLokiFilenames(name string, data []byte) ([]NameRule, error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var (
		rules   []NameRule
		comment string
	)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), " \t\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			comment = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#"))
			continue
		}
		r, err := parseLokiLine(line)
		if err != nil {
			return nil, accord.Errorf(accord.EINVALID, "%s:%d: %v", name, n, err)
		}
		r.Source, r.Description = fmt.Sprintf("%s:%d", name, n), comment
		rules = append(rules, r)
	}
	if err := sc.Err(); err != nil {
		return nil, accord.Errorf(accord.EINVALID, "%s: %v", name, err)
	}
	return rules, nil
}

// parseLokiLine parses regex;score[;false-positive-regex].
func parseLokiLine(line string) (NameRule, error) {
	fields := strings.Split(line, ";")
	if len(fields) < 2 || len(fields) > 3 {
		return NameRule{}, fmt.Errorf("want regex;score[;false-positive-regex], got %d fields", len(fields))
	}
	if fields[0] == "" {
		return NameRule{}, fmt.Errorf("empty regex")
	}
	score, err := strconv.Atoi(strings.TrimSpace(fields[1]))
	if err != nil || score < 0 {
		return NameRule{}, fmt.Errorf("score %q is not a whole number of 0 or more", fields[1])
	}
	r := NameRule{Score: score}
	if r.Regex, r.lits, err = compileRegex(fields[0]); err != nil {
		return NameRule{}, fmt.Errorf("regex (column 1): %v", err)
	}
	if len(fields) == 3 && fields[2] != "" {
		if r.FalsePos, _, err = compileRegex(fields[2]); err != nil {
			return NameRule{}, fmt.Errorf("false-positive regex (column %d): %v", len(fields[0])+len(fields[1])+3, err)
		}
	}
	return r, nil
}

// compileRegex compiles a regular expression and finds its required
// literals.
func compileRegex(src string) (*regexp.Regexp, []string, error) {
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, nil, err
	}
	tree, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		return nil, nil, err
	}
	return re, requiredLiterals(tree), nil
}

// matchAny reports whether the rule hits one of the paths: its regex
// matches one and its false-positive regex none; it returns the path
// that hit.
func (r *NameRule) matchAny(paths []string) (string, bool) {
	if r.FalsePos != nil {
		for _, p := range paths {
			if r.FalsePos.MatchString(p) {
				return "", false
			}
		}
	}
	for _, p := range paths {
		if r.Regex.MatchString(p) {
			return p, true
		}
	}
	return "", false
}
