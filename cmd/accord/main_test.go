package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// run runs accord in-process and returns its stdout, stderr and exit code.
func run(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	err := m.Run(context.Background(), args)
	if err != nil && err != errSilent {
		errb.WriteString("accord: " + err.Error() + "\n")
	}
	return out.String(), errb.String(), ExitCode(err)
}

func tempDB(t *testing.T) string { return filepath.Join(t.TempDir(), "accord.db") }

// stats returns the stats of the database as decoded JSON.
func stats(t *testing.T, db string) map[string]any {
	t.Helper()
	out, stderr, code := run(t, "", "--db", db, "stats", "--json")
	if code != 0 {
		t.Fatalf("stats: exit %d: %s", code, stderr)
	}
	var st map[string]any
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	return st
}

const validBundle = `{"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": [
{"type": "identity", "spec_version": "2.1", "id": "identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e", "created": "2017-01-20T00:00:00.000Z", "modified": "2017-01-20T00:00:00.000Z", "name": "ACME Widget, Inc.", "identity_class": "organization"},
{"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "created": "2016-04-06T20:03:00.000Z", "modified": "2016-04-06T20:03:00.000Z", "name": "Poison Ivy C2", "pattern": "[domain-name:value = 'example.com']", "pattern_type": "stix", "valid_from": "2016-01-01T00:00:00Z", "x_custom": {"kept": [1, 2.50, "é"]}}
]}`

func TestImportInvalidBundleStoresNothing(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	bad := strings.Replace(validBundle, `"valid_from": "2016-01-01T00:00:00Z"`, `"valid_from": "2016-01-01T00:00:00Z", "valid_until": "2015-01-01T00:00:00Z"`, 1)
	bad = strings.Replace(bad, `"identity_class": "organization"`, `"identity_class": "organization", "confidence": 101`, 1)
	_, stderr, code := run(t, bad, "--db", db, "--empty", "import", "-")
	if code != 2 {
		t.Fatalf("exit %d, want 2; stderr:\n%s", code, stderr)
	}
	for _, want := range []string{
		"<stdin>:2: identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e: /confidence:",
		"<stdin>:3: indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f: /valid_until: must be later than valid_from",
		"nothing from this file was stored",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if n := stats(t, db)["versions"]; n != 0.0 {
		t.Errorf("versions stored after a rejected bundle = %v, want 0", n)
	}

	out, stderr, code := run(t, bad, "--db", db, "import", "--skip-invalid", "-")
	if code != 0 || !strings.Contains(stderr, "skipped:") {
		t.Fatalf("--skip-invalid: exit %d, stdout:\n%s\nstderr:\n%s", code, out, stderr)
	}
	if n := stats(t, db)["versions"]; n != 0.0 {
		t.Errorf("versions stored after --skip-invalid with every object invalid = %v, want 0", n)
	}
}

func TestImportExportRoundTrip(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	out, stderr, code := run(t, validBundle, "--db", db, "--empty", "import", "-")
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "2 versions added") {
		t.Errorf("import summary lacks the count:\n%s", out)
	}
	out, _, code = run(t, validBundle, "--db", db, "import", "-")
	if code != 0 || !strings.Contains(out, "0 versions added, 2 already present") {
		t.Errorf("re-import: exit %d:\n%s", code, out)
	}
	exported, stderr, code := run(t, "", "--db", db, "export", "--type", "indicator")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, stderr)
	}
	var in, got struct{ Objects []any }
	json.Unmarshal([]byte(validBundle), &in)
	if err := json.Unmarshal([]byte(exported), &got); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, exported)
	}
	if diff := cmp.Diff(in.Objects[1:], got.Objects); diff != "" {
		t.Errorf("export (-want +got):\n%s", diff)
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"import"}, 2, "name at least one file"},
		{[]string{"import", "/nonexistent/x.json"}, 2, "no such file"},
		{[]string{"export", "--since", "yesterday"}, 2, "expected an RFC 3339 time"},
		{[]string{"export", "--bogus"}, 2, "flag provided but not defined"},
		{[]string{"show", "no-such-thing-at-all"}, 2, "no-such-thing-at-all"},
		{[]string{"validate", "-"}, 2, "empty input"},
	}
	for _, tt := range tests {
		stdout, stderr, code := run(t, "", append([]string{"--db", db, "--empty"}, tt.args...)...)
		if code != tt.code || !strings.Contains(stdout+stderr, tt.msg) {
			t.Errorf("accord %v: exit %d, stderr %q; want exit %d containing %q", tt.args, code, stderr, tt.code, tt.msg)
		}
	}
}

func TestValidateReportsWhere(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.json")
	bad := strings.Replace(validBundle, `"modified": "2017-01-20T00:00:00.000Z"`, `"modified": "2016-01-20T00:00:00.000Z"`, 1)
	os.WriteFile(path, []byte(bad), 0o644)
	out, _, code := run(t, "", "validate", path)
	want := path + ":2: identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e: /modified:"
	if code != 2 || !strings.Contains(out, want) {
		t.Errorf("validate: exit %d, stdout %q; want exit 2 and %q", code, out, want)
	}
	os.WriteFile(path, []byte(validBundle), 0o644)
	if out, stderr, code := run(t, "", "validate", path); code != 0 || out != "" {
		t.Errorf("validate of a valid bundle: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}
