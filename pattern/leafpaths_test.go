package pattern

import (
	"slices"
	"testing"
)

// TestLeafPaths checks the paths an observation expression compares, and
// that an EXISTS gives none.
func TestLeafPaths(t *testing.T) {
	for _, tt := range []struct {
		pattern string
		leaf    int
		want    []string
		ok      bool
	}{
		{"[file:name MATCHES '(?i)evil\\\\.exe$' OR file:size > 10]", 0, []string{"file:name", "file:size"}, true},
		{"[file:name = 'a'] AND [ipv4-addr:value != '1.2.3.4' AND ipv4-addr:value != '5.6.7.8']", 1, []string{"ipv4-addr:value"}, true},
		{"[file:name NOT MATCHES 'x' AND EXISTS file:hashes.MD5]", 0, nil, false},
		{"[file:name = 'a']", 1, nil, false},
	} {
		p, err := Parse(tt.pattern)
		if err != nil {
			t.Fatal(err)
		}
		c, err := Compile(p)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := c.LeafPaths(tt.leaf)
		if ok != tt.ok || !slices.Equal(got, tt.want) {
			t.Errorf("%s leaf %d: LeafPaths = %q, %v; want %q, %v", tt.pattern, tt.leaf, got, ok, tt.want, tt.ok)
		}
	}
}
