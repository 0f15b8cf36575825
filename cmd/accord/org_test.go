package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/sqlite"
	"github.com/google/go-cmp/cmp"
)

// runJSON runs accord with --json and decodes its output into v.
func runJSON(t *testing.T, db string, v any, args ...string) {
	t.Helper()
	out, stderr, code := run(t, "", append([]string{"--db", db, "--empty"}, append(args, "--json")...)...)
	if code != 0 {
		t.Fatalf("accord %v: exit %d: %s", args, code, stderr)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("accord %v: output is not JSON: %v\n%s", args, err, out)
	}
}

// openDB opens the test's database directly, to check what the CLI did.
func openDB(t *testing.T, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestOrgUserToken sets up an organisation, a user and tokens as a
// deployment script would, from the JSON the commands print.
func TestOrgUserToken(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	var org accord.Org
	runJSON(t, db, &org, "org", "add", "National CERT")
	var user accord.User
	runJSON(t, db, &user, "user", "add", "alice", "--org", "National CERT")
	var tok, tok2 accord.Token
	runJSON(t, db, &tok, "token", "create", "alice")
	runJSON(t, db, &tok2, "token", "create", user.ID)
	if user.OrgID != org.ID || tok.UserID != user.ID || tok.Secret == "" || tok.Secret == tok2.Secret {
		t.Fatalf("org %+v, user %+v, tokens %+v %+v", org, user, tok, tok2)
	}
	store := openDB(t, db)
	want := accord.Principal{UserID: user.ID, OrgID: org.ID, Name: "alice"}
	if p, err := store.Authenticate(t.Context(), "alice", tok.Secret); err != nil || p != want {
		t.Errorf("Authenticate with the printed secret = %+v, %v; want %+v", p, err, want)
	}
	if out, stderr, code := run(t, "", "--db", db, "token", "revoke", tok.ID); code != 0 || !strings.Contains(out, tok.ID) {
		t.Fatalf("token revoke: exit %d: %s%s", code, out, stderr)
	}
	_, err := store.AuthenticateToken(t.Context(), tok.Secret)
	wantCodeCLI(t, "a revoked token", err, accord.EUNAUTHORIZED)
	var toks []accord.Token
	runJSON(t, db, &toks, "token", "list", "alice")
	if len(toks) != 2 || toks[0].Secret != "" || toks[0].Revoked == toks[1].Revoked {
		t.Errorf("token list = %+v; want two, one revoked, no secrets", toks)
	}
	out, _, _ := run(t, "", "--db", db, "org", "list")
	if want := org.ID + "  National CERT\n"; out != want {
		t.Errorf("org list = %q, want %q", out, want)
	}
	out, _, _ = run(t, "", "--db", db, "user", "list")
	if want := user.ID + "  alice  (National CERT)\n"; out != want {
		t.Errorf("user list = %q, want %q", out, want)
	}
	var orgs []accord.Org
	runJSON(t, db, &orgs, "org", "list")
	if diff := cmp.Diff([]accord.Org{org}, orgs); diff != "" {
		t.Errorf("org list --json (-want +got):\n%s", diff)
	}
}

func wantCodeCLI(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := accord.ErrorCode(err); got != code {
		t.Errorf("%s: error %v has code %q, want %q", what, err, got, code)
	}
}

// TestTokenSecretShownOnce checks the text output of token create: the
// secret on stdout alone on its line, the warning on stderr.
func TestTokenSecretShownOnce(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	run(t, "", "--db", db, "--empty", "org", "add", "cert")
	run(t, "", "--db", db, "user", "add", "bob", "--org", "cert")
	out, stderr, code := run(t, "", "--db", db, "token", "create", "bob")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !strings.Contains(stderr, "shown once") {
		t.Fatalf("token create: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	p, err := openDB(t, db).AuthenticateToken(t.Context(), lines[1])
	if err != nil || p.Name != "bob" {
		t.Errorf("the secret printed does not authenticate bob: %+v, %v", p, err)
	}
	toks, _ := openDB(t, db).Tokens(t.Context(), p.UserID)
	if len(toks) != 1 || !toks[0].LastUsed.After(time.Now().Add(-time.Hour)) {
		t.Errorf("tokens after use: %+v", toks)
	}
}
