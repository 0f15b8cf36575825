package hunt

import (
	"errors"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const engineSHA = "3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea"

// engineTestIndicators has an indicator of every atom type.
var engineTestIndicators = []Indicator{
	{ID: "ip", Pattern: "[ipv4-addr:value = '198.51.100.7']"},
	{ID: "ip6", Pattern: "[ipv6-addr:value = '2001:db8::1']"},
	{ID: "cidr", Pattern: "[ipv4-addr:value ISSUBSET '203.0.113.0/25']"},
	{ID: "cidr-wide", Pattern: "[ipv4-addr:value ISSUBSET '203.0.113.0/24']"},
	{ID: "domain", Pattern: "[domain-name:value = 'evil.example']"},
	{ID: "url-eq", Pattern: "[url:value = 'http://bad.example/x']"},
	{ID: "url-prefix", Pattern: "[url:value LIKE '/aspnet_client/%']"},
	{ID: "url-substr", Pattern: "[url:value LIKE '%cmd.exe%']"},
	{ID: "url-suffix", Pattern: "[url:value LIKE '%.php']", Version: "2.0"},
	{ID: "sha256", Pattern: "[file:hashes.'SHA-256' = '" + engineSHA + "']"},
	{ID: "in", Pattern: "[ipv4-addr:value IN ('192.0.2.1', '192.0.2.2')]"},
	{ID: "and", Pattern: "[network-traffic:dst_port = 8443 AND network-traffic:dst_ref.value = '10.9.9.9']"},
	{ID: "and-objs", Pattern: "[ipv4-addr:value = '10.1.1.1' AND ipv4-addr:value LIKE '10.2.%']"},
	{ID: "not", Pattern: "[ipv4-addr:value != '1.2.3.4']"},
	{ID: "multi", Pattern: "[ipv4-addr:value = '198.51.100.7'] AND [domain-name:value = 'evil.example']"},
	{ID: "repeats", Pattern: "[ipv4-addr:value = '198.51.100.7'] REPEATS 2 TIMES"},
}

type engineHit struct {
	ID, Path, Value string
	Line            int
}

func engineCollect(e *Engine, r *Record, got *[]engineHit) {
	e.Match(r, func(f Finding) {
		*got = append(*got, engineHit{f.Indicator.ID, f.Path, f.Value, f.Line})
	})
}

func engineSort(h []engineHit) {
	slices.SortFunc(h, func(a, b engineHit) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		if c := strings.Compare(a.ID, b.ID); c != 0 {
			return c
		}
		return strings.Compare(a.Path, b.Path)
	})
}

func newTestEngine(t testing.TB) *Engine {
	t.Helper()
	e, errs := NewEngine(engineTestIndicators)
	if len(errs) > 0 {
		t.Fatalf("NewEngine: %v", errs)
	}
	return e
}

func TestEngineLists(t *testing.T) {
	t.Parallel()
	inds := append(slices.Clone(engineTestIndicators), Indicator{ID: "bad", Pattern: "[ipv4-addr:value = ]"},
		Indicator{ID: "wide-superset", Pattern: "[ipv4-addr:value ISSUPERSET '10.0.0.0/8']"})
	e, errs := NewEngine(inds)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "indicator bad") {
		t.Errorf("errors = %v, want one about indicator bad", errs)
	}
	ids := func(list []*Indicator) (s []string) {
		for _, i := range list {
			s = append(s, i.ID)
		}
		return s
	}
	if diff := cmp.Diff([]string{"multi", "repeats"}, ids(e.Deferred())); diff != "" {
		t.Errorf("Deferred (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"not", "wide-superset"}, ids(e.Unindexed())); diff != "" {
		t.Errorf("Unindexed (-want +got):\n%s", diff)
	}
}

func TestEngineRecords(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t)
	f := func(path string, kind Kind, obj int, v string) Field {
		return Field{Path: path, Kind: kind, Obj: obj, Value: []byte(v)}
	}
	const hash = "file:hashes.'SHA-256'"
	tests := []struct {
		name   string
		fields []Field
		want   []engineHit
	}{
		{"ip", []Field{f("ipv4-addr:value", KindIPv4, 1, "198.51.100.7")},
			[]engineHit{{"ip", "ipv4-addr:value", "198.51.100.7", 1}}},
		{"ip near miss", []Field{f("ipv4-addr:value", KindIPv4, 1, "198.51.100.70")}, nil},
		{"ip mapped", []Field{f("ipv4-addr:value", KindIPv6, 1, "::ffff:198.51.100.7")},
			[]engineHit{{"ip", "ipv4-addr:value", "::ffff:198.51.100.7", 1}}},
		{"ip leading zero", []Field{f("ipv4-addr:value", KindIPv4, 1, "198.51.100.07")}, nil},
		{"ip with port", []Field{f("ipv4-addr:value", KindIPv4, 1, "198.51.100.7:80")}, nil},
		{"cidr mapped", []Field{f("ipv4-addr:value", KindIPv6, 1, "::ffff:203.0.113.9")},
			[]engineHit{{"cidr", "ipv4-addr:value", "::ffff:203.0.113.9", 1}, {"cidr-wide", "ipv4-addr:value", "::ffff:203.0.113.9", 1}}},
		{"cidr same /16, outside", []Field{f("ipv4-addr:value", KindIPv4, 1, "203.0.114.9")}, nil},
		{"cidr bad address", []Field{f("ipv4-addr:value", KindIPv4, 1, "203.0.113.256")}, nil},
		{"ip on another path", []Field{f("network-traffic:src_ref.value", KindIPv4, 0, "198.51.100.7")}, nil},
		{"ipv6 other spelling", []Field{f("ipv6-addr:value", KindIPv6, 1, "2001:DB8:0::1")},
			[]engineHit{{"ip6", "ipv6-addr:value", "2001:DB8:0::1", 1}}},
		{"cidr nested", []Field{f("ipv4-addr:value", KindIPv4, 1, "203.0.113.9")},
			[]engineHit{{"cidr", "ipv4-addr:value", "203.0.113.9", 1}, {"cidr-wide", "ipv4-addr:value", "203.0.113.9", 1}}},
		{"cidr outer only", []Field{f("ipv4-addr:value", KindIPv4, 1, "203.0.113.200")},
			[]engineHit{{"cidr-wide", "ipv4-addr:value", "203.0.113.200", 1}}},
		{"domain exact", []Field{f("domain-name:value", KindDomain, 3, "evil.example")},
			[]engineHit{{"domain", "domain-name:value", "evil.example", 1}}},
		{"domain parent and case", []Field{f("domain-name:value", KindDomain, 3, "A.b.Evil.Example")},
			[]engineHit{{"domain", "domain-name:value", "A.b.Evil.Example", 1}}},
		{"domain lookalike", []Field{f("domain-name:value", KindDomain, 3, "notevil.example")}, nil},
		{"url host case", []Field{f("url:value", KindURL, 4, "http://BAD.example/x")},
			[]engineHit{{"url-eq", "url:value", "http://BAD.example/x", 1}}},
		{"url path case matters", []Field{f("url:value", KindURL, 4, "http://bad.example/X")}, nil},
		{"url prefix", []Field{f("url:value", KindURL, 4, "/aspnet_client/a.aspx")},
			[]engineHit{{"url-prefix", "url:value", "/aspnet_client/a.aspx", 1}}},
		{"url prefix not at start", []Field{f("url:value", KindURL, 4, "/x/aspnet_client/a.aspx")}, nil},
		{"url substring and suffix", []Field{f("url:value", KindURL, 4, "/a.php?c=cmd.exe&d=cmd.exe.php")},
			[]engineHit{{"url-substr", "url:value", "/a.php?c=cmd.exe&d=cmd.exe.php", 1}, {"url-suffix", "url:value", "/a.php?c=cmd.exe&d=cmd.exe.php", 1}}},
		{"sha256", []Field{f(hash, KindHash, 0, engineSHA)},
			[]engineHit{{"sha256", hash, engineSHA, 1}}},
		{"sha256 truncated", []Field{f(hash, KindHash, 0, engineSHA[:63])}, nil},
		{"sha256 upper case (Sysmon)", []Field{f(hash, KindHash, 0, strings.ToUpper(engineSHA))},
			[]engineHit{{"sha256", hash, strings.ToUpper(engineSHA), 1}}},
		{"in set", []Field{f("ipv4-addr:value", KindIPv4, 1, "192.0.2.1"), f("ipv4-addr:value", KindIPv4, 2, "192.0.2.2")},
			[]engineHit{{"in", "ipv4-addr:value", "192.0.2.1", 1}, {"in", "ipv4-addr:value", "192.0.2.2", 1}}},
		{"and same object", []Field{f("network-traffic:dst_ref.value", KindIPv4, 0, "10.9.9.9"), f("network-traffic:dst_port", KindPort, 0, "8443")},
			[]engineHit{{"and", "network-traffic:dst_ref.value", "10.9.9.9", 1}}}, // the atom is the address, the longer literal
		{"and other port", []Field{f("network-traffic:dst_ref.value", KindIPv4, 0, "10.9.9.9"), f("network-traffic:dst_port", KindPort, 0, "443")}, nil},
		{"and two objects", []Field{f("ipv4-addr:value", KindIPv4, 1, "10.1.1.1"), f("ipv4-addr:value", KindIPv4, 2, "10.2.2.2")}, nil},
		{"nothing", []Field{f("ipv4-addr:value", KindIPv4, 1, "1.2.3.5"), f("url:value", KindURL, 4, "/")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []engineHit
			engineCollect(e, &Record{Line: 1, Fields: tt.fields}, &got)
			engineSort(got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEngineIIS(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t)
	const name = "testdata/engine/hits.log"
	rd := NewIIS(name, linesOpen(t, name))
	var got []engineHit
	var rec Record
	for {
		err := rd.Next(&rec)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		engineCollect(e, &rec, &got)
	}
	engineSort(got)
	want := []engineHit{
		{"ip", "ipv4-addr:value", "198.51.100.7", 6},
		{"cidr", "ipv4-addr:value", "203.0.113.44", 8},
		{"cidr-wide", "ipv4-addr:value", "203.0.113.44", 8},
		{"domain", "domain-name:value", "a.b.EVIL.example", 9},
		{"url-prefix", "url:value", "/aspnet_client/shell.aspx", 10},
		{"url-substr", "url:value", "/scripts/run.aspx?c=cmd.exe%20/c%20whoami", 12},
		{"in", "ipv4-addr:value", "192.0.2.2", 14},
		{"and", "network-traffic:dst_ref.value", "10.9.9.9", 16},
		{"url-suffix", "url:value", "/upload/x.php", 18},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

func TestEngineConcurrent(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t)
	rec := &Record{Time: time.Unix(0, 0), Fields: []Field{{Path: "ipv4-addr:value", Kind: KindIPv4, Obj: 1, Value: []byte("198.51.100.7")}}}
	var wg sync.WaitGroup
	counts := make([]int, 4)
	for g := range counts {
		wg.Go(func() {
			for range 1000 {
				e.Match(rec, func(Finding) { counts[g]++ })
			}
		})
	}
	wg.Wait()
	if diff := cmp.Diff([]int{1000, 1000, 1000, 1000}, counts); diff != "" {
		t.Errorf("findings per goroutine (-want +got):\n%s", diff)
	}
}

func TestEngineNoAllocs(t *testing.T) {
	if engineRace {
		t.Skip("sync.Pool drops items under the race detector")
	}
	e := newTestEngine(t)
	rec := &Record{Fields: []Field{
		{Path: "ipv4-addr:value", Kind: KindIPv4, Obj: 1, Value: []byte("192.0.2.77")},
		{Path: "ipv6-addr:value", Kind: KindIPv6, Obj: 2, Value: []byte("2001:db8::77")},
		{Path: "domain-name:value", Kind: KindDomain, Obj: 3, Value: []byte("Mail.Corp.Example")},
		{Path: "url:value", Kind: KindURL, Obj: 4, Value: []byte("HTTP://Host.Example/owa/auth/logon.aspx?a=b")},
		{Path: "network-traffic:dst_port", Kind: KindPort, Obj: 0, Value: []byte("443")},
		{Path: "file:hashes.'SHA-256'", Kind: KindHash, Obj: 5, Value: []byte(strings.Repeat("0", 64))},
	}}
	n := 0
	if allocs := testing.AllocsPerRun(100, func() { e.Match(rec, func(Finding) { n++ }) }); allocs != 0 || n != 0 {
		t.Errorf("Match of a record that hits nothing: %v allocations, %d findings; want 0, 0", allocs, n)
	}
}
