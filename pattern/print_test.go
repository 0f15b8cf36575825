package pattern

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestStringCanonical(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"[a:x == 1]", "[a:x = 1]"},
		{"[a:x <> 1]", "[a:x != 1]"},
		{"  [ a:x=1 ]  /* c */ ", "[a:x = 1]"},
		{"[a:'x'.'y z'[0][*][-1] NOT <= 1]", "[a:x.'y z'[0][*][-1] NOT <= 1]"},
		{"[a:'AND'.'true'.'_ok'.'9' = 1]", "[a:'AND'.'true'._ok.'9' = 1]"},
		{`[a:x = 'it\'s a \\ path']`, `[a:x = 'it\'s a \\ path']`},
		{"[a:x = +5 OR a:x = -0 OR a:x = .5 OR a:x = -7.0 OR a:x = 00.10]",
			"[a:x = 5 OR a:x = 0 OR a:x = 0.5 OR a:x = -7.0 OR a:x = 0.1]"},
		{"[a:x = h'FFd8' AND a:y = h'' AND a:z = b'QR==']", "[a:x = h'ffd8' AND a:y = h'' AND a:z = b'QQ==']"},
		{"[a:x = t'2016-06-01T00:00:00.000Z']", "[a:x = t'2016-06-01T00:00:00.000Z']"},
		{"[a:x IN ( 1 ,'b',true )]", "[a:x IN (1, 'b', true)]"},
		{"[a:x NOT IN ()]", "[a:x NOT IN ()]"},
		{"[NOT EXISTS a:x AND EXISTS a:y]", "[NOT EXISTS a:x AND EXISTS a:y]"},
		{"[(a:x = 1)]", "[a:x = 1]"},
		{"[a:x = 1 AND (a:y = 2 AND a:z = 3)]", "[a:x = 1 AND (a:y = 2 AND a:z = 3)]"},
		{"[(a:x = 1 AND a:y = 2) AND a:z = 3]", "[(a:x = 1 AND a:y = 2) AND a:z = 3]"},
		{"[a:x = 1 OR a:y = 2 AND a:z = 3]", "[a:x = 1 OR a:y = 2 AND a:z = 3]"},
		{"[(a:x = 1 OR a:y = 2) AND a:z = 3]", "[(a:x = 1 OR a:y = 2) AND a:z = 3]"},
		{"([a:x = 1]) AND [b:x = 2]", "[a:x = 1] AND [b:x = 2]"},
		{"([a:x = 1] AND [b:x = 2]) AND [c:x = 3]", "([a:x = 1] AND [b:x = 2]) AND [c:x = 3]"},
		{"[a:x = 1] FOLLOWEDBY ([b:x = 2] FOLLOWEDBY [c:x = 3])", "[a:x = 1] FOLLOWEDBY ([b:x = 2] FOLLOWEDBY [c:x = 3])"},
		{"([a:x = 1] OR [b:x = 2]) AND [c:x = 3] FOLLOWEDBY [d:x = 4]", "([a:x = 1] OR [b:x = 2]) AND [c:x = 3] FOLLOWEDBY [d:x = 4]"},
		{"[a:x = 1] WITHIN 5.0 SECONDS", "[a:x = 1] WITHIN 5 SECONDS"},
		{"[a:x = 1] WITHIN +.25 SECONDS", "[a:x = 1] WITHIN 0.25 SECONDS"},
		{"([a:x = 1]) WITHIN 5 SECONDS WITHIN 6 SECONDS", "([a:x = 1] WITHIN 5 SECONDS) WITHIN 6 SECONDS"},
		{"(([a:x = 1]) REPEATS 2 TIMES) REPEATS 3 TIMES", "([a:x = 1] REPEATS 2 TIMES) REPEATS 3 TIMES"},
		{"([a:x = 1] WITHIN 1 SECONDS REPEATS 2 TIMES) WITHIN 3 SECONDS", "([a:x = 1] WITHIN 1 SECONDS REPEATS 2 TIMES) WITHIN 3 SECONDS"},
		{"([a:x = 1] AND [b:x = 2]) WITHIN 5 SECONDS WITHIN 6 SECONDS", "([a:x = 1] AND [b:x = 2]) WITHIN 5 SECONDS WITHIN 6 SECONDS"},
		{"[a:x = 1] AND ([b:x = 2] OR [c:x = 3]) REPEATS 2 TIMES", "[a:x = 1] AND ([b:x = 2] OR [c:x = 3]) REPEATS 2 TIMES"},
		{"[a:x = 1] START t'2016-06-01T00:00:00Z' STOP t'2016-06-01T00:00:00.5Z'", "[a:x = 1] START t'2016-06-01T00:00:00Z' STOP t'2016-06-01T00:00:00.5Z'"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			p := parseOK(t, tt.in)
			got := p.String()
			if got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if diff := cmp.Diff(p, parseOK(t, got)); diff != "" {
				t.Errorf("Parse(String()) mismatch (-first +second):\n%s", diff)
			}
		})
	}
}

func TestStringBuiltTrees(t *testing.T) {
	t.Parallel()
	a := simple("a", "x", intLit(1))
	tests := []struct {
		name string
		root ObsExpr
		want string
	}{
		{"repeated qualifier on an observation gets parentheses", within(within(a, 5), 6),
			"([a:x = 1] WITHIN 5 SECONDS) WITHIN 6 SECONDS"},
		{"distinct qualifiers need none", within(repeats(a, 2), 6),
			"[a:x = 1] REPEATS 2 TIMES WITHIN 6 SECONDS"},
		{"a time without text", &Qualified{Inner: a, Qualifier: Qualifier{Kind: StartStop,
			Start: Literal{Kind: KindTimestamp, Time: day(2020, 1, 1)},
			Stop:  Literal{Kind: KindTimestamp, Time: day(2020, 1, 2).Add(time.Millisecond)}}},
			"[a:x = 1] START t'2020-01-01T00:00:00Z' STOP t'2020-01-02T00:00:00.001Z'"},
		{"a key needing quotes", observe(&Comparison{Path: objPath("a", keyStep("it's"), keyStep("")), Op: OpExists}),
			`[EXISTS a:'it\'s'.'']`},
		{"a float that is whole", observe(eq("a", "x", floatLit(1e21))),
			"[a:x = 1000000000000000000000.0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := &Pattern{Root: tt.root, Version: "2.1"}
			got := p.String()
			if got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			back := parseOK(t, got)
			if back.String() != got {
				t.Errorf("String(Parse(%q)) = %q", got, back.String())
			}
		})
	}
}

func TestNodeStrings(t *testing.T) {
	t.Parallel()
	p := parseOK(t, "[a:x = 1 AND a:y NOT IN (1, 2)] OR ([b:z = 'q'] FOLLOWEDBY [c:w > 2.5]) WITHIN 9 SECONDS")
	or := p.Root.(*ObsOr)
	q := or.Operands[1].(*Qualified)
	and := or.Operands[0].(*Observation).Comparison.(*And)
	c := and.Operands[1].(*Comparison)
	got := []string{
		or.String(), or.Operands[0].(*Observation).String(), q.String(), q.Inner.(*FollowedBy).String(),
		and.String(), c.String(), c.Path.String(), c.Value.String(), q.Qualifier.String(),
		c.Op.String(), Op(99).String(), q.Qualifier.Kind.String(), StartStop.String(), QualifierKind(9).String(),
		c.Value.Kind.String(), KindTimestamp.String(), Kind(42).String(),
		(&Or{Operands: []Expr{c, c}}).String(), (&ObsAnd{Operands: []ObsExpr{q, q}}).String(),
	}
	want := []string{
		p.String(), "[a:x = 1 AND a:y NOT IN (1, 2)]", "([b:z = 'q'] FOLLOWEDBY [c:w > 2.5]) WITHIN 9 SECONDS",
		"[b:z = 'q'] FOLLOWEDBY [c:w > 2.5]",
		"a:x = 1 AND a:y NOT IN (1, 2)", "a:y NOT IN (1, 2)", "a:y", "(1, 2)", "WITHIN 9 SECONDS",
		"IN", "Op(99)", "WITHIN", "START/STOP", "QualifierKind(9)",
		"set", "timestamp", "Kind(42)",
		"a:y NOT IN (1, 2) OR a:y NOT IN (1, 2)",
		"([b:z = 'q'] FOLLOWEDBY [c:w > 2.5]) WITHIN 9 SECONDS AND ([b:z = 'q'] FOLLOWEDBY [c:w > 2.5]) WITHIN 9 SECONDS",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("String() mismatch (-want +got):\n%s", diff)
	}
}

// TestStringRoundTripAll checks every pattern the other tests accept
// prints to text that parses back to the same tree.
func TestStringRoundTripAll(t *testing.T) {
	t.Parallel()
	for _, s := range fuzzSeeds {
		for _, v := range []string{"2.0", "2.1"} {
			p, err := Parse(s, WithVersion(v))
			if err != nil {
				continue
			}
			checkRoundTrip(t, p)
		}
	}
}

// checkRoundTrip checks p prints to text that parses to an equal tree and
// prints the same again.
func checkRoundTrip(t *testing.T, p *Pattern) {
	t.Helper()
	text := p.String()
	q, err := Parse(text, WithVersion(p.Version))
	if err != nil {
		t.Fatalf("Parse(String()) = %v; String() = %q", err, text)
	}
	if diff := cmp.Diff(p, q); diff != "" {
		t.Fatalf("Parse(String()) mismatch for %q (-first +second):\n%s", text, diff)
	}
	if again := q.String(); again != text {
		t.Fatalf("String() not stable: %q then %q", text, again)
	}
}
