package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/accord-cti/accord/stix"
)

// fuzzFeed runs arbitrary bytes through one feed decoder. It must never
// panic; every problem must name the file and a line of it; every object
// made must be valid STIX; and entries made, duplicated and rejected must
// never outnumber the file's lines.
func fuzzFeed(f *testing.F, format, sample string) {
	if data, err := os.ReadFile(filepath.Join("testdata", "feeds", sample)); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := convertFeed(Source{Name: "f", Data: data}, format, feedTime)
		if err != nil {
			t.Fatal(err)
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, p := range out.problems {
			if p.File != "f" || p.Line < 1 || p.Line > lines {
				t.Fatalf("problem without its file or line (of %d): %+v", lines, p)
			}
		}
		if out.fatal != nil {
			return
		}
		for obj := range bytes.Lines(out.buf) {
			v, err := stix.Parse(bytes.TrimSpace(obj))
			if err != nil {
				t.Fatalf("made bad JSON %s: %v", obj, err)
			}
			if ps := stix.Validate(v); len(ps) > 0 {
				t.Fatalf("made an invalid object %s: %v", obj, ps)
			}
		}
		if n := out.count + len(out.dups) + len(out.problems); n > lines {
			t.Fatalf("%d entries accounted for in %d lines", n, lines)
		}
	})
}

func FuzzFeedLokiHash(f *testing.F)     { fuzzFeed(f, FormatLokiHash, "sample-hash-iocs.txt") }
func FuzzFeedLokiFilename(f *testing.F) { fuzzFeed(f, FormatLokiFilename, "sample-filename-iocs.txt") }
func FuzzFeedLokiC2(f *testing.F)       { fuzzFeed(f, FormatLokiC2, "sample-c2-iocs.txt") }
func FuzzFeedCHIRP(f *testing.F)        { fuzzFeed(f, FormatCHIRP, "sample-chirp.yaml") }
func FuzzFeedMSTIC(f *testing.F)        { fuzzFeed(f, FormatMSTIC, "sample-mstic.csv") }
