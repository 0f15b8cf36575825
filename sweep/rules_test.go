package sweep

import (
	"testing"

	"github.com/accord-cti/accord/hunt"
	"github.com/google/go-cmp/cmp"
)

// TestSlowLiterals: the literals the prefilter looks for in a file's
// values for the patterns no index takes, and the field findings name.
func TestSlowLiterals(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		pattern string
		lits    []string
		field   string
	}{
		{`[file:x_path MATCHES '(?i)\\\\SUPP0RT\\.aspx$']`, []string{`\supp0rt.aspx`}, "file:x_path"},
		{`[file:x_path MATCHES '(?i)\\\\a\\.exe' AND file:x_path NOT MATCHES '(?i)SysInternals']`, []string{`\a.exe`}, "file:x_path"},
		{`[file:name MATCHES '(?i)^shell\\.aspx$' OR file:x_path LIKE '%\\aspnet_client\\%']`, []string{"shell.aspx", `\aspnet`}, "file:name"}, // _ is a wildcard
		{`[file:name MATCHES '(?i)^x$' OR file:name MATCHES '(?i)errorEE\\.aspx']`, nil, "file:name"},
		{`[file:name NOT = 'web.config']`, nil, "file:name"},
		{`[file:name MATCHES '(?i)[0-9]{8}\\.aspx' AND file:name = 'Ab']`, []string{".aspx"}, "file:name"},
	} {
		ind := &hunt.Indicator{ID: "indicator--1", Pattern: tt.pattern}
		s, lits, err := compileSlow(ind)
		if err != nil {
			t.Errorf("%s: %v", tt.pattern, err)
			continue
		}
		if diff := cmp.Diff(tt.lits, lits); diff != "" || s.field != tt.field {
			t.Errorf("%s: field %q, literals (-want +got):\n%s", tt.pattern, s.field, diff)
		}
	}
	if _, _, err := compileSlow(&hunt.Indicator{ID: "indicator--2", Pattern: "[file:name = 'a'] AND [file:name = 'b']"}); err == nil {
		t.Error("a pattern of two observations compiled as one")
	}
}
