package ingest

import (
	"bytes"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/stix"
)

// The formats of Options.Format besides STIX: the indicator feeds that
// ingest converts to STIX indicators.
const (
	FormatSTIX         = "stix"          // a STIX bundle, JSON array or JSON lines
	FormatLokiHash     = "loki-hash"     // Loki/THOR hash-iocs.txt: hash;description
	FormatLokiFilename = "loki-filename" // Loki/THOR filename-iocs.txt: regex;score[;false-positive regex]
	FormatLokiC2       = "loki-c2"       // Loki/THOR c2-iocs.txt: an IP address or domain a line
	FormatCHIRP        = "chirp"         // CISA CHIRP indicator YAML
	FormatMSTIC        = "mstic"         // Microsoft MSTIC IoC CSV (DateAdded,FirstSeen,Indicator,IndicatorType,TLP)
)

// Formats lists the values Options.Format accepts ("" detects the format).
var Formats = []string{FormatSTIX, FormatLokiHash, FormatLokiFilename, FormatLokiC2, FormatCHIRP, FormatMSTIC, FormatKEV}

// feedDecoders convert a feed's text into STIX objects, reporting the
// lines they cannot convert to out.
var feedDecoders = map[string]func(out *feedOut, data []byte){
	FormatLokiHash:     decodeLokiHash,
	FormatLokiFilename: decodeLokiFilename,
	FormatLokiC2:       decodeLokiC2,
	FormatCHIRP:        decodeCHIRP,
	FormatMSTIC:        decodeMSTIC,
}

// feedReport is what converting a feed left out.
type feedReport struct {
	rejected   stix.Problems // entries that could not be converted, with file and line
	duplicates int           // entries that repeat one converted before
}

// prepareFeed converts src to STIX JSON lines when it is a feed, named by
// opts.Format or recognised by DetectFeed, and reports the entries it left
// out. A source that is no feed is returned as it is. With opts.Strict a
// feed with an entry rejected is an error (stix.Problems) and nothing is
// converted.
func prepareFeed(src Source, opts Options, now time.Time) (Source, feedReport, error) {
	format := opts.Format
	if format == "" {
		format = DetectFeed(src.Name, src.Data)
	}
	if format == FormatSTIX || format == "" {
		return src, feedReport{}, nil
	}
	out, err := convertFeed(src, format, now)
	if err != nil {
		return src, feedReport{}, err
	}
	rep := feedReport{rejected: out.problems, duplicates: len(out.dups)}
	if out.fatal != nil {
		return src, rep, out.fatal
	}
	if opts.Strict && len(out.problems) > 0 {
		return src, rep, out.problems
	}
	if len(out.buf) == 0 {
		out.buf = []byte("[]") // nothing converted: an empty document, not an empty input
	}
	return Source{Name: src.Name, Data: out.buf}, rep, nil
}

// convertFeed converts a feed of the given format.
func convertFeed(src Source, format string, now time.Time) (*feedOut, error) {
	decode := feedDecoders[format]
	if decode == nil {
		return nil, accord.Errorf(accord.EINVALID, "%s: unknown format %q (want one of %s)", src.Name, format, strings.Join(Formats, ", "))
	}
	out := newFeedOut(src.Name, now)
	out.lines = bytes.Count(src.Data, []byte("\n")) + 1
	decode(out, src.Data)
	return out, nil
}

// DetectFeed names the feed format of a file from its content (CHIRP YAML,
// MSTIC CSV) or, for Loki's plain lists, its name; "" for anything else
// (STIX, a Sigma rule). The first 64 KiB of the file are enough.
func DetectFeed(name string, data []byte) string {
	head := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(head) > 0 && (head[0] == '{' || head[0] == '[') {
		return ""
	}
	switch {
	case isMSTICHeader(firstLine(head)):
		return FormatMSTIC
	case looksLikeCHIRP(data):
		return FormatCHIRP
	}
	base := strings.ToLower(filepath.Base(name))
	for _, f := range []struct{ part, format string }{
		{"hash-iocs", FormatLokiHash}, {"filename-iocs", FormatLokiFilename}, {"c2-iocs", FormatLokiC2},
	} {
		if strings.Contains(base, f.part) {
			return f.format
		}
	}
	return ""
}

var yamlKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.]*:`)

func firstLine(data []byte) string {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i]
	}
	return strings.TrimSpace(string(data))
}

// looksLikeCHIRP reports whether data is YAML (its first line that is not
// blank or a comment is "---" or a key) with a top-level ioc_type: and
// indicator: key, and no detection: or logsource: (a Sigma rule's).
func looksLikeCHIRP(data []byte) bool {
	var iocType, indicator, started bool
	for line := range bytes.Lines(data) {
		if !started {
			t := bytes.TrimSpace(line)
			if len(t) == 0 || t[0] == '#' {
				continue
			}
			if !bytes.Equal(t, []byte("---")) && !yamlKey.Match(t) {
				return false
			}
			started = true
		}
		switch {
		case bytes.HasPrefix(line, []byte("ioc_type:")):
			iocType = true
		case bytes.HasPrefix(line, []byte("indicator:")):
			indicator = true
		case bytes.HasPrefix(line, []byte("detection:")), bytes.HasPrefix(line, []byte("logsource:")):
			return false
		}
	}
	return iocType && indicator
}

// IsFormat reports whether format is one Options.Format accepts.
func IsFormat(format string) bool { return format == "" || slices.Contains(Formats, format) }
