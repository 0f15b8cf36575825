package hunt

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// splitTestCase is a log big enough to be split, built by its build
// function, and the indicators to hunt in it.
type splitTestCase struct {
	name  string
	size  int // the least the log holds
	build func(b *strings.Builder, r *rand.Rand, size int)
	inds  []Indicator
	// plant returns a line of n bytes to put at the start of the i-th
	// chunk, or "" to leave it; nil puts a malformed line.
	plant func(i, n int) string
	whole bool // the plan must not split the log
	// check, when set, checks the plan of the log.
	check func(t *testing.T, data []byte, plan []splitTestChunk)
}

var splitTestCases = []splitTestCase{{
	name: "iis", size: 600 << 10, build: splitTestIIS,
	inds: []Indicator{
		{ID: "ip", Pattern: "[ipv4-addr:value = '198.51.100.7']"},
		{ID: "url", Pattern: "[url:value LIKE '%shell.aspx%']"},
		{ID: "domain", Pattern: "[domain-name:value = 'evil.example']"},
		{ID: "multi", Pattern: "[ipv4-addr:value = '198.51.100.250'] AND [domain-name:value = 'evil.example']"},
	},
}, {
	name: "zeek-tsv", size: 600 << 10, build: splitTestZeekTSV,
	inds: []Indicator{
		{ID: "ip", Pattern: "[ipv4-addr:value = '198.51.100.7']"},
		{ID: "domain", Pattern: "[domain-name:value = 'evil.example']"},
		{ID: "answer", Pattern: "[domain-name:resolves_to_refs[*].value = '203.0.113.9']"},
	},
}, {
	name: "zeek-json", size: 600 << 10, build: splitTestZeekJSON,
	inds: []Indicator{
		{ID: "ip", Pattern: "[ipv4-addr:value = '198.51.100.7']"},
		{ID: "domain", Pattern: "[domain-name:value = 'evil.example']"},
	},
	plant: func(i, n int) string {
		switch i % 3 {
		case 0: // a byte order mark keeps a line from reading, but in the file's first
			return splitTestPad("\uFEFF"+`{"ts":1709287205.25,"uid":"CB","id.orig_h":"198.51.100.7"`, "}", ' ', n)
		case 1: // a header line past the first does not turn the reader to TSV
			return splitTestPad("#separator", "", ' ', n)
		}
		return ""
	},
}, {
	name: "jsonl", size: 400 << 10, build: splitTestJSONL,
	inds: []Indicator{{ID: "ip", Pattern: "[ipv4-addr:value = '198.51.100.7']"}},
	plant: func(i, n int) string {
		if i%2 == 0 {
			return splitTestPad("\uFEFF"+`{"source":{"ip":"198.51.100.7"}`, "}", ' ', n)
		}
		return ""
	},
}, {
	name: "syslog", size: 600 << 10, build: splitTestSyslog,
	inds: []Indicator{
		{ID: "ip", Pattern: "[ipv4-addr:value = '198.51.100.7']"},
		{ID: "url", Pattern: "[url:value = 'http://evil.example/x']"},
	},
	plant: func(i, n int) string {
		if i%2 == 0 {
			return splitTestPad("\uFEFFMar  1 10:00:00 web01 app: from 198.51.100.7 ", "", 'x', n)
		}
		return ""
	},
}, {
	// A line too long for a reader to keep, past which the plan does not
	// look: the rest of the log is one chunk.
	name: "iis-long-line", size: 3 << 20, build: splitTestIISLongLine,
	inds: []Indicator{{ID: "ip", Pattern: "[ipv4-addr:value = '198.51.100.7']"}},
	check: func(t *testing.T, data []byte, plan []splitTestChunk) {
		var long int64 // where the long line starts
		for line := range bytes.Lines(data) {
			if len(line) > lineScannerMax {
				break
			}
			long += int64(len(line))
		}
		if last := plan[len(plan)-1]; last.Off >= long || last.Off+last.N != int64(len(data)) {
			t.Errorf("last chunk at %d of %d bytes; want it from before %d to the end", last.Off, last.N, long)
		}
	},
}, {
	// Past 2 MiB, as a line with an odd number of quotes keeps chunks
	// from starting within 2 MiB after it.
	name: "exchange", size: 3 << 20, build: splitTestExchange,
	inds: []Indicator{
		{ID: "ip", Pattern: "[ipv4-addr:value = '198.51.100.7']"},
		{ID: "url", Pattern: "[url:value LIKE '%shell.aspx%']"},
		{ID: "user", Pattern: "[user-account:user_id = 'EXAMPLE\\\\mallory']"},
	},
}, {
	name: "csv", size: 3 << 20, build: splitTestCSV,
	inds: []Indicator{
		{ID: "ip", Pattern: "[ipv4-addr:value = '198.51.100.7']"},
		{ID: "cmd", Pattern: "[process:command_line LIKE '%whoami%']"},
	},
}, {
	// A "#Fields:" line inside a quoted field may be a directive or not:
	// no chunk starts after it, even past the quote window.
	name: "exchange-fields-in-quotes", size: 5 << 19, build: splitTestExchangeQuotedFields, whole: true,
	inds: []Indicator{{ID: "ip", Pattern: "[ipv4-addr:value = '198.51.100.7']"}},
}}

// TestSweepSplit sweeps each log cut into chunks by four workers, with
// malformed and tricky lines planted at the chunks' starts and ends, and
// whole by one, and wants the same findings, malformed lines and counts.
// It changes splitMin and splitPiece, so it does not run in parallel with
// other tests.
func TestSweepSplit(t *testing.T) {
	oldMin, oldPiece := splitMin, splitPiece
	splitMin, splitPiece = 64<<10, 32<<10
	t.Cleanup(func() { splitMin, splitPiece = oldMin, oldPiece })
	for _, tc := range splitTestCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e, errs := NewEngine(tc.inds)
			if len(errs) > 0 {
				t.Fatalf("NewEngine: %v", errs)
			}
			path := filepath.Join(t.TempDir(), tc.name+".log")
			var b strings.Builder
			tc.build(&b, rand.New(rand.NewPCG(1, uint64(len(tc.name)))), tc.size)
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			if tc.whole {
				if c := splitTestChunks(path, "", 4); c != nil {
					splitTestRelease(c)
					t.Fatalf("split into %d chunks, want none", len(c))
				}
			} else if plan := splitTestPlant(t, path, tc.plant); tc.check != nil {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				tc.check(t, data, plan)
			}
			whole := splitTestSweep(t, e, path, 1)
			split := splitTestSweep(t, e, path, 4)
			if len(whole.Hits) == 0 || whole.Result.Malformed == 0 {
				t.Fatalf("%d findings, %d malformed lines: the log tests nothing", len(whole.Hits), whole.Result.Malformed)
			}
			if diff := cmp.Diff(whole, split); diff != "" {
				t.Errorf("split sweep differs from the whole (-whole +split):\n%s", diff)
			}
		})
	}
}

// splitTestOut is what a sweep found, in order.
type splitTestOut struct {
	Hits      []string // "line indicator path value"
	Malformed []string // MalformedError.Error()
	Result    SweepResult
	Done      int64 // the most Progress said was read
	Total     int64
}

func splitTestSweep(t *testing.T, e *Engine, path string, workers int) splitTestOut {
	t.Helper()
	var (
		mu  sync.Mutex
		out splitTestOut
	)
	opts := SweepOptions{
		Workers: workers,
		Finding: func(f Finding) {
			mu.Lock()
			defer mu.Unlock()
			out.Hits = append(out.Hits, fmt.Sprintf("%s:%07d %s %s %q", filepath.Base(f.File), f.Line, f.Indicator.ID, f.Path, f.Value))
		},
		Malformed: func(m *MalformedError) {
			mu.Lock()
			defer mu.Unlock()
			out.Malformed = append(out.Malformed, m.Error())
		},
		Progress: func(done, total int64) {
			mu.Lock()
			defer mu.Unlock()
			out.Done, out.Total = max(out.Done, done), total
		},
	}
	res, err := Sweep(context.Background(), e, []string{path}, opts)
	if err != nil {
		t.Fatalf("Sweep with %d workers: %v", workers, err)
	}
	out.Result = res
	slices.Sort(out.Hits)
	slices.Sort(out.Malformed)
	if st, err := os.Stat(path); err != nil || out.Done != st.Size() || out.Total != st.Size() || res.Bytes != st.Size() {
		t.Errorf("with %d workers: progress %d of %d, %d bytes; want all %d", workers, out.Done, out.Total, res.Bytes, st.Size())
	}
	return out
}

// splitTestPlant plans the split of path with four workers and puts at
// each chunk's start a line of plant (a malformed one by default), and a
// malformed line just before it, each as long as the line it replaces so
// that the plan stays the same. Directives and lines with an odd number of
// quotes are left. It returns the plan.
func splitTestPlant(t *testing.T, path string, plant func(i, n int) string) []splitTestChunk {
	t.Helper()
	before := splitTestPlan(t, path)
	if len(before) < 3 {
		t.Fatalf("split into %d chunks, want more", len(before))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	put := func(line []byte, s string) {
		if len(line) == 0 || line[0] == '#' || bytes.Count(line, []byte{'"'})%2 == 1 || len(s) != len(line) {
			return
		}
		copy(line, s)
	}
	for i, c := range before[1:] {
		off := c.Off
		next := data[off:]
		next = next[:bytes.IndexByte(next, '\n')]
		s := ""
		if plant != nil {
			s = plant(i, len(next))
		}
		if s == "" {
			s = strings.Repeat("x", len(next))
		}
		put(next, s)
		prev := data[:off-1]
		prev = prev[bytes.LastIndexByte(prev, '\n')+1:]
		put(prev, strings.Repeat("x", len(prev)))
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, splitTestPlan(t, path)); diff != "" {
		t.Fatalf("planting changed the plan (-before +after):\n%s", diff)
	}
	return before
}

// splitTestChunk is a chunk of a plan, for comparing.
type splitTestChunk struct {
	Off, N int64
	Header string
	First  int
}

// splitTestPlan plans the split of path for four workers, and checks that
// each chunk starts a line, and knows its number.
func splitTestPlan(t *testing.T, path string) []splitTestChunk {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	chunks := splitTestChunks(path, "", 4)
	defer splitTestRelease(chunks)
	var out []splitTestChunk
	for _, c := range chunks {
		if c.off > 0 && data[c.off-1] != '\n' {
			t.Errorf("chunk at %d starts mid-line", c.off)
		}
		if want := bytes.Count(data[:c.off], []byte{'\n'}) + 1; c.first != want {
			t.Errorf("chunk at %d: first line %d, want %d", c.off, c.first, want)
		}
		out = append(out, splitTestChunk{c.off, c.n, string(c.header), c.first})
	}
	return out
}

// splitTestChunks returns the chunks splitChunks hands out, or nil.
func splitTestChunks(path string, format Format, workers int) []*splitChunk {
	var chunks []*splitChunk
	split := splitChunks(path, format, workers, func(c *splitChunk) bool {
		chunks = append(chunks, c)
		return true
	})
	if split != (chunks != nil) {
		panic(fmt.Sprintf("splitChunks says %v, handed out %d chunks", split, len(chunks)))
	}
	return chunks
}

func splitTestRelease(chunks []*splitChunk) {
	for _, c := range chunks {
		c.file.release()
	}
}

// splitTestPad pads head with pad up to n bytes less tail, or returns ""
// when n is too short.
func splitTestPad(head, tail string, pad byte, n int) string {
	k := n - len(head) - len(tail)
	if k < 0 {
		return ""
	}
	return head + strings.Repeat(string(pad), k) + tail
}

func TestSplitChunksWhole(t *testing.T) {
	oldMin := splitMin
	splitMin = 64 << 10
	t.Cleanup(func() { splitMin = oldMin })
	dir := t.TempDir()
	var b strings.Builder
	splitTestSyslog(&b, rand.New(rand.NewPCG(1, 1)), 256<<10)
	big := filepath.Join(dir, "big.log")
	small := filepath.Join(dir, "small.log")
	gz := filepath.Join(dir, "big.log.gz")
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte(b.String()))
	zw.Close()
	for name, data := range map[string][]byte{big: []byte(b.String()), small: []byte(b.String()[:1000]),
		gz: append(z.Bytes(), make([]byte, 128<<10)...)} { // padded: big enough, still gzip
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if c := splitTestChunks(big, "", 4); len(c) < 2 {
		t.Errorf("big: %d chunks, want several", len(c))
	} else {
		splitTestRelease(c)
	}
	for _, tc := range []struct {
		path    string
		format  Format
		workers int
	}{{big, "", 1}, {small, "", 4}, {gz, "", 4}, {gz, FormatSyslog, 4}, {"-", FormatSyslog, 4}} {
		if c := splitTestChunks(tc.path, tc.format, tc.workers); c != nil {
			splitTestRelease(c)
			t.Errorf("%s, %d workers: %d chunks, want none", filepath.Base(tc.path), tc.workers, len(c))
		}
	}
}

// TestSweepSplitCancel cancels a sweep of a split log at its first
// finding: Sweep returns, and says so.
func TestSweepSplitCancel(t *testing.T) {
	oldMin, oldPiece := splitMin, splitPiece
	splitMin, splitPiece = 64<<10, 16<<10
	t.Cleanup(func() { splitMin, splitPiece = oldMin, oldPiece })
	path := filepath.Join(t.TempDir(), "syslog.log")
	var b strings.Builder
	splitTestSyslog(&b, rand.New(rand.NewPCG(1, 1)), 1<<20)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	e, errs := NewEngine([]Indicator{{ID: "ip", Pattern: "[ipv4-addr:value = '198.51.100.7']"}})
	if len(errs) > 0 {
		t.Fatalf("NewEngine: %v", errs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := Sweep(ctx, e, []string{path}, SweepOptions{Workers: 2, Finding: func(Finding) { cancel() }})
	if err != context.Canceled {
		t.Errorf("Sweep: %v, want %v", err, context.Canceled)
	}
}

// The logs. Each has malformed lines here and there, and values the
// indicators hit now and then.

func splitTestIP(r *rand.Rand) string {
	if r.IntN(300) == 0 {
		return "198.51.100.250"
	}
	return fmt.Sprintf("198.51.100.%d", r.IntN(20))
}

func splitTestHost(r *rand.Rand) string {
	if r.IntN(50) == 0 {
		return "evil.example"
	}
	return fmt.Sprintf("h%d.example.com", r.IntN(100))
}

var splitTestStems = []string{"/owa/auth/logon.aspx", "/ecp/y.js", "/aspnet_client/shell.aspx", "/mapi/nspi/"}

// splitTestIIS writes blocks of directives, as IIS does when it starts,
// with two sets of #Fields in turn, and "\r\n" line ends.
func splitTestIIS(b *strings.Builder, r *rand.Rand, size int) {
	b.WriteString("\uFEFF")
	fields := []string{
		"date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status",
		"date time c-ip cs-host cs-uri-stem sc-status",
	}
	for block := 0; b.Len() < size; block++ {
		fmt.Fprintf(b, "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n"+
			"#Date: 2024-03-01 %02d:00:00\r\n#Fields: %s\r\n", block%24, fields[block%2])
		for i := range 50 + r.IntN(400) {
			stem := splitTestStems[r.IntN(len(splitTestStems))]
			switch {
			case r.IntN(40) == 0:
				b.WriteString("2024-03-01 10:00:00 too few\r\n")
			case r.IntN(50) == 0:
				b.WriteString("\r\n")
			case r.IntN(200) == 0:
				b.WriteString("#Remark: a directive among the lines\r\n")
			case block%2 == 0:
				fmt.Fprintf(b, "2024-03-01 %02d:%02d:%02d 10.0.0.5 GET %s a=%d 443 - %s Mozilla/5.0+(Windows+NT+10.0) 200\r\n",
					block%24, i%60, r.IntN(60), stem, i, splitTestIP(r))
			default:
				fmt.Fprintf(b, "2024-03-01 %02d:%02d:%02d %s %s %s 200\r\n", block%24, i%60, r.IntN(60), splitTestIP(r), splitTestHost(r), stem)
			}
		}
	}
}

// splitTestIISLongLine writes an IIS log with, a third of the way, a line
// longer than lineScannerMax.
func splitTestIISLongLine(b *strings.Builder, r *rand.Rand, size int) {
	b.WriteString("#Fields: date time c-ip cs-uri-stem\n")
	for i := 0; b.Len() < size; i++ {
		if i == 10000 {
			b.WriteString(strings.Repeat("a", lineScannerMax*3/2) + "\n#Fields: cs-uri-stem\n")
			continue
		}
		fmt.Fprintf(b, "2024-03-01 10:%02d:%02d %s %s\n", i%60, r.IntN(60), splitTestIP(r), splitTestStems[r.IntN(len(splitTestStems))])
	}
}

// splitTestZeekTSV writes conn and dns logs one after the other, as cat
// would join them, with different set separators.
func splitTestZeekTSV(b *strings.Builder, r *rand.Rand, size int) {
	b.WriteString("\uFEFF")
	for block := 0; b.Len() < size; block++ {
		sep := ",;"[block%2]
		fmt.Fprintf(b, "#separator \\x09\n#set_separator\t%c\n#empty_field\t(empty)\n#unset_field\t-\n", sep)
		if block%2 == 0 {
			b.WriteString("#path\tconn\n#open\t2024-03-01-10-00-00\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\n" +
				"#types\ttime\tstring\taddr\tport\taddr\tport\tenum\n")
		} else {
			b.WriteString("#path\tdns\n#open\t2024-03-01-10-00-00\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tquery\tanswers\n" +
				"#types\ttime\tstring\taddr\tport\taddr\tport\tstring\tvector[string]\n")
		}
		for i := range 100 + r.IntN(500) {
			switch {
			case r.IntN(40) == 0:
				b.WriteString("1709287205.25\tCshort\t10.0.0.1\n")
			case block == 3 && i == 7:
				b.WriteString("#separator zz\n") // bad, and replayed before later chunks
			case block%2 == 0:
				fmt.Fprintf(b, "1709287%03d.25\tC%d\t10.0.0.%d\t%d\t%s\t443\ttcp\n", i%1000, i, r.IntN(9), 40000+i, splitTestIP(r))
			default:
				fmt.Fprintf(b, "1709287%03d.25\tC%d\t10.0.0.%d\t%d\t10.0.0.53\t53\t%s\t10.1.1.1%c203.0.113.%d\n",
					i%1000, i, r.IntN(9), 40000+i, splitTestHost(r), sep, r.IntN(12))
			}
		}
		b.WriteString("#close\t2024-03-01-11-00-00\n")
	}
}

func splitTestZeekJSON(b *strings.Builder, r *rand.Rand, size int) {
	for i := 0; b.Len() < size; i++ {
		switch {
		case r.IntN(40) == 0:
			b.WriteString(`{"ts":1709287205.25,"uid":` + "\n")
		case r.IntN(50) == 0:
			b.WriteString("\n")
		default:
			fmt.Fprintf(b, `{"ts":1709287%03d.25,"uid":"C%d","id.orig_h":"10.0.0.%d","id.orig_p":%d,"id.resp_h":"%s","id.resp_p":53,"query":"%s"}`+"\n",
				i%1000, i, r.IntN(9), 40000+i%20000, splitTestIP(r), splitTestHost(r))
		}
	}
}

func splitTestJSONL(b *strings.Builder, r *rand.Rand, size int) {
	for i := 0; b.Len() < size; i++ {
		if r.IntN(40) == 0 {
			b.WriteString("{not json\n")
			continue
		}
		fmt.Fprintf(b, `{"@timestamp":"2024-03-01T10:%02d:%02dZ","source":{"ip":"%s"},"url":{"domain":"%s"}}`+"\n",
			i%60, r.IntN(60), splitTestIP(r), splitTestHost(r))
	}
}

func splitTestSyslog(b *strings.Builder, r *rand.Rand, size int) {
	for i := 0; b.Len() < size; i++ {
		switch {
		case r.IntN(40) == 0:
			b.WriteString("garbage without a timestamp\n")
		case r.IntN(50) == 0:
			b.WriteString("\n")
		case i%2 == 0:
			fmt.Fprintf(b, "Mar  1 10:%02d:%02d web01 sshd[%d]: Failed password for root from %s port %d ssh2\n",
				i%60, r.IntN(60), i, splitTestIP(r), 40000+i%20000)
		default:
			fmt.Fprintf(b, "<34>1 2024-03-01T10:%02d:%02dZ web02 app - - - fetched http://%s/x from %s\n",
				i%60, r.IntN(60), splitTestHost(r), splitTestIP(r))
		}
	}
}

// splitTestExchange writes an HttpProxy log with a quoted User-Agent on
// every line, a restart with other #Fields, and early on a line cut in a
// quoted field, which the reader joins with the lines after it.
func splitTestExchange(b *strings.Builder, r *rand.Rand, size int) {
	b.WriteString("\uFEFF")
	fields := []string{
		"DateTime,RequestId,UrlHost,UrlStem,UrlQuery,AuthenticatedUser,UserAgent,ClientIpAddress,ServerHostName,HttpStatus,Method",
		"DateTime,ClientIpAddress,UserAgent,UrlStem,HttpStatus",
	}
	users := []string{`EXAMPLE\alice`, `EXAMPLE\bob`, `EXAMPLE\mallory`}
	for block := 0; b.Len() < size; block++ {
		fmt.Fprintf(b, "#Software: Microsoft Exchange Server\r\n#Version: 15.01.2176.002\r\n#Log-type: HttpProxy Logs\r\n"+
			"#Date: 2024-03-0%dT00:00:00.000Z\r\n#Fields: %s\r\n", block%9+1, fields[block%2])
		for i := range 500 + r.IntN(3000) {
			stem := splitTestStems[r.IntN(len(splitTestStems))]
			switch {
			case block == 0 && i == 30:
				b.WriteString(`2024-03-01T00:01:18.223Z,cut,mail.example.com,/owa/,,EXAMPLE\alice,"Mozilla/5.0 (Windows` + "\r\n")
			case r.IntN(40) == 0:
				b.WriteString("2024-03-01T00:01:18.223Z,too,few\r\n")
			case r.IntN(60) == 0:
				b.WriteString("2024-13-01T00:01:18.223Z,bad,mail.example.com,/,,,\"x\",10.0.0.1,EXCH01,200,GET\r\n")
			case block%2 == 0:
				fmt.Fprintf(b, "2024-03-01T%02d:%02d:%02d.%03dZ,%08x,mail.example.com,%s,?a=%d,%s,\"Mozilla/5.0 (KHTML, like \"\"Gecko\"\")\",%s,EXCH01,200,GET\r\n",
					block%24, i%60, r.IntN(60), r.IntN(1000), r.Uint32(), stem, i, users[r.IntN(len(users))], splitTestIP(r))
			default:
				fmt.Fprintf(b, "2024-03-01T%02d:%02d:%02dZ,%s,\"curl/8.0, x\",%s,200\r\n", block%24, i%60, r.IntN(60), splitTestIP(r), stem)
			}
		}
	}
}

// splitTestCSV writes a CSV export whose command lines often span lines
// near its start and near its end, where the chunks would start inside
// them but for the quote window.
func splitTestCSV(b *strings.Builder, r *rand.Rand, size int) {
	b.WriteString("# exported\ntimestamp,src_ip,dst_ip,url,command_line\n")
	for i := 0; b.Len() < size; i++ {
		near := b.Len() < 200<<10 || b.Len() > size-300<<10
		switch {
		case near && r.IntN(2) == 0:
			fmt.Fprintf(b, "2024-03-01T10:00:%02dZ,%s,10.0.0.1,http://a.example/,\"cmd.exe /c \"\"whoami\"\"\n#not a comment\nline %d\"\n",
				i%60, splitTestIP(r), i)
		case r.IntN(40) == 0:
			b.WriteString("2024-03-01T10:00:00Z,10.0.0.1\n")
		default:
			fmt.Fprintf(b, "2024-03-01T10:%02d:%02dZ,%s,10.0.0.%d,http://%s/p?q=%d,powershell -nop -c get-date\n",
				i%60, r.IntN(60), splitTestIP(r), r.IntN(9), splitTestHost(r), i)
		}
	}
}

// splitTestExchangeQuotedFields writes an Exchange log with a quoted field
// spanning lines, one of which reads as a #Fields directive.
func splitTestExchangeQuotedFields(b *strings.Builder, r *rand.Rand, size int) {
	b.WriteString("#Software: Microsoft Exchange Server\n#Fields: DateTime,ClientIpAddress,UserAgent,UrlStem\n")
	for i := 0; b.Len() < size; i++ {
		if i == 5 {
			b.WriteString("2024-03-01T10:00:00Z,10.0.0.1,\"two\n#Fields: UserAgent,DateTime,UrlStem,ClientIpAddress\nlines\",/x\n")
			continue
		}
		if r.IntN(40) == 0 {
			b.WriteString("2024-03-01T10:00:00Z,too,many,fields,here\n")
			continue
		}
		fmt.Fprintf(b, "2024-03-01T10:%02d:%02dZ,%s,\"curl/8.0\",/p%d\n", i%60, r.IntN(60), splitTestIP(r), i)
	}
}
