package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
)

// TestImportFeedsAndHunt imports the real 2021 feeds of ../shared (Loki
// lists, CISA CHIRP, MSTIC CSV) and hunts a small Windows event log with
// one value of each: every feed's indicator must find its value.
func TestImportFeedsAndHunt(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	var files []string
	for _, f := range []string{
		"signature-base-hash-iocs.txt", "signature-base-filename-iocs.txt", "signature-base-c2-iocs.txt",
		"MSTICIoCs-ExchangeServerVulnerabilitiesDisclosedMarch2021.csv",
		"CISA-AA21-062A-chirp.yaml", "CISA-AA21-008A-solarwinds-chirp.yaml",
	} {
		files = append(files, sharedtest.Path(t, "data/iocs/"+f))
	}
	out, stderr, code := run(t, "", append([]string{"--db", db, "import"}, files...)...)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"signature-base-hash-iocs.txt: 3055 objects", "171 duplicate entries",
		"signature-base-filename-iocs.txt: 3713 objects", "signature-base-c2-iocs.txt: 1775 objects",
		"March2021.csv: 58 objects", "CISA-AA21-062A-chirp.yaml: 27 objects", "CISA-AA21-008A-solarwinds-chirp.yaml: 2068 objects",
		"0 invalid",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("import summary lacks %q:\n%s", want, out)
		}
	}
	// MSTIC dates its rows: importing it again finds them all present.
	out, _, code = run(t, "", "--db", db, "import", files[3])
	if code != 0 || !strings.Contains(out, "58 objects, 0 versions added, 58 already present") {
		t.Errorf("MSTIC again: exit %d:\n%s", code, out)
	}

	log := filepath.Join("testdata", "feeds", "hunt.jsonl")
	out, stderr, code = run(t, "", "--db", db, "hunt", log)
	if code != 1 {
		t.Fatalf("hunt: exit %d, want 1 (found); stderr:\n%s", code, stderr)
	}
	for _, want := range []string{
		"MSTIC Exchange Server Vulnerabilities Disclosed March 2021: SHA-256 8e90ed33c7ee82c0…",
		log + ":1  file:hashes.'SHA-256' = 8e90ed33c7ee82c0b64078ea36ec95f7420ba435c693b3b3dd728b494abf7dfc",
		"MSTIC Exchange Server Vulnerabilities Disclosed March 2021: file path C:\\Program Files",
		log + ":2  file:name = bob.aspx",
		"CISA AA21-062A: IPv4 103.77.192.219",
		log + ":3  ipv4-addr:value = 103.77.192.219",
		"CISA AA21-008A: domain avsvmcloud.com",
		log + ":4  domain-name:value = 6a57jk2ba1d9keg15cbg.appsync-api.eu-west-1.avsvmcloud.com",
		"CISA AA21-008A: fsutil Enumeration - Security Events",
		log + ":7  process:command_line = fsutil volume diskfree c:",
		`signature-base file name \\usbclass\.sys: Regin`,
		log + `:5  file:x_path = C:\Windows\System32\drivers\usbclass.sys`,
		"signature-base C2 IPv4 58.64.143.244",
		log + ":6  ipv4-addr:value = 58.64.143.244",
		"signature-base MD5 042cc382acb5b2b7…: SlingShot APT",
		log + ":8  file:hashes.MD5 = 042cc382acb5b2b70c78baa77bb7c5f9",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("hunt report lacks %q:\n%s", want, out)
		}
	}
}

// TestImportFeedProblems imports feeds with bad lines: they are reported
// with file and line and the rest is stored, unless --strict.
func TestImportFeedProblems(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	sample := filepath.Join("..", "..", "ingest", "testdata", "feeds", "sample-c2-iocs.txt")
	out, stderr, code := run(t, "", "--db", db, "import", "--strict", sample)
	if code == 0 || !strings.Contains(stderr, sample+":14: ") || !strings.Contains(stderr, sample+":15: ") || !strings.Contains(out, "0 versions added") {
		t.Errorf("--strict: exit %d, want a failure naming lines 14 and 15 and nothing stored:\n%s\n%s", code, out, stderr)
	}
	out, stderr, code = run(t, "", "--db", db, "import", sample)
	if code != 0 || !strings.Contains(stderr, "skipped: "+sample+`:14: "not a host" is not`) || !strings.Contains(out, "8 objects, 7 versions added, 1 already present, 2 problems, 1 duplicate entries") {
		t.Errorf("a feed with bad lines: exit %d:\n%s\n%s", code, out, stderr)
	}

	// A Loki list under another name needs --format.
	renamed := filepath.Join(t.TempDir(), "c2.txt")
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(renamed, data, 0o644)
	if out, stderr, code := run(t, "", "--db", db, "import", "--format", "loki-c2", renamed); code != 0 || !strings.Contains(out, "8 objects") {
		t.Errorf("--format loki-c2: exit %d:\n%s\n%s", code, out, stderr)
	}
	if _, stderr, code := run(t, "", "--db", db, "import", "--format", "misp", renamed); code != 2 || !strings.Contains(stderr, `--format "misp"`) {
		t.Errorf("--format misp: exit %d, want 2 (usage): %s", code, stderr)
	}
	if _, stderr, code := run(t, "", "--db", db, "import", "--format", "loki-c2", filepath.Dir(renamed)); code != 2 || !strings.Contains(stderr, "applies to files") {
		t.Errorf("--format with a directory: exit %d, want 2 (usage): %s", code, stderr)
	}
}
