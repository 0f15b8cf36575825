package main

import (
	"strings"
	"testing"
	"time"

	"github.com/accord-cti/accord"
	"github.com/google/go-cmp/cmp"
)

const (
	idIdentity  = "identity--023d105b-752e-4e3c-941c-7d3f3cb15e9e"
	idIndicator = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"
)

// TestCollectionGrantPut sets up a collection shared with an organisation
// and puts objects in it, from the JSON the commands print.
func TestCollectionGrantPut(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	if _, stderr, code := run(t, validBundle, "--db", db, "--empty", "import", "-"); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	var org accord.Org
	runJSON(t, db, &org, "org", "add", "bank")
	var user accord.User
	runJSON(t, db, &user, "user", "add", "carol", "--org", "bank")
	var c accord.Collection
	runJSON(t, db, &c, "collection", "add", "Exchange 2021", "--alias", "ex21", "--description", "ProxyLogon", "--max-marking", "amber")
	want := accord.Collection{ID: c.ID, Alias: "ex21", Title: "Exchange 2021", Description: "ProxyLogon", MaxMarking: "amber", Created: c.Created}
	if diff := cmp.Diff(want, c); diff != "" || c.ID == "" {
		t.Errorf("collection add (-want +got):\n%s", diff)
	}
	var g accord.Grant
	runJSON(t, db, &g, "grant", "ex21", "--org", "bank", "--read")
	if diff := cmp.Diff(accord.Grant{CollectionID: c.ID, OrgID: org.ID, Read: true}, g); diff != "" {
		t.Errorf("grant (-want +got):\n%s", diff)
	}
	runJSON(t, db, &g, "grant", c.ID, "--user", "carol", "--write")
	var capped accord.Grant
	runJSON(t, db, &capped, "grant", c.ID, "--org", "bank", "--read", "--max-marking", "GREEN")
	if diff := cmp.Diff(accord.Grant{CollectionID: c.ID, OrgID: org.ID, Read: true, MaxMarking: "green"}, capped); diff != "" {
		t.Errorf("grant --max-marking (-want +got):\n%s", diff)
	}
	var put putResult
	runJSON(t, db, &put, "collection", "put", "ex21", idIdentity, "Poison Ivy C2")
	checkCollection(t, db, c.ID, put)

	store := openDB(t, db)
	p := accord.Principal{UserID: user.ID, OrgID: org.ID, Name: "carol"}
	if r, w, err := store.Access(t.Context(), p, c.ID); err != nil || !r || !w {
		t.Errorf("Access(carol) = %v, %v, %v; want read (bank) and write (carol)", r, w, err)
	}
	if out, stderr, code := run(t, "", "--db", db, "grant", "ex21", "--org", "bank", "--revoke"); code != 0 {
		t.Fatalf("grant --revoke: exit %d: %s%s", code, out, stderr)
	}
	if r, w, err := store.Access(t.Context(), p, c.ID); err != nil || r || !w {
		t.Errorf("Access(carol) after revoking bank = %v, %v, %v; want write only", r, w, err)
	}
	var list []collectionInfo
	runJSON(t, db, &list, "collection", "list")
	if len(list) != 1 || list[0].ID != c.ID || len(list[0].Grants) != 1 || list[0].Grants[0].UserID != user.ID {
		t.Errorf("collection list --json = %+v", list)
	}
	out, _, _ := run(t, "", "--db", db, "collection", "list")
	wantText := c.ID + "  Exchange 2021  (alias ex21)  max TLP:AMBER\n    w     user carol\n"
	if out != wantText {
		t.Errorf("collection list = %q, want %q", out, wantText)
	}
}

// checkCollection checks that the collection holds what collection put
// said it added.
func checkCollection(t *testing.T, db, collID string, put putResult) {
	t.Helper()
	wantRefs := []accord.VersionRef{{ID: idIdentity, Modified: "2017-01-20T00:00:00.000000000Z"},
		{ID: idIndicator, Modified: "2016-04-06T20:03:00.000000000Z"}}
	if diff := cmp.Diff(wantRefs, put.Versions); diff != "" || put.CollectionID != collID || put.DateAdded.IsZero() {
		t.Errorf("collection put: %+v (-want +got):\n%s", put, diff)
	}
	var got []accord.VersionRef
	_, _, first, _, err := openDB(t, db).CollectionFind(t.Context(), collID, accord.CollectionFilter{},
		func(o *accord.Object, _ time.Time) error {
			got = append(got, accord.VersionRef{ID: o.ID, Modified: o.Modified})
			return nil
		})
	if err != nil || !first.Equal(put.DateAdded) {
		t.Errorf("CollectionFind: first %v, %v; want %v", first, err, put.DateAdded)
	}
	if diff := cmp.Diff(wantRefs, got); diff != "" {
		t.Errorf("collection holds (-want +got):\n%s", diff)
	}
}

func TestAccessUsageErrors(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	run(t, validBundle, "--db", db, "--empty", "import", "-")
	run(t, "", "--db", db, "org", "add", "cert")
	run(t, "", "--db", db, "collection", "add", "c", "--alias", "c")
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"org"}, 2, "want add NAME | list"},
		{[]string{"org", "frob"}, 2, `unknown subcommand "frob"`},
		{[]string{"org", "add"}, 2, "give the organisation's name"},
		{[]string{"org", "add", "cert"}, 2, `organisation "cert" already exists`},
		{[]string{"org", "add", " cert"}, 2, "leading or trailing space"},
		{[]string{"user", "add", "alice"}, 2, "--org ORG"},
		{[]string{"user", "add", "alice", "--org", "nobody"}, 2, `no organisation "nobody"`},
		{[]string{"token", "create", "nobody"}, 2, `no user "nobody"`},
		{[]string{"token", "revoke", "token--nope"}, 2, `no token "token--nope"`},
		{[]string{"collection", "add", "x", "--max-marking", "white"}, 2, "max marking"},
		{[]string{"collection", "add", "x", "--alias", "c"}, 2, "alias \"c\" is taken"},
		{[]string{"collection", "put", "c"}, 2, "at least one object"},
		{[]string{"collection", "put", "nope", idIdentity}, 2, `no collection "nope"`},
		{[]string{"collection", "put", "c", "nothing-by-this-name"}, 2, "nothing-by-this-name"},
		{[]string{"grant", "c", "--read"}, 2, "one of --org ORG or --user USER"},
		{[]string{"grant", "c", "--org", "cert"}, 2, "give --read, --write or both"},
		{[]string{"grant", "c", "--org", "cert", "--read", "--revoke"}, 2, "without --read or --write"},
		{[]string{"grant", "c", "--org", "cert", "--revoke"}, 2, "has no grant"},
		{[]string{"grant", "c", "--org", "cert", "--read", "--max-marking", "white"}, 2, `--max-marking "white": want one of clear|green`},
		{[]string{"grant", "c", "--org", "cert", "--revoke", "--max-marking", "red"}, 2, "without --max-marking"},
		{[]string{"grant", "nope", "--org", "cert", "--read"}, 2, `no collection "nope"`},
	}
	for _, tt := range tests {
		stdout, stderr, code := run(t, "", append([]string{"--db", db}, tt.args...)...)
		if code != tt.code || !strings.Contains(stdout+stderr, tt.msg) {
			t.Errorf("accord %v: exit %d, stderr %q; want exit %d containing %q", tt.args, code, stderr, tt.code, tt.msg)
		}
	}
}

func TestExitCodeRefused(t *testing.T) {
	t.Parallel()
	for _, code := range []string{accord.EUNAUTHORIZED, accord.EFORBIDDEN} {
		if got := ExitCode(accord.Errorf(code, "no")); got != 4 {
			t.Errorf("ExitCode(%s) = %d, want 4", code, got)
		}
	}
}
