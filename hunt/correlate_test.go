package hunt

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// rec is a record of one IIS-like request at minute:second past 01:00.
func rec(line, minute, sec int, ip, url string) *Record {
	r := &Record{File: "x.log", Line: line, Time: time.Date(2021, 3, 3, 1, minute, sec, 0, time.UTC)}
	r.Add("ipv4-addr:value", KindIPv4, 1, []byte(ip))
	r.Add("url:value", KindURL, 4, []byte(url))
	return r
}

func TestCorrelate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		pattern string
		records []*Record
		want    []int // lines reported
	}{
		{"followedby in order",
			"[ipv4-addr:value = '203.0.113.66'] FOLLOWEDBY [url:value LIKE '/aspnet_client/%']",
			[]*Record{rec(1, 0, 0, "203.0.113.66", "/owa/"), rec(2, 0, 5, "10.0.0.1", "/index.html"), rec(3, 1, 0, "10.0.0.2", "/aspnet_client/log.aspx")},
			[]int{1, 3}},
		{"followedby out of order",
			"[ipv4-addr:value = '203.0.113.66'] FOLLOWEDBY [url:value LIKE '/aspnet_client/%']",
			[]*Record{rec(1, 0, 0, "10.0.0.2", "/aspnet_client/log.aspx"), rec(2, 1, 0, "203.0.113.66", "/owa/")},
			nil},
		{"and within the window",
			"([ipv4-addr:value = '198.51.100.1'] AND [ipv4-addr:value = '198.51.100.2']) WITHIN 60 SECONDS",
			[]*Record{rec(1, 0, 0, "198.51.100.1", "/"), rec(2, 0, 30, "198.51.100.2", "/")},
			[]int{1, 2}},
		{"and outside the window",
			"([ipv4-addr:value = '198.51.100.1'] AND [ipv4-addr:value = '198.51.100.2']) WITHIN 60 SECONDS",
			[]*Record{rec(1, 0, 0, "198.51.100.1", "/"), rec(2, 2, 0, "198.51.100.2", "/")},
			nil},
		{"repeats reached",
			"[url:value = '/ecp/y.js'] REPEATS 3 TIMES",
			[]*Record{rec(1, 0, 0, "1.1.1.1", "/ecp/y.js"), rec(2, 0, 1, "1.1.1.1", "/ecp/y.js"), rec(3, 0, 2, "1.1.1.1", "/ecp/y.js")},
			[]int{1, 2, 3}},
		{"repeats not reached",
			"[url:value = '/ecp/y.js'] REPEATS 3 TIMES",
			[]*Record{rec(1, 0, 0, "1.1.1.1", "/ecp/y.js"), rec(2, 0, 1, "1.1.1.1", "/ecp/y.js")},
			nil},
	}
	for _, tt := range tests {
		e, errs := NewEngine([]Indicator{{ID: "indicator--1", Pattern: tt.pattern}})
		if len(errs) > 0 || len(e.Deferred()) != 1 {
			t.Fatalf("%s: %v, %d deferred", tt.name, errs, len(e.Deferred()))
		}
		corr := e.NewCorrelator()
		m := e.Matcher(corr)
		var got []int
		for _, r := range tt.records {
			m.Match(r, func(f Finding) {
				t.Errorf("%s: a multi-observation pattern reported on line %d by itself", tt.name, f.Line)
			})
		}
		notes := corr.Correlate(func(f Finding) { got = append(got, f.Line) })
		slices.Sort(got)
		if diff := cmp.Diff(tt.want, got); diff != "" || len(notes) > 0 {
			t.Errorf("%s (-want +got):\n%s%v", tt.name, diff, notes)
		}
	}
}

func TestCorrelateKeepsAtMost(t *testing.T) {
	t.Parallel()
	e, _ := NewEngine([]Indicator{{ID: "indicator--1", Pattern: "[url:value = '/a'] REPEATS 2 TIMES"}})
	corr := e.NewCorrelator()
	m := e.Matcher(corr)
	for i := range maxKept + 5 {
		m.Match(rec(i+1, 0, 0, "1.1.1.1", "/a"), func(Finding) {})
	}
	n := 0
	notes := corr.Correlate(func(Finding) { n++ })
	if n == 0 || n > maxKept || len(notes) != 1 {
		t.Errorf("%d findings, notes %v; want some, at most %d, and one note", n, notes, maxKept)
	}
}
