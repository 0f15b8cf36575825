package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/google/go-cmp/cmp"
)

// sweepTree plants a small server tree: a China Chopper page, a benign
// page, a payload whose SHA-256 is an indicator, a page at a path a Loki
// line flags, and a dangling link. It returns the tree and the payload's
// SHA-256.
func sweepTree(t *testing.T) (string, string) {
	t.Helper()
	dir := t.TempDir()
	payload := "accord sweep test payload\n"
	for name, text := range map[string]string{
		"owa/auth/chopper.aspx":                    `<%@ Page Language="Jscript"%><%eval(Request.Item["p4ss"],"unsafe");%>`,
		"owa/auth/logon.aspx":                      `<%@ Page Language="C#" %><% Response.Write(Server.HtmlEncode(Request.QueryString["url"])); %>`,
		"tools/payload.bin":                        payload,
		"inetpub/wwwroot/aspnet_client/xx.aspx":    "<html></html>",
		"inetpub/wwwroot/aspnet_client/readme.txt": "not an aspx",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "gone"), filepath.Join(dir, "owa", "link.aspx")); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(payload))
	return dir, hex.EncodeToString(sum[:])
}

// sweepIntel writes a bundle with an indicator of the payload's SHA-256
// that indicates the starter pack's HAFNIUM, and a Loki list.
func sweepIntel(t *testing.T, sha string) (bundle, loki string) {
	t.Helper()
	dir := t.TempDir()
	bundle, loki = filepath.Join(dir, "intel.json"), filepath.Join(dir, "filename-iocs.txt")
	b := `{"type": "bundle", "id": "bundle--7d3c1f0e-9a4b-4c2d-8e6f-1a2b3c4d5e6f", "objects": [
{"type": "indicator", "spec_version": "2.1", "id": "indicator--9f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e5f", "created": "2021-03-05T00:00:00.000Z", "modified": "2021-03-05T00:00:00.000Z",
 "name": "Exchange implant payload", "pattern": "[file:hashes.'SHA-256' = '` + sha + `']", "pattern_type": "stix", "valid_from": "2021-03-05T00:00:00Z", "confidence": 85},
{"type": "relationship", "spec_version": "2.1", "id": "relationship--1e2d3c4b-5a69-4788-9a0b-c1d2e3f40516", "created": "2021-03-05T00:00:00.000Z", "modified": "2021-03-05T00:00:00.000Z",
 "relationship_type": "indicates", "source_ref": "indicator--9f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e5f", "target_ref": "intrusion-set--0c9f20d5-3a98-4c49-8cf4-3b7a6a4d6df6"}
]}`
	if err := os.WriteFile(bundle, []byte(b), 0o644); err != nil {
		t.Fatal(err)
	}
	list := "# Typical web-shell names\n\\\\aspnet_client\\\\xx\\.aspx$;60\n# never in this tree\n\\\\usbclass\\.sys;80\n"
	if err := os.WriteFile(loki, []byte(list), 0o644); err != nil {
		t.Fatal(err)
	}
	return bundle, loki
}

// TestSweep sweeps the planted tree with the starter pack, an imported
// hash indicator and a Loki list: every planted hit is reported, grouped,
// the dangling link is skipped with its reason, and the sightings are
// recorded (China Chopper's against the starter pack's malware).
func TestSweep(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	dir, sha := sweepTree(t)
	bundle, loki := sweepIntel(t, sha)
	if _, stderr, code := run(t, "", "--db", db, "import", bundle); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	out, stderr, code := run(t, "", "--db", db, "sweep", "--org", "CERT Example", "--loki-filenames", loki, dir)
	if code != 1 {
		t.Fatalf("sweep: exit %d, want 1 (found):\n%s\n%s", code, out, stderr)
	}
	chopper := filepath.Join(dir, "owa", "auth", "chopper.aspx")
	for _, want := range []string{
		"china-chopper-aspx-eval  (content rule, score 90)\n",
		"  family: China Chopper S0020\n",
		"    " + chopper + ":1  eval(Request.Item[\"p4ss\"],\"unsafe\")\n",
		"Exchange implant payload  (indicator--9f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e5f, score 85)\n",
		"  indicates: HAFNIUM (intrusion-set)\n",
		"    " + filepath.Join(dir, "tools", "payload.bin") + "  file:hashes.'SHA-256' = " + sha + "\n",
		"\\\\aspnet_client\\\\xx\\.aspx$  (Loki line " + loki + ":2, score 60)\n  Typical web-shell names\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "logon.aspx") || strings.Contains(out, "readme.txt") {
		t.Errorf("a benign file is reported:\n%s", out)
	}
	for _, want := range []string{
		"skipped " + filepath.Join(dir, "owa", "link.aspx") + ": dangling symbolic link to " + filepath.Join(dir, "gone") + "\n",
		"1 findings of Loki lists and --intel indicators are reported but not recorded as sightings",
		`recorded 3 sightings as "CERT Example"`,
		"5 files, ", "; 1 skipped; ",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	got := sweepSightings(t, db)
	want := []string{
		"indicator--9f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e5f count=1 by=CERT Example",
		"jscript-eval-unsafe (accord's own indicator) count=1 by=CERT Example",
		"malware--b68ae932-6ff5-471f-9fe0-b6b56b8223af count=1 by=CERT Example", // both China Chopper rules: one sighting
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sightings (-want +got):\n%s", diff)
	}
}

// sweepSightings returns the recorded sightings as "target count=N by=ORG"
// with an indicator accord made for a rule named by its rule.
func sweepSightings(t *testing.T, db string) []string {
	t.Helper()
	out, _, _ := run(t, "", "--db", db, "export", "--type", "sighting", "--type", "identity", "--type", "indicator")
	var bundle struct{ Objects []map[string]any }
	if err := json.Unmarshal([]byte(out), &bundle); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, o := range bundle.Objects {
		if n, ok := o["name"].(string); ok {
			names[o["id"].(string)] = n
		}
	}
	var got []string
	for _, o := range bundle.Objects {
		if o["type"] == "sighting" {
			target := o["sighting_of_ref"].(string)
			if n := names[target]; strings.HasPrefix(n, "accord web-shell rule ") {
				target = strings.TrimPrefix(n, "accord web-shell rule ") + " (accord's own indicator)"
			}
			where := o["where_sighted_refs"].([]any)[0].(string)
			got = append(got, target+" count="+strconv.Itoa(int(o["count"].(float64)))+" by="+names[where])
		}
	}
	slices.Sort(got)
	return got
}

// TestSweepOutputs checks --output json and stix, --drive (the starter
// pack's aspnet_client indicator names C:\ paths), --no-record, a clean
// sweep and the usage errors.
func TestSweepOutputs(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	dir, sha := sweepTree(t)
	list := filepath.Join(t.TempDir(), "iocs.txt")
	os.WriteFile(list, []byte("# ad hoc\n"+strings.ToUpper(sha)+"\n"), 0o644)
	out, stderr, code := run(t, "", "--db", tempDB(t), "--empty", "sweep", "--intel", list, dir)
	if want := filepath.Join(dir, "tools", "payload.bin") + "  file:hashes.'SHA-256' = " + sha; code != 1 || !strings.Contains(out, want) ||
		!strings.Contains(out, list+":2") || !strings.Contains(stderr, "reported but not recorded") {
		t.Errorf("--intel: exit %d, want 1 and %q:\n%s\n%s", code, want, out, stderr)
	}
	out, stderr, code = run(t, "", "--db", db, "sweep", "--no-record", "--output", "json", "--drive", "C:", dir)
	if code != 1 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var f map[string]any
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("--output json line %q: %v", line, err)
		}
		rel, _ := filepath.Rel(dir, f["file"].(string))
		got = append(got, filepath.ToSlash(rel)+" "+f["kind"].(string)+" "+f["id"].(string)+" "+f["field"].(string))
		if f["sha256"] == nil || len(f["sha256"].(string)) != 64 {
			t.Errorf("%s: no sha256", line)
		}
	}
	slices.Sort(got)
	want := []string{
		"inetpub/wwwroot/aspnet_client/xx.aspx indicator indicator--c23951b3-5978-416c-a1f5-4215cec19df5 file:parent_directory_ref.path",
		"owa/auth/chopper.aspx content china-chopper-aspx-eval content",
		"owa/auth/chopper.aspx content china-chopper-jscript-page content",
		"owa/auth/chopper.aspx content jscript-eval-unsafe content",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("--output json (-want +got):\n%s", diff)
	}
	if n := stats(t, db)["by_type"].(map[string]any)["sighting"]; n != nil {
		t.Errorf("--no-record recorded %v sightings", n)
	}

	stixOut, stderr, code := run(t, "", "--db", db, "sweep", "--no-record", "--output", "stix", dir)
	if code != 1 || strings.Contains(stderr, "recorded") {
		t.Fatalf("--output stix: exit %d:\n%s", code, stderr)
	}
	if out, stderr, code := run(t, stixOut, "validate", "-"); code != 0 {
		t.Errorf("the --output stix bundle is not valid STIX: %s %s", out, stderr)
	}

	clean := t.TempDir()
	os.WriteFile(filepath.Join(clean, "default.aspx"), []byte(`<%@ Page Language="C#" %><p>hello</p>`), 0o644)
	if out, stderr, code := run(t, "", "--db", db, "sweep", clean); code != 0 || out != "" || !strings.Contains(stderr, "0 findings") {
		t.Errorf("a clean tree: exit %d:\n%s\n%s", code, out, stderr)
	}

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"sweep"}, "name the directories"},
		{[]string{"sweep", "--output", "xml", dir}, "--output is text, json or stix"},
		{[]string{"sweep", "--max-size", "12Q", dir}, "--max-size"},
		{[]string{"sweep", "--max-size", "-1", dir}, "--max-size"},
		{[]string{"sweep", "--drive", "CC", dir}, "--drive is a Windows drive"},
		{[]string{"sweep", filepath.Join(dir, "missing")}, "no such file"},
		{[]string{"sweep", "--loki-filenames", filepath.Join(dir, "tools", "payload.bin"), dir}, "payload.bin:1: want regex;score"},
	} {
		if _, stderr, code := run(t, "", append([]string{"--db", db}, tt.args...)...); code != 2 || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, want 2 with %q:\n%s", tt.args, code, tt.want, stderr)
		}
	}
}

func TestParseSize(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{"": 0, "1": 1, "512K": 512 << 10, "100m": 100 << 20, "2G": 2 << 30} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"K", "0", "1.5M", "9999999999G", "x"} {
		if _, err := parseSize(in); err == nil {
			t.Errorf("parseSize(%q): no error", in)
		}
	}
}

// TestSweepMSTICPaths sweeps a mounted Exchange volume with Microsoft's
// real HAFNIUM feed as --intel: its web-shell path rows name C:\ paths,
// which --drive C: maps the tree onto.
func TestSweepMSTICPaths(t *testing.T) {
	t.Parallel()
	feed := sharedtest.Path(t, "data/iocs/MSTICIoCs-ExchangeServerVulnerabilitiesDisclosedMarch2021.csv")
	vol := t.TempDir()
	auth := filepath.Join(vol, "Program Files", "Microsoft", "Exchange Server", "V15", "FrontEnd", "HttpProxy", "owa", "auth")
	if err := os.MkdirAll(auth, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"OutlookZH.aspx", "logon.aspx"} {
		if err := os.WriteFile(filepath.Join(auth, name), []byte("<html></html>"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := tempDB(t)
	out, stderr, code := run(t, "", "--db", db, "--empty", "sweep", "--intel", feed, vol)
	if code != 0 {
		t.Errorf("without --drive: exit %d, want 0 (the feed names C:\\ paths):\n%s\n%s", code, out, stderr)
	}
	out, stderr, code = run(t, "", "--db", db, "--empty", "sweep", "--intel", feed, "--drive", "C:", vol)
	want := filepath.Join(auth, "OutlookZH.aspx") + "  file:name = OutlookZH.aspx"
	if code != 1 || !strings.Contains(out, want) || strings.Contains(out, "logon.aspx") {
		t.Errorf("--drive C:: exit %d, want 1 and %q:\n%s\n%s", code, want, out, stderr)
	}
}
