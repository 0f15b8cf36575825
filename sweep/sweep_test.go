package sweep

import (
	"context"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/accord-cti/accord/hunt"
	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/google/go-cmp/cmp"
)

// plant writes files under dir (paths with /) and returns dir.
func plant(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func hexOf(sum []byte) string { return hex.EncodeToString(sum) }

// TestSweepTree sweeps a tree with web shells, benign pages, files whose
// hashes are indicators, a path a real Loki line flags, and links that
// must be skipped, and checks every finding and every skip.
func TestSweepTree(t *testing.T) {
	t.Parallel()
	lokiPath := sharedtest.Path(t, "data/iocs/signature-base-filename-iocs.txt")
	dir := t.TempDir()
	auth := "Exchange/V15/FrontEnd/HttpProxy/owa/auth/"
	files := map[string]string{
		"www/chopper.aspx": shellSamples["chopper.aspx"],
		auth + "oab.aspx":  shellSamples["oab.aspx"],
		"inetpub/wwwroot/aspnet_client/supp0rt.aspx": "<html>nothing to see</html>",
		"payload/a.bin":       "first payload\n",
		"payload/b.bin":       "second payload\n",
		"payload/c.bin":       "third payload\n",
		"payload/.hidden.dll": "hidden but swept\n",
	}
	for name, text := range benignSamples {
		files["www/"+name] = text
	}
	plant(t, dir, files)
	os.Symlink(filepath.Join(dir, "www", "nothing-here.aspx"), filepath.Join(dir, "www", "dangling.aspx"))
	os.Symlink(os.TempDir(), filepath.Join(dir, "out"))
	os.Symlink(filepath.Join(dir, "www"), filepath.Join(dir, "inside")) // into the tree: passed over

	a, b, c := md5.Sum([]byte("first payload\n")), sha1.Sum([]byte("second payload\n")), sha256.Sum256([]byte("third payload\n"))
	inds := []hunt.Indicator{
		{ID: "indicator--00000000-0000-4000-8000-000000000001", Name: "md5", Pattern: "[file:hashes.MD5 = '" + hexOf(a[:]) + "']"},
		{ID: "indicator--00000000-0000-4000-8000-000000000002", Name: "sha1", Pattern: "[file:hashes.'SHA-1' = '" + strings.ToUpper(hexOf(b[:])) + "']"},
		{ID: "indicator--00000000-0000-4000-8000-000000000003", Name: "sha256", Pattern: "[file:hashes.'SHA-256' = '" + hexOf(c[:]) + "']"},
		{ID: "indicator--00000000-0000-4000-8000-000000000004", Name: "owa auth", Pattern: `[file:parent_directory_ref.path LIKE '%\\FrontEnd\\HttpProxy\\owa\\auth' AND file:name IN ('oab.aspx', 'bob.aspx')]`},
		{ID: "indicator--00000000-0000-4000-8000-000000000005", Name: "regex", Pattern: `[file:x_path MATCHES '(?i)\\\\WWW\\\\CHOPPER\\.aspx$']`},
		{ID: "indicator--00000000-0000-4000-8000-000000000006", Name: "drive", Pattern: `[file:name = 'supp0rt.aspx' AND file:parent_directory_ref.path = 'C:\\inetpub\\wwwroot\\aspnet_client']`},
		{ID: "indicator--00000000-0000-4000-8000-000000000007", Name: "two files", Pattern: `[file:name = 'a.bin'] AND [file:name = 'b.bin']`},
		{ID: "indicator--00000000-0000-4000-8000-000000000008", Name: "hidden", Pattern: `[file:name = '.hidden.dll']`},
		{ID: "indicator--00000000-0000-4000-8000-000000000009", Name: "not a file", Pattern: `[ipv4-addr:value = '198.51.100.1']`},
	}
	data, err := os.ReadFile(lokiPath)
	if err != nil {
		t.Fatal(err)
	}
	names, err := ParseLokiFilenames("filename-iocs.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	rules, errs := Compile(Intel{Indicators: inds, Names: names, Content: WebShellRules(),
		Confidence: map[string]int{inds[3].ID: 95}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if diff := cmp.Diff(RuleStats{Indicators: 8, Names: len(names), Content: len(WebShellRules()), Unmatched: 1}, rules.Stats()); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	var got, skipped []string
	var findings []Finding
	res, err := Sweep(context.Background(), rules, []string{dir}, Options{
		Drive:   "C:",
		Finding: func(f Finding) { findings = append(findings, f) },
		Skipped: func(k Skip) { skipped = append(skipped, rel(dir, k.Path)+": "+k.Reason) },
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		got = append(got, rel(dir, f.File)+" "+string(f.Kind)+" "+f.ID+" "+f.Field+" "+itoa(f.Score))
	}
	slices.Sort(got)
	want := []string{
		auth + "oab.aspx content china-chopper-aspx-eval content 90",
		auth + "oab.aspx content china-chopper-exchange-oab content 100",
		auth + "oab.aspx content jscript-eval-unsafe content 70",
		auth + "oab.aspx indicator indicator--00000000-0000-4000-8000-000000000004 file:parent_directory_ref.path 95",
		"inetpub/wwwroot/aspnet_client/supp0rt.aspx indicator indicator--00000000-0000-4000-8000-000000000006 file:name 60",
		"inetpub/wwwroot/aspnet_client/supp0rt.aspx name filename-iocs.txt:3503 file:x_path 90",
		"inetpub/wwwroot/aspnet_client/supp0rt.aspx name filename-iocs.txt:3515 file:x_path 85",
		"payload/.hidden.dll indicator indicator--00000000-0000-4000-8000-000000000008 file:name 60",
		"payload/a.bin indicator indicator--00000000-0000-4000-8000-000000000001 file:hashes.MD5 100",
		"payload/b.bin indicator indicator--00000000-0000-4000-8000-000000000002 file:hashes.'SHA-1' 100",
		"payload/c.bin indicator indicator--00000000-0000-4000-8000-000000000003 file:hashes.'SHA-256' 100",
		"www/chopper.aspx content china-chopper-aspx-eval content 90",
		"www/chopper.aspx content china-chopper-jscript-page content 80",
		"www/chopper.aspx content jscript-eval-unsafe content 70",
		"www/chopper.aspx indicator indicator--00000000-0000-4000-8000-000000000005 file:x_path 60",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	slices.Sort(skipped)
	wantSkipped := []string{
		"out: symbolic link to " + mustEval(t, os.TempDir()) + ", outside the swept tree: not followed",
		"www/dangling.aspx: dangling symbolic link to " + filepath.Join(dir, "www", "nothing-here.aspx"),
	}
	if diff := cmp.Diff(wantSkipped, skipped); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	if res.Files != len(files) || res.Findings != len(want) || res.Skipped != 2 {
		t.Errorf("result %+v, want %d files, %d findings, 2 skipped", res, len(files), len(want))
	}
	for _, f := range findings {
		if f.Kind == KindContent && rel(dir, f.File) == auth+"oab.aspx" && f.ID == "china-chopper-exchange-oab" {
			if f.Line != 6 || !strings.HasPrefix(f.Value, "ExternalUrl") || f.Hashes.SHA256 == "" {
				t.Errorf("OAB finding: line %d, evidence %q, hashes %+v", f.Line, f.Value, f.Hashes)
			}
		}
	}
}

func rel(dir, p string) string {
	r, err := filepath.Rel(dir, p)
	if err != nil {
		return p
	}
	return filepath.ToSlash(r)
}

func mustEval(t *testing.T, p string) string {
	r, err := filepath.EvalSymlinks(p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestSweepUnreadable: a file that cannot be opened is skipped with the
// reason, and its name is still checked.
func TestSweepUnreadable(t *testing.T) {
	t.Parallel()
	if os.Geteuid() == 0 {
		t.Skip("running as root, which reads a chmod 000 file: TestCheckVanished covers the skip")
	}
	dir := t.TempDir()
	plant(t, dir, map[string]string{"secret/shell.aspx": shellSamples["chopper.aspx"]})
	p := filepath.Join(dir, "secret", "shell.aspx")
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	rules, _ := Compile(Intel{Indicators: []hunt.Indicator{{ID: "indicator--1", Pattern: "[file:name = 'shell.aspx']"}}, Content: WebShellRules()})
	var skipped []Skip
	var found []string
	_, err := Sweep(context.Background(), rules, []string{dir}, Options{
		Skipped: func(k Skip) { skipped = append(skipped, k) },
		Finding: func(f Finding) { found = append(found, f.ID) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(skipped) != 1 || skipped[0].Path != p || !strings.Contains(skipped[0].Reason, "permission denied") {
		t.Errorf("skipped %v, want %s for permission denied", skipped, p)
	}
	if diff := cmp.Diff([]string{"indicator--1"}, found); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// TestCheckVanished: a file removed between the walk and its reading is
// skipped with the reason; its name is still checked.
func TestCheckVanished(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "gone.aspx")
	plant(t, dir, map[string]string{"gone.aspx": "x"})
	info, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(p)
	rules, _ := Compile(Intel{Indicators: []hunt.Indicator{{ID: "indicator--1", Pattern: "[file:name = 'gone.aspx']"}}})
	w := newWorker(rules, &Options{ScriptMax: 1 << 20, ContentHead: 1 << 10})
	var done atomic.Int64
	fs, skip := w.check(context.Background(), job{path: p, root: dir, info: info}, &done)
	if skip == nil || !strings.Contains(skip.Reason, "no such file") || !strings.Contains(skip.Reason, "name and path were checked") {
		t.Errorf("skip %+v", skip)
	}
	if len(fs) != 1 || fs[0].ID != "indicator--1" {
		t.Errorf("findings %+v", fs)
	}
}

// TestSweepMaxSize: a file over the maximum size is not read (no content
// or hash findings) but named as skipped, and a missing root is an error.
func TestSweepMaxSize(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plant(t, dir, map[string]string{"big.aspx": shellSamples["chopper.aspx"], "small.aspx": shellSamples["chopper.asp"][:10]})
	rules, _ := Compile(Intel{Content: WebShellRules()})
	var skipped []string
	var found int
	res, err := Sweep(context.Background(), rules, []string{dir}, Options{MaxSize: 20,
		Skipped: func(k Skip) { skipped = append(skipped, filepath.Base(k.Path)+": "+k.Reason) },
		Finding: func(Finding) { found++ }})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"big.aspx: not read: 73 bytes, over the maximum size 20 (its name and path were checked)"}
	if diff := cmp.Diff(want, skipped); diff != "" || found != 0 || res.Bytes != 10 {
		t.Errorf("found %d, read %d bytes; skipped (-want +got):\n%s", found, res.Bytes, diff)
	}
	if _, err := Sweep(context.Background(), rules, []string{filepath.Join(dir, "missing")}, Options{}); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("a missing root: %v", err)
	}
}

// TestHashSpellings: indicators that spell the hash algorithms as feeds do
// (hashes.SHA256, hashes.'sha-1', hashes.md5) and SHA-512, which is
// computed only when asked for, hit.
func TestHashSpellings(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plant(t, dir, map[string]string{"f.bin": "x"})
	inds := []hunt.Indicator{
		{ID: "md5", Pattern: "[file:hashes.md5 = '9dd4e461268c8034f5c8564e155c67a6']"},
		{ID: "sha1", Pattern: "[file:hashes.'sha-1' = '11f6ad8ec52a2984abaafd7c3b516503785c2072']"},
		{ID: "sha256", Pattern: "[file:hashes.SHA256 = '2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881']"},
		{ID: "sha512", Pattern: "[file:hashes.'SHA-512' = 'a4abd4448c49562d828115d13a1fccea927f52b4d5459297f8b43e42da89238bc13626e43dcb38ddb082488927ec904fb42057443983e88585179d50551afe62']"},
	}
	rules, errs := Compile(Intel{Indicators: inds})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	if _, err := Sweep(context.Background(), rules, []string{dir}, Options{Finding: func(f Finding) { got = append(got, f.ID+" "+f.Field) }}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	want := []string{"md5 file:hashes.md5", "sha1 file:hashes.'sha-1'", "sha256 file:hashes.SHA256", "sha512 file:hashes.'SHA-512'"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestSweepCanceled: a sweep whose context ends stops, returns the
// context's error and does not hang.
func TestSweepCanceled(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{}
	for i := range 50 {
		files["d/f"+itoa(i)+".aspx"] = shellSamples["chopper.aspx"]
	}
	plant(t, dir, files)
	rules, _ := Compile(Intel{Content: WebShellRules()})
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	_, err := Sweep(ctx, rules, []string{dir}, Options{Workers: 1, Finding: func(Finding) {
		if n++; n == 3 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || n >= 50*3 {
		t.Errorf("err %v after %d findings", err, n)
	}
}
