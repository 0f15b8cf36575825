package hunt

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/accord-cti/accord/pattern"
	"github.com/google/go-cmp/cmp"
)

// litAtom is a literal atom of a test: its literal and where it must lie.
type litAtom struct {
	text string
	op   pattern.AtomOp
}

// buildBoth files the atoms, numbered in order, in one builder and returns
// the all-in-one automaton and the split matcher over them.
func buildBoth(atoms []litAtom) (*acMatcher, *litMatcher) {
	b := newACBuilder()
	for i, a := range atoms {
		b.add(a.text, acRef{ind: int32(i), op: a.op})
	}
	return b.build(), b.buildMatcher()
}

// scanInds returns the indicators scan adds for v, sorted, with their
// repeats.
func scanInds(t *testing.T, scan func(*matchState, int32, []byte), v string) []int32 {
	t.Helper()
	var st matchState
	scan(&st, 7, []byte(v))
	var got []int32
	for _, h := range st.hits {
		if h.field != 7 || h.subst || h.text != "" {
			t.Fatalf("value %q: hit %+v, want field 7 and no substitute", v, h)
		}
		got = append(got, h.ind)
	}
	slices.Sort(got)
	return got
}

// naiveInds returns the atoms v satisfies, as the automaton sees them: an
// empty literal lies after each byte, so it holds as a suffix or a
// substring of any value but the empty one, and never as a prefix.
func naiveInds(atoms []litAtom, v string) []int32 {
	var want []int32
	for i, a := range atoms {
		var ok bool
		switch {
		case a.text == "":
			ok = v != "" && (a.op == pattern.AtomSuffix || a.op == pattern.AtomSubstring)
		case a.op == pattern.AtomPrefix:
			ok = strings.HasPrefix(v, a.text)
		case a.op == pattern.AtomSuffix:
			ok = strings.HasSuffix(v, a.text)
		case a.op == pattern.AtomSubstring:
			ok = strings.Contains(v, a.text)
		}
		if ok {
			want = append(want, int32(i))
		}
	}
	return want
}

// checkLitMatcher compares the split matcher with the automaton over v:
// the same indicators as often; and both with naiveInds.
func checkLitMatcher(t *testing.T, atoms []litAtom, ac *acMatcher, m *litMatcher, v string) {
	t.Helper()
	want, got := scanInds(t, ac.scan, v), scanInds(t, m.scan, v)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("atoms %q, value %q (-automaton +split):\n%s", atoms, v, diff)
	}
	if diff := cmp.Diff(naiveInds(atoms, v), slices.Compact(got)); diff != "" {
		t.Fatalf("atoms %q, value %q (-naive +split):\n%s", atoms, v, diff)
	}
}

var litOps = []pattern.AtomOp{pattern.AtomPrefix, pattern.AtomSuffix, pattern.AtomSubstring}

// TestLitMatcherAgainstAC compares the split matcher with the all-in-one
// automaton over random literals on a small alphabet, where literals nest
// and overlap a lot, with values drawn at random, the literals themselves
// and literals joined.
func TestLitMatcherAgainstAC(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	word := func(maxLen int) string {
		b := make([]byte, rng.IntN(maxLen+1))
		for i := range b {
			b[i] = "abc"[rng.IntN(3)]
		}
		return string(b)
	}
	for round := range 300 {
		// Half the rounds without substrings, which the tries match; with
		// one, every literal goes into the automaton.
		kinds := 2 + round%2
		var atoms []litAtom
		for range 1 + rng.IntN(30) {
			text := word(5)
			if len(atoms) > 0 && rng.IntN(4) == 0 { // the same literal, another kind
				text = atoms[rng.IntN(len(atoms))].text
			}
			atoms = append(atoms, litAtom{text, litOps[rng.IntN(kinds)]})
		}
		ac, m := buildBoth(atoms)
		for range 40 {
			checkLitMatcher(t, atoms, ac, m, word(20))
		}
		for _, a := range atoms {
			checkLitMatcher(t, atoms, ac, m, a.text)
			checkLitMatcher(t, atoms, ac, m, a.text+atoms[rng.IntN(len(atoms))].text)
		}
	}
}

// TestLitMatcherCrafted runs the comparisons over literals that are
// prefixes of each other, one literal of every kind, a one-byte literal
// and the empty one, which pattern.Atom never gives (LIKE '%' has no atom)
// but the builder takes.
func TestLitMatcherCrafted(t *testing.T) {
	t.Parallel()
	p, s, sub := pattern.AtomPrefix, pattern.AtomSuffix, pattern.AtomSubstring
	for _, tt := range []struct {
		name  string
		atoms []litAtom
	}{
		{"nested prefixes", []litAtom{{"/owa/", p}, {"/owa/auth/", p}, {"/owa/auth/a.aspx", p}, {"/", p}, {"/owa/auth/", p}}},
		{"nested suffixes", []litAtom{{".com", s}, {"cloud.com", s}, {".avsvmcloud.com", s}, {"m", s}}},
		{"every kind", []litAtom{{"aspx", p}, {"aspx", s}, {"aspx", sub}, {"x", sub}, {"a", p}}},
		{"one byte", []litAtom{{"/", p}, {"/", s}, {"/", sub}}},
		{"empty", []litAtom{{"", p}, {"", s}, {"", sub}, {"ab", p}, {"ab", s}}},
		{"empty suffix only", []litAtom{{"", s}}},
		{"other ops", []litAtom{{"ab", pattern.AtomEqual}, {"ab", pattern.AtomOp(200)}, {"ab", p}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ac, m := buildBoth(tt.atoms)
			values := []string{"", "/", "x", "a", "aa", "ab", "aba", "abab", "/owa", "/owa/", "/owa/auth/a.aspx",
				"/owa/auth/a.aspx?x=1", "/owa/auth", "/OWA/auth/", "aspx", "aspxaspx", "a.aspx", "/aspx/",
				"avsvmcloud.com", "x.avsvmcloud.com", "x.avsvmcloud.com.", "m", ".com", "com"}
			for _, a := range tt.atoms {
				values = append(values, a.text, a.text+a.text, "z"+a.text, a.text+"z")
			}
			for _, v := range values {
				checkLitMatcher(t, tt.atoms, ac, m, v)
			}
		})
	}
}

// TestLitMatcherParts checks that each kind of literal goes to its own
// matcher only, and that a kind without literals has none.
func TestLitMatcherParts(t *testing.T) {
	t.Parallel()
	p, s, sub := pattern.AtomPrefix, pattern.AtomSuffix, pattern.AtomSubstring
	for _, tt := range []struct {
		atoms                []litAtom
		prefix, suffix, subs bool
	}{
		{[]litAtom{{"/owa/", p}}, true, false, false},
		{[]litAtom{{".com", s}}, false, true, false},
		{[]litAtom{{"cmd", sub}}, false, false, true},
		{[]litAtom{{"/owa/", p}, {".aspx", s}}, true, true, false},
		// With a substring, every literal goes into the automaton.
		{[]litAtom{{"x", p}, {"y", s}, {"z", sub}}, false, false, true},
		{[]litAtom{{"x", pattern.AtomEqual}}, false, false, false},
	} {
		_, m := buildBoth(tt.atoms)
		got := [3]bool{m.prefix != nil, m.suffix != nil, m.sub != nil}
		if want := [3]bool{tt.prefix, tt.suffix, tt.subs}; got != want {
			t.Errorf("atoms %q: prefix, suffix, substring matchers %v, want %v", tt.atoms, got, want)
		}
		if m.sub != nil && len(m.sub.lits) != len(tt.atoms) {
			t.Errorf("atoms %q: %d literals in the automaton, want all %d", tt.atoms, len(m.sub.lits), len(tt.atoms))
		}
	}
}

// TestLitMatcherNoAlloc checks that a scan allocates nothing once the
// state has room for its hits.
func TestLitMatcherNoAlloc(t *testing.T) {
	_, m := buildBoth([]litAtom{{"/owa/auth/", pattern.AtomPrefix}, {".aspx", pattern.AtomSuffix}})
	st := matchState{hits: make([]hit, 0, 8)}
	v := []byte("/owa/auth/cmd.aspx")
	allocs := testing.AllocsPerRun(100, func() {
		st.hits = st.hits[:0]
		m.scan(&st, 0, v)
	})
	if len(st.hits) != 2 || allocs != 0 {
		t.Errorf("%d hits and %v allocations a scan, want 2 and 0", len(st.hits), allocs)
	}
}

// FuzzLitMatcher builds the automaton and the split matcher over fuzzed
// literals and compares them over fuzzed values. lits holds one literal a
// line, its first byte choosing the kind (prefix, suffix, substring or
// another op); values one value a line.
func FuzzLitMatcher(f *testing.F) {
	f.Add([]byte("\x00/owa/auth/\n\x01.com\n\x02cmd\n\x00/"), []byte("/owa/auth/cmd.com\n/owa\n\n/"))
	f.Fuzz(func(t *testing.T, lits, values []byte) {
		if len(lits) > 1<<9 || len(values) > 1<<10 {
			return // nested literals in long values make hits quadratic in number
		}
		var atoms []litAtom
		for _, l := range strings.Split(string(lits), "\n") {
			if l == "" {
				continue
			}
			op := pattern.AtomEqual
			if k := int(l[0]) % 4; k < 3 {
				op = litOps[k]
			}
			atoms = append(atoms, litAtom{l[1:], op})
		}
		ac, m := buildBoth(atoms)
		for _, v := range strings.Split(string(values), "\n") {
			checkLitMatcher(t, atoms, ac, m, v)
		}
	})
}

// packLiterals returns the prefix, suffix and substring atoms of path in
// the starter pack's indicator patterns.
func packLiterals(tb testing.TB, path string) []litAtom {
	tb.Helper()
	data, err := os.ReadFile("../starter/pack.json")
	if err != nil {
		tb.Fatal(err)
	}
	var pack struct {
		Objects []struct {
			Type, Pattern string
		}
	}
	if err := json.Unmarshal(data, &pack); err != nil {
		tb.Fatal(err)
	}
	var atoms []litAtom
	for _, o := range pack.Objects {
		if o.Type != "indicator" {
			continue
		}
		p, err := pattern.Parse(o.Pattern)
		if err != nil {
			tb.Fatalf("%s: %v", o.Pattern, err)
		}
		c, err := pattern.Compile(p)
		if err != nil {
			tb.Fatalf("%s: %v", o.Pattern, err)
		}
		for _, a := range c.Atoms() {
			if a.Path == path && slices.Contains(litOps, a.Op) {
				atoms = append(atoms, litAtom{a.Text, a.Op})
			}
		}
	}
	if len(atoms) == 0 {
		tb.Fatalf("no literal atom of %s in the starter pack", path)
	}
	return atoms
}

// affixBenchURLs are IIS request paths, none of which starts with a
// prefix of the starter pack, though some start alike.
var affixBenchURLs = []string{
	"/owa/service.svc?action=GetItem&ID=-1&AC=1",
	"/ecp/DDI/DDIService.svc/GetList?reqId=1615301234567&schema=VirtualDirectory",
	"/autodiscover/autodiscover.json?Email=alice@example.com&Protocol=ActiveSync",
	"/OAB/3d6f1c0e-8d7a-4c59-9a1b-2f3e4d5c6b7a/oab.xml",
	"/owa/auth/logon.aspx?replaceCurrent=1&url=https%3a%2f%2fmail.example.com%2fowa%2f",
	"/Microsoft-Server-ActiveSync?Cmd=Sync&User=bob&DeviceId=ABC123&DeviceType=iPhone",
	"/mapi/emsmdb/?MailboxId=0c9b3a2e-1f4d-4b6a-9e8c-7d5f3a1b2c4d@example.com",
	"/EWS/Exchange.asmx",
}

// affixBenchDomains are domain names, none under a suffix of the
// benchmark.
var affixBenchDomains = []string{
	"www.example.com", "login.microsoftonline.com", "outlook.office365.com",
	"1a2b3c4d5e6f.appsync-api.eu-west-1.avsvmcloud.net", "cdn.jsdelivr.net", "time.windows.com",
	"wpad.corp.example.org", "settings-win.data.microsoft.com",
}

// BenchmarkLitScan scans values with the all-in-one automaton (ac) and
// the split matcher (affix): IIS request paths with the starter pack's
// url:value prefixes alone (url-prefix), with all its url:value literals
// (url: the prefixes and the substrings of the LIKE patterns whose '_'
// is a wildcard), and with its request_value literals (request, all
// prefixes); domain names with the pack's suffix and four more.
//
//	go test ./hunt -run XXX -bench LitScan -cpu 1 -count 6
func BenchmarkLitScan(b *testing.B) {
	onlyPrefixes := func(atoms []litAtom) []litAtom {
		return slices.DeleteFunc(atoms, func(a litAtom) bool { return a.op != pattern.AtomPrefix })
	}
	domains := packLiterals(b, "domain-name:value")
	for _, s := range []string{".duckdns.org", ".ngrok.io", ".no-ip.biz", ".trycloudflare.com"} {
		domains = append(domains, litAtom{s, pattern.AtomSuffix})
	}
	for _, bc := range []struct {
		name   string
		atoms  []litAtom
		values []string
	}{
		{"url-prefix", onlyPrefixes(packLiterals(b, "url:value")), affixBenchURLs},
		{"url", packLiterals(b, "url:value"), affixBenchURLs},
		{"request", packLiterals(b, "network-traffic:extensions.'http-request-ext'.request_value"), affixBenchURLs},
		{"domain", domains, affixBenchDomains},
	} {
		ac, m := buildBoth(bc.atoms)
		var values [][]byte
		n := 0
		for _, v := range bc.values {
			values = append(values, []byte(v))
			n += len(v)
		}
		for _, bm := range []struct {
			name string
			scan func(*matchState, int32, []byte)
		}{{"ac", ac.scan}, {"affix", m.scan}} {
			b.Run(bc.name+"/"+bm.name, func(b *testing.B) {
				st := matchState{hits: make([]hit, 0, 64)}
				b.SetBytes(int64(n))
				for b.Loop() {
					for _, v := range values {
						st.hits = st.hits[:0]
						bm.scan(&st, 0, v)
					}
				}
				if len(st.hits) != 0 {
					b.Fatalf("%d hits: the values should hit nothing", len(st.hits))
				}
			})
		}
	}
}
