package hunt

import (
	"os"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
)

// cacheFuzzIndicators are a few indicators with each part of a prebuilt
// index (equality tables, IPv6 addresses, blocks, literals, patterns of
// several observations): small files, which the fuzzer mutates quickly.
var cacheFuzzIndicators = []Indicator{
	{ID: "ip", Pattern: "[ipv4-addr:value = '198.51.100.7']"},
	{ID: "ip6", Pattern: "[ipv6-addr:value = '2001:db8::1']"},
	{ID: "cidr", Pattern: "[ipv4-addr:value ISSUBSET '203.0.113.0/25']"},
	{ID: "domain", Pattern: "[domain-name:value = 'evil.example']"},
	{ID: "url", Pattern: "[url:value LIKE '%cmd.exe%']"},
	{ID: "multi", Pattern: "[ipv4-addr:value = '198.51.100.7'] AND [domain-name:value = 'evil.example']"},
}

// FuzzLoadEngineCache loads damaged prebuilt indexes: a load never panics,
// and an engine it returns finds what the engine that was saved finds.
func FuzzLoadEngineCache(f *testing.F) {
	built, path := cacheSaved(f, cacheFuzzIndicators)
	good, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	want := cacheFindings(built, cacheTestRecords())
	f.Fuzz(func(t *testing.T, data []byte) {
		e, _, err := loadEngineBytes(alignedCopy(data), "key 1")
		if err != nil {
			return
		}
		if diff := cmp.Diff(want, cacheFindings(e, cacheTestRecords())); diff != "" {
			t.Errorf("a damaged index loaded, with other findings (-saved +loaded):\n%s", diff)
		}
	})
}

// FuzzDecodeEngineTables decodes damaged tables and strings, past the
// checksum that would refuse them: decoding never panics, and an engine
// it returns matches records without panicking or looping.
func FuzzDecodeEngineTables(f *testing.F) {
	e, errs := NewEngine(cacheFuzzIndicators)
	if len(errs) > 0 {
		f.Fatal(errs)
	}
	meta, blob, err := encodeEngine(e)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(meta, blob)
	f.Fuzz(func(t *testing.T, meta, blob []byte) {
		e, err := decodeEngine(alignedCopy(meta), blob)
		if err != nil {
			return
		}
		cacheFindings(e, cacheTestRecords())
	})
}

// alignedCopy copies b to 8-byte aligned memory, as a mapped file is.
func alignedCopy(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	w := make([]uint64, (len(b)+7)/8)
	out := unsafe.Slice((*byte)(unsafe.Pointer(&w[0])), len(b))
	copy(out, b)
	return out
}
