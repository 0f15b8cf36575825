package hunt

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
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
// fields already read keeping their places, Record.Time read by Next, a
// second Complete adding nothing), and that the malformed lines are the
// same.
func projectCheck(t *testing.T, newReader func() Reader, want func(path string) bool, companions map[string]bool) {
	t.Helper()
	if projectSame(t, newReader, want, companions) == 0 {
		t.Fatal("the projected read gave no wanted field: the test tests nothing")
	}
}

// projectSame is projectCheck for any log, returning how many wanted
// fields the projected read gave.
func projectSame(t *testing.T, newReader func() Reader, want func(path string) bool, companions map[string]bool) int {
	t.Helper()
	return projectSameStarts(t, newReader, want, companions, nil)
}

// projectSameStarts is projectSame with the first bytes starts gives a
// startsProjector (none when nil): a field left out for its first byte
// must come back with Complete.
func projectSameStarts(t *testing.T, newReader func() Reader, want func(path string) bool, companions map[string]bool, starts func(string) *[4]uint64) int {
	t.Helper()
	whole, wholeBad := linesReadAll(t, newReader())
	rd := newReader()
	p, ok := rd.(Projector)
	if !ok {
		t.Fatalf("%T is no Projector", rd)
	}
	p.Project(want)
	if sp, ok := rd.(startsProjector); ok && starts != nil {
		sp.projectStarts(starts)
	}
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
		after := linesCopy(&rec)
		if diff := gocmp.Diff(before.Fields, after.Fields[:min(len(before.Fields), len(after.Fields))], cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("line %d: Complete moved the fields read (-before +after):\n%s", rec.Line, diff)
		}
		if p.Complete(&rec); len(rec.Fields) != len(after.Fields) {
			t.Errorf("line %d: a second Complete added %d fields", rec.Line, len(rec.Fields)-len(after.Fields))
		}
		after.Time = before.Time // Next must read it, not Complete
		got = append(got, after)
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
	return wanted
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
			projectSameStarts(t, func() Reader { return NewIIS(name, linesOpen(t, name)) }, want, companions, httpStarts)
		}
	}
	t.Run("testdata", func(t *testing.T) { check(t, "testdata/iis/two-fields.log") })
	t.Run("shared", func(t *testing.T) {
		check(t, sharedtest.Path(t, "data/logs/iis-w3c-tunna-webshell-tunnel.log"))
	})
}

// FuzzIISProject checks projection on any input: projected and completed
// equals whole, under two projections.
func FuzzIISProject(f *testing.F) {
	f.Add([]byte("#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query c-ip cs-host cs(User-Agent) s-computername\n" +
		"2021-03-03 01:37:00 10.0.0.5 POST /ecp/y.js a=b 198.51.100.7 mail.example.com curl/8 EXCH01\n"))
	f.Add([]byte("#Fields: c-ip cs-uri-stem\n::1 /\n#Fields: cs-host x\n- -\nbad line here\n"))
	companions := map[string]bool{"ipv6-addr:value": true}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, paths := range [][]string{
			{"ipv4-addr:value", "domain-name:value", "url:value"},
			{"network-traffic:extensions.'http-request-ext'.request_value", "x-iis:x"},
		} {
			// The computer name is always read, for Record.Host, as written.
			want := func(p string) bool { return slices.Contains(paths, p) || strings.EqualFold(p, "x-iis:s-computername") }
			projectSame(t, func() Reader { return NewIIS("fuzz", bytes.NewReader(data)) }, want, companions)
			projectSameStarts(t, func() Reader { return NewIIS("fuzz", bytes.NewReader(data)) }, want, companions, httpStarts)
		}
	})
}

// httpStarts says that URLs must start with 'h' (as URL indicators do)
// and any other value with anything.
func httpStarts(path string) *[4]uint64 {
	if path != "url:value" {
		return nil
	}
	var set [4]uint64
	set['h'>>6] |= 1 << ('h' & 63)
	return &set
}

// TestIISStarts sweeps an IIS log with an engine whose URL atoms all
// start with "https://": the reader leaves the stems ("/owa/…") out of the
// records, which Complete adds back, and still reads a URL that can hit.
func TestIISStarts(t *testing.T) {
	t.Parallel()
	e, errs := NewEngine([]Indicator{
		{ID: "url", Pattern: "[url:value = 'https://evil.example/owa/auth/x.aspx']"},
		{ID: "ip", Pattern: "[ipv4-addr:value = '198.51.100.7']"},
	})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if s := e.starts("url:value"); s == nil || startsWith(s, []byte("/owa")) || !startsWith(s, []byte("https:")) || !startsWith(s, []byte("HTTPS:")) {
		t.Fatalf("starts(url:value) = %v: want 'h' and 'H', not '/'", s)
	}
	log := "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query c-ip\n" +
		"2021-03-03 01:37:00 10.0.0.5 POST /owa/auth/x.aspx a=b 198.51.100.7\n" +
		"2021-03-03 01:37:01 10.0.0.5 GET https://evil.example/owa/auth/x.aspx - 10.0.0.9\n"
	rd := NewIIS("t.log", strings.NewReader(log))
	m := e.Matcher(nil)
	m.Project(rd.(Projector))
	hasURL := func(r *Record) bool {
		return slices.ContainsFunc(r.Fields, func(f Field) bool { return f.Path == "url:value" })
	}
	var got []string
	var rec Record
	for rd.Next(&rec) == nil {
		read := hasURL(&rec)
		m.Match(&rec, func(f Finding) { got = append(got, fmt.Sprintf("%s %d %s", f.Indicator.ID, f.Line, f.Value)) })
		rd.(Projector).Complete(&rec)
		if want := rec.Line == 3; read != want || !hasURL(&rec) {
			t.Errorf("line %d: URL read by Next %v (want %v), after Complete %v", rec.Line, read, want, hasURL(&rec))
		}
	}
	want := []string{"ip 2 198.51.100.7", "url 3 https://evil.example/owa/auth/x.aspx"}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}
