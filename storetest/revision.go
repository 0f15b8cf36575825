package storetest

import (
	"testing"

	"github.com/accord-cti/accord"
)

// testRevision checks that Revision changes with every version written of
// the types asked about, a revocation included, and with nothing else.
func testRevision(t *testing.T, s accord.Store) {
	rev := func(types ...string) accord.Revision {
		t.Helper()
		r, err := s.Revision(t.Context(), types...)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := rev(); r != (accord.Revision{}) {
		t.Errorf("Revision of an empty store = %+v, want the zero Revision", r)
	}
	mustPut(t, s, oldWeb1.object())
	patterns := rev("attack-pattern")
	mustPut(t, s, hafnium1.object())
	all := rev()
	if patterns.LastAdded.IsZero() || !all.LastAdded.After(patterns.LastAdded) {
		t.Errorf("Revision of attack patterns = %+v, of all after an intrusion set = %+v; want times, the second later", patterns, all)
	}
	if r := rev("attack-pattern"); r != patterns {
		t.Errorf("Revision of attack patterns after an intrusion set = %+v, want %+v", r, patterns)
	}
	if r := rev("attack-pattern", "intrusion-set"); r != all {
		t.Errorf("Revision of both types = %+v, want %+v", r, all)
	}
	if r := rev("attack"); r != (accord.Revision{}) {
		t.Errorf("Revision of a type no object has = %+v, want the zero Revision", r)
	}
	mustPut(t, s, oldWeb1.object()) // already there: no change
	if r := rev(); r != all {
		t.Errorf("Revision after a skipped version = %+v, want %+v", r, all)
	}
	mustPut(t, s, oldWeb2.object()) // the revocation
	if r := rev("attack-pattern"); !r.LastAdded.After(all.LastAdded) {
		t.Errorf("Revision after a revocation = %+v, want a time after %v", r, all.LastAdded)
	}
}
