package hunt

import (
	"maps"
	"net/netip"
	"slices"
	"testing"

	"github.com/accord-cti/accord/pattern"
	"github.com/google/go-cmp/cmp"
)

func TestSimpleAtom(t *testing.T) {
	for _, tt := range []struct {
		p  string
		ok bool
	}{
		{"[ipv4-addr:value = '198.51.100.1']", true},
		{"[ipv6-addr:value = '2001:db8::1']", true},
		{"[domain-name:value = 'evil.example']", true},
		{"[url:value = 'http://evil.example/a?b=c']", true},
		{"[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']", true},
		{"[file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f']", true},
		{"[ipv4-addr:value = '10.0.0.0/8']", false},       // a block: the compiler's own reading
		{"[ipv4-addr:value = '2001:db8::1']", false},      // an IPv6 address under ipv4-addr
		{"[domain-name:value = 'it\\'s.example']", false}, // an escape
		{"[domain-name:value = 'a.example'] OR [domain-name:value = 'b.example']", false},
		{"[domain-name:value = 'a.example' OR domain-name:value = 'b.example']", false},
		{"[domain-name:value  = 'a.example']", false},
		{"[process:name = 'a.exe']", false},
		{"[domain-name:value = 'é.example']", false},
	} {
		a, ok := simpleAtom(tt.p)
		if ok != tt.ok {
			t.Errorf("simpleAtom(%q) ok = %v, want %v", tt.p, ok, tt.ok)
			continue
		}
		if ok {
			checkSimpleAtom(t, tt.p, a)
		}
	}
}

// checkSimpleAtom checks an atom simpleAtom accepted against the parser and
// the compiler: the same one atom, of a pattern that is exact.
func checkSimpleAtom(t *testing.T, p string, a pattern.Atom) {
	t.Helper()
	parsed, err := pattern.Parse(p)
	if err != nil {
		t.Fatalf("simpleAtom accepted %q, which does not parse: %v", p, err)
	}
	c, err := pattern.Compile(parsed)
	if err != nil {
		t.Fatalf("simpleAtom accepted %q, which does not compile: %v", p, err)
	}
	if !exact(parsed) || !perRecord(parsed.Root) || len(c.Unindexed()) > 0 {
		t.Fatalf("simpleAtom accepted %q, which is not an exact pattern of one record", p)
	}
	if diff := cmp.Diff(c.Atoms(), []pattern.Atom{a}, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); diff != "" {
		t.Fatalf("simpleAtom(%q) (-compiler +simpleAtom):\n%s", p, diff)
	}
}

// FuzzSimpleAtom checks simpleAtom on fuzzed patterns and on patterns of
// one of its paths with a fuzzed value, which it accepts far more often.
func FuzzSimpleAtom(f *testing.F) {
	f.Add("[ipv4-addr:value = '198.51.100.1']", uint8(0), "198.51.100.1")
	f.Add("[url:value = 'http://evil.example/a?b=c']", uint8(3), "http://evil.example/a?b=c")
	f.Add("[file:hashes.'SHA-1' = 'x']", uint8(7), "0123456789abcdefABCDEF0123456789abcdefAB")
	f.Add("", uint8(1), "::ffff:1.2.3.4")
	paths := slices.Sorted(maps.Keys(simplePaths))
	f.Fuzz(func(t *testing.T, p string, path uint8, value string) {
		for _, p := range []string{p, "[" + paths[int(path)%len(paths)] + " = '" + value + "']"} {
			if a, ok := simpleAtom(p); ok {
				checkSimpleAtom(t, p, a)
			}
		}
	})
}
