package hunt

// Benchmarks of the package's own Aho-Corasick automaton (index_ac.go)
// against the fastest Go library measured, coregx/ahocorasick, on one
// workload (cloudflare/ahocorasick, petar-dambovaliev/aho-corasick,
// BobuSumisu/aho-corasick and anknown/ahocorasick were measured too, and
// were slower than coregx, or far larger; BENCHMARKS.md has the figures): indicator literals (URL paths,
// web-shell names, domains, query fragments) scanned over IIS
// cs-uri-stem?cs-uri-query values, nearly all of which match nothing.
//
//	go test ./hunt -run XXX -bench AC -benchmem -count 5
//	go test ./hunt -run XXX -bench AC -benchmem -count 5 -cpu 1
//
// TestACLibsAgree checks that every library reports the same matches as
// the own automaton and as a naive search; set ACCORD_AC_LIBS_FULL=1 to
// check 10,000 and 100,000 literals too (several GiB of memory).

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	coregx "github.com/coregx/ahocorasick"

	"github.com/accord-cti/accord/pattern"
)

// acLibScanner finds every occurrence of every literal in a value and
// calls fn with the literal's number and the end offset of the occurrence
// (-1 where the library does not tell).
type acLibScanner interface {
	scan(v []byte, fn func(id, end int))
}

type acLib struct {
	name string
	// build makes the automaton over the literals; maxLits > 0 skips
	// larger sets (the library would need too much memory or time).
	build   func(lits []string) acLibScanner
	maxLits int
	// ends: the library reports every occurrence with its position;
	// otherwise it reports each literal once, without a position.
	ends bool
	why  string // why larger sets are skipped
}

var acLibs = []acLib{
	{name: "own", build: newACOwn},
	{name: "coregx", build: func(lits []string) acLibScanner { return newACCoregx(lits, false) }, ends: true},
	{name: "coregx-ismatch", build: func(lits []string) acLibScanner { return newACCoregx(lits, true) }, ends: true},
}

// own: the package's automaton, every literal a substring atom.
type acOwn struct {
	m  *acMatcher
	st matchState
}

func newACOwn(lits []string) acLibScanner {
	b := newACBuilder()
	for i, l := range lits {
		b.add(l, acRef{ind: int32(i), op: pattern.AtomSubstring})
	}
	return &acOwn{m: b.build()}
}

func (o *acOwn) scan(v []byte, fn func(id, end int)) {
	o.st.hits = o.st.hits[:0]
	o.m.scan(&o.st, 0, v)
	for _, h := range o.st.hits {
		fn(int(h.ind), -1)
	}
}

// coregx: a full DFA over byte classes. Its Find and FindAll are
// leftmost-first and non-overlapping; FindAllOverlapping gives every
// match. With ismatch, IsMatch (a start-byte prefilter and the DFA, no
// match bookkeeping) screens the value first.
type acCoregx struct {
	a       *coregx.Automaton
	ismatch bool
}

func newACCoregx(lits []string, ismatch bool) acLibScanner {
	a, err := coregx.NewBuilder().AddStrings(lits).Build()
	if err != nil {
		panic(err)
	}
	return &acCoregx{a: a, ismatch: ismatch}
}

func (c *acCoregx) scan(v []byte, fn func(id, end int)) {
	if c.ismatch && !c.a.IsMatch(v) {
		return
	}
	for _, m := range c.a.FindAllOverlapping(v) {
		fn(m.PatternID, m.End)
	}
}

// The workload.

var (
	acDirs = []string{"/owa/auth/", "/owa/auth/Current/", "/owa/auth/Current/themes/resources/",
		"/owa/", "/aspnet_client/", "/aspnet_client/system_web/", "/ecp/", "/ecp/auth/",
		"/autodiscover/", "/mapi/", "/EWS/", "/exchange/", "/Microsoft-Server-ActiveSync/",
		"/wp-content/uploads/", "/wp-content/plugins/", "/wp-includes/", "/images/", "/uploads/",
		"/static/js/", "/api/", "/cgi-bin/", "/_layouts/15/", "/App_Data/", "/bin/"}
	acExts = []string{".aspx", ".aspx", ".aspx", ".ashx", ".asmx", ".asp", ".php", ".jsp",
		".js", ".txt", ".dll"}
	acTLDs = []string{".com", ".net", ".org", ".ru", ".top", ".xyz", ".info", ".cc",
		".duckdns.org", ".ngrok.io", ".azurewebsites.net", ".000webhostapp.com"}
	acQueryKeys = []string{"cmd=", "exec=", "code=", "c=", "pass=", "z0=", "Command=", "k="}
)

func acWord(rng *rand.Rand, lo, hi int, mixed bool) string {
	const lower = "abcdefghijklmnopqrstuvwxyz0123456789"
	const all = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	set := lower
	if mixed {
		set = all
	}
	b := make([]byte, lo+rng.IntN(hi-lo+1))
	for i := range b {
		b[i] = set[rng.IntN(len(set))]
	}
	return string(b)
}

func acPick(rng *rand.Rand, s []string) string { return s[rng.IntN(len(s))] }

// acLiterals returns n distinct literals; the first n of a larger set are
// the smaller set. A web-shell name is often also the tail of a URL
// literal, so literals nest.
func acLiterals(n int) []string {
	rng := rand.New(rand.NewPCG(11, 17))
	seen := make(map[string]bool, n)
	lits := make([]string, 0, n)
	var names []string // recent web-shell file names
	for len(lits) < n {
		var l string
		switch k := rng.IntN(20); {
		case k < 8: // a URL path
			name := acWord(rng, 4, 12, rng.IntN(4) == 0) + acPick(rng, acExts)
			if len(names) > 0 && rng.IntN(4) == 0 {
				name = names[rng.IntN(len(names))]
			}
			l = acPick(rng, acDirs) + name
		case k < 12: // a web-shell file name
			l = acWord(rng, 4, 12, rng.IntN(4) == 0) + acPick(rng, acExts)
			if len(names) < 256 {
				names = append(names, l)
			} else {
				names[rng.IntN(len(names))] = l
			}
		case k < 17: // a domain
			l = acWord(rng, 5, 12, false)
			if rng.IntN(3) == 0 {
				l += "-" + acWord(rng, 3, 8, false)
			}
			l += acPick(rng, acTLDs)
		case k < 19: // a query-string fragment
			l = acPick(rng, acQueryKeys) + acWord(rng, 6, 10, true)
		default: // a deeper path
			l = acPick(rng, acDirs) + acWord(rng, 4, 10, false) + "/" +
				acWord(rng, 4, 10, true) + acPick(rng, acExts)
		}
		if !seen[l] {
			seen[l] = true
			lits = append(lits, l)
		}
	}
	return lits
}

// acBenignValue returns an IIS cs-uri-stem with its cs-uri-query, of 40
// to 200 bytes.
func acBenignValue(rng *rand.Rand) string {
	hex := func(n int) string {
		const digits = "0123456789ABCDEF"
		b := make([]byte, n)
		for i := range b {
			b[i] = digits[rng.IntN(16)]
		}
		return string(b)
	}
	var stem, query string
	switch rng.IntN(12) {
	case 0:
		stem, query = "/owa/auth/logon.aspx", "url=https%3a%2f%2fmail.contoso.com%2fowa%2f&reason=0"
	case 1:
		stem = "/owa/auth/15.2.1118/themes/resources/" +
			acPick(rng, []string{"favicon.ico", "owa_text_blue.png", "segoeui-regular.woff", "sprites.png"})
	case 2:
		stem = "/owa/service.svc"
		query = fmt.Sprintf("action=%s&ID=-%d&AC=1", acPick(rng, []string{"GetItem", "FindItem", "GetFolder", "GetConversationItems"}), rng.IntN(100))
	case 3:
		stem = "/Microsoft-Server-ActiveSync/default.eas"
		query = fmt.Sprintf("Cmd=%s&User=%s&DeviceId=%s&DeviceType=%s", acPick(rng, []string{"Sync", "Ping", "FolderSync"}),
			acWord(rng, 4, 10, false), hex(32), acPick(rng, []string{"iPhone", "Android", "SAMSUNGSMG991B", "Outlook"}))
	case 4:
		stem = "/mapi/emsmdb/"
		query = fmt.Sprintf("MailboxId=%s-%s-%s-%s-%s@contoso.com", hex(8), hex(4), hex(4), hex(4), hex(12))
	case 5:
		stem = acPick(rng, []string{"/EWS/Exchange.asmx", "/autodiscover/autodiscover.xml", "/rpc/rpcproxy.dll", "/oab/" + hex(8) + "/oab.xml"})
	case 6:
		stem = "/ecp/" + acPick(rng, []string{"default.aspx", "PersonalSettings/HomePage.aspx", "DDI/DDIService.svc/GetList"})
		query = "msgtype=1&schema=" + acWord(rng, 5, 12, true)
	case 7:
		stem = "/wp-content/themes/" + acWord(rng, 4, 10, false) + "/" + acPick(rng, []string{"style.css", "js/main.js", "assets/app.js"})
		query = fmt.Sprintf("ver=%d.%d.%d", rng.IntN(7), rng.IntN(10), rng.IntN(10))
	case 8:
		stem = "/images/" + acWord(rng, 4, 14, false) + acPick(rng, []string{".png", ".jpg", ".gif", ".svg"})
	case 9:
		stem = fmt.Sprintf("/api/v1/%s/%d", acPick(rng, []string{"users", "orders", "items", "search"}), rng.IntN(1_000_000))
		query = fmt.Sprintf("fields=id,name,email&page=%d&sort=%s", rng.IntN(50), acWord(rng, 3, 8, false))
	case 10:
		stem = "/aspnet_client/system_web/4_0_30319/" + acPick(rng, []string{"WebUIValidation.js", "SmartNav.htm", "SmartNav.js"})
	default:
		stem = "/" + acWord(rng, 3, 10, false) + "/" + acWord(rng, 3, 12, false) + acPick(rng, []string{".aspx", ".html", ".php", "/"})
		query = "id=" + fmt.Sprint(rng.IntN(100000))
	}
	return acPad(rng, stem, query, 40+rng.IntN(161))
}

// acPad appends query parameters to stem?query up to size bytes, and cuts
// it to size if it is longer (but never into the stem).
func acPad(rng *rand.Rand, stem, query string, size int) string {
	var b strings.Builder
	b.WriteString(stem)
	if query != "" {
		b.WriteString("?")
		b.WriteString(query)
	}
	for b.Len() < size {
		if b.Len() == len(stem) {
			b.WriteString("?")
		} else {
			b.WriteString("&")
		}
		fmt.Fprintf(&b, "%s=%s", acWord(rng, 1, 6, false), acWord(rng, 4, 24, true))
	}
	return b.String()[:max(size, len(stem))]
}

// acPlanted returns a value holding literal l where an attack would
// put it.
func acPlanted(rng *rand.Rand, l string) string {
	q := "id=" + fmt.Sprint(rng.IntN(100000))
	switch {
	case strings.HasPrefix(l, "/"):
		return acPad(rng, l, q, 40+rng.IntN(161))
	case strings.Contains(l, "="):
		return acPad(rng, "/aspnet_client/system_web/"+acWord(rng, 4, 8, false)+".aspx", l+"&"+q, 40+rng.IntN(161))
	case slices.Contains(acExts, l[strings.LastIndexByte(l, '.'):]):
		return acPad(rng, acPick(rng, acDirs)+l, q, 40+rng.IntN(161))
	default: // a domain
		return acPad(rng, "/owa/redir.aspx", "URL=http://"+l+"/index.html&"+q, 40+rng.IntN(161))
	}
}

type acWorkload struct {
	lits   []string
	values [][]byte
	size   int64 // bytes in values
}

// acMakeWorkload returns n literals and m values, a fraction planted of
// which hold one of the literals (the other values hold none but by
// chance).
func acMakeWorkload(n, m int, planted float64, seed uint64) *acWorkload {
	w := &acWorkload{lits: acLiterals(n)}
	rng := rand.New(rand.NewPCG(seed, 5))
	for range m {
		var v string
		if rng.Float64() < planted {
			v = acPlanted(rng, w.lits[rng.IntN(n)])
		} else {
			v = acBenignValue(rng)
		}
		w.values = append(w.values, []byte(v))
		w.size += int64(len(v))
	}
	return w
}

var acLitCounts = []int{1_000, 10_000, 100_000}

// BenchmarkACLibScan scans 100,000 values of which 0.1% hold a literal;
// an op is one value.
func BenchmarkACLibScan(b *testing.B) {
	works := map[int]*acWorkload{}
	for _, n := range acLitCounts {
		for _, lib := range acLibs {
			b.Run(fmt.Sprintf("lits=%d/lib=%s", n, lib.name), func(b *testing.B) {
				if lib.maxLits > 0 && n > lib.maxLits {
					b.Skip(lib.why)
				}
				w := works[n]
				if w == nil {
					w = acMakeWorkload(n, 100_000, 0.001, 1)
					works[n] = w
				}
				runtime.GC()
				s := lib.build(w.lits)
				hits := 0
				fn := func(int, int) { hits++ }
				b.SetBytes(w.size / int64(len(w.values)))
				i := 0
				for b.Loop() {
					s.scan(w.values[i], fn)
					if i++; i == len(w.values) {
						i = 0
					}
				}
				b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
				runtime.KeepAlive(s)
			})
		}
	}
}

// BenchmarkACLibBuild builds each automaton; heap-MiB is the heap it
// keeps.
func BenchmarkACLibBuild(b *testing.B) {
	for _, n := range acLitCounts {
		lits := acLiterals(n)
		for _, lib := range acLibs {
			b.Run(fmt.Sprintf("lits=%d/lib=%s", n, lib.name), func(b *testing.B) {
				if lib.maxLits > 0 && n > lib.maxLits {
					b.Skip(lib.why)
				}
				var s acLibScanner
				var heap uint64
				for b.Loop() {
					b.StopTimer()
					s = nil
					var before, after runtime.MemStats
					runtime.GC()
					runtime.ReadMemStats(&before)
					b.StartTimer()
					s = lib.build(lits)
					b.StopTimer()
					runtime.GC()
					runtime.ReadMemStats(&after)
					heap = after.HeapAlloc - min(before.HeapAlloc, after.HeapAlloc)
					b.StartTimer()
				}
				b.ReportMetric(float64(heap)/(1<<20), "heap-MiB")
				runtime.KeepAlive(s)
			})
		}
	}
}

// acNaive returns every (literal, end) occurrence in v, sorted.
func acNaive(lits []string, v []byte) [][2]int {
	var got [][2]int
	for id, l := range lits {
		for off := 0; ; {
			i := bytes.Index(v[off:], []byte(l))
			if i < 0 {
				break
			}
			got = append(got, [2]int{id, off + i + len(l)})
			off += i + 1
		}
	}
	slices.SortFunc(got, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	return got
}

func acIDs(occ [][2]int) []int {
	var ids []int
	for _, o := range occ {
		ids = append(ids, o[0])
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// TestACLibsAgree checks every library against a naive search over
// values of which 20% hold a literal: the literals found (all
// libraries), and every occurrence with its position (the libraries that
// report positions). coregx's leftmost-first FindAll must report a subset.
func TestACLibsAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every library's automaton")
	}
	counts := acLitCounts[:1]
	if os.Getenv("ACCORD_AC_LIBS_FULL") != "" {
		counts = acLitCounts
	}
	for _, n := range counts {
		w := acMakeWorkload(n, 2_000, 0.2, 2)
		want := make([][][2]int, len(w.values))
		matched, nested := 0, 0
		for i, v := range w.values {
			want[i] = acNaive(w.lits, v)
			if len(want[i]) > 0 {
				matched++
			}
			if len(acIDs(want[i])) > 1 {
				nested++
			}
		}
		t.Logf("%d literals: %d of %d values hold one, %d several", n, matched, len(w.values), nested)
		if nested == 0 {
			t.Errorf("%d literals: no value holds nested literals", n)
		}
		for _, lib := range acLibs {
			t.Run(fmt.Sprintf("lits=%d/lib=%s", n, lib.name), func(t *testing.T) {
				if lib.maxLits > 0 && n > lib.maxLits {
					t.Skip(lib.why)
				}
				s := lib.build(w.lits)
				bad := 0
				for i, v := range w.values {
					var got [][2]int
					s.scan(v, func(id, end int) { got = append(got, [2]int{id, end}) })
					ok := slices.Equal(acIDs(got), acIDs(want[i]))
					if lib.ends {
						slices.SortFunc(got, func(a, b [2]int) int {
							if a[0] != b[0] {
								return a[0] - b[0]
							}
							return a[1] - b[1]
						})
						ok = ok && slices.Equal(got, want[i])
					}
					if !ok {
						if bad++; bad <= 3 {
							t.Errorf("value %q: got %v, want %v", v, got, want[i])
						}
					}
				}
				if bad > 0 {
					t.Errorf("%d of %d values differ", bad, len(w.values))
				}
			})
		}
		t.Run(fmt.Sprintf("lits=%d/lib=coregx-findall", n), func(t *testing.T) {
			a, err := coregx.NewBuilder().AddStrings(w.lits).Build()
			if err != nil {
				t.Fatal(err)
			}
			for i, v := range w.values {
				for _, m := range a.FindAll(v, -1) {
					if _, ok := slices.BinarySearchFunc(want[i], [2]int{m.PatternID, m.End}, func(a, b [2]int) int {
						if a[0] != b[0] {
							return a[0] - b[0]
						}
						return a[1] - b[1]
					}); !ok {
						t.Errorf("value %q: FindAll reports %v, not an occurrence", v, m)
					}
				}
				if (len(a.FindAll(v, -1)) > 0) != (len(want[i]) > 0) {
					t.Errorf("value %q: FindAll reports %d matches, want some iff %v", v, len(a.FindAll(v, -1)), want[i])
				}
			}
		})
	}
}
