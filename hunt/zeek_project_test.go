package hunt

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
	gocmp "github.com/google/go-cmp/cmp"
)

// zeekTestMixed is JSON of every form NewZeek reads: Zeek's own, nested,
// spaced, escaped, with arrays, and lines that are not JSON.
const zeekTestMixed = `{"ts":1709287200.5,"uid":"C1","id.orig_h":"10.0.0.5","id.orig_p":49152,"id.resp_h":"2001:db8::9","id.resp_p":443,"proto":"tcp"}
{"ts":"2024-03-01T10:00:02.000Z","uid":"C3","id":{"orig_h":"10.0.0.6","resp_h":"203.0.113.7","resp_p":80},"query":"a\u002eexample.com"}
{"ts":1709287203,"query":"evil.example.com","answers":["cdn.example.net","203.0.113.8","2001:db8::8"],"TTLs":[60.0,60.0,60.0]}
{ "ts" : 1709287204 , "host" : "www.example.com:8080" , "uri" : "/a?b=c" , "method" : "GET" , "user_agent" : "curl/8" }
{"ts":1709287205,"host":"[2001:db8::1]:443","uri":"/x\"y","user_agent":"Mozilla/5.0 (X11)"}
{"ts":1709287206,"host":"192.0.2.1","method":"POST"}
{"ts":1709287207.0,"fuid":"F1","mime_type":"application/x-dosexec","filename":"C:\\Users\\Public\\payload.exe","md5":"d41d8cd98f00b204e9800998ecf8427e","sha1":"da39a3ee5e6b4b0d3255bfef95601890afd80709","sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}
{"ts":1709287208,"filename":"notes.txt","server_name":"c2.example.com","san.dns":["a.example.com","b.example.com"],"proto":"udp","local_orig":true,"missed":null,"n":-1}
{"ts":1709287209,"id_orig_h":"10.0.0.7","id_resp_h":"10.0.0.8","id_orig_p":1,"id_resp_p":2}
{bad
{"ts":1709287210,"query":"cut
{"ts":1709287211,"id.orig_h":"10.0.0.9"} trailing
[1,2]
{}
`

// zeekTestLogs returns the Zeek logs the projection tests read: the
// samples, and generated and mixed JSON.
func zeekTestLogs(t *testing.T) map[string][]byte {
	t.Helper()
	paths, _ := filepath.Glob("testdata/zeek/*")
	return zeekTestFiles(t, map[string][]byte{"generated.json": zeekTestLog(64 << 10), "mixed.json": []byte(zeekTestMixed)}, paths)
}

// zeekTestFiles adds the files of paths (but golden files) to logs.
func zeekTestFiles(t *testing.T, logs map[string][]byte, paths []string) map[string][]byte {
	t.Helper()
	for _, p := range paths {
		if filepath.Ext(p) == ".golden" {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		logs[filepath.Base(p)] = data
	}
	return logs
}

// zeekTestPaths are the paths the Zeek reader writes, sorted.
func zeekTestPaths() []string {
	var paths []string
	for _, ps := range zeekActPaths {
		paths = append(paths, ps...)
	}
	slices.Sort(paths)
	return slices.Compact(paths)
}

// zeekTestSameProjected checks that a projected reading of data, completed,
// gives what a full reading does (projectSame).
func zeekTestSameProjected(t *testing.T, data []byte, want func(string) bool) {
	t.Helper()
	projectSame(t, func() Reader { return NewZeek("z.log", bytes.NewReader(data)) }, want, nil)
}

func TestZeekProject(t *testing.T) {
	t.Parallel()
	zeekTestProject(t, zeekTestLogs(t))
}

func TestZeekProjectShared(t *testing.T) {
	t.Parallel()
	paths, _ := filepath.Glob(filepath.Join(sharedtest.Dir(t), "data/logs/zeek-apt29-day1/*.log"))
	if len(paths) == 0 {
		t.Fatal("no shared Zeek logs")
	}
	zeekTestProject(t, zeekTestFiles(t, map[string][]byte{}, paths))
}

// zeekTestProject checks the projected readings of logs on the paths of
// the hunt benchmark, on each path alone, on none and on all.
func zeekTestProject(t *testing.T, logs map[string][]byte) {
	wants := map[string]func(string) bool{
		"hunt": zeekTestWant,
		"none": func(string) bool { return false },
		"all":  func(string) bool { return true },
	}
	for _, p := range zeekTestPaths() {
		wants[p] = func(q string) bool { return q == p }
	}
	for name, data := range logs {
		for wname, want := range wants {
			t.Run(name+"/"+wname, func(t *testing.T) {
				zeekTestSameProjected(t, data, want)
			})
		}
	}
}

// TestZeekProjectReads checks that a projection leaves out what it
// should, and that Complete, outside a record just read, adds nothing.
func TestZeekProjectReads(t *testing.T) {
	t.Parallel()
	rd := NewZeek("z.log", bytes.NewReader([]byte(zeekTestMixed))).(*zeekReader)
	rd.Project(func(p string) bool { return p == "domain-name:value" })
	var r Record
	if err := rd.Next(&r); err != nil {
		t.Fatal(err)
	}
	if len(r.Fields) != 0 || r.Time.IsZero() {
		t.Errorf("line 1 projected on domain-name:value: time %v, fields %v; want the time alone", r.Time, r.Fields)
	}
	for rd.Next(&r) != io.EOF {
	}
	rd.Complete(&r)
	if len(r.Fields) != 0 {
		t.Errorf("Complete after the end added %v", r.Fields)
	}
}

func FuzzZeekProject(f *testing.F) {
	jsonlFuzzSeed(f, "zeek")
	f.Add([]byte(zeekTestMixed))
	paths := zeekTestPaths()
	f.Fuzz(func(t *testing.T, data []byte) {
		// the first two bytes choose the paths wanted
		var sel uint
		if len(data) >= 2 {
			sel, data = uint(data[0])|uint(data[1])<<8, data[2:]
		}
		zeekTestSameProjected(t, data, func(p string) bool {
			i, _ := slices.BinarySearch(paths, p)
			return sel>>(i%16)&1 != 0
		})
	})
}

// FuzzZeekFast checks that fast reads a line it takes as jsonlScanner.walk
// and jsonlValue do, with the line's capacity past its end and without.
func FuzzZeekFast(f *testing.F) {
	jsonlFuzzSeed(f, "zeek")
	f.Add([]byte(zeekTestMixed))
	f.Add(zeekTestLog(4 << 10))
	f.Fuzz(func(t *testing.T, data []byte) {
		z := NewZeek("f", nil).(*zeekReader)
		for line := range bytes.SplitSeq(data, []byte("\n")) {
			zeekTestFastSame(t, z, line)
			zeekTestFastSame(t, z, append(make([]byte, 0, len(line)), line...))
		}
	})
}

func zeekTestFastSame(t *testing.T, z *zeekReader, line []byte) {
	var fast, walked Record
	if !z.fast(&fast, &z.more, line) {
		return
	}
	z.rec = &walked
	if msg := z.scan.walk(line, z); msg != "" {
		t.Fatalf("fast read %q, which jsonlScanner finds malformed: %s", line, msg)
	}
	if diff := gocmp.Diff(jsonlTestCopy(&walked), jsonlTestCopy(&fast)); diff != "" {
		t.Fatalf("%q (-jsonlScanner +fast):\n%s", line, diff)
	}
}

func TestZeekFast(t *testing.T) {
	t.Parallel()
	z := NewZeek("f", nil).(*zeekReader)
	var r Record
	for _, tt := range []struct {
		line string
		fast bool
	}{
		{`{"ts":1,"uid":"C1","id.orig_h":"10.0.0.1"}`, true},
		{`{"ts":1,"uid":"C1","id.orig_h":"10.0.0.1"}`, true}, // known order
		{`{"ts":1,"id.orig_h":"10.0.0.1"}`, true},            // a key left out
		{`{"ts":1,"uri":"/a\"b"}`, true},
		{`{"ts":1,"answers":["a",2,true,false,null]}`, true},
		{`{}`, true},
		{`{"ts":1,"id":{"orig_h":"10.0.0.1"}}`, false},
		{`{"ts": 1}`, false},
		{`{"t\u0073":1}`, false},
		{`{"ts":1e9}`, false},
		{`{"ts":1}x`, false},
		{`{"ts":1,}`, false},
		{`{"ts":"1`, false},
	} {
		r.Reset()
		if got := z.fast(&r, &z.scan, []byte(tt.line)); got != tt.fast {
			t.Errorf("fast(%s) = %v, want %v", tt.line, got, tt.fast)
		}
		zeekTestFastSame(t, z, []byte(tt.line))
	}
}
