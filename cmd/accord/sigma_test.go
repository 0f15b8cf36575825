package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/google/go-cmp/cmp"
)

func TestSigmaLint(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"good.yml":        "title: good\nlogsource: {product: windows}\ndetection:\n    sel:\n        Image|endswith: '\\cmd.exe'\n    condition: sel\n",
		"sub/bad.yaml":    "title: bad\nlogsource: {product: windows}\ndetection:\n    sel:\n        Image|frob: x\n    condition: sel\n",
		"sub/expand.yml":  "title: dc\nlogsource: {product: windows}\ndetection:\n    sel:\n        Computer|expand: '%DomainControllers%'\n    condition: sel\n",
		"sub/ignored.txt": "not a rule",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	vars := filepath.Join(dir, "vars.conf")
	os.WriteFile(vars, []byte("placeholders:\n  DomainControllers: [dc1, dc2]\n"), 0o644)

	out, stderr, code := run(t, "", "sigma", "lint", "--json", dir)
	var got struct {
		Loaded   int
		Rejected []struct{ Path, Reason string }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 {
		t.Fatalf("lint --json: exit %d, %v: %s %s", code, err, out, stderr)
	}
	reasons := []string{}
	for _, r := range got.Rejected {
		reasons = append(reasons, strings.TrimPrefix(r.Reason, dir+string(filepath.Separator)))
	}
	want := []string{
		`sub/bad.yaml:5: rule "bad": Image|frob: unknown modifier "frob"`,
		`sub/expand.yml:5: rule "dc": Computer|expand: placeholder %DomainControllers% has no values (give them in the placeholder configuration)`,
	}
	if diff := cmp.Diff(want, reasons); diff != "" || got.Loaded != 1 {
		t.Errorf("loaded %d (want 1), rejected (-want +got):\n%s", got.Loaded, diff)
	}
	out, _, code = run(t, "", "sigma", "lint", dir, "--placeholders", vars)
	if code != 0 || !strings.HasSuffix(out, "2 rules loaded, 1 rejected\n") {
		t.Errorf("lint --placeholders: exit %d: %s", code, out)
	}
	for _, args := range [][]string{{"sigma"}, {"sigma", "frob"}, {"sigma", "lint"}, {"sigma", "lint", filepath.Join(dir, "missing")}} {
		if _, stderr, code := run(t, "", args...); code != 2 || stderr == "" {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 with a message", args, code, stderr)
		}
	}
}

// TestSigmaLintSigmaHQ is issue 5's check: at least 98% of SigmaHQ's rules
// load, and every rejection has a reason.
func TestSigmaLintSigmaHQ(t *testing.T) {
	t.Parallel()
	dir := sharedtest.Path(t, "data/sigma")
	out, stderr, code := run(t, "", "sigma", "lint", "--json", dir)
	var got struct {
		Loaded   int
		Rejected []struct{ Path, Reason string }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 {
		t.Fatalf("exit %d, %v: %s", code, err, stderr)
	}
	total := got.Loaded + len(got.Rejected)
	if total < 3754 || float64(got.Loaded) < 0.98*float64(total) {
		t.Errorf("loaded %d of %d rules", got.Loaded, total)
	}
	for _, r := range got.Rejected {
		if r.Path == "" || !strings.Contains(r.Reason, r.Path+":") {
			t.Errorf("rejection without a path and line: %+v", r)
		}
	}
}
