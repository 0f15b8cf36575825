package storetest

import (
	"strings"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/google/go-cmp/cmp"
)

func mustCollection(t *testing.T, s AccessStore, c accord.Collection) *accord.Collection {
	t.Helper()
	got, err := s.AddCollection(t.Context(), c)
	if err != nil {
		t.Fatalf("AddCollection(%+v): %v", c, err)
	}
	return got
}

func testCollections(t *testing.T, s AccessStore) {
	ctx := t.Context()
	in := accord.Collection{Alias: "exchange-2021", Title: "Exchange 2021", Description: "ProxyLogon", MaxMarking: "amber"}
	c := mustCollection(t, s, in)
	if !idLike(c.ID, "") || c.Created.IsZero() {
		t.Errorf("AddCollection returned id %q, created %v: want a UUID and a time", c.ID, c.Created)
	}
	in.ID, in.Created = c.ID, c.Created
	if diff := cmp.Diff(&in, c); diff != "" {
		t.Errorf("AddCollection (-want +got):\n%s", diff)
	}
	_, err := s.AddCollection(ctx, accord.Collection{Alias: "exchange-2021", Title: "Another"})
	wantCode(t, "AddCollection of a taken alias", err, accord.ECONFLICT)
	plain := mustCollection(t, s, accord.Collection{Title: "Anyone"})
	plain2 := mustCollection(t, s, accord.Collection{Title: "Anyone else"}) // no alias twice is fine
	for _, ref := range []string{c.ID, "exchange-2021"} {
		got, err := s.Collection(ctx, ref)
		if diff := cmp.Diff(c, got); err != nil || diff != "" {
			t.Errorf("Collection(%q): %v (-want +got):\n%s", ref, err, diff)
		}
	}
	_, err = s.Collection(ctx, "")
	wantCode(t, "Collection(\"\")", err, accord.ENOTFOUND)
	all, err := s.Collections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*accord.Collection{plain, plain2, c}, all); diff != "" {
		t.Errorf("Collections (-want +got):\n%s", diff)
	}
}

func testCollectionInvalid(t *testing.T, s AccessStore) {
	tests := []struct {
		c    accord.Collection
		want string
	}{
		{accord.Collection{}, "title"},
		{accord.Collection{Title: "x", Alias: "Upper"}, "alias"},
		{accord.Collection{Title: "x", Alias: "a/b"}, "alias"},
		{accord.Collection{Title: "x", Alias: "0b4e1e6a-9c8a-4b2e-8f3a-3c1f0e2d4a5b"}, "alias"},
		{accord.Collection{Title: "x", Alias: strings.Repeat("a", 65)}, "alias"},
		{accord.Collection{Title: "x", MaxMarking: "white"}, "marking"},
		{accord.Collection{Title: "x", MaxMarking: "AMBER"}, "marking"},
	}
	for _, tt := range tests {
		_, err := s.AddCollection(t.Context(), tt.c)
		wantCode(t, "AddCollection", err, accord.EINVALID)
		if err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("AddCollection(%+v): %v; want it to name the %s", tt.c, err, tt.want)
		}
	}
	for _, m := range accord.TLPLevels {
		mustCollection(t, s, accord.Collection{Title: m, MaxMarking: m})
	}
}

// access returns what Access says p may do.
func access(t *testing.T, s AccessStore, p accord.Principal, collID string) [2]bool {
	t.Helper()
	r, w, err := s.Access(t.Context(), p, collID)
	if err != nil {
		t.Fatalf("Access(%+v, %s): %v", p, collID, err)
	}
	return [2]bool{r, w}
}

func testGrants(t *testing.T, s AccessStore) {
	ctx := t.Context()
	cert, bank := mustOrg(t, s, "cert"), mustOrg(t, s, "bank")
	alice, bob := mustUser(t, s, "alice", cert.ID), mustUser(t, s, "bob", bank.ID)
	carol := mustUser(t, s, "carol", bank.ID)
	c := mustCollection(t, s, accord.Collection{Title: "shared"})
	grants := []accord.Grant{
		{CollectionID: c.ID, OrgID: bank.ID, Read: true},
		{CollectionID: c.ID, UserID: bob.ID, Write: true},
		{CollectionID: c.ID, OrgID: cert.ID, Write: true},
		{CollectionID: c.ID, OrgID: cert.ID, Read: true, Write: true}, // replaces the one before
	}
	for _, g := range grants {
		if err := s.Grant(ctx, g); err != nil {
			t.Fatalf("Grant(%+v): %v", g, err)
		}
	}
	principal := func(u *accord.User) accord.Principal {
		return accord.Principal{UserID: u.ID, OrgID: u.OrgID, Name: u.Name}
	}
	tests := []struct {
		name string
		p    accord.Principal
		want [2]bool
	}{
		{"alice through cert", principal(alice), [2]bool{true, true}},
		{"bob through bank and himself", principal(bob), [2]bool{true, true}},
		{"carol through bank", principal(carol), [2]bool{true, false}},
		{"anonymous", accord.Principal{}, [2]bool{false, false}},
		{"a user of no org", accord.Principal{UserID: "user--x"}, [2]bool{false, false}},
	}
	for _, tt := range tests {
		if got := access(t, s, tt.p, c.ID); got != tt.want {
			t.Errorf("%s: Access = %v, want %v", tt.name, got, tt.want)
		}
	}
	got, err := s.Grants(ctx, c.ID)
	if err != nil || len(got) != 3 {
		t.Errorf("Grants = %+v, %v; want 3", got, err)
	}
	if err := s.Revoke(ctx, accord.Grant{CollectionID: c.ID, OrgID: bank.ID}); err != nil {
		t.Fatal(err)
	}
	if got := access(t, s, principal(carol), c.ID); got != [2]bool{} {
		t.Errorf("carol after revoking bank's grant: %v, want none", got)
	}
	if got := access(t, s, principal(bob), c.ID); got != [2]bool{false, true} {
		t.Errorf("bob after revoking bank's grant: %v, want write only", got)
	}
	err = s.Revoke(ctx, accord.Grant{CollectionID: c.ID, OrgID: bank.ID})
	wantCode(t, "Revoke of a revoked grant", err, accord.ENOTFOUND)
	_, _, err = s.Access(ctx, principal(alice), "00000000-0000-4000-8000-000000000000")
	wantCode(t, "Access to an unknown collection", err, accord.ENOTFOUND)
}

func testGrantInvalid(t *testing.T, s AccessStore) {
	cert := mustOrg(t, s, "cert")
	alice := mustUser(t, s, "alice", cert.ID)
	c := mustCollection(t, s, accord.Collection{Title: "shared"})
	tests := []struct {
		g    accord.Grant
		code string
	}{
		{accord.Grant{CollectionID: c.ID, Read: true}, accord.EINVALID},
		{accord.Grant{CollectionID: c.ID, OrgID: cert.ID, UserID: alice.ID, Read: true}, accord.EINVALID},
		{accord.Grant{CollectionID: c.ID, OrgID: cert.ID}, accord.EINVALID},
		{accord.Grant{CollectionID: "nope", OrgID: cert.ID, Read: true}, accord.ENOTFOUND},
		{accord.Grant{CollectionID: c.ID, OrgID: "org--nope", Read: true}, accord.ENOTFOUND},
		{accord.Grant{CollectionID: c.ID, UserID: "user--nope", Read: true}, accord.ENOTFOUND},
		{accord.Grant{CollectionID: c.ID, OrgID: cert.ID, Read: true, MaxMarking: "white"}, accord.EINVALID},
		{accord.Grant{CollectionID: c.ID, OrgID: cert.ID, Read: true, MaxMarking: "GREEN"}, accord.EINVALID},
	}
	for _, tt := range tests {
		wantCode(t, "Grant", s.Grant(t.Context(), tt.g), tt.code)
	}
	if got, err := s.Grants(t.Context(), c.ID); err != nil || len(got) != 0 {
		t.Errorf("Grants after invalid grants = %+v, %v; want none", got, err)
	}
}

// testGrantMaxMarking checks that a grant keeps its maximum marking, that a
// new grant replaces it, and that "" means none.
func testGrantMaxMarking(t *testing.T, s AccessStore) {
	ctx := t.Context()
	bank := mustOrg(t, s, "bank")
	bob := mustUser(t, s, "bob", bank.ID)
	c := mustCollection(t, s, accord.Collection{Title: "shared"})
	for _, g := range []accord.Grant{
		{CollectionID: c.ID, OrgID: bank.ID, Read: true, MaxMarking: "amber"},
		{CollectionID: c.ID, OrgID: bank.ID, Read: true, MaxMarking: "green"}, // replaces the one before
		{CollectionID: c.ID, UserID: bob.ID, Read: true},
	} {
		if err := s.Grant(ctx, g); err != nil {
			t.Fatalf("Grant(%+v): %v", g, err)
		}
	}
	got, err := s.Grants(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	caps := map[string]string{}
	for _, g := range got {
		caps[g.OrgID+g.UserID] = g.MaxMarking
	}
	want := map[string]string{bank.ID: "green", bob.ID: ""}
	if diff := cmp.Diff(want, caps); diff != "" {
		t.Errorf("grants' max markings (-want +got):\n%s", diff)
	}
}
