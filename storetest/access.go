package storetest

import (
	"encoding/base64"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/google/go-cmp/cmp"
)

// AccessStore is what RunAccess checks: a Store that also keeps the
// access records and collections (collections hold versions from the Store).
type AccessStore interface {
	accord.Store
	accord.AccessStore
}

// RunAccess checks the store that open returns against the
// accord.AccessStore contract. open must return a new, empty store for each
// call (the subtests run in parallel) and close it when t ends.
func RunAccess(t *testing.T, open func(t *testing.T) AccessStore) {
	tests := []struct {
		name string
		fn   func(*testing.T, AccessStore)
	}{
		{"Orgs", testOrgs},
		{"OrgInvalid", testOrgInvalid},
		{"Users", testUsers},
		{"Tokens", testTokens},
		{"AuthFailuresAlike", testAuthFailuresAlike},
		{"Collections", testCollections},
		{"CollectionInvalid", testCollectionInvalid},
		{"Grants", testGrants},
		{"GrantInvalid", testGrantInvalid},
		{"GrantMaxMarking", testGrantMaxMarking},
		{"AddToCollection", testAddToCollection},
		{"AddToCollectionAtomic", testAddToCollectionAtomic},
		{"Publisher", testPublisher},
		{"CollectionVersions", testCollectionVersions},
		{"CollectionFilters", testCollectionFilters},
		{"CollectionPaging", testCollectionPaging},
		{"CollectionConcurrent", testCollectionConcurrent},
		{"CollectionBadInput", testCollectionBadInput},
		{"RemoveFromCollection", testRemoveFromCollection},
		{"Status", testStatus},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, open(t))
		})
	}
}

func mustOrg(t *testing.T, s AccessStore, name string) *accord.Org {
	t.Helper()
	o, err := s.AddOrg(t.Context(), name)
	if err != nil {
		t.Fatalf("AddOrg(%q): %v", name, err)
	}
	return o
}

func mustUser(t *testing.T, s AccessStore, name, orgID string) *accord.User {
	t.Helper()
	u, err := s.AddUser(t.Context(), name, orgID)
	if err != nil {
		t.Fatalf("AddUser(%q): %v", name, err)
	}
	return u
}

func mustToken(t *testing.T, s AccessStore, userID string) *accord.Token {
	t.Helper()
	tok, err := s.CreateToken(t.Context(), userID)
	if err != nil {
		t.Fatalf("CreateToken(%s): %v", userID, err)
	}
	return tok
}

func testOrgs(t *testing.T, s AccessStore) {
	ctx := t.Context()
	cert := mustOrg(t, s, "National CERT")
	bank := mustOrg(t, s, "Bank of Examples")
	if !idLike(cert.ID, accord.OrgPrefix) || cert.Created.IsZero() || cert.ID == bank.ID {
		t.Errorf("AddOrg returned %+v and %+v: want distinct org-- ids and a creation time", cert, bank)
	}
	_, err := s.AddOrg(ctx, "National CERT")
	wantCode(t, "AddOrg of a taken name", err, accord.ECONFLICT)
	orgs, err := s.Orgs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*accord.Org{bank, cert}, orgs); diff != "" {
		t.Errorf("Orgs (-want +got):\n%s", diff)
	}
	for _, ref := range []string{cert.ID, cert.Name} {
		got, err := s.Org(ctx, ref)
		if err != nil || got.ID != cert.ID {
			t.Errorf("Org(%q) = %+v, %v; want %s", ref, got, err, cert.ID)
		}
	}
	_, err = s.Org(ctx, "national cert")
	wantCode(t, "Org of a name in the wrong case", err, accord.ENOTFOUND)
}

func testOrgInvalid(t *testing.T, s AccessStore) {
	for _, name := range []string{"", "   ", " padded", "tab\there", "line\nbreak", "bad \xff utf-8", string(make([]byte, 201))} {
		_, err := s.AddOrg(t.Context(), name)
		wantCode(t, "AddOrg("+name+")", err, accord.EINVALID)
	}
	if orgs, err := s.Orgs(t.Context()); err != nil || len(orgs) != 0 {
		t.Errorf("Orgs after invalid adds = %v, %v; want none", orgs, err)
	}
}

func testUsers(t *testing.T, s AccessStore) {
	ctx := t.Context()
	cert := mustOrg(t, s, "cert")
	alice := mustUser(t, s, "alice", cert.ID)
	if !idLike(alice.ID, accord.UserPrefix) || alice.OrgID != cert.ID || alice.Created.IsZero() {
		t.Errorf("AddUser returned %+v", alice)
	}
	_, err := s.AddUser(ctx, "alice", cert.ID)
	wantCode(t, "AddUser of a taken name", err, accord.ECONFLICT)
	_, err = s.AddUser(ctx, "bob", "org--00000000-0000-4000-8000-000000000000")
	wantCode(t, "AddUser in an unknown organisation", err, accord.ENOTFOUND)
	_, err = s.AddUser(ctx, "", cert.ID)
	wantCode(t, "AddUser with no name", err, accord.EINVALID)
	bob := mustUser(t, s, "bob", cert.ID)
	users, err := s.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]*accord.User{alice, bob}, users); diff != "" {
		t.Errorf("Users (-want +got):\n%s", diff)
	}
	for _, ref := range []string{bob.ID, "bob"} {
		if got, err := s.User(ctx, ref); err != nil || got.ID != bob.ID {
			t.Errorf("User(%q) = %+v, %v; want %s", ref, got, err, bob.ID)
		}
	}
	_, err = s.User(ctx, "carol")
	wantCode(t, "User of an unknown name", err, accord.ENOTFOUND)
}

// idLike says whether id is prefix followed by a version 4 UUID.
func idLike(id, prefix string) bool {
	if len(id) != len(prefix)+36 || id[:len(prefix)] != prefix {
		return false
	}
	u := id[len(prefix):]
	return u[8] == '-' && u[13] == '-' && u[14] == '4' && u[18] == '-' && u[23] == '-'
}

func testTokens(t *testing.T, s AccessStore) {
	ctx := t.Context()
	cert := mustOrg(t, s, "cert")
	alice := mustUser(t, s, "alice", cert.ID)
	tok := mustToken(t, s, alice.ID)
	other := mustToken(t, s, alice.ID)
	if raw, err := base64.RawURLEncoding.DecodeString(tok.Secret); err != nil || len(raw) != 32 {
		t.Errorf("token secret %q: want 32 bytes base64url (%v)", tok.Secret, err)
	}
	if !idLike(tok.ID, accord.TokenPrefix) || tok.UserID != alice.ID || tok.Secret == other.Secret {
		t.Errorf("CreateToken returned %+v and %+v", tok, other)
	}
	want := accord.Principal{UserID: alice.ID, OrgID: cert.ID, Name: "alice"}
	p, err := s.Authenticate(ctx, "alice", tok.Secret)
	if err != nil || p != want {
		t.Errorf("Authenticate = %+v, %v; want %+v", p, err, want)
	}
	if p, err := s.AuthenticateToken(ctx, other.Secret); err != nil || p != want {
		t.Errorf("AuthenticateToken = %+v, %v; want %+v", p, err, want)
	}
	if err := s.RevokeToken(ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeToken(ctx, tok.ID); err != nil {
		t.Errorf("RevokeToken again: %v", err)
	}
	_, err = s.Authenticate(ctx, "alice", tok.Secret)
	wantCode(t, "Authenticate with a revoked token", err, accord.EUNAUTHORIZED)
	_, err = s.AuthenticateToken(ctx, tok.Secret)
	wantCode(t, "AuthenticateToken with a revoked token", err, accord.EUNAUTHORIZED)
	if _, err := s.AuthenticateToken(ctx, other.Secret); err != nil {
		t.Errorf("the other token after revoking one: %v", err)
	}
	wantCode(t, "RevokeToken of an unknown id", s.RevokeToken(ctx, "token--x"), accord.ENOTFOUND)
	_, err = s.CreateToken(ctx, "user--nobody")
	wantCode(t, "CreateToken for an unknown user", err, accord.ENOTFOUND)
	checkTokens(t, s, alice.ID, tok.ID, other.ID)
}

// checkTokens checks what Tokens lists after testTokens.
func checkTokens(t *testing.T, s AccessStore, userID, revoked, live string) {
	t.Helper()
	toks, err := s.Tokens(t.Context(), userID)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]accord.Token{}
	for _, tok := range toks {
		if tok.Secret != "" {
			t.Errorf("Tokens lists the secret of %s", tok.ID)
		}
		got[tok.ID] = *tok
	}
	if len(toks) != 2 || !got[revoked].Revoked || got[live].Revoked || got[live].LastUsed.IsZero() {
		t.Errorf("Tokens = %+v; want %s revoked and %s live and used", got, revoked, live)
	}
}

func testAuthFailuresAlike(t *testing.T, s AccessStore) {
	ctx := t.Context()
	cert := mustOrg(t, s, "cert")
	alice := mustUser(t, s, "alice", cert.ID)
	tok := mustToken(t, s, alice.ID)
	mustUser(t, s, "bob", cert.ID) // has no token
	tests := []struct{ name, user, secret string }{
		{"wrong secret", "alice", flipLast(tok.Secret)},
		{"unknown user", "mallory", tok.Secret},
		{"user without tokens", "bob", tok.Secret},
		{"empty secret", "alice", ""},
		{"empty user", "", tok.Secret},
		{"user id for name", alice.ID, tok.Secret},
	}
	var msgs []string
	for _, tt := range tests {
		p, err := s.Authenticate(ctx, tt.user, tt.secret)
		wantCode(t, tt.name, err, accord.EUNAUTHORIZED)
		if p != (accord.Principal{}) {
			t.Errorf("%s: principal %+v returned with the error", tt.name, p)
		}
		if err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	for _, secret := range []string{"", "nonsense", tok.Secret + "x"} {
		_, err := s.AuthenticateToken(ctx, secret)
		wantCode(t, "AuthenticateToken("+secret+")", err, accord.EUNAUTHORIZED)
		if err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	for _, m := range msgs[1:] {
		if m != msgs[0] {
			t.Errorf("authentication failures differ: %q and %q", msgs[0], m)
		}
	}
}

// flipLast returns s with its last character changed.
func flipLast(s string) string {
	if s[len(s)-1] == 'A' {
		return s[:len(s)-1] + "B"
	}
	return s[:len(s)-1] + "A"
}
