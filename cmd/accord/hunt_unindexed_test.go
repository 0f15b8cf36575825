package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
)

// TestHuntLokiCaseInsensitive imports signature-base's file name list,
// whose case-insensitive regular expressions ((?i)…) give no atom an index
// can look up, and hunts a Sysmon event whose image runs from AppData: the
// "Typical Malware Location" expression must find it, and the hunt must
// not say that any indicator goes unmatched.
func TestHuntLokiCaseInsensitive(t *testing.T) {
	iocs := sharedtest.Path(t, "data/iocs/signature-base-filename-iocs.txt")
	db := tempDB(t)
	if _, errOut, code := run(t, "", "--db", db, "--empty", "import", iocs); code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	event := map[string]any{"Channel": "Microsoft-Windows-Sysmon/Operational", "EventID": 1,
		"Hostname": "WS01", "UtcTime": "2021-03-03 01:40:00.000", "EventTime": "2021-03-03 01:40:00",
		"Image": `C:\Users\bob\AppData\evil.exe`, "CommandLine": `C:\Users\bob\AppData\evil.exe -x`}
	line, err := json.Marshal(event)
	if err != nil {
		t.Fatal(err)
	}
	logs := filepath.Join(t.TempDir(), "sysmon.json")
	if err := os.WriteFile(logs, append(line, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := run(t, "", "--db", db, "hunt", "--no-record", "--output", "json", logs)
	if code != 1 {
		t.Fatalf("hunt: exit %d, want 1 (found): %s", code, errOut)
	}
	if strings.Contains(errOut, "not matched yet") {
		t.Errorf("hunt leaves indicators unmatched: %s", errOut)
	}
	if !strings.Contains(out, "Typical Malware Location") || !strings.Contains(out, `"path":"file:x_path"`) {
		t.Errorf("no finding of the AppData expression in:\n%s", out)
	}
}
