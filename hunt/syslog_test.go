package hunt

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// syslogTestRef is the modification time the samples are read as having.
var syslogTestRef = time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)

func syslogTestReader(name string, r io.Reader) Reader {
	rd := NewSyslog(name, r)
	rd.(*syslogReader).ref = syslogTestRef
	return rd
}

func TestSyslogSamples(t *testing.T) {
	t.Parallel()
	jsonlTestGoldenRun(t, "syslog", syslogTestReader, "rfc3164.log", "rfc5424.log", "bad.log")
}

func TestSyslogMalformed(t *testing.T) {
	t.Parallel()
	f, err := os.Open(filepath.Join("testdata", "syslog", "bad.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, bad := jsonlTestRead(t, NewSyslog("bad.log", f))
	var lines []int
	for _, e := range bad {
		lines = append(lines, e.Line)
	}
	if diff := cmp.Diff([]int{2, 3, 4, 5}, lines); diff != "" {
		t.Errorf("malformed lines (-want +got):\n%s", diff)
	}
	if len(recs) != 2 || recs[1].Line != 6 {
		t.Errorf("records %+v, want lines 1 and 6", recs)
	}
}

// syslogTestFile is a file whose modification time the test sets.
type syslogTestFile struct {
	io.Reader
	mod time.Time
}

func (f syslogTestFile) Stat() (fs.FileInfo, error) { return syslogTestInfo{f.mod}, nil }

type syslogTestInfo struct{ mod time.Time }

func (syslogTestInfo) Name() string         { return "f" }
func (syslogTestInfo) Size() int64          { return 0 }
func (syslogTestInfo) Mode() fs.FileMode    { return 0 }
func (i syslogTestInfo) ModTime() time.Time { return i.mod }
func (syslogTestInfo) IsDir() bool          { return false }
func (syslogTestInfo) Sys() any             { return nil }

func TestSyslogYear(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mod  time.Time
		line string
		want time.Time
	}{
		{time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC), "Jun  1 00:00:01 h m", time.Date(2023, 6, 1, 0, 0, 1, 0, time.UTC)},
		{time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), "Dec 31 23:59:59 h m", time.Date(2023, 12, 31, 23, 59, 59, 0, time.UTC)},
		{time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), "Jan 15 12:00:00 h m", time.Date(2024, 1, 15, 12, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		recs, bad := jsonlTestRead(t, NewSyslog("f", syslogTestFile{strings.NewReader(tt.line), tt.mod}))
		if len(bad) != 0 || len(recs) != 1 || !recs[0].Time.Equal(tt.want) || recs[0].Host != "h" {
			t.Errorf("%q with mtime %v: %+v %v, want time %v", tt.line, tt.mod, recs, bad, tt.want)
		}
	}
}

func TestSyslogDomain(t *testing.T) {
	t.Parallel()
	tests := map[string]bool{
		"example.com": true, "a.b.example.co.uk": true, "xn--80ak6aa92e.com": true, "nginx.service": false,
		"file.exe": false, "1.2.3": false, "example.c0m": false, "-bad.com": false, "a..com": false,
		"example.c": false, "host.local": false, "Win.Trojan": false, "run.sh": false, "example.de": true, "evil.xyz": true, "WWW.EXAMPLE.COM": true,
	}
	for in, want := range tests {
		if got := syslogDomain([]byte(in)); got != want {
			t.Errorf("syslogDomain(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestSweepSyslogYear checks that a sweep dates RFC 3164 lines, which have
// no year, by the file's modification time.
func TestSweepSyslogYear(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "messages")
	line := "Mar  3 01:37:00 exch01 sshd[42]: Failed password for root from 198.51.100.7 port 22 ssh2\n"
	if err := os.WriteFile(path, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	mtime := time.Date(2021, 3, 5, 0, 0, 0, 0, time.UTC)
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	e, errs := NewEngine([]Indicator{{ID: "ip", Pattern: "[ipv4-addr:value = '198.51.100.7']"}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []time.Time
	var mu sync.Mutex
	_, err := Sweep(t.Context(), e, []string{path}, SweepOptions{Format: FormatSyslog, Finding: func(f Finding) {
		mu.Lock()
		got = append(got, f.Time)
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Time{time.Date(2021, 3, 3, 1, 37, 0, 0, time.UTC)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("finding times (-want +got):\n%s", diff)
	}
}
