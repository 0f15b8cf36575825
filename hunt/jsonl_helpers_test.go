package hunt

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// jsonlTestField and jsonlTestRecord are copies of a Field and a Record
// that outlive the reader's next line.
type jsonlTestField struct {
	Path  string
	Kind  Kind
	Obj   int
	Value string
}

type jsonlTestRecord struct {
	Line   int
	Time   time.Time
	Host   string
	Fields []jsonlTestField
}

// jsonlTestRead reads every record of rd, returning copies of them and the
// malformed lines; any other error fails the test.
func jsonlTestRead(tb testing.TB, rd Reader) ([]jsonlTestRecord, []*MalformedError) {
	tb.Helper()
	var recs []jsonlTestRecord
	var bad []*MalformedError
	var r Record
	for n := 0; ; n++ {
		if n > 1<<22 {
			tb.Fatal("reader does not end")
		}
		err := rd.Next(&r)
		if err == io.EOF {
			return recs, bad
		}
		var me *MalformedError
		if errors.As(err, &me) {
			bad = append(bad, me)
			continue
		}
		if err != nil {
			tb.Fatalf("fatal error: %v", err)
		}
		recs = append(recs, jsonlTestCopy(&r))
	}
}

func jsonlTestCopy(r *Record) jsonlTestRecord {
	c := jsonlTestRecord{Line: r.Line, Time: r.Time, Host: r.Host}
	for _, f := range r.Fields {
		c.Fields = append(c.Fields, jsonlTestField{f.Path, f.Kind, f.Obj, string(f.Value)})
	}
	return c
}

// jsonlTestTyped drops the KindOther "x-event:" fields, which tests of the
// typed fields do not list.
func jsonlTestTyped(fs []jsonlTestField) []jsonlTestField {
	var out []jsonlTestField
	for _, f := range fs {
		if !strings.HasPrefix(f.Path, "x-event:") {
			out = append(out, f)
		}
	}
	return out
}

// jsonlTestRender writes records and malformed lines as text for golden files.
func jsonlTestRender(name string, recs []jsonlTestRecord, bad []*MalformedError) string {
	var b strings.Builder
	for _, r := range recs {
		fmt.Fprintf(&b, "%s:%d time=%s host=%q\n", name, r.Line, r.Time.Format(time.RFC3339Nano), r.Host)
		for _, f := range r.Fields {
			fmt.Fprintf(&b, "\t%d %-9s %s = %q\n", f.Obj, f.Kind, f.Path, f.Value)
		}
	}
	for _, e := range bad {
		fmt.Fprintf(&b, "malformed %s\n", e)
	}
	return b.String()
}

// jsonlTestGolden compares got with the golden file, rewriting it under
// HUNT_UPDATE_GOLDEN=1.
func jsonlTestGolden(t *testing.T, path, got string) {
	t.Helper()
	if os.Getenv("HUNT_UPDATE_GOLDEN") == "1" {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file: %v (HUNT_UPDATE_GOLDEN=1 writes it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
}

// jsonlTestGoldenRun reads each sample of dir through newReader and checks
// it against its .golden file.
func jsonlTestGoldenRun(t *testing.T, dir string, newReader func(string, io.Reader) Reader, files ...string) {
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			p := filepath.Join("testdata", dir, f)
			fh, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer fh.Close()
			recs, bad := jsonlTestRead(t, newReader(f, fh))
			jsonlTestGolden(t, p+".golden", jsonlTestRender(f, recs, bad))
		})
	}
}
