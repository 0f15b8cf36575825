package pattern

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseTree(t *testing.T) {
	t.Parallel()
	a, b, c, d := simple("a", "x", intLit(1)), simple("b", "x", intLit(2)), simple("c", "x", intLit(3)), simple("d", "x", intLit(4))
	tests := []struct {
		name    string
		pattern string
		want    ObsExpr
	}{
		{"one comparison", "[a:x = 1]", a},
		{"AND chain is one node", "[a:x = 1] AND [b:x = 2] AND [c:x = 3]", obsAnd(a, b, c)},
		{"AND binds tighter than OR", "[a:x = 1] OR [b:x = 2] AND [c:x = 3]", obsOr(a, obsAnd(b, c))},
		{"OR binds tighter than FOLLOWEDBY", "[a:x = 1] FOLLOWEDBY [b:x = 2] OR [c:x = 3]", followed(a, obsOr(b, c))},
		{"all three", "[a:x = 1] AND [b:x = 2] OR [c:x = 3] FOLLOWEDBY [d:x = 4]", followed(obsOr(obsAnd(a, b), c), d)},
		{"parentheses override", "[a:x = 1] AND ([b:x = 2] OR [c:x = 3])", obsAnd(a, obsOr(b, c))},
		{"grouped same operator stays nested", "[a:x = 1] AND ([b:x = 2] AND [c:x = 3])", obsAnd(a, obsAnd(b, c))},
		{"redundant parentheses vanish", "(([a:x = 1]))", a},
		{"qualifier binds to the last operand", "[a:x = 1] AND [b:x = 2] WITHIN 5 SECONDS", obsAnd(a, within(b, 5))},
		{"qualifier on a group", "([a:x = 1] AND [b:x = 2]) WITHIN 5 SECONDS", within(obsAnd(a, b), 5)},
		{"qualifiers nest in order", "[a:x = 1] REPEATS 5 TIMES WITHIN 1800 SECONDS", within(repeats(a, 5), 1800)},
		{"float seconds", "[a:x = 1] WITHIN 0.5 SECONDS", within(a, 0.5)},
		{"start stop", "[a:x = 1] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
			startStop(a, "2016-06-01T00:00:00Z", "2016-07-01T00:00:00Z")},
		{"repeated qualifier type on a group", "([a:x = 1]) WITHIN 5 SECONDS WITHIN 6 SECONDS", within(within(a, 5), 6)},
		{"comparison AND binds tighter than OR",
			"[a:x = 1 OR a:y = 2 AND a:z = 3]",
			observe(orExpr(eq("a", "x", intLit(1)), andExpr(eq("a", "y", intLit(2)), eq("a", "z", intLit(3)))))},
		{"comparison parentheses",
			"[(a:x = 1 OR a:y = 2) AND a:z = 3]",
			observe(andExpr(orExpr(eq("a", "x", intLit(1)), eq("a", "y", intLit(2))), eq("a", "z", intLit(3))))},
		{"NOT before the operator", "[a:x NOT = 1]", observe(negate(eq("a", "x", intLit(1))))},
		{"EXISTS", "[EXISTS a:x]", observe(&Comparison{Path: objPath("a", keyStep("x")), Op: OpExists})},
		{"NOT EXISTS", "[NOT EXISTS a:x]", observe(&Comparison{Path: objPath("a", keyStep("x")), Op: OpExists, Negated: true})},
		{"whitespace and comments", " \t[a:x/* c */=\n1]\u00a0// end", a},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := parseOK(t, tt.pattern)
			if diff := cmp.Diff(&Pattern{Root: tt.want, Version: "2.1"}, got); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.pattern, diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []errorCase{
		{"", 1, `expected an observation expression in square brackets "[…]" or a "(", found the end of the pattern`},
		{"file:size = 1", 1, `square brackets`},
		{"[]", 2, `expected an object path such as file:name, found "]"`},
		{"[a:x = 1", 9, `expected AND, OR or "]" to end the observation expression, found the end of the pattern`},
		{"[a:x = 1] [b:x = 1]", 11, `expected AND, OR, FOLLOWEDBY, a qualifier or the end of the pattern, found "["`},
		{"([a:x = 1]", 11, `expected AND, OR, FOLLOWEDBY, a qualifier or ")"`},
		{"[a:x = 1] AND", 14, `found the end of the pattern`},
		{"[a:x == ]", 9, `expected a literal value after =, found "]"`},
		{"[a:x === 1]", 8, `expected a literal value after =, found "="`},
		{"[a:x ! 1]", 6, `unexpected character '!'`},
		{"[a:x = 'abc]", 8, `unterminated string literal`},
		{`[a:x = 'a\nb']`, 10, `invalid escape`},
		{"[a:x = abc]", 8, `(strings are quoted with ')`},
		{"[a:x > true]", 8, `expected an orderable literal`},
		{"[a:x LIKE 5]", 11, `expected a string literal after LIKE`},
		{"[a:x MATCHES b'QQ==']", 14, `expected a string literal after MATCHES`},
		{"[a:x ISSUPERSET h'00']", 17, `expected a string literal after ISSUPERSET`},
		{"[a:x IN 'a']", 9, `expected a set literal such as ('a', 'b') after IN`},
		{"[a:x IN ('a' 'b')]", 14, `expected "," or ")" in the set literal`},
		{"[a:x IN ('a',)]", 14, `expected a literal value in the set, found ")"`},
		{"[a:x IN (('a'))]", 10, `expected a literal value in the set, found "("`},
		{"[a:x EXISTS]", 6, `expected a comparison operator`},
		{"[NOT a:x = 1]", 6, `expected EXISTS after NOT`},
		{"[a:x = 1 NOT]", 10, `expected AND, OR or "]"`},
		{"[a:x = 007]", 8, `leading zeros`},
		{"[a:x = 99999999999999999999]", 8, `integer out of range`},
		{"[a:x = 1/* never closed]", 9, `unterminated comment`},
		{"[a:x = 1] WITHIN 0 SECONDS", 18, `positive number of seconds`},
		{"[a:x = 1] WITHIN 5 seconds", 20, `expected SECONDS after WITHIN 5, found "seconds"`},
		{"[a:x = 1] REPEATS 0 TIMES", 19, `positive integer`},
		{"[a:x = 1] REPEATS 1.5 TIMES", 19, `expected a positive integer after REPEATS`},
		{"[a:x = 1] REPEATS 2", 20, `expected TIMES after REPEATS 2`},
		{"[a:x = 1] START t'2016-01-01T00:00:00Z'", 40, `expected STOP after the START timestamp`},
		{"[a:x = 1] START '2016-01-01T00:00:00Z' STOP '2016-01-02T00:00:00Z'", 17, `expected a timestamp t'YYYY-MM-DDTHH:MM:SSZ' after START`},
		{"[a:x = 1] START t'2016-01-02T00:00:00Z' STOP t'2016-01-01T00:00:00Z'", 46, `STOP timestamp must be later than the START`},
		{"[a:x = 1] START t'2016-01-01T00:00:00Z' STOP t'2016-01-01T00:00:00Z'", 46, `STOP timestamp must be later than the START`},
		{"[a:x = 1] WITHIN 1 SECONDS REPEATS 2 TIMES WITHIN 3 SECONDS", 44, `duplicate qualifier type encountered: WITHIN`},
		{"[a:x-y = 1]", 4, `property name x-y holds a hyphen: quote it as 'x-y'`},
		{"[a:x.AND = 1]", 6, `quote a property named like a keyword`},
		{"[a:x[] = 1]", 6, `expected a list index (an integer or "*") after "["`},
		{"[a:x[1.5] = 1]", 6, `expected a list index`},
		{"[a:x[0 = 1]", 8, `expected "]" after the list index`},
		{"[a.x = 1]", 3, `expected ":" after the object type "a", found "."`},
		{"[AND:x = 1]", 2, `expected an object path`},
		{"[é:x = 1]", 2, `unexpected character 'é'`},
		{"[a:x = 'é' AND ü]", 16, `unexpected character 'ü'`},
		{"[a:x = 'x'] \xff", 13, `invalid UTF-8`},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			t.Parallel()
			checkError(t, tt)
		})
	}
}

func TestSyntaxErrorString(t *testing.T) {
	t.Parallel()
	_, err := Parse("[file:name == ]")
	if got, want := err.Error(), `column 15: expected a literal value after =, found "]"`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	_, err = Parse("[a:x = '" + strings.Repeat("y", 100) + "' OR]")
	if got := err.Error(); !strings.HasSuffix(got, `found "]"`) {
		t.Errorf("Error() = %q", got)
	}
	_, err = Parse("[a:x = 1] " + strings.Repeat("z", 100))
	if got, want := err.Error(), `found "`+strings.Repeat("z", 40)+`…"`; !strings.HasSuffix(got, want) {
		t.Errorf("Error() = %q, want a suffix %q", got, want)
	}
}

func TestParseOptions(t *testing.T) {
	t.Parallel()
	if _, err := Parse("[a:x = 1]", WithVersion("2.2")); !errors.Is(err, ErrVersion) {
		t.Errorf("Parse with version 2.2 = %v, want ErrVersion", err)
	}
	if p := parseOK(t, "[a:x = 1]", WithVersion("2.0")); p.Version != "2.0" {
		t.Errorf("Version = %q, want 2.0", p.Version)
	}
	checkError(t, errorCase{"[a:x = t'2023-02-29T00:00:00Z']", 8, "day out of range for the month"}, WithStrictTimestamps())
	checkError(t, errorCase{"[a:x = 1] START '2023-02-29T00:00:00Z' STOP '2023-03-29T00:00:00Z'", 17, "day out of range for the month"},
		WithStrictTimestamps(), WithVersion("2.0"))
	parseOK(t, "[a:x = t'2024-02-29T00:00:00Z']", WithStrictTimestamps())
	deep := strings.Repeat("(", 5) + "[a:x = 1]" + strings.Repeat(")", 5)
	parseOK(t, deep, WithMaxDepth(6))
	checkError(t, errorCase{deep, 6, "nested too deeply (more than 5 levels)"}, WithMaxDepth(5))
	chain := "([a:x = 1])" + strings.Repeat(" WITHIN 1 SECONDS", 5)
	parseOK(t, chain, WithMaxDepth(5))
	checkError(t, errorCase{chain + " WITHIN 1 SECONDS", 98, "nested too deeply"}, WithMaxDepth(5))
}

func TestParseDeepNestingFails(t *testing.T) {
	t.Parallel()
	for _, open := range []string{"(", "[("} {
		s := open + strings.Repeat(open[len(open)-1:], 100000)
		if _, err := Parse(s); err == nil || !strings.Contains(err.Error(), "nested too deeply") {
			t.Errorf("Parse(%q…) = %v, want a depth error", open, err)
		}
	}
	comparisons := "[" + strings.Repeat("(", DefaultMaxDepth-1) + "a:x = 1" + strings.Repeat(")", DefaultMaxDepth-1) + "]"
	parseOK(t, comparisons)
}

func TestParseLongChainsAreFlat(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("[a:x = 0")
	for range 10000 {
		b.WriteString(" OR a:x = 1")
	}
	b.WriteString("]")
	p := parseOK(t, b.String())
	or, ok := p.Root.(*Observation).Comparison.(*Or)
	if !ok || len(or.Operands) != 10001 {
		t.Fatalf("Root = %T, want an Or of 10001 operands", p.Root.(*Observation).Comparison)
	}
}
