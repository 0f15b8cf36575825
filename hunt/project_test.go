package hunt

import (
	"cmp"
	"errors"
	"io"
	"slices"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// projectCheck reads the same log twice, with newReader: once whole, once
// projected on want with every record completed. It checks that the
// projected reader read only fields of a wanted path or their companions
// (the other paths of the same value, see the reader), that completing
// gives the same records and fields as reading whole (in any order, the
// fields already read keeping their places), and that the malformed lines
// are the same.
func projectCheck(t *testing.T, newReader func() Reader, want func(path string) bool, companions map[string]bool) {
	t.Helper()
	whole, wholeBad := linesReadAll(t, newReader())
	rd := newReader()
	p, ok := rd.(Projector)
	if !ok {
		t.Fatalf("%T is no Projector", rd)
	}
	p.Project(want)
	var (
		got    []linesRec
		bad    []string
		rec    Record
		wanted int
	)
	for {
		err := rd.Next(&rec)
		var me *MalformedError
		if err == io.EOF {
			break
		}
		if errors.As(err, &me) {
			bad = append(bad, me.Error())
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		before := linesCopy(&rec)
		for _, f := range before.Fields {
			if !want(f.Path) && !companions[f.Path] {
				t.Errorf("line %d: projected read gave %s, which is not wanted", rec.Line, f.Path)
			}
			if want(f.Path) {
				wanted++
			}
		}
		p.Complete(&rec)
		p.Complete(&rec) // twice is once
		after := linesCopy(&rec)
		if diff := gocmp.Diff(before.Fields, after.Fields[:min(len(before.Fields), len(after.Fields))], cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("line %d: Complete moved the fields read (-before +after):\n%s", rec.Line, diff)
		}
		got = append(got, after)
	}
	if wanted == 0 {
		t.Fatal("the projected read gave no wanted field: the test tests nothing")
	}
	sortFields := func(recs []linesRec) {
		for _, r := range recs {
			slices.SortFunc(r.Fields, func(a, b linesField) int {
				return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Obj, b.Obj), cmp.Compare(a.Value, b.Value))
			})
		}
	}
	sortFields(whole)
	sortFields(got)
	if diff := gocmp.Diff(whole, got); diff != "" {
		t.Errorf("projected and completed (-whole +got):\n%s", diff)
	}
	if diff := gocmp.Diff(wholeBad, bad); diff != "" {
		t.Errorf("malformed lines (-whole +projected):\n%s", diff)
	}
}

func TestIISProjection(t *testing.T) {
	t.Parallel()
	check := func(t *testing.T, name string) {
		for _, paths := range [][]string{
			{"ipv4-addr:value", "domain-name:value", "url:value"},
			{"network-traffic:extensions.'http-request-ext'.request_value"},
			{"x-iis:sc-status", "user-account:user_id"},
		} {
			want := func(p string) bool { return slices.Contains(paths, p) }
			companions := map[string]bool{"ipv6-addr:value": true, "x-iis:s-computername": true}
			projectCheck(t, func() Reader { return NewIIS(name, linesOpen(t, name)) }, want, companions)
		}
	}
	t.Run("testdata", func(t *testing.T) { check(t, "testdata/iis/two-fields.log") })
	t.Run("shared", func(t *testing.T) {
		check(t, sharedtest.Path(t, "data/logs/iis-w3c-tunna-webshell-tunnel.log"))
	})
}
