package sweep

import (
	"bytes"
	"cmp"
	"fmt"
	"regexp"
	"strings"

	"github.com/accord-cti/accord"
)

// ContentRule recognises a web shell by the text of its file, matched
// case-insensitively. It fires when every All literal occurs, at least
// MinAny of the Any literals (all of them when MinAny is 0), the file starts
// with AtStart, and Regex matches; a rule must have at least one of these.
type ContentRule struct {
	Name        string // short and stable: sightings are keyed by it
	Family      string // the malware family, "" for a generic technique
	AttackID    string // the family's ATT&CK software id (S0020), when it has one
	Description string
	Score       int // 0-100, as Loki scores

	All     []string
	Any     []string
	MinAny  int
	AtStart string
	Regex   string // RE2, applied with (?i)
	MaxSize int64  // the rule holds only for files up to this size; 0 for any
}

// ContentHit is a rule that fired on a file's text.
type ContentHit struct {
	Rule   *ContentRule
	Offset int64  // byte offset of the evidence: the regex's match, else the first literal
	Line   int    // 1-based line of Offset
	Text   string // the evidence, cut to maxEvidence bytes
}

// maxEvidence bounds the text a hit quotes.
const maxEvidence = 160

// ContentScanner runs a set of content rules; it is read-only once built
// and safe for concurrent use.
type ContentScanner struct {
	rules []contentRule
}

// contentRule is a ContentRule prepared: literals lower-cased, regex
// compiled.
type contentRule struct {
	*ContentRule
	all, any [][]byte
	atStart  []byte
	re       *regexp.Regexp
}

// NewContentScanner prepares rules. A rule without a name, without a
// condition or with a regex that does not compile is an error naming it.
func NewContentScanner(rules []ContentRule) (*ContentScanner, error) {
	s := &ContentScanner{}
	for i := range rules {
		r := &rules[i]
		c := contentRule{ContentRule: r, atStart: lowerBytes(nil, []byte(r.AtStart))}
		if r.Name == "" || len(r.All)+len(r.Any)+len(r.AtStart)+len(r.Regex) == 0 {
			return nil, accord.Errorf(accord.EINVALID, "content rule %d (%q): needs a name and a condition", i, r.Name)
		}
		if r.MinAny < 0 || r.MinAny > len(r.Any) {
			return nil, accord.Errorf(accord.EINVALID, "content rule %s: MinAny %d of %d Any literals", r.Name, r.MinAny, len(r.Any))
		}
		for _, l := range r.All {
			c.all = append(c.all, lowerBytes(nil, []byte(l)))
		}
		for _, l := range r.Any {
			c.any = append(c.any, lowerBytes(nil, []byte(l)))
		}
		if r.Regex != "" {
			re, err := regexp.Compile("(?i)" + r.Regex)
			if err != nil {
				return nil, accord.Errorf(accord.EINVALID, "content rule %s: regex: %v", r.Name, err)
			}
			c.re = re
		}
		s.rules = append(s.rules, c)
	}
	return s, nil
}

// Scan runs every rule on data, the first bytes (or all) of a file of the
// given size, and returns the rules that fired.
func (s *ContentScanner) Scan(data []byte, size int64) []ContentHit {
	hits, _ := s.scan(data, size, nil)
	return hits
}

// scan is Scan with a scratch buffer for the lower-cased text, returned
// for the next call.
func (s *ContentScanner) scan(data []byte, size int64, scratch []byte) ([]ContentHit, []byte) {
	if len(data) == 0 {
		return nil, scratch
	}
	low := lowerBytes(scratch[:0], data)
	var hits []ContentHit
	for i := range s.rules {
		if off, end, ok := s.rules[i].fire(data, low, size); ok {
			hits = append(hits, hitAt(s.rules[i].ContentRule, data, off, end))
		}
	}
	return hits, low
}

// fire reports whether the rule holds on the text (low is its lower-cased
// copy), and where its evidence lies: [off, end).
func (r *contentRule) fire(data, low []byte, size int64) (off, end int, ok bool) {
	if r.MaxSize > 0 && size > r.MaxSize || !bytes.HasPrefix(low, r.atStart) {
		return 0, 0, false
	}
	off, end = -1, 0
	for _, l := range r.all {
		i := bytes.Index(low, l)
		if i < 0 {
			return 0, 0, false
		}
		if off < 0 {
			off, end = i, i+len(l)
		}
	}
	if len(r.any) > 0 {
		need, n := cmp.Or(r.MinAny, len(r.any)), 0
		for _, l := range r.any {
			if i := bytes.Index(low, l); i >= 0 {
				if n++; off < 0 {
					off, end = i, i+len(l)
				}
			}
		}
		if n < need {
			return 0, 0, false
		}
	}
	if r.re != nil {
		loc := r.re.FindIndex(data)
		if loc == nil {
			return 0, 0, false
		}
		off, end = loc[0], loc[1]
	}
	if off < 0 {
		off, end = 0, len(r.atStart)
	}
	return off, end, true
}

func hitAt(r *ContentRule, data []byte, off, end int) ContentHit {
	end = min(end, off+maxEvidence, len(data))
	return ContentHit{Rule: r, Offset: int64(off), Line: bytes.Count(data[:off], []byte{'\n'}) + 1,
		Text: strings.ToValidUTF8(string(data[off:end]), "\uFFFD")}
}

// lowerBytes appends b to dst with ASCII letters lower-cased: offsets in
// the copy are offsets in b.
func lowerBytes(dst, b []byte) []byte {
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// String names the hit for messages: rule, line and evidence.
func (h ContentHit) String() string {
	return fmt.Sprintf("%s at line %d (offset %d): %s", h.Rule.Name, h.Line, h.Offset, h.Text)
}
