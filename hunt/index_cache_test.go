package hunt

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// cacheTestIndicators has every kind of atom an engine indexes: those of
// engineTestIndicators, and parent domains, URLs with upper-case hosts
// and longer than 64 bytes, IPv6 and IPv4-mapped addresses and blocks,
// ISSUPERSET of one address, and patterns of several observations.
var cacheTestIndicators = append(slices.Clone(engineTestIndicators),
	Indicator{ID: "domain-deep", Name: "deep", Pattern: "[domain-name:value = 'c2.Bad.Example.net']"},
	Indicator{ID: "domain-parent", Pattern: "[domain-name:value = 'example.net']"},
	Indicator{ID: "url-upper", Pattern: "[url:value = 'https://UPPER.example/Path']"},
	Indicator{ID: "url-long", Pattern: "[url:value = 'https://long.example/" + strings.Repeat("abcdefgh", 12) + "']"},
	Indicator{ID: "cidr6", Pattern: "[ipv6-addr:value ISSUBSET '2001:db8:1::/48']"},
	Indicator{ID: "ip6-2", Pattern: "[ipv6-addr:value = '2001:db8::2' OR ipv6-addr:value = '2001:db8::1']"},
	Indicator{ID: "superset", Pattern: "[ipv4-addr:value ISSUPERSET '192.0.2.9/32']"},
	Indicator{ID: "md5", Pattern: "[file:hashes.MD5 = 'D41D8CD98F00B204E9800998ECF8427E']"},
	Indicator{ID: "escaped", Pattern: `[file:name = 'a\'b.exe']`},
	Indicator{ID: "empty", Pattern: "[user-account:user_id = '']"},
	Indicator{ID: "followed", Pattern: "[domain-name:value = 'evil.example'] FOLLOWEDBY [url:value LIKE '%cmd.exe%'] WITHIN 60 SECONDS"},
)

// cacheTestRecords are records that hit each of cacheTestIndicators, and
// some that hit nothing.
func cacheTestRecords() []Record {
	f := func(path string, kind Kind, obj int, v string) Field {
		return Field{Path: path, Kind: kind, Obj: obj, Value: []byte(v)}
	}
	fields := [][]Field{
		{f("ipv4-addr:value", KindIPv4, 1, "198.51.100.7"), f("domain-name:value", KindDomain, 3, "x.EVIL.example")},
		{f("ipv4-addr:value", KindIPv6, 1, "::ffff:203.0.113.9"), f("ipv4-addr:value", KindIPv4, 2, "203.0.113.200")},
		{f("ipv6-addr:value", KindIPv6, 1, "2001:DB8::1"), f("ipv6-addr:value", KindIPv6, 2, "2001:db8:1:2::3")},
		{f("ipv6-addr:value", KindIPv6, 1, "2001:db8::2"), f("ipv4-addr:value", KindIPv4, 1, "192.0.2.9")},
		{f("domain-name:value", KindDomain, 3, "a.c2.bad.example.NET"), f("domain-name:value", KindDomain, 4, "www.example.net")},
		{f("url:value", KindURL, 4, "https://upper.EXAMPLE/Path"), f("url:value", KindURL, 5, "https://long.example/"+strings.Repeat("abcdefgh", 12))},
		{f("url:value", KindURL, 4, "/aspnet_client/a.aspx?x=cmd.exe.php"), f("url:value", KindURL, 5, "http://bad.example/x")},
		{f("file:hashes.'SHA-256'", KindHash, 0, strings.ToUpper(engineSHA)), f("file:hashes.MD5", KindHash, 0, "d41d8cd98f00b204e9800998ecf8427e")},
		{f("file:name", KindFileName, 0, "a'b.exe"), f("user-account:user_id", KindUser, 0, "")},
		{f("network-traffic:dst_ref.value", KindIPv4, 0, "10.9.9.9"), f("network-traffic:dst_port", KindPort, 0, "8443")},
		{f("ipv4-addr:value", KindIPv4, 1, "10.1.1.1"), f("ipv4-addr:value", KindIPv4, 1, "10.2.3.4")},
		{f("ipv4-addr:value", KindIPv4, 1, "192.0.2.1"), f("ipv4-addr:value", KindIPv4, 2, "198.51.100.7")},
		{f("ipv4-addr:value", KindIPv4, 1, "1.2.3.5"), f("url:value", KindURL, 4, "/"), f("domain-name:value", KindDomain, 3, "net")},
	}
	recs := make([]Record, len(fields))
	for i, fs := range fields {
		recs[i] = Record{File: "t.log", Line: i + 1, Fields: fs}
	}
	return recs
}

// cacheFindings matches recs with e, correlating the patterns of several
// observations, and returns the findings sorted.
func cacheFindings(e *Engine, recs []Record) []engineHit {
	var got []engineHit
	emit := func(f Finding) { got = append(got, engineHit{f.Indicator.ID, f.Path, f.Value, f.Line}) }
	corr := e.NewCorrelator()
	m := e.Matcher(corr)
	for i := range recs {
		m.Match(&recs[i], emit)
	}
	corr.Correlate(emit)
	engineSort(got)
	return got
}

// cacheSaved builds the engine of inds, saves it and returns it and the
// file's path.
func cacheSaved(t testing.TB, inds []Indicator) (*Engine, string) {
	t.Helper()
	e, errs := NewEngine(inds)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	path := filepath.Join(t.TempDir(), "kb.db.hunt-index")
	if err := SaveEngine(path, "key 1", []byte("extra"), e); err != nil {
		t.Fatal(err)
	}
	return e, path
}

func indicatorIDs(list []*Indicator) (ids []string) {
	for _, i := range list {
		ids = append(ids, i.ID)
	}
	return ids
}

func TestEngineCacheSameFindings(t *testing.T) {
	t.Parallel()
	built, path := cacheSaved(t, cacheTestIndicators)
	loaded, extra, err := LoadEngine(path, "key 1")
	if err != nil {
		t.Fatal(err)
	}
	if string(extra) != "extra" {
		t.Errorf("extra = %q, want %q", extra, "extra")
	}
	want := cacheFindings(built, cacheTestRecords())
	if len(want) < 20 {
		t.Fatalf("only %d findings from the built engine: the records miss their indicators", len(want))
	}
	if diff := cmp.Diff(want, cacheFindings(loaded, cacheTestRecords())); diff != "" {
		t.Errorf("findings of the loaded engine (-built +loaded):\n%s", diff)
	}
	var inds []Indicator
	for i := range loaded.indicatorCount() {
		inds = append(inds, *loaded.indicator(int32(i)))
	}
	if diff := cmp.Diff(built.inds, inds); diff != "" {
		t.Errorf("indicators (-built +loaded):\n%s", diff)
	}
	for name, lists := range map[string][2][]*Indicator{"Deferred": {built.Deferred(), loaded.Deferred()},
		"Unindexed": {built.Unindexed(), loaded.Unindexed()}} {
		if diff := cmp.Diff(indicatorIDs(lists[0]), indicatorIDs(lists[1])); diff != "" {
			t.Errorf("%s (-built +loaded):\n%s", name, diff)
		}
	}
	// The whole layout: the loaded engine saves to the same bytes.
	m1, b1, err1 := encodeEngine(built)
	m2, b2, err2 := encodeEngine(loaded)
	if err1 != nil || err2 != nil || !bytes.Equal(m1, m2) || !bytes.Equal(b1, b2) {
		t.Errorf("the loaded engine lays out differently: %d/%d table bytes, %d/%d string bytes (%v, %v)",
			len(m1), len(m2), len(b1), len(b2), err1, err2)
	}
}

// TestEngineCacheIIS sweeps a log with a loaded engine, as a hunt does.
func TestEngineCacheIIS(t *testing.T) {
	t.Parallel()
	built, path := cacheSaved(t, cacheTestIndicators)
	loaded, _, err := LoadEngine(path, "key 1")
	if err != nil {
		t.Fatal(err)
	}
	sweep := func(e *Engine) []engineHit {
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
		return got
	}
	want := sweep(built)
	if len(want) == 0 {
		t.Fatal("no findings from the built engine")
	}
	if diff := cmp.Diff(want, sweep(loaded)); diff != "" {
		t.Errorf("findings (-built +loaded):\n%s", diff)
	}
}

func TestEngineCacheMisses(t *testing.T) {
	t.Parallel()
	_, path := cacheSaved(t, cacheTestIndicators)
	if _, _, err := LoadEngine(path, "key 2"); !errors.Is(err, ErrIndexStale) {
		t.Errorf("another key: %v, want ErrIndexStale", err)
	}
	if _, _, err := LoadEngine(path+".none", "key 1"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("no file: %v, want fs.ErrNotExist", err)
	}
	e := newTestEngine(t)
	// A save removes the temporary files of saves killed over an hour ago.
	stale, fresh := path+".tmp123", path+".tmp456"
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, []byte("partial"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chtimes(stale, time.Now().Add(-2*time.Hour), time.Now().Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := SaveEngine(path, "key 3", nil, e); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the stale temporary file is still there: %v", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("the fresh temporary file is gone: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "none", "kb.hunt-index")
	if err := SaveEngine(bad, "k", nil, e); err == nil {
		t.Errorf("SaveEngine into a missing directory: no error")
	}
	if _, err := os.Stat(bad); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("SaveEngine that failed left %s: %v", bad, err)
	}
}

// TestEngineCacheDamaged loads files cut short and with a byte changed
// in each of their parts: each is refused with an error saying what.
func TestEngineCacheDamaged(t *testing.T) {
	t.Parallel()
	_, path := cacheSaved(t, cacheTestIndicators)
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	flip := func(at int) []byte {
		b := slices.Clone(good)
		b[at] ^= 0x40
		return b
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "no magic"},
		{"magic", flip(1), "no magic"},
		{"version", flip(8), "format version"},
		{"lengths", flip(17), "do not add up"},
		{"key", flip(cacheHeaderSize + 2), "header checksum"},
		{"tables", flip(cacheHeaderSize + 8 + 100), "checksum mismatch"},
		{"strings", flip(len(good) - 20), "checksum mismatch"},
		{"truncated", good[:len(good)-1], "do not add up"},
		{"longer", append(slices.Clone(good), 0), "do not add up"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _, err := loadEngineBytes(tt.data, "key 1")
			if err == nil || e != nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("load: %v, %v; want an error about %q", e != nil, err, tt.want)
			}
		})
	}
}
