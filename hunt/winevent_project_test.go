package hunt

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
)

// wineventRaw accepts the "x-event:" paths, which the Windows reader
// always reads.
func wineventRaw(p string) bool { return strings.HasPrefix(p, sigmaEventPrefix) }

// TestWinEventProjection checks the Windows reader projected on the raw
// fields only (a hunt of Sigma rules without indicators: Next builds no
// typed field, Complete adds them all) and on one typed path (Next reads
// every typed field), against the reader unprojected.
func TestWinEventProjection(t *testing.T) {
	t.Parallel()
	typed := map[string]bool{}
	for _, p := range wineventTyped {
		typed[p] = true
	}
	check := func(t *testing.T, name string) {
		projectCheck(t, func() Reader { return NewWinEvent(name, linesOpen(t, name)) }, wineventRaw, nil)
		one := func(p string) bool { return wineventRaw(p) || p == "process:command_line" }
		projectCheck(t, func() Reader { return NewWinEvent(name, linesOpen(t, name)) }, one, typed)
	}
	t.Run("testdata", func(t *testing.T) { check(t, "testdata/winevent/winlogbeat.json") })
	t.Run("shared", func(t *testing.T) {
		paths, _ := filepath.Glob(filepath.Join(sharedtest.Path(t, "data/logs/otrf-sysmon"), "*.json"))
		if len(paths) == 0 {
			t.Fatal("no JSON lines in data/logs/otrf-sysmon")
		}
		check(t, paths[0])
	})
}

// TestWinEventTypedPaths checks that wineventTyped, what Project looks
// for, names every path but the raw ones the reader gives.
func TestWinEventTypedPaths(t *testing.T) {
	t.Parallel()
	var logs [][]byte
	if data, err := os.ReadFile("testdata/winevent/winlogbeat.json"); err == nil {
		logs = append(logs, data)
	}
	logs = append(logs, []byte(`{"EventID":3,"SourceIp":"::1","DestinationIp":"10.0.0.1","DestinationPort":"443","SourcePort":"5",`+
		`"DestinationHostname":"x.example","QueryName":"y.example","QueryResults":"::ffff:10.0.0.2;","User":"u","TargetUserName":"t",`+
		`"SubjectUserName":"s","TargetObject":"HKLM\\x","Image":"C:\\a.exe","ParentImage":"C:\\b.exe","CommandLine":"a","ParentCommandLine":"b",`+
		`"TargetFilename":"C:\\c.dll","Hashes":"MD5=AA,SHA1=BB,SHA256=CC,IMPHASH=DD","Channel":"c"}`+"\n"))
	seen := map[string]bool{}
	for _, data := range logs {
		rd := NewWinEvent("t", bytes.NewReader(data))
		var r Record
		for rd.Next(&r) == nil {
			for _, f := range r.Fields {
				if !wineventRaw(f.Path) {
					seen[f.Path] = true
					if !slices.Contains(wineventTyped, f.Path) {
						t.Errorf("the reader gives %s, which wineventTyped lacks", f.Path)
					}
				}
			}
		}
	}
	if len(seen) < len(wineventTyped)-1 { // ipv4 or ipv6 from the sample's addresses, both here
		t.Errorf("the logs gave %d typed paths of %d: the test tests little", len(seen), len(wineventTyped))
	}
}

// FuzzWinEventProject checks projection on any input: projected on the
// raw fields and completed equals whole.
func FuzzWinEventProject(f *testing.F) {
	jsonlFuzzSeed(f, "winevent")
	f.Add([]byte(`{"Image":"C:\\x\\a.exe","Hashes":"MD5=1","TargetFilename":"C:\\t"}` + "\n{bad\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		projectSame(t, func() Reader { return NewWinEvent("fuzz", bytes.NewReader(data)) }, wineventRaw, nil)
	})
}
