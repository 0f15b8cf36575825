package ingest

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// CISA's CHIRP indicator files (cisagov/CHIRP) are YAML documents separated
// by "---", each with a name, description, confidence (0–10), ioc_type and
// an indicator block whose keys depend on the ioc_type. Each becomes STIX
// indicators created by CISA, marked TLP:CLEAR (they come with public
// alerts), with the alert's URL (from the file's header comment or name:
// AA21-062A → https://us-cert.cisa.gov/ncas/alerts/aa21-062a) and the URLs
// of the description as external references, and confidence × 10:
//
//	network   ips: one value a line (IP address, CIDR block, domain, URL) →
//	          one indicator each, [ipv4-addr:value = '…'], [domain-name:…], …;
//	          invisible format characters (U+200B–U+200D, U+2060, U+FEFF)
//	          are removed
//	events    event_type (the event log, kept as x_chirp_event_type) and
//	          event.event_data '~= REGEX' or '== VALUE', which CHIRP searches
//	          for in the whole event's data → [process:command_line MATCHES
//	          'REGEX'] (or =): the closest observable accord's event readers
//	          give, so such an indicator finds the text when it is in a
//	          process command line (Security 4688, Sysmon 1); event_id, when
//	          present, is kept in the description; any other key is reported
//	registry  registry_key → [windows-registry-key:key LIKE 'KEY\\%'] (the
//	          key and those under it, as CHIRP enumerates it), with the
//	          operators on key, value and registry_type as comparisons of
//	          values[*].name, .data and .data_type ('~= .*' adds nothing)
//	yara      rule → an indicator of pattern_type yara, the rule as its
//	          pattern, files kept as x_chirp_files
//
// A document that cannot be converted is reported with its line; the
// others are imported.

// chirpAlert is the CISA alert a CHIRP file belongs to.
type chirpAlert struct {
	id  string // "AA21-062A", or "CHIRP" when the file does not say
	url string
}

var alertID = regexp.MustCompile(`(?i)\baa\d\d-\d{3}[a-z]\b`)

// newCHIRPAlert finds the alert in the header comment, else the file name.
func newCHIRPAlert(name string, data []byte) chirpAlert {
	var header []byte
	for line := range bytes.Lines(data) {
		if !bytes.HasPrefix(bytes.TrimSpace(line), []byte("#")) {
			break
		}
		header = append(header, line...)
	}
	a := chirpAlert{id: "CHIRP", url: "https://github.com/cisagov/CHIRP"}
	for _, text := range []string{string(header), name} {
		if id := alertID.FindString(text); id != "" {
			a.id = strings.ToUpper(id)
			a.url = "https://us-cert.cisa.gov/ncas/alerts/" + strings.ToLower(id)
			if refs := urlRefs(string(header)); len(refs) > 0 {
				a.url = refs[0].URL
			}
			break
		}
	}
	return a
}

// chirpDoc is one CHIRP document.
type chirpDoc struct {
	start       int // the file's line just before the document
	line        int // of its first key
	name        string
	description string
	confidence  *int
	iocType     string
	indicator   *yaml.Node // a mapping
}

func decodeCHIRP(out *feedOut, data []byte) {
	alert := newCHIRPAlert(out.name, data)
	for start, doc := range yamlDocuments(data) {
		d, line, err := parseCHIRPDoc(doc, start)
		if err != nil {
			out.reject(line, "%v", err)
			continue
		}
		if d == nil {
			continue // only comments
		}
		alert.convert(out, d)
	}
}

// yamlDocuments splits a YAML stream at its "---" lines, yielding each
// document with the line (1-based) just before its first, so that a line
// n of a document is line start+n of the file. Each document is parsed on
// its own: a broken one does not take the others with it.
func yamlDocuments(data []byte) func(yield func(int, []byte) bool) {
	return func(yield func(int, []byte) bool) {
		var doc []byte
		start, n := 0, 0
		for line := range bytes.Lines(data) {
			n++
			if t := bytes.TrimRight(line, " \t\r\n"); bytes.Equal(t, []byte("---")) || bytes.Equal(t, []byte("...")) {
				if !yield(start, doc) {
					return
				}
				doc, start = nil, n
				continue
			}
			doc = append(doc, line...)
		}
		yield(start, doc)
	}
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// parseCHIRPDoc reads one document, nil when it holds only comments; an
// error comes with the file's line it is about.
func parseCHIRPDoc(doc []byte, start int) (*chirpDoc, int, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		// yaml numbers lines within the document: shift them to the file's.
		msg := yamlLine.ReplaceAllStringFunc(err.Error(), func(m string) string {
			n, _ := strconv.Atoi(m[len("line "):])
			return "line " + strconv.Itoa(start+n)
		})
		return nil, start + 1, fmt.Errorf("%s", msg)
	}
	if len(root.Content) == 0 {
		return nil, 0, nil
	}
	m := root.Content[0]
	d := &chirpDoc{start: start, line: start + m.Line}
	if m.Kind != yaml.MappingNode {
		return nil, d.line, fmt.Errorf("a CHIRP indicator is a mapping (name, description, confidence, ioc_type, indicator)")
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if err := d.set(m.Content[i].Value, m.Content[i+1]); err != nil {
			return nil, start + m.Content[i].Line, fmt.Errorf("%s: %v", m.Content[i].Value, err)
		}
	}
	switch {
	case d.iocType == "":
		return nil, d.line, fmt.Errorf("no ioc_type")
	case d.indicator == nil:
		return nil, d.line, fmt.Errorf("no indicator block")
	}
	return d, d.line, nil
}

func (d *chirpDoc) set(key string, v *yaml.Node) error {
	switch key {
	case "name", "description", "ioc_type":
		if v.Kind != yaml.ScalarNode {
			return fmt.Errorf("must be text")
		}
		switch key {
		case "name":
			d.name = strings.TrimSpace(v.Value)
		case "description":
			d.description = cleanCHIRPText(v.Value)
		default:
			d.iocType = strings.ToLower(strings.TrimSpace(v.Value))
		}
	case "confidence":
		c, err := strconv.Atoi(v.Value)
		if err != nil || c < 0 || c > 10 {
			return fmt.Errorf("%q is not a number from 0 to 10", v.Value)
		}
		c *= 10
		d.confidence = &c
	case "indicator":
		if v.Kind != yaml.MappingNode {
			return fmt.Errorf("must be a mapping")
		}
		d.indicator = v
	default:
		return fmt.Errorf("not a CHIRP key (name, description, confidence, ioc_type, indicator)")
	}
	return nil
}

// cleanCHIRPText joins a description's lines, each often quoted.
func cleanCHIRPText(s string) string {
	var parts []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if len(l) >= 2 && l[0] == '"' && l[len(l)-1] == '"' {
			l = l[1 : len(l)-1]
		}
		if l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}
