package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/accord-cti/accord/stix"
)

// kevCatalog is a decoded KEV catalog: what it says of itself and its
// valid entries.
type kevCatalog struct {
	version  string // catalogVersion, e.g. "2025.08.25"
	released string // dateReleased as a STIX timestamp
	entries  []kevEntry
}

// kevEntry is one entry of the catalog, with where it stands in the file.
type kevEntry struct {
	index, line int

	CVE               string   `json:"cveID"`
	VendorProject     string   `json:"vendorProject"`
	Product           string   `json:"product"`
	VulnerabilityName string   `json:"vulnerabilityName"`
	DateAdded         string   `json:"dateAdded"`
	ShortDescription  string   `json:"shortDescription"`
	RequiredAction    string   `json:"requiredAction"`
	DueDate           string   `json:"dueDate"`
	RansomwareUse     string   `json:"knownRansomwareCampaignUse"`
	Notes             string   `json:"notes"`
	CWEs              []string `json:"cwes"`
}

// kevRequired are the fields the schema requires of an entry, in its order.
var kevRequired = []string{"cveID", "vendorProject", "product", "vulnerabilityName", "dateAdded", "shortDescription", "requiredAction", "dueDate"}

var (
	cvePattern = regexp.MustCompile(`^CVE-[0-9]{4}-[0-9]{4,19}$`)
	cwePattern = regexp.MustCompile(`^CWE-[0-9]+$`)
)

// normalCVE returns s as a CVE id in upper case, or "" when it is none.
func normalCVE(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	if !cvePattern.MatchString(s) {
		return ""
	}
	return s
}

// decodeKEV reads a catalog, reporting its invalid entries to out, or
// failing out when the catalog as a whole cannot be read.
func decodeKEV(out *feedOut, data []byte) *kevCatalog {
	lines := &lineCounter{data: data, line: 1}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		out.fail(lines.at(int(dec.InputOffset())), "not a KEV catalog: want a JSON object")
		return nil
	}
	cat := &kevCatalog{}
	top := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			failSyntax(out, lines, dec, err)
			return nil
		}
		key, _ := tok.(string)
		if key == "vulnerabilities" {
			top[key] = json.RawMessage("[]")
			if !decodeKEVEntries(out, lines, dec, cat) {
				return nil
			}
			continue
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			failSyntax(out, lines, dec, err)
			return nil
		}
		top[key] = v
	}
	if _, err := dec.Token(); err != nil {
		failSyntax(out, lines, dec, err)
		return nil
	}
	if msg := checkKEVCatalog(top, cat); msg != "" {
		out.fail(1, "not a KEV catalog: %s", msg)
		return nil
	}
	return cat
}

// decodeKEVEntries reads the vulnerabilities array, keeping the valid
// entries in cat; it reports false when out has failed.
func decodeKEVEntries(out *feedOut, lines *lineCounter, dec *json.Decoder, cat *kevCatalog) bool {
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		out.fail(lines.at(int(dec.InputOffset())), "not a KEV catalog: /vulnerabilities must be an array")
		return false
	}
	for i := 0; dec.More(); i++ {
		start := int(dec.InputOffset())
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			failSyntax(out, lines, dec, err)
			return false
		}
		line := lines.at(start + skipSeparators(lines.data[start:]))
		if e, p := checkKEVEntry(raw, i, line); p != nil {
			p.File = out.name
			out.problems = append(out.problems, *p)
		} else {
			cat.entries = append(cat.entries, e)
		}
	}
	if _, err := dec.Token(); err != nil {
		failSyntax(out, lines, dec, err)
		return false
	}
	return true
}

// checkKEVCatalog checks the members the schema requires of the catalog
// and keeps its version and release time; it returns what is wrong, or "".
func checkKEVCatalog(top map[string]json.RawMessage, cat *kevCatalog) string {
	for _, k := range []string{"catalogVersion", "dateReleased", "count", "vulnerabilities"} {
		if top[k] == nil {
			return "/" + k + " is required"
		}
	}
	if json.Unmarshal(top["catalogVersion"], &cat.version) != nil {
		return "/catalogVersion must be a string"
	}
	var released string
	var count int
	if json.Unmarshal(top["count"], &count) != nil {
		return "/count must be an integer"
	}
	if json.Unmarshal(top["dateReleased"], &released) != nil {
		return "/dateReleased must be a string"
	}
	t, err := time.Parse(time.RFC3339Nano, released)
	if err != nil {
		return fmt.Sprintf("/dateReleased %q is not a date-time", released)
	}
	cat.released = stixTime(t)
	return ""
}

// checkKEVEntry decodes and checks the index-th entry against the schema.
func checkKEVEntry(raw json.RawMessage, index, line int) (kevEntry, *stix.Problem) {
	path := "/vulnerabilities/" + strconv.Itoa(index)
	bad := func(field, format string, args ...any) (kevEntry, *stix.Problem) {
		p := path
		if field != "" {
			p += "/" + field
		}
		return kevEntry{}, &stix.Problem{Line: line, Path: p, Message: fmt.Sprintf(format, args...)}
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return bad("", "a KEV entry must be a JSON object")
	}
	for _, k := range kevRequired {
		if fields[k] == nil {
			return bad(k, "required")
		}
	}
	for _, k := range append(kevRequired, "knownRansomwareCampaignUse", "notes") {
		var s string
		if fields[k] != nil && json.Unmarshal(fields[k], &s) != nil {
			return bad(k, "must be a string")
		}
	}
	e := kevEntry{index: index, line: line}
	if err := json.Unmarshal(raw, &e); err != nil {
		return bad("cwes", "must be an array of strings")
	}
	if !cvePattern.MatchString(e.CVE) {
		return bad("cveID", "%q is not a CVE id (CVE-YYYY-NNNN)", e.CVE)
	}
	for _, d := range []struct{ field, value string }{{"dateAdded", e.DateAdded}, {"dueDate", e.DueDate}} {
		if _, err := time.Parse(time.DateOnly, d.value); err != nil {
			return bad(d.field, "%q is not a date (YYYY-MM-DD)", d.value)
		}
	}
	for i, c := range e.CWEs {
		if !cwePattern.MatchString(c) {
			return bad("cwes/"+strconv.Itoa(i), "%q is not a CWE id (CWE-N)", c)
		}
	}
	return e, nil
}

// failSyntax fails out with a JSON error and the line it is at.
func failSyntax(out *feedOut, lines *lineCounter, dec *json.Decoder, err error) {
	off := int(dec.InputOffset())
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = int(se.Offset)
	}
	out.fail(lines.at(min(off, len(lines.data))), "%v", err)
}

// skipSeparators counts the blanks and the comma before the next value.
func skipSeparators(b []byte) int {
	n := 0
	for n < len(b) && strings.IndexByte(" \t\r\n,", b[n]) >= 0 {
		n++
	}
	return n
}

// lineCounter turns offsets into lines, counting forward from the last
// offset asked for (offsets mostly grow, as a decoder reads).
type lineCounter struct {
	data      []byte
	off, line int
}

func (c *lineCounter) at(off int) int {
	off = max(0, min(off, len(c.data)))
	if off < c.off {
		c.off, c.line = 0, 1
	}
	c.line += bytes.Count(c.data[c.off:off], []byte("\n"))
	c.off = off
	return c.line
}

// stixTime renders t as a STIX timestamp with milliseconds.
func stixTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
