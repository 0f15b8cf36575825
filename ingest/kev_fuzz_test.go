package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/accord-cti/accord/stix"
)

// FuzzKEV runs arbitrary bytes through the KEV decoder. It must never
// panic; every problem must name the file, a line of it and the entry's
// JSON path; every object made must be valid STIX.
func FuzzKEV(f *testing.F) {
	if data, err := os.ReadFile(filepath.Join("testdata", "kev", "sample.json")); err == nil {
		f.Add(data)
	}
	f.Add([]byte(`{"catalogVersion":"1","dateReleased":"2025-01-01T00:00:00Z","count":1,"vulnerabilities":[{"cveID":"CVE-2021-0001"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		src, _, err := prepareSource(context.Background(), nil, Source{Name: "f", Data: data}, Options{Format: FormatKEV}, feedTime)
		out := newFeedOut("f", feedTime)
		out.lines = bytes.Count(data, []byte("\n")) + 1
		decodeKEV(out, data)
		for _, p := range out.problems {
			if p.File != "f" || p.Line < 1 || p.Line > out.lines || !bytes.HasPrefix([]byte(p.Path), []byte("/vulnerabilities/")) {
				t.Fatalf("problem without its file, line (of %d) or path: %+v", out.lines, p)
			}
		}
		if err != nil {
			return
		}
		for obj := range bytes.Lines(src.Data) {
			if bytes.Equal(obj, []byte("[]")) {
				continue
			}
			v, err := stix.Parse(bytes.TrimSpace(obj))
			if err != nil {
				t.Fatalf("made bad JSON %s: %v", obj, err)
			}
			if ps := stix.Validate(v); len(ps) > 0 {
				t.Fatalf("made an invalid object %s: %v", obj, ps)
			}
		}
	})
}
