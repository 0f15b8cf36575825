package pattern

// A conformance suite for the parser written from the STIX 2.1
// specification's patterning chapter, section by section: 9.2 pattern
// expressions and precedence, 9.3 the grammar's literals and lexical
// rules, 9.4 object paths, 9.5 comparison operators, 9.6 observation
// operators and 9.7 qualifiers. Each section has a test of the forms it
// allows, compared as trees, and of the forms it rules out.

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// specCase is an accepted pattern and the tree it must parse to.
type specCase struct {
	name    string
	pattern string
	want    ObsExpr
}

func runSpecCases(t *testing.T, cases []specCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := parseOK(t, tt.pattern)
			if diff := cmp.Diff(&Pattern{Root: tt.want, Version: "2.1"}, got); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.pattern, diff)
			}
			checkRoundTrip(t, got)
		})
	}
}

func runSpecErrors(t *testing.T, cases []errorCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.pattern, func(t *testing.T) {
			t.Parallel()
			checkError(t, tt)
		})
	}
}

// 9.2: a pattern is observation expressions, each comparison expressions
// in square brackets; inside brackets AND binds tighter than OR, and
// parentheses group.
func TestSpec9_2_PatternExpressions(t *testing.T) {
	t.Parallel()
	x1, y2, z3 := eq("f", "x", intLit(1)), eq("f", "y", intLit(2)), eq("f", "z", intLit(3))
	runSpecCases(t, []specCase{
		{"one observation", "[f:x = 1]", observe(x1)},
		{"AND inside brackets", "[f:x = 1 AND f:y = 2]", observe(andExpr(x1, y2))},
		{"OR inside brackets", "[f:x = 1 OR f:y = 2]", observe(orExpr(x1, y2))},
		{"AND before OR", "[f:x = 1 OR f:y = 2 AND f:z = 3]", observe(orExpr(x1, andExpr(y2, z3)))},
		{"AND before OR on the left", "[f:x = 1 AND f:y = 2 OR f:z = 3]", observe(orExpr(andExpr(x1, y2), z3))},
		{"parentheses group", "[f:x = 1 AND (f:y = 2 OR f:z = 3)]", observe(andExpr(x1, orExpr(y2, z3)))},
		{"different object types in one observation", "[f:x = 1 AND g:y = 2]",
			observe(andExpr(x1, eq("g", "y", intLit(2))))},
		{"parenthesized observation", "([f:x = 1])", observe(x1)},
	})
	runSpecErrors(t, []errorCase{
		{"f:x = 1", 1, "square brackets"},
		{"[]", 2, "expected an object path"},
		{"[f:x = 1 AND]", 13, "expected an object path"},
		{"[f:x = 1 f:y = 2]", 10, `expected AND, OR or "]"`},
		{"[(f:x = 1]", 10, `expected AND, OR or ")"`},
		{"[f:x = 1] [f:y = 2]", 11, "expected AND, OR, FOLLOWEDBY"},
		{"[f:x = 1 and f:y = 2]", 10, `found "and"`},
	})
}

// 9.3: literals (string, integer, float, boolean, binary, hex,
// timestamp), case-sensitive keywords, white space and comments.
func TestSpec9_3_Literals(t *testing.T) {
	t.Parallel()
	lit := func(v Literal) ObsExpr { return simple("f", "x", v) }
	runSpecCases(t, []specCase{
		{"string", "[f:x = 'a b']", lit(strLit("a b"))},
		{"empty string", "[f:x = '']", lit(strLit(""))},
		{"escaped quote and backslash", `[f:x = 'it\'s C:\\dir']`, lit(strLit(`it's C:\dir`))},
		{"string holding anything else", "[f:x = 'line\nbreak \"é\" % _ /* */']", lit(strLit("line\nbreak \"é\" % _ /* */"))},
		{"integer", "[f:x = 42]", lit(intLit(42))},
		{"signed integers", "[f:x = -42 OR f:x = +42]", observe(orExpr(eq("f", "x", intLit(-42)), eq("f", "x", intLit(42))))},
		{"largest integer", "[f:x = 9223372036854775807]", lit(intLit(9223372036854775807))},
		{"smallest integer", "[f:x = -9223372036854775808]", lit(intLit(-9223372036854775808))},
		{"float", "[f:x = 3.25]", lit(floatLit(3.25))},
		{"float without integer part", "[f:x = -.5]", lit(floatLit(-0.5))},
		{"true", "[f:x = true]", lit(boolLit(true))},
		{"false", "[f:x != false]", observe(cmpOp("f", "x", OpNotEqual, boolLit(false)))},
		{"binary", "[f:x = b'dGhpcyBpcyBhIHRlc3Q=']", lit(binLit("this is a test"))},
		{"hex", "[f:x = h'ffd8']", lit(hexLit(0xff, 0xd8))},
		{"empty hex", "[f:x = h'']", lit(hexLit())},
		{"timestamp", "[f:x = t'2014-01-13T07:03:17Z']", lit(tsLit("2014-01-13T07:03:17Z"))},
		{"timestamp with fraction", "[f:x = t'2014-01-13T07:03:17.123456Z']", lit(tsLit("2014-01-13T07:03:17.123456Z"))},
		{"timestamp with leap second", "[f:x = t'2016-12-31T23:59:60Z']", lit(tsLit("2016-12-31T23:59:60Z"))},
		{"white space of all kinds", "\t[\nf:x\r=\u20031\u3000]\u00a0", lit(intLit(1))},
		{"comments", "/* before */[f:x = 1 /* inside */] // after", lit(intLit(1))},
	})
	runSpecErrors(t, []errorCase{
		{"[f:x = \"a\"]", 8, `unexpected character '"'`},
		{`[f:x = 'a\tb']`, 10, "invalid escape"},
		{"[f:x = 'a]", 8, "unterminated string literal"},
		{"[f:x = TRUE]", 8, "expected a literal value after ="},
		{"[f:x = 01]", 8, "leading zeros"},
		{"[f:x = 9223372036854775808]", 8, "integer out of range"},
		{"[f:x = 1e5]", 9, `found "e5"`},
		{"[f:x = b'']", 8, "invalid binary literal b'': base64 data must not be empty"},
		{"[f:x = b'QQ']", 8, "base64 length must be a multiple of 4"},
		{"[f:x = b'QQ=A']", 8, "not valid base64"},
		{"[f:x = h'f']", 8, "hex data must have an even number of digits"},
		{"[f:x = h'0x00']", 8, "not a hex digit: 'x'"},
		{"[f:x = t'2014-01-13T07:03:17+01:00']", 8, "invalid timestamp literal"},
		{"[f:x = t'2014-01-13 07:03:17Z']", 8, "invalid timestamp literal"},
		{"[f:x = t'2014-01-13T07:03:17.Z']", 8, "invalid timestamp literal"},
		{"[f:x = t'2014-01-13T24:00:00Z']", 8, "hour out of range"},
		{"[f:x = 1] and [f:y = 2]", 11, `found "and"`},
		{"[f:x = 1] /* open", 11, "unterminated comment"},
	})
}

// 9.4: object paths: type:property, nested properties with ".", quoted
// keys, list indexes and [*], _ref and _refs dereferencing, extensions.
func TestSpec9_4_ObjectPaths(t *testing.T) {
	t.Parallel()
	path := func(op ObjectPath) ObsExpr {
		return observe(&Comparison{Path: op, Op: OpEqual, Value: intLit(1)})
	}
	runSpecCases(t, []specCase{
		{"property", "[file:size = 1]", path(objPath("file", keyStep("size")))},
		{"hyphenated object type", "[x509-certificate:serial_number = 1]", path(objPath("x509-certificate", keyStep("serial_number")))},
		{"custom object type", "[x-usb-device:usbdrive.serial_number = 1]", path(objPath("x-usb-device", keyStep("usbdrive"), keyStep("serial_number")))},
		{"dictionary key", "[file:hashes.MD5 = 1]", path(objPath("file", keyStep("hashes"), keyStep("MD5")))},
		{"quoted key", "[file:hashes.'SHA-256' = 1]", path(objPath("file", keyStep("hashes"), keyStep("SHA-256")))},
		{"quoted first property", "[file:'size' = 1]", path(objPath("file", keyStep("size")))},
		{"key with a quote", `[file:x.'it\'s' = 1]`, path(objPath("file", keyStep("x"), keyStep("it's")))},
		{"list index", "[network-traffic:extensions[0].x = 1]", path(objPath("network-traffic", keyStep("extensions"), indexStep(0), keyStep("x")))},
		{"negative list index", "[f:x[-1] = 1]", path(objPath("f", keyStep("x"), indexStep(-1)))},
		{"any list element", "[file:hashes[*] = 1]", path(objPath("file", keyStep("hashes"), anyStep()))},
		{"reference", "[email-message:from_ref.value = 1]", path(objPath("email-message", keyStep("from_ref"), keyStep("value")))},
		{"reference list", "[domain-name:resolves_to_refs[*].value = 1]",
			path(objPath("domain-name", keyStep("resolves_to_refs"), anyStep(), keyStep("value")))},
		{"reference inside a list", "[email-message:body_multipart[*].body_raw_ref.name = 1]",
			path(objPath("email-message", keyStep("body_multipart"), anyStep(), keyStep("body_raw_ref"), keyStep("name")))},
		{"extension", "[file:extensions.'windows-pebinary-ext'.sections[*].entropy = 1]",
			path(objPath("file", keyStep("extensions"), keyStep("windows-pebinary-ext"), keyStep("sections"), anyStep(), keyStep("entropy")))},
		{"keyword as a quoted key", "[f:'AND'.'true' = 1]", path(objPath("f", keyStep("AND"), keyStep("true")))},
	})
	runSpecErrors(t, []errorCase{
		{"[file.size = 1]", 6, `expected ":" after the object type "file"`},
		{"[:size = 1]", 2, "expected an object path"},
		{"['file':size = 1]", 2, "expected an object path"},
		{"[file: = 1]", 8, `expected a property name after ":"`},
		{"[file:hashes.SHA-256 = 1]", 14, "property name SHA-256 holds a hyphen"},
		{"[file:hashes. = 1]", 15, `expected a property name after "."`},
		{"[file:x[a] = 1]", 9, "expected a list index"},
		{"[file:x['a'] = 1]", 9, "expected a list index"},
		{"[file:x[*.y = 1]", 10, `expected "]" after the list index`},
		{"[file:x[99999999999999999999] = 1]", 9, "list index integer out of range"},
		{"[file:OR = 1]", 7, "quote a property named like a keyword"},
	})
}

// 9.5: the comparison operators, NOT before any of them, and the literal
// types each takes.
func TestSpec9_5_ComparisonOperators(t *testing.T) {
	t.Parallel()
	op := func(o Op, v Literal) ObsExpr { return observe(cmpOp("f", "x", o, v)) }
	runSpecCases(t, []specCase{
		{"=", "[f:x = 'a']", op(OpEqual, strLit("a"))},
		{"== is =", "[f:x == 'a']", op(OpEqual, strLit("a"))},
		{"!=", "[f:x != 'a']", op(OpNotEqual, strLit("a"))},
		{"<> is !=", "[f:x <> 'a']", op(OpNotEqual, strLit("a"))},
		{">", "[f:x > 5]", op(OpGreater, intLit(5))},
		{"<", "[f:x < 5.5]", op(OpLess, floatLit(5.5))},
		{">=", "[f:x >= 'b']", op(OpGreaterEqual, strLit("b"))},
		{"<=", "[f:x <= t'2020-01-01T00:00:00Z']", op(OpLessEqual, tsLit("2020-01-01T00:00:00Z"))},
		{"order on binary", "[f:x > b'AAAA']", op(OpGreater, binLit("\x00\x00\x00"))},
		{"order on hex", "[f:x < h'ff']", op(OpLess, hexLit(0xff))},
		{"IN", "[f:x IN ('a', 'b')]", op(OpIn, setLit(strLit("a"), strLit("b")))},
		{"IN mixed and boolean", "[f:x IN (1, true, 'c')]", op(OpIn, setLit(intLit(1), boolLit(true), strLit("c")))},
		{"IN empty set", "[f:x IN ()]", op(OpIn, setLit())},
		{"LIKE", "[f:x LIKE 'a%b_']", op(OpLike, strLit("a%b_"))},
		{"MATCHES", `[f:x MATCHES '^a\\.b$']`, op(OpMatches, strLit(`^a\.b$`))},
		{"ISSUBSET", "[f:x ISSUBSET '10.0.0.0/8']", op(OpIsSubset, strLit("10.0.0.0/8"))},
		{"ISSUPERSET", "[f:x ISSUPERSET '2001:db8::/32']", op(OpIsSuperset, strLit("2001:db8::/32"))},
		{"NOT =", "[f:x NOT = 'a']", observe(negate(cmpOp("f", "x", OpEqual, strLit("a"))))},
		{"NOT IN", "[f:x NOT IN (1)]", observe(negate(cmpOp("f", "x", OpIn, setLit(intLit(1)))))},
		{"NOT MATCHES", "[f:x NOT MATCHES 'a']", observe(negate(cmpOp("f", "x", OpMatches, strLit("a"))))},
		{"EXISTS", "[EXISTS f:x]", observe(&Comparison{Path: objPath("f", keyStep("x")), Op: OpExists})},
		{"NOT EXISTS", "[NOT EXISTS f:x.y]", observe(&Comparison{Path: objPath("f", keyStep("x"), keyStep("y")), Op: OpExists, Negated: true})},
	})
	runSpecErrors(t, []errorCase{
		{"[f:x 'a']", 6, "expected a comparison operator"},
		{"[f:x =< 1]", 7, `expected a literal value after =, found "<"`},
		{"[f:x > true]", 8, "expected an orderable literal"},
		{"[f:x < (1, 2)]", 8, "expected an orderable literal"},
		{"[f:x = (1, 2)]", 8, "expected a literal value after ="},
		{"[f:x IN 1]", 9, "expected a set literal"},
		{"[f:x IN (1, (2))]", 13, "expected a literal value in the set"},
		{"[f:x LIKE 1]", 11, "expected a string literal after LIKE"},
		{"[f:x MATCHES /a/]", 14, "expected a string literal after MATCHES"},
		{"[f:x ISSUBSET 10]", 15, "expected a string literal after ISSUBSET"},
		{"[f:x ISSUPERSET t'2020-01-01T00:00:00Z']", 17, "expected a string literal after ISSUPERSET"},
		{"[f:x EXISTS]", 6, "expected a comparison operator"},
		{"[EXISTS f:x = 1]", 13, `expected AND, OR or "]"`},
		{"[f:x = NOT 1]", 8, "expected a literal value"},
		{"[NOT f:x = 1]", 6, "expected EXISTS after NOT"},
		{"[f:x NOT NOT = 1]", 10, "expected a comparison operator"},
	})
}

// 9.6: AND, OR and FOLLOWEDBY between observation expressions: AND binds
// tightest, FOLLOWEDBY loosest, all left-associative.
func TestSpec9_6_ObservationOperators(t *testing.T) {
	t.Parallel()
	a, b, c := simple("a", "x", intLit(1)), simple("b", "x", intLit(1)), simple("c", "x", intLit(1))
	runSpecCases(t, []specCase{
		{"AND", "[a:x = 1] AND [b:x = 1]", obsAnd(a, b)},
		{"OR", "[a:x = 1] OR [b:x = 1]", obsOr(a, b)},
		{"FOLLOWEDBY", "[a:x = 1] FOLLOWEDBY [b:x = 1]", followed(a, b)},
		{"AND over OR", "[a:x = 1] OR [b:x = 1] AND [c:x = 1]", obsOr(a, obsAnd(b, c))},
		{"OR over FOLLOWEDBY", "[a:x = 1] OR [b:x = 1] FOLLOWEDBY [c:x = 1]", followed(obsOr(a, b), c)},
		{"FOLLOWEDBY chain in order", "[a:x = 1] FOLLOWEDBY [b:x = 1] FOLLOWEDBY [c:x = 1]", followed(a, b, c)},
		{"parentheses", "([a:x = 1] OR [b:x = 1]) AND [c:x = 1]", obsAnd(obsOr(a, b), c)},
		{"right group kept", "[a:x = 1] FOLLOWEDBY ([b:x = 1] FOLLOWEDBY [c:x = 1])", followed(a, followed(b, c))},
	})
	runSpecErrors(t, []errorCase{
		{"[a:x = 1] AND", 14, "found the end of the pattern"},
		{"[a:x = 1] FOLLOWEDBY FOLLOWEDBY [b:x = 1]", 22, `found "FOLLOWEDBY"`},
		{"[a:x = 1] followedby [b:x = 1]", 11, `found "followedby"`},
		{"[a:x = 1] NOT [b:x = 1]", 11, `found "NOT"`},
		{"([a:x = 1] AND [b:x = 1]", 25, `expected AND, OR, FOLLOWEDBY, a qualifier or ")"`},
		{"[a:x = 1] AND ()", 16, "expected an observation expression"},
	})
}

// 9.7: WITHIN n SECONDS, START t STOP t and REPEATS n TIMES, alone and
// combined; a qualifier type at most once directly on a bracketed
// observation.
func TestSpec9_7_Qualifiers(t *testing.T) {
	t.Parallel()
	a, b := simple("a", "x", intLit(1)), simple("b", "x", intLit(1))
	const t1, t2 = "2016-06-01T00:00:00Z", "2016-07-01T00:00:00Z"
	runSpecCases(t, []specCase{
		{"WITHIN integer", "[a:x = 1] WITHIN 300 SECONDS", within(a, 300)},
		{"WITHIN float", "[a:x = 1] WITHIN 0.001 SECONDS", within(a, 0.001)},
		{"WITHIN on a group", "([a:x = 1] FOLLOWEDBY [b:x = 1]) WITHIN 300 SECONDS", within(followed(a, b), 300)},
		{"REPEATS", "[a:x = 1] REPEATS 5 TIMES", repeats(a, 5)},
		{"START STOP", "[a:x = 1] START t'" + t1 + "' STOP t'" + t2 + "'", startStop(a, t1, t2)},
		{"all three", "[a:x = 1] REPEATS 5 TIMES WITHIN 1800 SECONDS START t'" + t1 + "' STOP t'" + t2 + "'",
			startStop(within(repeats(a, 5), 1800), t1, t2)},
		{"qualifier binds to its own operand", "[a:x = 1] AND [b:x = 1] REPEATS 2 TIMES", obsAnd(a, repeats(b, 2))},
		{"each operand qualified", "[a:x = 1] WITHIN 1 SECONDS OR [b:x = 1] WITHIN 2 SECONDS", obsOr(within(a, 1), within(b, 2))},
		{"same type on a group", "([a:x = 1] REPEATS 2 TIMES) REPEATS 3 TIMES", repeats(repeats(a, 2), 3)},
	})
	runSpecErrors(t, []errorCase{
		{"[a:x = 1] WITHIN 5", 19, "expected SECONDS after WITHIN 5"},
		{"[a:x = 1] WITHIN 5 MINUTES", 20, `found "MINUTES"`},
		{"[a:x = 1] WITHIN -1 SECONDS", 18, "positive number of seconds"},
		{"[a:x = 1] WITHIN 0.0 SECONDS", 18, "positive number of seconds"},
		{"[a:x = 1] WITHIN '5' SECONDS", 18, "positive number of seconds"},
		{"[a:x = 1] REPEATS -2 TIMES", 19, "positive integer"},
		{"[a:x = 1] REPEATS 0 TIMES", 19, "positive integer"},
		{"[a:x = 1] REPEATS 2", 20, "expected TIMES"},
		{"[a:x = 1] START t'" + t2 + "' STOP t'" + t1 + "'", 46, "STOP timestamp must be later than the START"},
		{"[a:x = 1] STOP t'" + t2 + "'", 11, "expected AND, OR, FOLLOWEDBY, a qualifier or the end"},
		{"[a:x = 1] START t'" + t1 + "'", 40, "expected STOP"},
		{"[a:x = 1] START '" + t1 + "' STOP '" + t2 + "'", 17, "expected a timestamp t'"},
		{"[a:x = 1] REPEATS 2 TIMES REPEATS 3 TIMES", 27, "duplicate qualifier type encountered: REPEATS"},
		{"[a:x = 1] WITHIN 2 SECONDS REPEATS 2 TIMES WITHIN 3 SECONDS", 44, "duplicate qualifier type encountered: WITHIN"},
		{"[a:x = 1] START t'" + t1 + "' STOP t'" + t2 + "' START t'" + t1 + "' STOP t'" + t2 + "'", 70,
			"duplicate qualifier type encountered: STARTSTOP"},
		{"WITHIN 5 SECONDS [a:x = 1]", 1, "expected an observation expression"},
	})
}
