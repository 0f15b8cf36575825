package taxii_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/accord-cti/accord/taxii"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestEnvelopeGolden compares the envelopes of a paged objects request
// with golden files: the objects come back as they were posted, compact.
func TestEnvelopeGolden(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	seed(t, f)
	for _, tc := range []struct{ name, query string }{
		{"all-page1", "?match[version]=all&limit=3"},
		{"first", "?match[version]=first"},
	} {
		r := f.do(t, request{path: objectsPath(f.coll.ID) + tc.query, user: "carol"})
		var env taxii.Envelope
		must(t, json.Unmarshal(r.body, &env))
		env.Next = "" // a cursor is a date, different on each run
		var got bytes.Buffer
		enc := json.NewEncoder(&got)
		enc.SetIndent("", "  ")
		must(t, enc.Encode(env))
		path := filepath.Join("testdata", "envelope", tc.name+".golden")
		if *update {
			must(t, os.MkdirAll(filepath.Dir(path), 0o755))
			must(t, os.WriteFile(path, got.Bytes(), 0o644))
		}
		want, err := os.ReadFile(path)
		must(t, err)
		if diff := cmp.Diff(string(want), got.String()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}
