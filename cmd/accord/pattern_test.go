package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const observedBundle = `{"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": [
{"type": "observed-data", "spec_version": "2.1", "id": "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf", "created": "2021-03-02T00:00:00.000Z", "modified": "2021-03-02T00:00:00.000Z", "first_observed": "2021-03-02T01:00:00Z", "last_observed": "2021-03-02T01:00:00Z", "number_observed": 1, "object_refs": ["ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd", "domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5"]},
{"type": "ipv4-addr", "spec_version": "2.1", "id": "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd", "value": "198.51.100.3"},
{"type": "domain-name", "spec_version": "2.1", "id": "domain-name--3c10e93f-798e-5a26-a0c1-08156efab7f5", "value": "avsvmcloud.com"}
]}`

func TestPatternCommands(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "observed.json")
	if err := os.WriteFile(file, []byte(observedBundle), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args     []string
		code     int
		out, err string
	}{
		{[]string{"validate", "[ipv4-addr:value = '198.51.100.3']"}, 0, "", ""},
		{[]string{"validate", "[ipv4-addr:value = '198.51.100.3'"}, 2, "", "column 34: "},
		{[]string{"validate", "--stix-version", "2.0", "[file:name EXISTS]"}, 2, "", "column "},
		{[]string{"match", "[ipv4-addr:value ISSUBSET '198.51.100.0/24']", file}, 0, "observed-data--b67d30ff", ""},
		{[]string{"match", "[domain-name:value = 'avsvmcloud.com'] AND [ipv4-addr:value = '198.51.100.3']", file}, 1, "", ""},
		{[]string{"match", "[domain-name:value = 'example.com']", file}, 1, "", ""},
		{[]string{"match", "[domain-name:value = ", file}, 2, "", "column "},
		{[]string{"match", "[domain-name:value = 'x']", file + ".missing"}, 2, "", "no such file"},
		{[]string{"frob"}, 2, "", "unknown subcommand"},
	}
	for _, tt := range tests {
		stdout, stderr, code := run(t, "", append([]string{"pattern"}, tt.args...)...)
		if code != tt.code || !strings.Contains(stdout, tt.out) || !strings.Contains(stderr, tt.err) {
			t.Errorf("accord pattern %q: exit %d, stdout %q, stderr %q; want exit %d, %q, %q", tt.args, code, stdout, stderr, tt.code, tt.out, tt.err)
		}
	}
	stdout, _, code := run(t, "", "pattern", "match", "--json", "[domain-name:value LIKE '%cloud.com']", file)
	var got struct {
		Matched bool
		Matches [][]string
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil || code != 0 {
		t.Fatalf("match --json: exit %d, %v: %s", code, err, stdout)
	}
	want := [][]string{{"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf"}}
	if diff := cmp.Diff(want, got.Matches); diff != "" || !got.Matched {
		t.Errorf("match --json (-want +got):\n%s", diff)
	}
}
