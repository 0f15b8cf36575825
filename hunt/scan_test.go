package hunt

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

// scanTestIndicators have no atom an index can look up: a case-insensitive
// regular expression and an order comparison run on the records with a
// value at their paths; an EXISTS and a pattern of several observations
// stay unmatched.
var scanTestIndicators = []Indicator{
	{ID: "fold", Pattern: "[url:value MATCHES '(?i)/OWA/AUTH/[a-z]+\\\\.ASPX']"},
	{ID: "not-ip", Pattern: "[ipv4-addr:value != '10.0.0.5' AND ipv4-addr:value != '10.0.0.9']"},
	{ID: "exists", Pattern: "[EXISTS url:value]"},
	{ID: "two", Pattern: "[url:value MATCHES '(?i)x'] AND [ipv4-addr:value = '198.51.100.7']"},
	{ID: "ip", Pattern: "[ipv4-addr:value = '198.51.100.7']"},
}

const scanTestLog = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query c-ip\n" +
	"2021-03-03 01:37:00 10.0.0.5 POST /owa/auth/Shell.aspx a=b 10.0.0.9\n" +
	"2021-03-03 01:37:01 10.0.0.5 GET /ecp/default.flt - 198.51.100.7\n"

// scanFindings sweeps scanTestLog with e as a hunt does (projected).
func scanFindings(e *Engine) []string {
	rd := NewIIS("t.log", strings.NewReader(scanTestLog))
	m := e.Matcher(nil)
	m.Project(rd.(Projector))
	var got []string
	var rec Record
	for rd.Next(&rec) == nil {
		m.Match(&rec, func(f Finding) { got = append(got, fmt.Sprintf("%s %d %s", f.Indicator.ID, f.Line, f.Value)) })
	}
	slices.Sort(got)
	return slices.Compact(got)
}

func TestMatchUnindexed(t *testing.T) {
	t.Parallel()
	e, path := cacheSaved(t, scanTestIndicators)
	if got := scanFindings(e); !slices.Equal(got, []string{"ip 3 198.51.100.7"}) {
		t.Fatalf("before MatchUnindexed: %q, want the equality's finding only", got)
	}
	if n := e.MatchUnindexed(); n != 2 {
		t.Errorf("MatchUnindexed took %d of %d, want 2 (fold, not-ip)", n, len(e.Unindexed()))
	}
	want := []string{"fold 2 /owa/auth/Shell.aspx?a=b", "ip 3 198.51.100.7", "not-ip 3 198.51.100.7"}
	if diff := gocmp.Diff(want, scanFindings(e)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	// A prebuilt index is saved without it: the loaded engine takes them again.
	loaded, _, err := LoadEngine(path, "key 1")
	if err != nil {
		t.Fatal(err)
	}
	if n := loaded.MatchUnindexed(); n != 2 {
		t.Errorf("loaded: MatchUnindexed took %d, want 2", n)
	}
	if diff := gocmp.Diff(want, scanFindings(loaded)); diff != "" {
		t.Errorf("findings of the loaded engine (-want +got):\n%s", diff)
	}
}
