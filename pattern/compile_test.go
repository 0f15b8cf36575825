package pattern

import (
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var t0 = time.Date(2021, 3, 2, 10, 0, 0, 0, time.UTC)

// connEvent is a Zeek-style connection: the traffic (object 0) and its
// addresses (objects 1 and 2).
func connEvent(src, dst string, port int64) *Event {
	return &Event{First: t0, Last: t0, Props: []Prop{
		{Obj: 0, Path: "network-traffic:type", Value: StringValue("network-traffic")},
		{Obj: 0, Path: "network-traffic:src_ref.value", Value: StringValue(src)},
		{Obj: 0, Path: "network-traffic:dst_ref.value", Value: StringValue(dst)},
		{Obj: 0, Path: "network-traffic:dst_port", Value: IntValue(port)},
		{Obj: 0, Path: "network-traffic:protocols[*]", Value: StringValue("tcp")},
		{Obj: 1, Path: "ipv4-addr:value", Value: StringValue(src)},
		{Obj: 2, Path: "ipv4-addr:value", Value: StringValue(dst)},
	}}
}

func TestCompiledMatchEvent(t *testing.T) {
	t.Parallel()
	ev := connEvent("10.0.0.5", "203.0.113.33", 443)
	ev.Props = append(ev.Props,
		Prop{Obj: 3, Path: "file:hashes.'SHA-256'", Value: StringValue("aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f")},
		Prop{Obj: 3, Path: "file:size", Value: IntValue(371712)},
		Prop{Obj: 4, Path: "url:value", Value: StringValue("http://example.com/owa/auth/x.aspx")},
		Prop{Obj: 5, Path: "artifact:payload_bin", Value: BinaryValue([]byte{0xd4, 0xc3, 0xb2, 0xa1})},
		Prop{Obj: 6, Path: "x-test:when", Value: TimestampValue(t0)},
	)
	tests := []struct {
		pattern string
		want    bool
	}{
		{"[ipv4-addr:value = '203.0.113.33']", true},
		{"[ipv4-addr:value = '203.0.113.34']", false},
		{"[ipv4-addr:value ISSUBSET '203.0.113.0/24']", true},
		{"[ipv4-addr:value IN ('1.1.1.1', '10.0.0.5')]", true},
		{"[network-traffic:dst_ref.value = '203.0.113.33' AND network-traffic:dst_port = 443]", true},
		{"[network-traffic:dst_port = 443 AND ipv4-addr:value = '203.0.113.33']", false},
		{"[ipv4-addr:value = '10.0.0.5' AND ipv4-addr:value = '203.0.113.33']", false},
		{"[ipv4-addr:value = '10.0.0.5' OR ipv4-addr:value = '1.1.1.1']", true},
		{"[network-traffic:protocols[*] = 'tcp']", true},
		{"[network-traffic:dst_port > 1024]", false},
		{"[network-traffic:dst_port NOT > 1024]", true},
		{"[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' AND file:size = 371712]", true},
		{"[url:value LIKE 'http://example.com/%']", true},
		{"[url:value LIKE '%.aspx']", true},
		{"[url:value MATCHES '^http://example\\\\.com/owa/']", true},
		{"[artifact:payload_bin MATCHES '\\\\xd4\\\\xc3\\\\xb2\\\\xa1']", true},
		{"[artifact:payload_bin = h'd4c3b2a1']", true},
		{"[x-test:when = t'2021-03-02T10:00:00Z']", true},
		{"[x-test:when = '2021-03-02T10:00:00.000Z']", true},
		{"[EXISTS file:hashes]", true},
		{"[NOT EXISTS file:name]", true},
		{"[EXISTS file:name]", false},
		// One event is one observation: AND needs two instances.
		{"[ipv4-addr:value = '10.0.0.5'] AND [ipv4-addr:value = '203.0.113.33']", false},
		{"[ipv4-addr:value = '10.0.0.5'] OR [ipv4-addr:value = '1.1.1.1']", true},
		{"[ipv4-addr:value = '10.0.0.5'] REPEATS 2 TIMES", false},
		{"[ipv4-addr:value = '10.0.0.5'] WITHIN 5 SECONDS", true},
		{"[ipv4-addr:value = '10.0.0.5'] START t'2021-03-02T10:00:00Z' STOP t'2021-03-02T11:00:00Z'", true},
		{"[ipv4-addr:value = '10.0.0.5'] START t'2021-03-02T09:00:00Z' STOP t'2021-03-02T10:00:00Z'", false},
	}
	for _, tt := range tests {
		if got := compileText(t, tt.pattern).Match(ev); got != tt.want {
			t.Errorf("%s: Match = %v, want %v", tt.pattern, got, tt.want)
		}
	}
}

// An event seen several times (Count) offers that many instances.
func TestCompiledMatchEventCount(t *testing.T) {
	t.Parallel()
	ev := connEvent("10.0.0.5", "203.0.113.33", 443)
	ev.Count = 3
	tests := []struct {
		pattern string
		want    bool
	}{
		{"[ipv4-addr:value = '10.0.0.5'] AND [ipv4-addr:value = '203.0.113.33']", true},
		{"[ipv4-addr:value = '10.0.0.5'] FOLLOWEDBY [ipv4-addr:value = '203.0.113.33']", true},
		{"[ipv4-addr:value = '10.0.0.5'] REPEATS 3 TIMES", true},
		{"[ipv4-addr:value = '10.0.0.5'] REPEATS 4 TIMES", false},
		{"([ipv4-addr:value = '10.0.0.5'] AND [network-traffic:dst_port = 443]) REPEATS 2 TIMES", false},
		{"([ipv4-addr:value = '10.0.0.5'] OR [network-traffic:dst_port = 1]) REPEATS 3 TIMES", true},
	}
	for _, tt := range tests {
		if got := compileText(t, tt.pattern).Match(ev); got != tt.want {
			t.Errorf("%s: Match = %v, want %v", tt.pattern, got, tt.want)
		}
	}
}

// The qualifiers read the event's times by the same rules as observed-data:
// one whose last sighting precedes its first spreads over the gap.
func TestCompiledMatchEventTimes(t *testing.T) {
	t.Parallel()
	ev := connEvent("10.0.0.5", "203.0.113.33", 443)
	ev.First, ev.Last, ev.Count = t0.Add(10*time.Second), t0, 2
	tests := []struct {
		pattern string
		want    bool
	}{
		{"[ipv4-addr:value = '10.0.0.5'] WITHIN 5 SECONDS", false},
		{"[ipv4-addr:value = '10.0.0.5'] WITHIN 10 SECONDS", true},
		{"[ipv4-addr:value = '10.0.0.5'] FOLLOWEDBY [ipv4-addr:value = '10.0.0.5']", false},
		{"[ipv4-addr:value = '10.0.0.5'] START t'2021-03-02T10:00:00Z' STOP t'2021-03-02T10:00:05Z'", false},
	}
	for _, tt := range tests {
		if got := compileText(t, tt.pattern).Match(ev); got != tt.want {
			t.Errorf("%s: Match = %v, want %v", tt.pattern, got, tt.want)
		}
	}
}

// Match and MatchLeaf do not allocate on the common paths.
func TestCompiledMatchDoesNotAllocate(t *testing.T) {
	ev := connEvent("10.0.0.5", "203.0.113.33", 443)
	ev.Props = append(ev.Props, Prop{Obj: 3, Path: "url:value", Value: StringValue("http://example.com/owa/auth/x.aspx")})
	patterns := []string{
		"[ipv4-addr:value = '203.0.113.33']",
		"[ipv4-addr:value IN ('1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4', '5.5.5.5', '6.6.6.6', '7.7.7.7', '203.0.113.33')]",
		"[ipv4-addr:value ISSUBSET '203.0.113.0/24']",
		"[url:value LIKE 'http://example.com/%']",
		"[url:value LIKE 'http://%/owa/_uth/%.aspx']",
		"[url:value MATCHES '^http://example\\\\.com/']",
		"[network-traffic:dst_ref.value = '203.0.113.33' AND network-traffic:dst_port = 443]",
		"[ipv4-addr:value = '1.1.1.1'] OR [network-traffic:dst_port > 80]",
		"[ipv4-addr:value = '10.0.0.5'] FOLLOWEDBY [ipv4-addr:value = '203.0.113.33']",
		"([ipv4-addr:value = '10.0.0.5'] AND [network-traffic:dst_port = 443]) WITHIN 60 SECONDS",
	}
	for _, src := range patterns {
		c := compileText(t, src)
		if n := testing.AllocsPerRun(100, func() { c.Match(ev) }); n != 0 {
			t.Errorf("%s: Match allocates %v times", src, n)
		}
		if n := testing.AllocsPerRun(100, func() { c.MatchLeaf(0, ev) }); n != 0 {
			t.Errorf("%s: MatchLeaf allocates %v times", src, n)
		}
	}
}

// MatchEvents correlates events as separate observations.
func TestCompiledMatchEvents(t *testing.T) {
	t.Parallel()
	a := connEvent("10.0.0.5", "203.0.113.33", 443)
	b := connEvent("10.0.0.5", "198.51.100.7", 80)
	b.First, b.Last = t0.Add(30*time.Second), t0.Add(30*time.Second)
	events := []*Event{b, a}
	tests := []struct {
		pattern string
		want    [][]int
	}{
		{"[ipv4-addr:value = '203.0.113.33'] FOLLOWEDBY [ipv4-addr:value = '198.51.100.7']", [][]int{{0, 1}}},
		{"[ipv4-addr:value = '198.51.100.7'] FOLLOWEDBY [ipv4-addr:value = '203.0.113.33']", nil},
		{"([network-traffic:dst_port = 443] AND [network-traffic:dst_port = 80]) WITHIN 30 SECONDS", [][]int{{0, 1}}},
		{"([network-traffic:dst_port = 443] AND [network-traffic:dst_port = 80]) WITHIN 29 SECONDS", nil},
		{"[ipv4-addr:value = '10.0.0.5'] REPEATS 2 TIMES", [][]int{{0, 1}}},
		{"[network-traffic:src_ref.value = '10.0.0.5']", [][]int{{0}, {1}}},
	}
	for _, tt := range tests {
		matched, got, err := compileText(t, tt.pattern).MatchEvents(events)
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

// The flattened event of an observation matches exactly the
// single-observation patterns the observation matches.
func TestEventAgreesWithObserved(t *testing.T) {
	t.Parallel()
	patterns := []string{
		"[network-traffic:dst_ref.value = '203.0.113.33']",
		"[network-traffic:dst_ref.value ISSUBSET '2001:db8:dead:beef::/64']",
		"[network-traffic:protocols[*] = 'tls' AND network-traffic:dst_port = 443]",
		"[network-traffic:protocols != 'tls']",
		"[domain-name:resolves_to_refs[*].value = '198.51.100.7']",
		"[domain-name:resolves_to_refs[*] LIKE 'ipv4-addr--%']",
		"[email-message:body_multipart[*].body_raw_ref.name LIKE 'Final%']",
		"[email-message:from_ref.value MATCHES '@example']",
		"[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]",
		"[file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f' AND file:parent_directory_ref.path LIKE 'C:%']",
		"[file:magic_number_hex = h'ffd8']",
		"[file:created > t'2014-01-01T00:00:00Z']",
		"[EXISTS file:extensions.'windows-pebinary-ext']",
		"[NOT EXISTS network-traffic:src_ref]",
		"[x-test:name_bin = 'alice' AND x-test:name_hex > 'aardvark']",
		"[x-test:utf8_bin LIKE 'caf_']",
		"[x-test:dict != 'v']",
		"[x-test:null != 'x']",
		"[x-test:ddots.nfd LIKE '\u1e0d\u0307']",
		"[x-test:float_int IN (11, 12, 13)]",
		"[x-person:knows_refs[*].knows_refs[*].name = 'alice']",
		"[x-person:knows_ref.name != 'bob']",
		"[x-person:age > 10] AND [x-person:age > 10]",
		"[x-person:name LIKE '%'] REPEATS 2 TIMES WITHIN 1 SECONDS",
		"[ipv4-addr:value = '198.51.100.3'] FOLLOWEDBY [network-traffic:dst_port = 80]",
	}
	var all []*Observed
	for _, name := range []string{"network.json", "values.json", "v20.json", "people.json", "counts.json"} {
		all = append(all, loadMatchData(t, name)...)
	}
	for _, src := range patterns {
		c := compileText(t, src)
		for _, o := range all {
			want, _, err := c.MatchObserved([]*Observed{o})
			if err != nil {
				t.Fatal(err)
			}
			if got := c.Match(o.Event()); got != want {
				t.Errorf("%s on %s: event Match = %v, observed-data Match = %v", src, o.ID, got, want)
			}
		}
	}
}

var equatePrefix = cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })

func TestAtoms(t *testing.T) {
	t.Parallel()
	cidr := netip.MustParsePrefix("198.51.100.0/24")
	tests := []struct {
		pattern   string
		atoms     []Atom
		unindexed []int
	}{
		{"[ipv4-addr:value = '198.51.100.1']", []Atom{{Op: AtomEqual, Path: "ipv4-addr:value", Text: "198.51.100.1"}}, nil},
		{"[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
			[]Atom{{Op: AtomEqual, Path: "file:hashes.'SHA-256'", Text: "aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f"}}, nil},
		{"[domain-name:value IN ('a.example', 'b.example')]", []Atom{
			{Op: AtomEqual, Path: "domain-name:value", Text: "a.example"},
			{Op: AtomEqual, Path: "domain-name:value", Text: "b.example"}}, nil},
		{"[network-traffic:dst_port = 443.0]", []Atom{{Op: AtomEqual, Path: "network-traffic:dst_port", Text: "443"}}, nil},
		{"[artifact:payload_bin = h'6869']", []Atom{{Op: AtomEqual, Path: "artifact:payload_bin", Text: "hi"}}, nil},
		{"[url:value LIKE 'http://example.com/%']", []Atom{{Op: AtomPrefix, Path: "url:value", Text: "http://example.com/", NFC: true}}, nil},
		{"[file:name LIKE '%.exe']", []Atom{{Op: AtomSuffix, Path: "file:name", Text: ".exe", NFC: true}}, nil},
		{"[url:value LIKE '%/owa/%']", []Atom{{Op: AtomSubstring, Path: "url:value", Text: "/owa/", NFC: true}}, nil},
		{"[url:value LIKE 'http_//%/owa/auth/%']", []Atom{{Op: AtomSubstring, Path: "url:value", Text: "/owa/auth/", NFC: true}}, nil},
		{"[file:name LIKE 'report.pdf']", []Atom{{Op: AtomEqual, Path: "file:name", Text: "report.pdf", NFC: true}}, nil},
		{"[ipv4-addr:value ISSUBSET '198.51.100.0/24']", []Atom{{Op: AtomCIDR, Path: "ipv4-addr:value", CIDR: cidr}}, nil},
		{"[ipv4-addr:value ISSUPERSET '198.51.100.0/24']", []Atom{{Op: AtomContains, Path: "ipv4-addr:value", CIDR: cidr}}, nil},
		{"[url:value MATCHES '^https?://evil\\\\.example/']", []Atom{{Op: AtomPrefix, Path: "url:value", Text: "http", NFC: true}}, nil},
		{"[process:command_line MATCHES 'powershell.+-enc']", []Atom{{Op: AtomSubstring, Path: "process:command_line", Text: "powershell", NFC: true}}, nil},
		{"[process:command_line MATCHES '(?i)powershell']", nil, []int{0}},
		{"[process:command_line MATCHES '(a)\\\\1']", nil, []int{0}},
		// AND keeps its most selective operand, OR unites.
		{"[file:name LIKE '%.exe' AND file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f']",
			[]Atom{{Op: AtomEqual, Path: "file:hashes.MD5", Text: "cead3f77f6cda6ec00f57d76c9a6879f"}}, nil},
		{"[file:size > 10 AND file:name = 'a.exe']", []Atom{{Op: AtomEqual, Path: "file:name", Text: "a.exe"}}, nil},
		// A short literal hits much of a log: two longer prefixes are better.
		{"[network-traffic:x_method = 'POST' AND (network-traffic:x_value LIKE '/owa/auth/Current/%' OR network-traffic:x_value LIKE '/ecp/main.css%')]",
			[]Atom{{Op: AtomPrefix, Path: "network-traffic:x_value", Text: "/owa/auth/Current/", NFC: true},
				{Op: AtomPrefix, Path: "network-traffic:x_value", Text: "/ecp/main.css", NFC: true}}, nil},
		{"[network-traffic:x_method = 'POST' AND network-traffic:x_value LIKE '%.js']",
			[]Atom{{Op: AtomEqual, Path: "network-traffic:x_method", Text: "POST"}}, nil}, // the suffix is no longer
		{"[file:name = 'a.exe' OR file:name LIKE 'b%']", []Atom{
			{Op: AtomEqual, Path: "file:name", Text: "a.exe"},
			{Op: AtomPrefix, Path: "file:name", Text: "b", NFC: true}}, nil},
		{"[file:name = 'a.exe' OR file:size > 10]", nil, []int{0}},
		// Negations, orders and timestamps give no atoms.
		{"[file:name != 'a.exe']", nil, []int{0}},
		{"[file:name NOT LIKE 'a%']", nil, []int{0}},
		{"[file:created = t'2014-01-13T07:03:17Z']", nil, []int{0}},
		{"[EXISTS file:name]", nil, []int{0}},
		// Each observation expression has its own atoms.
		{"[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [domain-name:value = 'x.example'] OR [file:size > 1]", []Atom{
			{Leaf: 0, Op: AtomEqual, Path: "ipv4-addr:value", Text: "1.2.3.4"},
			{Leaf: 1, Op: AtomEqual, Path: "domain-name:value", Text: "x.example"}}, []int{2}},
	}
	for _, tt := range tests {
		c := compileText(t, tt.pattern)
		if diff := cmp.Diff(tt.atoms, c.Atoms(), equatePrefix); diff != "" {
			t.Errorf("%s: atoms (-want +got):\n%s", tt.pattern, diff)
		}
		if diff := cmp.Diff(tt.unindexed, c.Unindexed()); diff != "" {
			t.Errorf("%s: unindexed (-want +got):\n%s", tt.pattern, diff)
		}
	}
}

// Every event a leaf matches satisfies one of the leaf's atoms, read as an
// index would.
func TestAtomsAreNecessary(t *testing.T) {
	t.Parallel()
	var events []*Event
	for _, name := range []string{"network.json", "values.json", "v20.json"} {
		for _, o := range loadMatchData(t, name) {
			events = append(events, o.Event())
		}
	}
	patterns := []string{
		"[network-traffic:dst_ref.value ISSUBSET '203.0.113.0/24']",
		"[url:value LIKE 'http://example.com/%']",
		"[url:value LIKE '%errorEE%']",
		"[email-message:from_ref.value MATCHES '^attacker@']",
		"[email-message:from_ref.value MATCHES 'example\\\\.com$']",
		"[file:hashes.MD5 IN ('cead3f77f6cda6ec00f57d76c9a6879f', '79054025255fb1a26e4bc422aef54eb4')]",
		"[x-test:name_bin = 'alice']",
		"[x-test:name = h'616c696365']",
		"[x-test:float_int = 12]",
		"[x-test:cidr ISSUPERSET '11.22.40.0/24']",
	}
	for _, src := range patterns {
		c := compileText(t, src)
		hits := 0
		for _, ev := range events {
			if !c.MatchLeaf(0, ev) {
				continue
			}
			hits++
			if !anyAtomHolds(c.Atoms(), ev) {
				t.Errorf("%s matches an event none of its atoms finds", src)
			}
		}
		if hits == 0 {
			t.Errorf("%s: matches no event; the test proves nothing", src)
		}
	}
}

func anyAtomHolds(atoms []Atom, ev *Event) bool {
	for _, a := range atoms {
		for _, p := range ev.Props {
			if p.Path == a.Path && atomHolds(a, p.Value) {
				return true
			}
		}
	}
	return false
}

func atomHolds(a Atom, v Value) bool {
	key := v.Key()
	if a.NFC {
		key = nfc(key)
	}
	switch a.Op {
	case AtomEqual:
		return key == a.Text
	case AtomPrefix:
		return strings.HasPrefix(key, a.Text)
	case AtomSuffix:
		return strings.HasSuffix(key, a.Text)
	case AtomSubstring:
		return strings.Contains(key, a.Text)
	case AtomCIDR, AtomContains:
		p, ok := parseCIDR(key)
		if a.Op == AtomCIDR {
			return ok && a.CIDR.Bits() <= p.Bits() && a.CIDR.Contains(p.Addr())
		}
		return ok && p.Bits() <= a.CIDR.Bits() && p.Contains(a.CIDR.Addr())
	}
	return false
}

func TestCompileErrors(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		"[x:y MATCHES '(?<=a+)b[']",
		"[x:y ISSUBSET 'not-an-ip']",
		"[x:y ISSUPERSET '10.0.0.0/33']",
		"[x:y IN (1, 'a')]",
	} {
		p, err := Parse(src)
		if err != nil {
			continue // the parser caught it first
		}
		if _, err := Compile(p); err == nil {
			t.Errorf("Compile(%q): no error", src)
		}
	}
}

// Events keep no list order: an index in a pattern matches any element.
func TestCompiledMatchEventIndex(t *testing.T) {
	t.Parallel()
	ev := connEvent("10.0.0.5", "203.0.113.33", 443)
	c := compileText(t, "[network-traffic:protocols[1] = 'tcp']")
	if !c.Match(ev) {
		t.Error("[1] does not match an element written [*]")
	}
	if diff := cmp.Diff([]Atom{{Op: AtomEqual, Path: "network-traffic:protocols[*]", Text: "tcp"}}, c.Atoms(), equatePrefix); diff != "" {
		t.Errorf("atoms (-want +got):\n%s", diff)
	}
}

// A backtracking expression that times out makes the comparison false,
// with NOT or without.
func TestRegexTimeout(t *testing.T) {
	t.Parallel()
	ev := &Event{Props: []Prop{{Path: "x-test:s", Value: StringValue(strings.Repeat("a", 40) + "!")}}}
	for _, src := range []string{"[x-test:s MATCHES '(?=a)(a+)+$']", "[x-test:s NOT MATCHES '(?=a)(a+)+$']"} {
		c, err := Options{RegexTimeout: time.Millisecond}.Compile(mustParse(t, src))
		if err != nil {
			t.Fatal(err)
		}
		for range maxTimeouts + 1 {
			if c.Match(ev) {
				t.Errorf("%s: matched", src)
			}
		}
	}
}
