package hunt

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/internal/evtxtest"
	"github.com/google/go-cmp/cmp"
)

// evtxTestRead reads every record of rd as jsonlTestRead does, keeping
// the records' Raw too.
func evtxTestRead(tb testing.TB, rd Reader) (recs []jsonlTestRecord, raws []string, bad []*MalformedError) {
	tb.Helper()
	var r Record
	for n := 0; ; n++ {
		if n > 1<<20 {
			tb.Fatal("reader does not end")
		}
		err := rd.Next(&r)
		if err == io.EOF {
			return recs, raws, bad
		}
		var me *MalformedError
		if errors.As(err, &me) {
			bad = append(bad, me)
			continue
		}
		if err != nil {
			tb.Fatalf("fatal error: %v", err)
		}
		recs = append(recs, jsonlTestCopy(&r))
		raws = append(raws, string(r.Raw))
	}
}

func TestEvtxSample(t *testing.T) {
	t.Parallel()
	rd, err := NewEvtx("sample.evtx", bytes.NewReader(evtxTestSample()))
	if err != nil {
		t.Fatal(err)
	}
	recs, raws, bad := evtxTestRead(t, rd)
	for _, e := range bad {
		t.Errorf("malformed: %v", e)
	}
	jsonlTestGolden(t, "testdata/evtx/sample.jsonl", strings.Join(raws, "\n")+"\n")
	jsonlTestGolden(t, "testdata/evtx/sample.golden", jsonlTestRender("sample.evtx", recs, bad))

	// NewWinEvent reads the same records from the equivalent JSON lines
	lines, err := os.ReadFile("testdata/evtx/sample.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	want, wbad := jsonlTestRead(t, NewWinEvent("sample.jsonl", bytes.NewReader(lines)))
	if len(wbad) > 0 || len(want) != len(recs) {
		t.Fatalf("NewWinEvent read %d records, malformed %v; want %d", len(want), wbad, len(recs))
	}
	for i := range want {
		want[i].Line = 101 + i // the record ids
	}
	if diff := cmp.Diff(want, recs); diff != "" {
		t.Errorf("NewEvtx and NewWinEvent differ (-winevent +evtx):\n%s", diff)
	}

	// the mapping, spelled out for the first event
	wantTyped := []jsonlTestField{
		{"x-windows-event:event_id", KindOther, 0, "1"},
		{"x-windows-event:channel", KindOther, 0, "Microsoft-Windows-Sysmon/Operational"},
		{"file:name", KindFileName, 1, "powershell.exe"},
		{"file:parent_directory_ref.path", KindOther, 1, `C:\Windows\System32\WindowsPowerShell\v1.0`},
		{"file:x_path", KindFilePath, 1, `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`},
		{"process:image_ref.name", KindOther, 0, "powershell.exe"},
		{"process:command_line", KindCommand, 0, "powershell.exe -nop -w hidden -enc SQBFAFgA"},
		{"user-account:user_id", KindUser, 8, `CORP\alice`},
		{"file:hashes.'SHA-1'", KindHash, 1, "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709"},
		{"file:hashes.MD5", KindHash, 1, "D41D8CD98F00B204E9800998ECF8427E"},
		{"file:hashes.'SHA-256'", KindHash, 1, "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"},
		{"file:hashes.IMPHASH", KindHash, 1, "00000000000000000000000000000000"},
		{"process:parent_ref.image_ref.name", KindFileName, 0, "explorer.exe"},
		{"process:parent_ref.command_line", KindCommand, 0, `C:\Windows\Explorer.EXE`},
	}
	r := recs[0]
	if r.Line != 101 || r.Host != "WS01.corp.example" || !r.Time.Equal(evtxTestT0.Add(500*time.Millisecond)) {
		t.Errorf("record 101: line %d host %q time %v", r.Line, r.Host, r.Time)
	}
	if diff := cmp.Diff(wantTyped, jsonlTestTyped(r.Fields)); diff != "" {
		t.Errorf("record 101 fields (-want +got):\n%s", diff)
	}
	if r := recs[4]; r.Host != "DC01.corp.example" || !r.Time.Equal(evtxTestT0.Add(4*time.Second)) {
		t.Errorf("record 105 (plain elements): host %q time %v", r.Host, r.Time)
	}
}

func TestEvtxNotEvtx(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "ElfFile", `{"EventID":1}`, "ElfChnk\x00" + strings.Repeat("\x00", 5000)} {
		_, err := NewEvtx("x.evtx", strings.NewReader(in))
		if accord.ErrorCode(err) != accord.EINVALID || IsEvtx([]byte(in)) {
			t.Errorf("NewEvtx(%.12q) = %v, want an EINVALID error", in, err)
		}
	}
	if !IsEvtx(evtxTestSample()[:8]) {
		t.Error("IsEvtx(sample) = false")
	}
}

// evtxTestRecordAt finds the record id in an evtx file.
func evtxTestRecordAt(t *testing.T, data []byte, id uint64) int {
	for i := 0; i+16 <= len(data); i++ {
		if string(data[i:i+4]) == evtxRecordMagic && binary.LittleEndian.Uint64(data[i+8:]) == id {
			return i
		}
	}
	t.Fatalf("no record %d", id)
	return 0
}

func TestEvtxCorrupt(t *testing.T) {
	t.Parallel()
	sample := evtxTestSample()
	type bad struct {
		line int
		msg  string
	}
	tests := []struct {
		name  string
		edit  func(t *testing.T, b []byte) []byte
		bad   []bad
		lines []int
	}{
		{"records checksum", func(t *testing.T, b []byte) []byte {
			b[bytes.Index(b, evtxtest.UTF16("rundll32"))] = 'X'
			return b
		}, []bad{{101, "chunk 0 at offset 0x1000: records checksum mismatch; its records are read as found"}},
			[]int{101, 102, 103, 104, 105}},
		{"header checksum", func(t *testing.T, b []byte) []byte { b[evtxHeaderSize+0x40] ^= 1; return b },
			[]bad{{1, "chunk 0 at offset 0x1000: header checksum mismatch;"}}, []int{101, 102, 103, 104, 105}},
		{"no chunk magic", func(t *testing.T, b []byte) []byte { b[evtxHeaderSize] = 'X'; return b },
			[]bad{{1, "chunk 0 at offset 0x1000: no chunk magic; skipped"}}, []int{104, 105}},
		{"bad record magic", func(t *testing.T, b []byte) []byte { b[evtxTestRecordAt(t, b, 102)] = 'X'; return b },
			[]bad{{101, "records checksum mismatch"}, {102, "no record magic at chunk offset 0x"}}, []int{101, 104, 105}},
		{"bad record size", func(t *testing.T, b []byte) []byte {
			binary.LittleEndian.PutUint32(b[evtxTestRecordAt(t, b, 103)+4:], 0xfff0)
			return b
		}, []bad{{101, "records checksum mismatch"}, {103, "has a bad size (65520); the rest of the chunk is skipped"}},
			[]int{101, 102, 104, 105}},
		{"cut in a record", func(t *testing.T, b []byte) []byte { return b[:evtxTestRecordAt(t, b, 105)+40] },
			[]bad{{104, "chunk 1 at offset 0x11000: cut short at"}, {105, "has a bad size"}}, []int{101, 102, 103, 104}},
		{"cut after a chunk", func(t *testing.T, b []byte) []byte { return b[:evtxHeaderSize+evtxChunkSize] },
			nil, []int{101, 102, 103}},
		{"huge value count", func(t *testing.T, b []byte) []byte {
			evs := evtxTestEvents()
			evs[0][1].Count = 0xffffffff // the parser would loop 4 billion times
			return evtxtest.File(evs...)
		}, []bad{{102, "record too costly to parse (a corrupt template?); it and the rest of the chunk are skipped"}},
			[]int{101, 104, 105}},
		{"header only", func(t *testing.T, b []byte) []byte { return b[:evtxHeaderSize] }, nil, nil},
		{"header cut", func(t *testing.T, b []byte) []byte { return b[:100] },
			[]bad{{1, "file header cut short at 100 bytes"}}, nil},
		{"unused chunk", func(t *testing.T, b []byte) []byte { return append(b, make([]byte, evtxChunkSize)...) },
			nil, []int{101, 102, 103, 104, 105}},
		{"garbage chunk", func(t *testing.T, b []byte) []byte { return append(b, bytes.Repeat([]byte("junk"), 100)...) },
			[]bad{{106, "chunk 2 at offset 0x21000: no chunk magic; skipped"}}, []int{101, 102, 103, 104, 105}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := tt.edit(t, bytes.Clone(sample))
			rd, err := NewEvtx("s.evtx", bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			recs, _, errs := evtxTestRead(t, rd)
			var lines []int
			for _, r := range recs {
				lines = append(lines, r.Line)
			}
			if diff := cmp.Diff(tt.lines, lines); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
			if len(errs) != len(tt.bad) {
				t.Fatalf("malformed %v, want %v", errs, tt.bad)
			}
			for i, e := range errs {
				if e.File != "s.evtx" || e.Line != tt.bad[i].line || !strings.Contains(e.Msg, tt.bad[i].msg) {
					t.Errorf("malformed %q, want line %d with %q", e, tt.bad[i].line, tt.bad[i].msg)
				}
			}
		})
	}
}

// TestEvtxTime checks that evtxTime undoes the library's conversion of a
// FILETIME to float64 seconds exactly, which is within 1.6 µs of the
// FILETIME itself.
func TestEvtxTime(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"2024-03-01T10:00:00.5Z", "2019-12-05T04:47:37.3940000Z", "2024-03-01T10:00:00.1234567Z",
		"1999-12-31T23:59:59.9999999Z", "1970-01-01T00:00:00Z", "1960-06-01T00:00:00.0000001Z", "2038-01-19T03:14:08Z"} {
		tm, _ := time.Parse(time.RFC3339Nano, s)
		ft := evtxtest.FileTime(tm)
		lib := (float64(ft) - 11644473600000*10000) / 10000000 // as the library's filetimeToUnixtime
		want := time.Unix(0, 0).UTC().Add(time.Duration(int64(float64(ft))-116444736000000000) * 100)
		got, ok := evtxTime(lib)
		if !ok || !got.Equal(want) {
			t.Errorf("%s: evtxTime = %v, %v; want %v", s, got, ok, want)
		}
		if d := got.Sub(tm).Abs(); d > 800*time.Nanosecond {
			t.Errorf("%s: %v off", s, d)
		}
	}
	if _, ok := evtxTime(1e300); ok {
		t.Error("evtxTime(1e300) is a time")
	}
}

// BenchmarkEvtx reads a file of 32 chunks of Sysmon events.
func BenchmarkEvtx(b *testing.B) {
	var chunks [][]byte
	id := uint64(1)
	for range 32 {
		c := evtxtest.NewChunk()
		for c.Len() < evtxChunkSize-4096 {
			at := evtxTestT0.Add(time.Duration(id) * time.Millisecond)
			if id%3 == 0 {
				c.Add(evtxTestNetwork(id, at))
			} else {
				c.Add(evtxTestProcess(id, at, `C:\Windows\System32\cmd.exe`, "cmd.exe /c whoami"))
			}
			id++
		}
		chunks = append(chunks, c.Finish())
	}
	data := evtxtest.Assemble(chunks, id)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var r Record
	records := 0
	for b.Loop() {
		rd, err := NewEvtx("b.evtx", bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		for {
			err := rd.Next(&r)
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			records++
		}
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
}

// TestEvtxWindowsFile reads the Security log written by Windows that the
// evtx library keeps as test data, where the module cache has it.
func TestEvtxWindowsFile(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "www.velocidex.com/golang/evtx").Output()
	path := filepath.Join(strings.TrimSpace(string(out)), "testdata", "Security.evtx")
	f, ferr := os.Open(path)
	if err != nil || ferr != nil {
		t.Skipf("the evtx module's testdata/Security.evtx is not at hand (%v, %v)", err, ferr)
	}
	defer f.Close()
	rd, err := NewEvtx("Security.evtx", f)
	if err != nil {
		t.Fatal(err)
	}
	recs, raws, bad := evtxTestRead(t, rd)
	if len(recs) != 739 || len(bad) > 0 {
		t.Fatalf("%d records, malformed %v; want 739 records", len(recs), bad)
	}
	want, _ := jsonlTestRead(t, NewWinEvent("raw", strings.NewReader(strings.Join(raws, "\n"))))
	for i, r := range recs {
		want[i].Line = r.Line
		if r.Host != "TestComputer" || r.Time.IsZero() || !strings.Contains(raws[i], fmt.Sprintf(`"EventRecordID":%d,`, r.Line)) {
			t.Fatalf("record %d: host %q time %v raw %s", r.Line, r.Host, r.Time, raws[i])
		}
	}
	if diff := cmp.Diff(want, recs); diff != "" {
		t.Errorf("NewEvtx and NewWinEvent on its Raw differ (-winevent +evtx):\n%s", diff)
	}
	r := recs[len(recs)/2] // a 4624, as the library's fixture shows it
	if r.Line != 32247 || !r.Time.Equal(time.Date(2019, 2, 8, 5, 37, 16, 251200, time.UTC)) {
		t.Errorf("middle record %d at %v", r.Line, r.Time)
	}
}
