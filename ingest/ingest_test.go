package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"iter"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/stix"
	"github.com/google/go-cmp/cmp"
)

// recorder is a Store that records what Put receives.
type recorder struct {
	accord.Store
	got []*accord.Object
}

func (r *recorder) Put(ctx context.Context, objs iter.Seq2[*accord.Object, error]) (accord.PutResult, error) {
	var got []*accord.Object
	for o, err := range objs {
		if err != nil {
			return accord.PutResult{}, err
		}
		got = append(got, o)
	}
	r.got = got
	return accord.PutResult{Added: len(got)}, nil
}

func indicator(n int, extra string) string {
	return `{"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd` + string(rune('a'+n)) + `0","created":"2016-04-06T20:03:00.000Z","modified":"2016-04-06T20:03:00.000Z","name":"n` + string(rune('a'+n)) + `","pattern":"[domain-name:value = 'example.com']","pattern_type":"stix","valid_from":"2016-01-01T00:00:00Z"` + extra + `}`
}

func TestImportKeepsOrderAndExtracts(t *testing.T) {
	t.Parallel()
	var lines []string
	for i := range 600 % 26 {
		lines = append(lines, indicator(i, ""))
	}
	var r recorder
	res, err := Import(context.Background(), &r, Source{Name: "x.jsonl", Data: []byte(strings.Join(lines, "\n"))}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Objects != len(lines) || len(r.got) != len(lines) {
		t.Fatalf("objects %d, stored %d, want %d", res.Objects, len(r.got), len(lines))
	}
	for i, o := range r.got {
		if o.Name != "n"+string(rune('a'+i)) {
			t.Fatalf("object %d is %q: order lost", i, o.Name)
		}
	}
	want := &accord.Object{ID: r.got[0].ID, Type: "indicator", Created: "2016-04-06T20:03:00.000000000Z", Modified: "2016-04-06T20:03:00.000000000Z",
		OriginalSpecVersion: "2.1", Name: "na", Raw: []byte(lines[0])}
	if diff := cmp.Diff(want, r.got[0]); diff != "" {
		t.Errorf("object (-want +got):\n%s", diff)
	}
}

func TestImportManyChunksInOrder(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(`[`)
	const n = 3*chunkSize + 7
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(strings.Replace(indicator(0, ""), `"name":"na"`, `"name":"`+strings.Repeat("x", i%50)+`","x_n":`+strconv.Itoa(i), 1))
	}
	b.WriteString(`]`)
	var r recorder
	if _, err := Import(context.Background(), &r, Source{Name: "a.json", Data: []byte(b.String())}, Options{}); err != nil {
		t.Fatal(err)
	}
	for i, o := range r.got {
		if !bytes.Contains(o.Raw, []byte(`"x_n":`+strconv.Itoa(i)+`,`)) {
			t.Fatalf("object %d out of order: %s", i, o.Raw)
		}
	}
}

func TestImportProblems(t *testing.T) {
	t.Parallel()
	doc := "[" + indicator(0, "") + ",\n" + indicator(1, `,"confidence":200`) + ",\n" + `{"type":"indicator","n":01}` + "]"
	var r recorder
	_, err := Import(context.Background(), &r, Source{Name: "f.json", Data: []byte(doc)}, Options{})
	ps, ok := err.(stix.Problems)
	if !ok || len(ps) != 2 || r.got != nil {
		t.Fatalf("err = %v (%T), stored %d; want 2 problems and nothing stored", err, err, len(r.got))
	}
	if got := ps[0].String(); !strings.HasPrefix(got, "f.json:2: indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cdb0: /confidence: ") {
		t.Errorf("first problem = %q", got)
	}
	if got := ps[1].String(); got != "f.json:3: line 3, column 26: unexpected '1', expected ',' or '}'" {
		t.Errorf("second problem = %q", got)
	}
	res, err := Import(context.Background(), &r, Source{Name: "f.json", Data: []byte(doc)}, Options{SkipInvalid: true})
	if err != nil || len(r.got) != 1 || len(res.Invalid) != 2 {
		t.Errorf("SkipInvalid: err %v, stored %d, problems %d; want nil, 1, 2", err, len(r.got), len(res.Invalid))
	}
	if _, err := Import(context.Background(), &r, Source{Name: "f.json", Data: []byte(`{"type":"bundle","objects":[{]}`)}, Options{}); err == nil || !strings.Contains(err.Error(), "f.json: line 1, column 30") {
		t.Errorf("syntax error = %v", err)
	}
}

func TestExpandAndOpen(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(indicator(0, "")))
	zw.Close()
	os.WriteFile(filepath.Join(dir, "sub", "b.json.gz"), gz.Bytes(), 0o644)
	os.WriteFile(filepath.Join(dir, "a.jsonl"), []byte(indicator(1, "")), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not STIX"), 0o644)
	files, err := Expand([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "sub", "b.json.gz")}
	if diff := cmp.Diff(want, files); diff != "" {
		t.Fatalf("Expand (-want +got):\n%s", diff)
	}
	src, err := Open(files[1], nil)
	if err != nil || string(src.Data) != indicator(0, "") {
		t.Errorf("Open gzip: %v, %q", err, src.Data)
	}
	if _, err := Expand([]string{filepath.Join(dir, "missing")}); accord.ErrorCode(err) != accord.EINVALID {
		t.Errorf("Expand of a missing path: %v", err)
	}
}

func TestImportRejectsBadPattern(t *testing.T) {
	t.Parallel()
	bad := strings.Replace(indicator(0, ""), `[domain-name:value = 'example.com']`, `[domain-name:value = 'example.com'`, 1)
	v20 := strings.Replace(indicator(1, `,"pattern_version":"2.0"`), `[domain-name:value = 'example.com']`, `[file:name EXISTS]`, 1)
	var r recorder
	_, err := Import(context.Background(), &r, Source{Name: "p.json", Data: []byte(bad + "\n" + v20)}, Options{})
	ps, ok := err.(stix.Problems)
	if !ok || len(ps) != 2 {
		t.Fatalf("err = %v, want 2 problems", err)
	}
	for i, want := range []string{
		"p.json:1: indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cda0: /pattern: invalid STIX pattern: column 35: ",
		"p.json:2: indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cdb0: /pattern: invalid STIX pattern: column ",
	} {
		if !strings.HasPrefix(ps[i].String(), want) {
			t.Errorf("problem %d = %q, want it to start %q", i, ps[i], want)
		}
	}
}
