package main

import (
	"strings"
	"testing"

	"github.com/accord-cti/accord"
)

// TestCollectionPutOrg checks that collection put --org records the named
// organisation as the publisher of the versions it adds, and that an
// unknown organisation adds nothing.
func TestCollectionPutOrg(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	if _, stderr, code := run(t, validBundle, "--db", db, "--empty", "import", "-"); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	var org accord.Org
	runJSON(t, db, &org, "org", "add", "cert")
	var c accord.Collection
	runJSON(t, db, &c, "collection", "add", "c", "--alias", "c")
	_, stderr, code := run(t, "", "--db", db, "collection", "put", "c", idIdentity, "--org", "nobody")
	if code != 2 || !strings.Contains(stderr, `--org: no organisation "nobody"`) {
		t.Errorf("put --org nobody: exit %d, %q", code, stderr)
	}
	var put putResult
	runJSON(t, db, &put, "collection", "put", "c", idIdentity, "--org", "cert")
	store := openDB(t, db)
	p, err := store.Publisher(t.Context(), c.ID, put.Versions[0].ID, put.Versions[0].Modified)
	if err != nil || p != (accord.Publisher{OrgID: org.ID}) {
		t.Errorf("Publisher = %+v, %v; want org %s", p, err, org.ID)
	}
}
