package pattern

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// STIX 2.0 differs from 2.1 in the grammar of its reference validator
// (stix2patterns/v20): no EXISTS token, START and STOP take StringLiteral,
// and no rule against repeating a qualifier type on one observation.

func TestV20Accepts(t *testing.T) {
	t.Parallel()
	a := simple("a", "x", intLit(1))
	tests := []struct {
		name, pattern string
		want          ObsExpr
	}{
		{"START STOP strings", "[a:x = 1] START '2016-06-01T00:00:00Z' STOP '2016-07-01T00:00:00Z'",
			startStop(a, "2016-06-01T00:00:00Z", "2016-07-01T00:00:00Z")},
		{"START STOP timestamps", "[a:x = 1] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
			startStop(a, "2016-06-01T00:00:00Z", "2016-07-01T00:00:00Z")},
		{"repeated qualifier type", "[a:x = 1] WITHIN 5 SECONDS WITHIN 6 SECONDS", within(within(a, 5), 6)},
		{"EXISTS is an identifier", "[EXISTS:EXISTS = 1]", simple("EXISTS", "EXISTS", intLit(1))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := parseOK(t, tt.pattern, WithVersion("2.0"))
			if diff := cmp.Diff(&Pattern{Root: tt.want, Version: "2.0"}, got); diff != "" {
				t.Errorf("Parse mismatch (-want +got):\n%s", diff)
			}
			checkRoundTrip(t, got)
		})
	}
}

func TestV20Rejects(t *testing.T) {
	t.Parallel()
	tests := []errorCase{
		{"[EXISTS a:x]", 2, "EXISTS is not an operator in STIX 2.0"},
		{"[NOT EXISTS a:x]", 6, "EXISTS is not an operator in STIX 2.0"},
		{"[a:x = 1] START 'yesterday' STOP '2016-07-01T00:00:00Z'", 17, "invalid timestamp 'yesterday' after START"},
		{"[a:x = 1] START '2016-07-01T00:00:00Z' STOP '2016-06-01T00:00:00Z'", 45, "STOP timestamp must be later"},
		{"[a:x = 1] START 5 STOP 6", 17, "expected a timestamp string 'YYYY-MM-DDTHH:MM:SSZ' after START"},
	}
	for _, tt := range tests {
		checkError(t, tt, WithVersion("2.0"))
	}
	// And the other way round: 2.1 takes neither form of 2.0.
	checkError(t, errorCase{"[a:x = 1] START '2016-06-01T00:00:00Z' STOP '2016-07-01T00:00:00Z'", 17, "expected a timestamp t'"})
	checkError(t, errorCase{"[EXISTS:x = 1]", 8, `expected an object path such as file:name, found ":"`})
}

func TestV20PrintsStrings(t *testing.T) {
	t.Parallel()
	p := parseOK(t, "[a:x = t'2016-06-01T00:00:00Z'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'", WithVersion("2.0"))
	want := "[a:x = t'2016-06-01T00:00:00Z'] START '2016-06-01T00:00:00Z' STOP '2016-07-01T00:00:00Z'"
	if got := p.String(); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// TestV20ValidatorCases runs the shared v2.1 cases as 2.0: the reference's
// 2.0 suite holds the same cases, except those on what 2.0 lacks.
func TestV20ValidatorCases(t *testing.T) {
	t.Parallel()
	c := readValidatorCases(t)
	for _, s := range append(c.Valid, c.TimestampValid...) {
		if _, err := Parse(s, WithVersion("2.0")); err != nil {
			t.Errorf("Parse(%q) as 2.0: %v", s, err)
		}
	}
	for _, ic := range append(c.Invalid, c.TimestampInvalid...) {
		_, err := Parse(ic.Pattern, WithVersion("2.0"))
		if err == nil && !strings.Contains(ic.Error, "Duplicate qualifier") {
			t.Errorf("Parse(%q) as 2.0 passed, want an error like %s", ic.Pattern, ic.Error)
		}
	}
}
