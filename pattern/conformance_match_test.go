package pattern

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The conformance suite of the matcher, written from STIX 2.1 section 9
// (Patterning) section by section, with the OASIS reference matcher's
// behaviour where the text leaves a choice. The section numbers are those
// of the STIX 2.1 OASIS Standard: 9.2 Pattern Expressions, 9.3 Pattern
// Grammar (literals), 9.4 Object Paths, 9.5 Comparison Operators, 9.6
// Observation Operators, 9.7 Qualifiers. The observations are bundles in
// testdata/match:
//
//	people.json   x-person alice (age 10), bob (17), carol (22), seen at
//	              13:37:52, 13:37:57 and 13:38:02 on 1994-11-29
//	counts.json   the same people with number_observed 2, 3 and 2
//	values.json   one x-test object with a property of every type
//	network.json  STIX 2.1 SCOs: traffic, addresses, a domain, a URL, an
//	              email with an attachment, a DLL with a PE extension
//	v20.json      STIX 2.0 observed-data with embedded objects maps

// 9.2: the comparison expressions of one observation expression are
// evaluated against one observation; comparisons joined by AND hold on the
// same object.
func TestSpec9_2_ObservationExpressionIsOneObservation(t *testing.T) {
	t.Parallel()
	people := loadMatchData(t, "people.json")
	expectMatch(t, people, true,
		"[x-person:name = 'alice' AND x-person:age = 10]",
		"[x-person:name = 'alice' OR x-person:age = 17]",
	)
	expectMatch(t, people, false,
		"[x-person:name = 'alice' AND x-person:age = 17]",
		"[x-person:name = 'alice' AND x-person:name = 'bob']",
	)
}

func TestSpec9_2_AndHoldsOnOneObject(t *testing.T) {
	t.Parallel()
	net := loadMatchData(t, "network.json")
	expectMatch(t, net, true,
		"[network-traffic:dst_port = 443 AND network-traffic:dst_ref.value = '203.0.113.33']",
		"[ipv4-addr:value = '203.0.113.33' OR ipv4-addr:value = '198.51.100.7']",
		"[network-traffic:dst_port = 443 OR ipv4-addr:value = '10.0.0.1']",
	)
	expectMatch(t, net, false,
		// Two addresses of one observation are two objects.
		"[ipv4-addr:value = '203.0.113.33' AND ipv4-addr:value = '198.51.100.7']",
		// Comparisons of different object types joined by AND never hold.
		"[network-traffic:dst_port = 443 AND ipv4-addr:value = '203.0.113.33']",
	)
}

// 9.2: FOLLOWEDBY binds loosest, then OR, then AND; qualifiers bind to the
// observation expression before them.
func TestSpec9_2_Precedence(t *testing.T) {
	t.Parallel()
	people := loadMatchData(t, "people.json")
	expectMatch(t, people, true,
		"[x-person:age > 20] OR [x-person:name > 'zelda'] AND [x-person:age < 0]",
		"([x-person:name = 'alice'] FOLLOWEDBY [x-person:name < 'elizabeth']) AND [x-person:age > 20]",
		"[x-person:name = 'alice'] AND [x-person:name < 'carol'] WITHIN 1 SECONDS",
	)
	expectMatch(t, people, false,
		"[x-person:age > 20] OR [x-person:name > 'zelda'] FOLLOWEDBY [x-person:age < 0]",
		"([x-person:age > 20] OR [x-person:name > 'zelda']) AND [x-person:age < 0]",
		"[x-person:name = 'carol'] FOLLOWEDBY [x-person:name < 'elizabeth'] AND [x-person:age < 15]",
	)
}

// 9.3: binary (b'…') and hex (h'…') literals compare with _bin and _hex
// properties, decoded, and with strings whose code points are all below
// 256, read as bytes.
func TestSpec9_3_BinaryAndHexLiterals(t *testing.T) {
	t.Parallel()
	values := loadMatchData(t, "values.json")
	expectMatch(t, values, true,
		"[x-test:name = h'616c696365']",
		"[x-test:name = b'YWxpY2U=']",
		"[x-test:name_bin = h'616c696365']",
		"[x-test:name_bin = b'YWxpY2U=']",
		"[x-test:name_bin = 'alice']",
		"[x-test:name_hex = h'616c696365']",
		"[x-test:name_hex = b'YWxpY2U=']",
		"[x-test:name_hex = 'alice']",
		"[x-test:name > h'616172647661726b']",
		"[x-test:name_bin > b'YWFyZHZhcms=']",
		"[x-test:name_bin > 'aardvark']",
		"[x-test:name_hex > 'aardvark']",
		"[x-test:bin_hex = h'01020304']",
		"[x-test:bin_hex = b'AQIDBA==']",
		"[x-test:bin_hex = '\x01\x02\x03\x04']",
		"[x-test:bad_hex != h'00']",
		// Incomparable is false, and NOT makes it true.
		"[x-test:name_bin NOT <= 'ălice']",
	)
	expectMatch(t, values, false,
		// A code point past 255 makes string and binary incomparable.
		"[x-test:name_bin = 'ălice']",
		"[x-test:name_bin > 'ălice']",
		"[x-test:name_bin < 'ălice']",
		"[x-test:name_bin <= 'ălice']",
		"[x-test:name_hex >= 'ălice']",
		"[x-test:name_hex = 'ălice']",
		"[x-test:name_u = h'616c696365']",
		"[x-test:name_u > h'616c696365']",
		"[x-test:name_u < b'YWxpY2U=']",
		// An undecodable _hex property equals nothing.
		"[x-test:bad_hex = 'zz']",
	)
}

// 9.3: timestamp literals compare as instants with timestamp strings.
func TestSpec9_3_TimestampLiterals(t *testing.T) {
	t.Parallel()
	values := loadMatchData(t, "values.json")
	net := loadMatchData(t, "network.json")
	expectMatch(t, values, true,
		"[x-test:when = t'2014-01-13T07:03:17.5Z']",
		"[x-test:when = t'2014-01-13T07:03:17.500000Z']",
		"[x-test:when > t'2014-01-13T07:03:17Z']",
		"[x-test:when <= t'2014-01-13T07:03:18Z']",
		"[x-test:when IN (t'2010-01-01T00:00:00Z', t'2014-01-13T07:03:17.5Z')]",
		// A string that is not a timestamp is of another type: unequal
		// (the reference matcher raises an error instead).
		"[x-test:not_a_time != t'2014-01-13T07:03:17Z']",
		"[x-test:int != t'1965-07-19T22:41:38Z']",
	)
	expectMatch(t, values, false,
		"[x-test:when = t'2014-01-13T07:03:17Z']",
		"[x-test:not_a_time = t'2014-01-13T07:03:17Z']",
		"[x-test:not_a_time > t'2014-01-13T07:03:17Z']",
		"[x-test:int > t'1965-07-19T22:41:38Z']",
	)
	expectMatch(t, net, true,
		"[(file:name = 'pdf.exe' OR file:size = 371712) AND file:created = t'2014-01-13T07:03:17Z']",
	)
}

// 9.4: [*] selects any element of a list, [n] the n-th from 0.
func TestSpec9_4_ListSteps(t *testing.T) {
	t.Parallel()
	net := loadMatchData(t, "network.json")
	expectMatch(t, net, true,
		"[network-traffic:protocols[*] = 'tls']",
		"[network-traffic:protocols[0] = 'ipv4']",
		"[network-traffic:protocols[2] = 'tls']",
		"[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]",
		"[file:extensions.'windows-pebinary-ext'.sections[0].name = '.text']",
	)
	expectMatch(t, net, false,
		"[network-traffic:protocols[3] = 'tls']",
		"[network-traffic:protocols[-1] = 'tls']",
		"[network-traffic:protocols = 'tls']",
		"[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 8.0]",
		"[file:extensions.'windows-pebinary-ext'.sections[1].name = '.text']",
	)
}

// 9.4: a path through a _ref or _refs property continues on the object it
// names, within the same observation.
func TestSpec9_4_References(t *testing.T) {
	t.Parallel()
	net := loadMatchData(t, "network.json")
	expectMatch(t, net, true,
		"[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.33']",
		"[domain-name:value = 'www.5z8.info' AND domain-name:resolves_to_refs[*].value = '198.51.100.7']",
		`[email-message:from_ref.value MATCHES '.+\\@example\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\.exe$']`,
		`[file:name = 'foo.dll' AND file:parent_directory_ref.path = 'C:\\Windows\\System32']`,
		// Objects reached by reference belong to the observation.
		"[ipv4-addr:value = '198.51.100.7']",
		"[directory:path LIKE 'C:%']",
	)
	expectMatch(t, net, false,
		"[network-traffic:dst_ref.value = '198.51.100.7' AND network-traffic:dst_port = 443]",
		// The second reference names no object of the bundle.
		"[domain-name:resolves_to_refs[1].value = '198.51.100.7']",
		"[email-message:from_ref.value = 'someone@example.com']",
	)
}

// 9.4: STIX 2.0 observed-data embed their objects in a map and refer to
// them by key.
func TestSpec9_4_ReferencesSTIX20(t *testing.T) {
	t.Parallel()
	v20 := loadMatchData(t, "v20.json")
	expectMatch(t, v20, true,
		"[x-person:knows_ref.name = 'bob']",
		"[x-person:knows_refs[*].name = 'alice' OR x-person:knows_ref.name = 'darlene']",
		"[x-person:knows_refs[*].name = 'carol' AND x-person:knows_refs[*].name = 'bob']",
		"[x-person:knows_refs[*].knows_refs[*].name = 'alice']",
		"[x-person:knows_refs[0].name = 'alice']",
		"[network-traffic:dst_ref.value = '203.0.113.9' AND network-traffic:src_ref.value = '198.51.100.3']",
		// A reference compared as it is, with no step after it, is its key.
		"[network-traffic:src_ref = '0']",
	)
	expectMatch(t, v20, false,
		"[x-person:knows_ref.name = 'erin']",
		"[x-person:knows_refs[*].name = 'alice' AND x-person:knows_ref.name = 'darlene']",
		"[x-person:knows_refs[*].name = 'erin' OR x-person:knows_refs[*].name = 'darlene']",
		"[x-person:knows_refs[3].name = 'alice']",
	)
}

// 9.4: dictionary keys and extension names that are not identifiers are
// quoted; hashes are dictionaries.
func TestSpec9_4_QuotedKeysAndExtensions(t *testing.T) {
	t.Parallel()
	net := loadMatchData(t, "network.json")
	expectMatch(t, net, true,
		"[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
		"[file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f' AND file:name = 'foo.dll']",
		"[file:extensions.'windows-pebinary-ext'.pe_type = 'dll']",
		"[file:magic_number_hex = h'ffd8']",
	)
	expectMatch(t, net, false,
		"[file:hashes.'x-sha-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
		"[file:hashes.md5 = 'cead3f77f6cda6ec00f57d76c9a6879f']",
	)
}

// 9.5: = and != with every pairing of types: numbers compare as numbers,
// other types only with their own; a pairing of different types is
// unequal, so != holds. A comparison never holds on a missing property,
// != included.
func TestSpec9_5_EqualityAcrossTypes(t *testing.T) {
	t.Parallel()
	values := loadMatchData(t, "values.json")
	expectMatch(t, values, true,
		"[x-test:int = 5]", "[x-test:int NOT != 5]", "[x-test:int != false]",
		"[x-test:int NOT = true]", "[x-test:int != 'world']", "[x-test:int != h'010203']",
		"[x-test:float = 12.658]", "[x-test:float_int = 12]", "[x-test:int = 5.0]",
		"[x-test:bool = true]", "[x-test:bool != 1]", "[x-test:bool NOT = false]",
		"[x-test:string = 'hello']", "[x-test:string != 1]", "[x-test:string != true]",
		"[x-test:list != 'a']", "[x-test:dict != 'v']", "[x-test:null != 'alice']",
	)
	expectMatch(t, values, false,
		"[x-test:int = '5']", "[x-test:int = true]", "[x-test:int NOT = 5]",
		"[x-test:float != 12.658]", "[x-test:float = 'world']", "[x-test:float NOT != 'world']",
		"[x-test:bool = 1]", "[x-test:bool != true]", "[x-test:string = 1]",
		"[x-test:string NOT = 'hello']", "[x-test:list = 'a']", "[x-test:null = 'alice']",
		"[x-test:missing != 'alice']", "[x-test:missing NOT = 'alice']",
	)
}

// 9.5: <, <=, >, >= order numbers, strings (by code point), binary values
// and timestamps; other pairings are false, with NOT or without.
func TestSpec9_5_Order(t *testing.T) {
	t.Parallel()
	values := loadMatchData(t, "values.json")
	expectMatch(t, values, true,
		"[x-test:int > 3]", "[x-test:int NOT < 3]", "[x-test:int < 12]", "[x-test:int > 4.9]",
		"[x-test:int < 5.1]", "[x-test:int >= 5]", "[x-test:int <= 5]", "[x-test:float > 12.65799]",
		"[x-test:float < 12.65801]", "[x-test:string > 'alice']", "[x-test:string < 'zelda']",
		"[x-test:string >= 'hello']", "[x-test:string <= 'hello']", "[x-test:name_u > 'b']",
	)
	expectMatch(t, values, false,
		"[x-test:int > 8]", "[x-test:int < 2]", "[x-test:int > 5.1]", "[x-test:float > 22]",
		"[x-test:string < 'alice']", "[x-test:string > 'zelda']", "[x-test:string <= 'alice']",
		"[x-test:int > h'010203']", "[x-test:int < b'AQIDBA==']", "[x-test:int > 'a']",
		"[x-test:int NOT > 'a']", "[x-test:string NOT < 1]", "[x-test:null > 'alice']",
		"[x-test:null <= 'alice']", "[x-test:list > 'a']",
	)
}

// 9.5: IN holds when the value equals a member of the set.
func TestSpec9_5_In(t *testing.T) {
	t.Parallel()
	values := loadMatchData(t, "values.json")
	expectMatch(t, values, true,
		"[x-test:int IN (-4, 5, 6)]", "[x-test:int IN (-4, 5, 6.6)]",
		"[x-test:int NOT IN ('a', 'b', 'c')]", "[x-test:float_int IN (11, 12, 13)]",
		"[x-test:bool IN (false, true, false)]", "[x-test:string IN ('goodbye', 'hello', 'world')]",
		"[x-test:string NOT IN (1, 2, 3)]", "[x-test:string NOT IN ()]",
		"[x-test:string IN ('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'hello')]",
		"[x-test:name_bin IN ('bob', 'alice')]",
	)
	expectMatch(t, values, false,
		"[x-test:int NOT IN (-4, 5, 6)]", "[x-test:int IN ('a', 'b', 'c')]",
		"[x-test:string IN ()]", "[x-test:string IN (1, 2, 3)]", "[x-test:null IN ('alice')]",
		"[x-test:string IN ('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j')]",
	)
}

// 9.5: LIKE is SQL LIKE: % any run of characters, _ one character; only
// strings (and binary values read as UTF-8) can match.
func TestSpec9_5_Like(t *testing.T) {
	t.Parallel()
	values := loadMatchData(t, "values.json")
	net := loadMatchData(t, "network.json")
	expectMatch(t, values, true,
		"[x-test:string LIKE 'he%']", "[x-test:string LIKE 'he__o']", "[x-test:string LIKE '%l%']",
		"[x-test:string LIKE '%llo']", "[x-test:string LIKE 'hello']", "[x-test:string LIKE '%']",
		"[x-test:string LIKE 'h%l_o']", "[x-test:int NOT LIKE 'he%']",
		"[x-test:name_bin LIKE '%alice%']", "[x-test:name_bin NOT LIKE '%ălice%']",
		"[x-test:utf8_bin LIKE 'caf_']",
		// % also spans line breaks, as in SQL.
		"[x-test:text LIKE 'line%two']",
	)
	expectMatch(t, values, false,
		"[x-test:string NOT LIKE 'he%']", "[x-test:string LIKE 'He%']", "[x-test:string LIKE 'hell']",
		"[x-test:string LIKE '_hello']", "[x-test:string LIKE 'h%x%o']", "[x-test:int LIKE '5']",
		"[x-test:null LIKE '%']", "[x-test:name_bin LIKE 'ălice']",
	)
	expectMatch(t, net, true, "[url:value LIKE 'http://example.com/owa/auth/%']")
}

// 9.5: MATCHES searches a PCRE regular expression in the value; binary
// values are matched byte by byte (bytes as code points 0-255).
func TestSpec9_5_Matches(t *testing.T) {
	t.Parallel()
	values := loadMatchData(t, "values.json")
	expectMatch(t, values, true,
		"[x-test:string MATCHES 'l+']", "[x-test:string MATCHES '.lo$']", "[x-test:string MATCHES '^h']",
		"[x-test:int NOT MATCHES 'l+']",
		`[x-test:name_hex MATCHES '\\x61li[c\\x01]e']`,
		`[x-test:name_bin MATCHES '\\x61li[c\\x01]e']`,
		`[x-test:name_bin NOT MATCHES '\\x62o[b\\x01]']`,
		"[x-test:name_bin NOT MATCHES 'ălice']",
		`[x-test:bin_hex MATCHES '.*\\x03']`,
		`[x-test:utf8_bin MATCHES '^caf\\xc3\\xa9$']`,
		// PCRE features beyond RE2 run on the backtracking engine.
		`[x-test:string MATCHES '(l)\\1']`,
		"[x-test:string MATCHES 'h(?=e)']",
		"[x-test:string MATCHES '(?<=l)o']",
	)
	expectMatch(t, values, false,
		"[x-test:string NOT MATCHES 'l+']", "[x-test:string MATCHES '^l']", "[x-test:int MATCHES '5']",
		`[x-test:name_bin MATCHES '\\x62o[b\\x01]']`,
		`[x-test:name_hex NOT MATCHES '\\x61li[c\\x01]e']`,
		"[x-test:name_bin MATCHES 'ălice']",
		"[x-test:string MATCHES 'h(?!e)']",
		`[x-test:string MATCHES '(e)\\1']`,
		"[x-test:null MATCHES '']",
	)
}

// 9.5: ISSUBSET holds when the address or block lies in the literal's CIDR
// block, ISSUPERSET when the value's block holds the literal; IPv4 and
// IPv6 alike, never across versions.
func TestSpec9_5_SubsetSuperset(t *testing.T) {
	t.Parallel()
	values := loadMatchData(t, "values.json")
	expectMatch(t, values, true,
		"[x-test:ip ISSUBSET '11.22.41.123/20']", "[x-test:ip NOT ISSUBSET '11.22.123.41/20']",
		"[x-test:cidr ISSUPERSET '11.22.41.123']", "[x-test:cidr ISSUPERSET '11.22.41.123/29']",
		"[x-test:cidr NOT ISSUPERSET '11.22.33.44/13']", "[x-test:cidr ISSUBSET '11.0.0.0/8']",
		"[x-test:int NOT ISSUBSET '11.22.33.44']", "[x-test:bool NOT ISSUPERSET '11.22.33.44']",
		"[x-test:ip6 ISSUBSET '2001:db8:dead:beef::/64']", "[x-test:ip6 ISSUBSET '2001:db8::/32']",
		"[x-test:cidr6 ISSUPERSET '2001:db8:1::/48']", "[x-test:cidr6 ISSUPERSET '2001:db8::1']",
		"[x-test:ip ISSUBSET '0.0.0.0/0']",
	)
	expectMatch(t, values, false,
		"[x-test:ip NOT ISSUBSET '11.22.41.123/20']", "[x-test:ip ISSUBSET '11.22.123.41/20']",
		"[x-test:cidr ISSUPERSET '11.22.33.44/13']", "[x-test:cidr ISSUBSET '11.22.33.0/24']",
		"[x-test:int ISSUBSET '11.22.33.44']", "[x-test:string ISSUBSET '0.0.0.0/0']",
		"[x-test:ip6 ISSUBSET '2001:db8:dead:beee::/64']", "[x-test:ip6 ISSUBSET '11.0.0.0/8']",
		"[x-test:ip ISSUBSET '::/0']", "[x-test:cidr6 ISSUPERSET '2001:db9::1']",
		"[x-test:null ISSUBSET '0.0.0.0/0']",
	)
}

// 9.5: EXISTS holds when the path selects a value.
func TestSpec9_5_Exists(t *testing.T) {
	t.Parallel()
	net := loadMatchData(t, "network.json")
	values := loadMatchData(t, "values.json")
	expectMatch(t, net, true,
		"[EXISTS network-traffic:src_ref]",
		"[EXISTS file:hashes.MD5]",
		"[NOT EXISTS network-traffic:src_ref]", // the IPv6 traffic has none
		"[EXISTS email-message:body_multipart[*].body_raw_ref]",
		"[EXISTS network-traffic:dst_ref.value AND network-traffic:dst_port = 8443]",
	)
	expectMatch(t, values, true, "[EXISTS x-test:null]", "[EXISTS x-test:dict.k]")
	expectMatch(t, net, false,
		"[EXISTS file:hashes.'SHA-512']",
		"[NOT EXISTS email-message:subject]",
		"[EXISTS x-nothing:value]",
	)
}

// 9.5: LIKE and MATCHES compare in Unicode NFC; =, != and IN compare code
// points as they are.
func TestSpec9_5_UnicodeNormalization(t *testing.T) {
	t.Parallel()
	values := loadMatchData(t, "values.json")
	forms := map[string]string{"nfc": "\u1e0d\u0307", "nfd": "d\u0323\u0307", "alt1": "\u1e0b\u0323"}
	for key := range forms {
		for other, text := range forms {
			same := key == other
			expectMatch(t, values, true,
				fmt.Sprintf("[x-test:ddots.%s LIKE '%s']", key, text),
				fmt.Sprintf("[x-test:ddots.%s MATCHES '^%s$']", key, text),
			)
			expectMatch(t, values, same,
				fmt.Sprintf("[x-test:ddots.%s = '%s']", key, text),
				fmt.Sprintf("[x-test:ddots.%s IN ('%s')]", key, text),
			)
			expectMatch(t, values, !same, fmt.Sprintf("[x-test:ddots.%s != '%s']", key, text))
		}
	}
}

// 9.5: comparing any operator with any type of value answers, and never
// fails.
func TestSpec9_5_MismatchedTypesNeverFail(t *testing.T) {
	t.Parallel()
	values := loadMatchData(t, "values.json")
	props := []string{"int", "float", "bool", "string", "null", "list", "dict", "ip", "name_bin", "bad_hex", "when", "missing"}
	ops := []string{"= 1", "!= 1.5", "< 'a'", ">= h'00'", "= b'AA=='", "> t'2020-01-01T00:00:00Z'",
		"= true", "IN (1, 2)", "IN ('a')", "LIKE '%'", "MATCHES '.'", "ISSUBSET '0.0.0.0/0'", "ISSUPERSET '::1'"}
	for _, p := range props {
		for _, op := range ops {
			for _, not := range []string{"", "NOT "} {
				src := fmt.Sprintf("[x-test:%s %s%s]", p, not, op)
				if _, _, err := compileText(t, src).MatchObserved(values); err != nil {
					t.Errorf("%s: %v", src, err)
				}
			}
		}
	}
}

// 9.6: observation expressions joined by AND are matched by different
// observations (distinct instances, when number_observed is above one).
func TestSpec9_6_ANDAcrossObservations(t *testing.T) {
	t.Parallel()
	people := loadMatchData(t, "people.json")
	counts := loadMatchData(t, "counts.json")
	expectMatch(t, people, true,
		"[x-person:name = 'alice'] AND [x-person:age > 20]",
		"[x-person:name = 'bob'] AND [x-person:name = 'carol'] AND [x-person:name = 'alice']",
	)
	expectMatch(t, people, false,
		"[x-person:name = 'alice'] AND [x-person:name = 'zelda']",
		"[x-person:name = 'alice'] AND [x-person:age = 10]",
		"[x-person:age < 30] AND [x-person:age < 30] AND [x-person:age < 30] AND [x-person:age < 30]",
	)
	expectMatch(t, counts, true,
		"[x-person:name = 'alice'] AND [x-person:name = 'alice']",
		"[x-person:name = 'bob'] AND [x-person:age = 17] AND [x-person:name LIKE 'b%']",
	)
	expectMatch(t, counts, false,
		"[x-person:name = 'carol'] AND [x-person:name = 'carol'] AND [x-person:name = 'carol']",
	)
}

// 9.6: OR is matched by either operand.
func TestSpec9_6_OR(t *testing.T) {
	t.Parallel()
	people := loadMatchData(t, "people.json")
	expectMatch(t, people, true,
		"[x-person:name = 'alice'] OR [x-person:name = 'carol']",
		"[x-person:name = 'alice'] OR [x-person:name = 'zelda']",
		"[x-person:age > 10] OR [x-person:name = 'bob'] OR [x-person:name > 'amber']",
	)
	expectMatch(t, people, false, "[x-person:name = 'mary'] OR [x-person:name = 'zelda']")
}

// 9.6: in A FOLLOWEDBY B, B's observations are at or after A's: the
// latest first_observed of A is not after the earliest last_observed of B.
func TestSpec9_6_FollowedBy(t *testing.T) {
	t.Parallel()
	people := loadMatchData(t, "people.json")
	counts := loadMatchData(t, "counts.json")
	expectMatch(t, people, true,
		"[x-person:name = 'alice'] FOLLOWEDBY [x-person:name > 'bill']",
		"[x-person:name = 'alice'] FOLLOWEDBY [x-person:name = 'bob'] FOLLOWEDBY [x-person:name = 'carol']",
		"([x-person:name = 'alice'] AND [x-person:name = 'bob']) FOLLOWEDBY [x-person:age > 20]",
	)
	expectMatch(t, people, false,
		"[x-person:name = 'carol'] FOLLOWEDBY [x-person:name = 'alice']",
		"[x-person:name = 'bob'] FOLLOWEDBY [x-person:age < 15]",
		"[x-person:name = 'alice'] FOLLOWEDBY [x-person:age = 10]",
		"[x-person:name = 'alice'] FOLLOWEDBY [x-person:name = 'carol'] FOLLOWEDBY [x-person:name = 'bob']",
		"([x-person:name = 'alice'] AND [x-person:name = 'carol']) FOLLOWEDBY [x-person:name = 'bob']",
	)
	// Two instances of one observation share its times, which satisfies
	// the ordering.
	expectMatch(t, counts, true, "[x-person:name = 'alice'] FOLLOWEDBY [x-person:name = 'alice']")
}

// 9.6: a match binds observed-data objects; Match reports their ids.
func TestSpec9_6_Bindings(t *testing.T) {
	t.Parallel()
	people := loadMatchData(t, "people.json")
	alice, bob, carol := people[0].ID, people[1].ID, people[2].ID
	tests := []struct {
		pattern string
		want    [][]string
	}{
		{"[x-person:name = 'alice']", [][]string{{alice}}},
		{"[x-person:name = 'bob'] AND [x-person:name = 'carol']", [][]string{{bob, carol}}},
		{"[x-person:name = 'carol'] OR [x-person:name > 'zelda']", [][]string{{carol}}},
		{"[x-person:age > 15]", [][]string{{bob}, {carol}}},
		{"[x-person:name = 'alice'] FOLLOWEDBY [x-person:age > 15]", [][]string{{alice, bob}, {alice, carol}}},
		{"[x-person:name = 'zelda']", nil},
	}
	for _, tt := range tests {
		matched, got, err := Match(mustParse(t, tt.pattern), people)
		if err != nil {
			t.Fatalf("%s: %v", tt.pattern, err)
		}
		if matched != (tt.want != nil) {
			t.Errorf("%s: matched = %v", tt.pattern, matched)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: bindings (-want +got):\n%s", tt.pattern, diff)
		}
	}
}

// 9.7: WITHIN n SECONDS holds when the bound observations fit in a window
// of n seconds.
func TestSpec9_7_Within(t *testing.T) {
	t.Parallel()
	people := loadMatchData(t, "people.json")
	expectMatch(t, people, true,
		"[x-person:name = 'bob'] WITHIN 1 SECONDS",
		"[x-person:name = 'bob'] WITHIN 0.0001 SECONDS",
		"([x-person:name = 'alice'] AND [x-person:name < 'carol']) WITHIN 5 SECONDS",
		"([x-person:name = 'alice'] AND [x-person:name < 'carol']) WITHIN 6 SECONDS",
		"([x-person:name = 'alice'] OR [x-person:name = 'darlene']) WITHIN 1 SECONDS",
		"([x-person:name = 'alice'] FOLLOWEDBY [x-person:name = 'carol']) WITHIN 10 SECONDS",
	)
	expectMatch(t, people, false,
		"([x-person:name = 'alice'] AND [x-person:name < 'carol']) WITHIN 4 SECONDS",
		"([x-person:name = 'alice'] AND [x-person:name < 'carol']) WITHIN 4.9999 SECONDS",
		"[x-person:name = 'elizabeth'] WITHIN 10 SECONDS",
		"([x-person:name < 'alice'] OR [x-person:name = 'darlene']) WITHIN 10 SECONDS",
		"([x-person:name = 'alice'] FOLLOWEDBY [x-person:name = 'carol']) WITHIN 9.5 SECONDS",
	)
}

// 9.7: START t1 STOP t2 holds when every bound observation overlaps
// [t1, t2): it may touch the start, not the stop.
func TestSpec9_7_StartStop(t *testing.T) {
	t.Parallel()
	people := loadMatchData(t, "people.json")
	expectMatch(t, people, true,
		"[x-person:name = 'bob'] START t'1994-11-29T13:37:57Z' STOP t'1994-11-29T13:37:58Z'",
		"[x-person:name LIKE 'a%'] AND [x-person:name = 'bob'] START t'1994-11-29T13:37:57Z' STOP t'1994-11-29T13:37:58Z'",
		"([x-person:name LIKE 'a%'] AND [x-person:name = 'bob']) START t'1994-11-29T13:37:50Z' STOP t'1994-11-29T13:37:58Z'",
		"[x-person:name = 'alice'] OR [x-person:name = 'darlene'] START t'1994-11-29T13:37:57Z' STOP t'1994-11-29T13:37:58Z'",
		"([x-person:name = 'alice'] OR [x-person:name = 'darlene']) START t'1994-11-29T13:37:52Z' STOP t'1994-11-29T13:37:58Z'",
		"[x-person:name MATCHES ''] REPEATS 2 TIMES START t'1994-11-29T13:37:50Z' STOP t'1994-11-29T13:37:58Z'",
	)
	expectMatch(t, people, false,
		"[x-person:name = 'bob'] START t'1994-11-29T13:37:58Z' STOP t'1994-11-29T13:37:59Z'",
		"[x-person:name = 'bob'] START t'1994-11-29T13:37:50Z' STOP t'1994-11-29T13:37:57Z'",
		"([x-person:name LIKE 'a%'] AND [x-person:name = 'bob']) START t'1994-11-29T13:37:50Z' STOP t'1994-11-29T13:37:57Z'",
		"([x-person:name LIKE 'z%'] OR [x-person:name = 'darlene']) START t'1994-11-29T13:37:50Z' STOP t'1994-11-29T13:37:57Z'",
		"[x-person:name MATCHES ''] REPEATS 3 TIMES START t'1994-11-29T13:37:50Z' STOP t'1994-11-29T13:37:58Z'",
		"[x-person:name NOT LIKE 'foo'] START t'1994-11-29T13:37:50Z' STOP t'1994-11-29T13:37:57Z' REPEATS 3 TIMES",
	)
	// STIX 2.0 writes the timestamps as strings.
	expectMatchVersion(t, people, true, "2.0",
		"[x-person:name = 'bob'] START '1994-11-29T13:37:57Z' STOP '1994-11-29T13:37:58Z'")
}

// 9.7: REPEATS n TIMES is matched by n disjoint matches of its operand;
// an observed-data with number_observed n counts as n observations.
func TestSpec9_7_RepeatsAndNumberObserved(t *testing.T) {
	t.Parallel()
	counts := loadMatchData(t, "counts.json")
	expectMatch(t, counts, true,
		"[x-person:age < 20] REPEATS 5 TIMES",
		"([x-person:age < 20] REPEATS 2 TIMES) REPEATS 2 TIMES",
		"[x-person:name > 'aaron'] REPEATS 5 TIMES WITHIN 1 SECONDS",
		"([x-person:age < 30] AND [x-person:name > 'aaron']) WITHIN 2 SECONDS REPEATS 3 TIMES",
		"[x-person:name = 'carol'] REPEATS 2 TIMES",
	)
	expectMatch(t, counts, false,
		"[x-person:age < 20] REPEATS 10 TIMES",
		"([x-person:age < 20] REPEATS 2 TIMES) REPEATS 3 TIMES",
		"[x-person:name = 'carol'] REPEATS 3 TIMES",
		"[x-person:name > 'aaron'] REPEATS 6 TIMES WITHIN 1 SECONDS",
	)
}

// 9.7: qualifiers over many observations stay fast: the search is bounded
// and prunes (the reference matcher's combinatorial explosion cases).
func TestSpec9_7_CombinatorialExplosion(t *testing.T) {
	t.Parallel()
	var sb strings.Builder
	sb.WriteString("[")
	start := time.Date(2004, 10, 11, 21, 44, 58, 0, time.UTC)
	for i := range 20 {
		if i > 0 {
			sb.WriteString(",")
		}
		ts := start.Add(time.Duration(i) * time.Second).Format("2006-01-02T15:04:05Z")
		fmt.Fprintf(&sb, `{"type":"observed-data","id":"observed-data--%08d-0000-4000-8000-000000000000","first_observed":%q,"last_observed":%q,"number_observed":1,"objects":{"a0":{"type":"x-person","name":"alice","age":%d}}}`, i, ts, ts, i%20)
	}
	sb.WriteString("]")
	obs, err := LoadObserved([]byte(sb.String()))
	if err != nil {
		t.Fatal(err)
	}
	repeated := func(op string) string {
		return strings.Repeat("[x-person:age < 20] "+op+" ", 9) + "[x-person:age < 20]"
	}
	expectMatch(t, obs, true,
		"[x-person:age < 20] REPEATS 10 TIMES",
		"[x-person:age < 20] REPEATS 10 TIMES WITHIN 10 SECONDS",
		"[x-person:age < 20] REPEATS 10 TIMES START t'2004-10-11T21:40:00Z' STOP t'2004-10-11T21:50:00Z'",
		"[x-person:age < 20] REPEATS 10 TIMES AND [x-person:age < 20]",
		"[x-person:age < 20] REPEATS 10 TIMES OR [x-person:age < 20]",
		"[x-person:age < 20] REPEATS 10 TIMES FOLLOWEDBY [x-person:age < 20]",
		"([x-person:age < 20] REPEATS 5 TIMES) REPEATS 2 TIMES",
		"([x-person:age < 20] REPEATS 2 TIMES) REPEATS 5 TIMES",
		repeated("AND"), repeated("OR"),
		"([x-person:age < 20] FOLLOWEDBY [x-person:age > 5]) REPEATS 10 TIMES",
	)
	expectMatch(t, obs, false,
		"[x-person:age < 20] REPEATS 10 TIMES WITHIN 8 SECONDS",
		"[x-person:age < 20] REPEATS 21 TIMES",
		"([x-person:age < 20] REPEATS 3 TIMES) REPEATS 7 TIMES",
		"([x-person:age < 10] FOLLOWEDBY [x-person:age > 15]) REPEATS 5 TIMES",
	)
}
