package stix

import (
	"strings"
	"testing"
)

// FuzzValidate parses arbitrary bytes and validates whatever parses: the
// validator must never panic, and every problem it reports must name the
// object and a JSON pointer. Its seed corpus is testdata/fuzz/FuzzValidate.
func FuzzValidate(f *testing.F) {
	f.Add([]byte(`{"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}`))
	f.Add([]byte(`{"type":"file","id":"file--949eb97a-da1e-5292-8959-03c4249dc9f3","hashes":{"SHA-256":"fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db"},"name":"foo.dll"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		obj, err := Parse(data)
		if err != nil {
			return
		}
		checkProblems(t, obj, Validate(obj))
		if obj.Kind == Object {
			DeterministicID(obj)
		}
		for _, e := range obj.Arr {
			checkProblems(t, e, Validate(e))
		}
	})
}

func checkProblems(t *testing.T, obj *Value, problems []Problem) {
	t.Helper()
	id := ""
	if obj.Kind == Object {
		id = obj.GetString("id")
	}
	for _, p := range problems {
		if p.ObjectID != id || p.Message == "" || p.Path != "" && !strings.HasPrefix(p.Path, "/") {
			t.Fatalf("malformed problem %+v for object id %q", p, id)
		}
	}
}
