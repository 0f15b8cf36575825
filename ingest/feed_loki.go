package ingest

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Loki/THOR IOC lists (Neo23x0/signature-base, iocs/): one entry a line,
// fields separated by ';', '#' starting a comment. The comment above an
// entry names the report it comes from, as Loki shows it; it goes into the
// indicator's description, with the line number (also x_feed_line).
//
//	hash-iocs.txt      HASH;DESCRIPTION or HASH;SCORE;DESCRIPTION, MD5, SHA-1
//	                   or SHA-256 by length → [file:hashes.'SHA-256' = '…']
//	filename-iocs.txt  REGEX;SCORE[;FALSE-POSITIVE REGEX] → [file:x_path
//	                   MATCHES 'REGEX' AND file:x_path NOT MATCHES 'FP'],
//	                   confidence the score clamped to 0–100 (x_loki_score
//	                   keeps it as written)
//	c2-iocs.txt        VALUE[;SCORE], an IP address, CIDR block, URL or
//	                   domain name → [ipv4-addr:value = '…'], …
//
// The regular expressions are Python's, run by Loki against the full path,
// case-sensitively unless they start with (?i) (as the file's header says);
// MATCHES searches the same way, and one that accord cannot compile is
// reported with its line. A filename line with a negative score is a
// false-positive filter (it lowers the score of other matches), not an
// indicator of compromise: it is left out and reported, since as an
// indicator every hunt would report the benign files it names.

const lokiRepo = "https://github.com/Neo23x0/signature-base/blob/master/iocs/"

// lokiLine is one entry line of a Loki list.
type lokiLine struct {
	n       int
	fields  []string
	comment string // the last comment above it
}

// lokiLines yields the entry lines of a Loki list.
func lokiLines(data []byte, yield func(lokiLine)) {
	comment := ""
	n := 0
	for raw := range bytes.Lines(data) {
		n++
		line := strings.TrimSpace(strings.TrimPrefix(string(raw), "\ufeff"))
		switch {
		case line == "":
		case strings.HasPrefix(line, "#"):
			// A commented-out entry is no section title.
			if c := strings.TrimSpace(strings.TrimLeft(line, "#")); c != "" && !lokiEntry.MatchString(c) {
				comment = c
			}
		default:
			yield(lokiLine{n: n, fields: strings.Split(line, ";"), comment: comment})
		}
	}
}

// lokiEntry matches a commented-out entry: a value, then ;SCORE or
// ;DESCRIPTION after a hash.
var lokiEntry = regexp.MustCompile(`;-?\d+(;|$)|^[0-9a-fA-F]{32,64};`)

// lokiRef is the external reference of an entry of file (hash-iocs.txt…).
func lokiRef(file string, l lokiLine) []extRef {
	refs := []extRef{{SourceName: "signature-base", URL: lokiRepo + file, Description: fmt.Sprintf("%s line %d", file, l.n)}}
	return append(refs, urlRefs(l.comment)...)
}

func decodeLokiHash(out *feedOut, data []byte) {
	lokiLines(data, func(l lokiLine) {
		l.comment = "" // the hash list's comments are its format and examples
		h := strings.TrimSpace(l.fields[0])
		pat, alg, err := hashPattern(h)
		if err != nil {
			out.reject(l.n, "%v", err)
			return
		}
		rest := l.fields[1:]
		var score *int
		if len(rest) > 1 {
			if s, err := strconv.Atoi(strings.TrimSpace(rest[0])); err == nil {
				score, rest = &s, rest[1:]
			}
		}
		desc := strings.TrimSpace(strings.Join(rest, ";"))
		ind := &feedIndicator{
			ID:             producerLoki.indicatorID("hash:" + strings.ToLower(h)),
			Name:           "signature-base " + alg + " " + short(strings.ToLower(h), 16) + nameSuffix(desc),
			Description:    lokiDescription(desc, "hash-iocs.txt", l),
			IndicatorTypes: []string{"malicious-activity"},
			Pattern:        pat, PatternType: "stix", PatternVersion: "2.1",
			ExternalRefs: append(lokiRef("hash-iocs.txt", l), urlRefs(desc)...),
			LokiScore:    score, Confidence: clampScore(score),
		}
		out.add(l.n, producerLoki, "", ind)
	})
}

func decodeLokiFilename(out *feedOut, data []byte) {
	lokiLines(data, func(l lokiLine) {
		ind, err := lokiFilenameIndicator(l)
		if err != nil {
			out.reject(l.n, "%v", err)
			return
		}
		out.add(l.n, producerLoki, "", ind)
	})
}

func lokiFilenameIndicator(l lokiLine) (*feedIndicator, error) {
	if len(l.fields) < 2 || len(l.fields) > 3 {
		return nil, fmt.Errorf("want REGEX;SCORE[;FALSE-POSITIVE REGEX], found %d fields", len(l.fields))
	}
	re := l.fields[0]
	score, err := strconv.Atoi(strings.TrimSpace(l.fields[1]))
	switch {
	case re == "":
		return nil, fmt.Errorf("empty regular expression")
	case err != nil:
		return nil, fmt.Errorf("score %q is not an integer", l.fields[1])
	case score < 0:
		return nil, fmt.Errorf("score %d: a false-positive filter, not an indicator: left out", score)
	}
	pat := "[file:x_path MATCHES '" + quoteLiteral(re) + "'"
	fp := ""
	if len(l.fields) == 3 && l.fields[2] != "" {
		fp = l.fields[2]
		pat += " AND file:x_path NOT MATCHES '" + quoteLiteral(fp) + "'"
	}
	pat += "]"
	return &feedIndicator{
		ID:             producerLoki.indicatorID("filename:" + pat),
		Name:           "signature-base file name " + short(re, 48) + nameSuffix(l.comment),
		Description:    lokiDescription("", "filename-iocs.txt", l),
		IndicatorTypes: []string{"malicious-activity"},
		Pattern:        pat, PatternType: "stix", PatternVersion: "2.1",
		ExternalRefs: lokiRef("filename-iocs.txt", l),
		LokiScore:    &score, Confidence: clampScore(&score), LokiFalsePos: fp,
	}, nil
}

func decodeLokiC2(out *feedOut, data []byte) {
	lokiLines(data, func(l lokiLine) {
		v := strings.TrimSpace(l.fields[0])
		pat, kind, err := networkPattern(v)
		if err != nil {
			out.reject(l.n, "%v", err)
			return
		}
		var score *int
		if len(l.fields) > 1 {
			s, err := strconv.Atoi(strings.TrimSpace(l.fields[1]))
			if err != nil || len(l.fields) > 2 {
				out.reject(l.n, "want VALUE[;SCORE], found %q", strings.Join(l.fields, ";"))
				return
			}
			score = &s
		}
		ind := &feedIndicator{
			ID:             producerLoki.indicatorID("c2:" + pat),
			Name:           "signature-base C2 " + kind + " " + short(v, 64),
			Description:    lokiDescription("", "c2-iocs.txt", l),
			IndicatorTypes: []string{"malicious-activity"},
			Pattern:        pat, PatternType: "stix", PatternVersion: "2.1",
			ExternalRefs: lokiRef("c2-iocs.txt", l),
			LokiScore:    score, Confidence: clampScore(score),
		}
		out.add(l.n, producerLoki, "", ind)
	})
}

// lokiDescription is the entry's own description (hash lists have one),
// the comment above it, and where it is.
func lokiDescription(desc, file string, l lokiLine) string {
	var b strings.Builder
	if desc != "" {
		b.WriteString(desc + "\n")
	}
	if l.comment != "" && l.comment != desc {
		b.WriteString("Section: " + l.comment + "\n")
	}
	fmt.Fprintf(&b, "From signature-base %s, line %d.", file, l.n)
	return b.String()
}

// nameSuffix is ": "+desc, shortened, for an indicator's name.
func nameSuffix(desc string) string {
	if desc == "" {
		return ""
	}
	return ": " + short(desc, 60)
}

// clampScore turns a Loki score into a STIX confidence (0–100).
func clampScore(score *int) *int {
	if score == nil {
		return nil
	}
	c := min(max(*score, 0), 100)
	return &c
}

var urlInText = regexp.MustCompile(`https?://[^\s"'<>;,)\]]+`)

// urlRefs turns the URLs of a text into external references.
func urlRefs(text string) []extRef {
	var refs []extRef
	seen := map[string]bool{}
	for _, u := range urlInText.FindAllString(text, -1) {
		u = strings.TrimRight(u, ".")
		if !seen[u] {
			seen[u] = true
			refs = append(refs, extRef{SourceName: "reference", URL: u})
		}
	}
	return refs
}
