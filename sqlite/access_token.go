package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/accord-cti/accord"
)

// A token's secret is 32 random bytes, base64url without padding, shown
// once. The store keeps only its SHA-256: a secret of 256 random bits cannot
// be guessed, so a fast unsalted hash is enough (a slow password hash
// protects low-entropy passwords, which tokens are not), and it lets a
// Bearer token be found by its hash. Looking the hash up in an index leaks,
// through timing, at most something about the hash of the attacker's own
// guess, which does not help find a preimage; the comparison that decides
// is constant-time all the same.
const secretBytes = 32

// errAuth is the one error of every failed authentication: it does not say
// which part was wrong.
func errAuth() error { return accord.Errorf(accord.EUNAUTHORIZED, "authentication failed") }

// lastUsedEvery is how stale a token's LastUsed may grow before an
// authentication writes it: recording every use would make each request a
// write.
const lastUsedEvery = time.Minute

func hashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// CreateToken makes a new token for the user; see accord.AccessStore.
func (db *DB) CreateToken(ctx context.Context, userID string) (*accord.Token, error) {
	var b [secretBytes]byte
	rand.Read(b[:]) // never fails (crypto/rand documents it)
	t := &accord.Token{ID: accord.TokenPrefix + accord.NewUUID(), UserID: userID, Created: now(),
		Secret: base64.RawURLEncoding.EncodeToString(b[:])}
	err := db.write(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, `SELECT count(*) FROM users WHERE id = ?`, userID); err != nil || !ok {
			return errors.Join(err, notFound(!ok, "no user %q", userID))
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO tokens (id, user_id, hash, created) VALUES (?, ?, ?, ?)`,
			t.ID, userID, hashSecret(t.Secret), t.Created.UnixMicro())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create token: %w", err)
	}
	return t, nil
}

// Tokens returns the user's tokens, oldest first, without their secrets.
func (db *DB) Tokens(ctx context.Context, userID string) ([]*accord.Token, error) {
	tokens := []*accord.Token{}
	err := db.read(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, `SELECT count(*) FROM users WHERE id = ?`, userID); err != nil || !ok {
			return errors.Join(err, notFound(!ok, "no user %q", userID))
		}
		const query = `SELECT id, created, last_used, revoked FROM tokens WHERE user_id = ? ORDER BY created, id`
		return eachRow(ctx, tx, query, []any{userID}, func(rows *sql.Rows) error {
			t := accord.Token{UserID: userID}
			var created, used int64
			err := rows.Scan(&t.ID, &created, &used, &t.Revoked)
			t.Created, t.LastUsed = micros(created), micros(used)
			tokens = append(tokens, &t)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("tokens: %w", err)
	}
	return tokens, nil
}

// RevokeToken revokes a token; see accord.AccessStore.
func (db *DB) RevokeToken(ctx context.Context, id string) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked = 1 WHERE id = ?`, id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		return errors.Join(err, notFound(err == nil && n == 0, "no token %q", id))
	})
	if err != nil {
		return fmt.Errorf("revoke token: %w", err)
	}
	return nil
}

// credential is a live token as authentication reads it.
type credential struct {
	tokenID  string
	hash     []byte
	lastUsed int64
	p        accord.Principal
}

const credentialQuery = `SELECT t.id, t.hash, t.last_used, u.id, u.org_id, u.name
	FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.revoked = 0 AND `

// Authenticate checks a user name and a token secret; see
// accord.AccessStore. It compares the secret's hash with every live token
// of the user, in constant time each, and with a dummy one when the user
// has none, so that an unknown user costs what a known one does.
func (db *DB) Authenticate(ctx context.Context, userName, secret string) (accord.Principal, error) {
	creds, err := db.credentials(ctx, `u.name = ?`, userName)
	if err != nil {
		return accord.Principal{}, fmt.Errorf("authenticate: %w", err)
	}
	return db.match(ctx, creds, hashSecret(secret))
}

// AuthenticateToken checks a token secret alone; see accord.AccessStore.
func (db *DB) AuthenticateToken(ctx context.Context, secret string) (accord.Principal, error) {
	h := hashSecret(secret)
	creds, err := db.credentials(ctx, `t.hash = ?`, h)
	if err != nil {
		return accord.Principal{}, fmt.Errorf("authenticate: %w", err)
	}
	return db.match(ctx, creds, h)
}

// credentials reads the credentials the condition selects, with a
// statement prepared once and no explicit transaction (every TAXII
// request authenticates; see eachRowAlone).
func (db *DB) credentials(ctx context.Context, where string, arg any) ([]credential, error) {
	var creds []credential
	err := db.eachRowAlone(ctx, credentialQuery+where, []any{arg}, func(rows *sql.Rows) error {
		var c credential
		err := rows.Scan(&c.tokenID, &c.hash, &c.lastUsed, &c.p.UserID, &c.p.OrgID, &c.p.Name)
		creds = append(creds, c)
		return err
	})
	return creds, err
}

// dummyHash stands in for the tokens of a user who has none.
var dummyHash = make([]byte, sha256.Size)

// match returns the principal of the credential whose hash is h, and
// records the token's use when its record is stale.
func (db *DB) match(ctx context.Context, creds []credential, h []byte) (accord.Principal, error) {
	if len(creds) == 0 {
		subtle.ConstantTimeCompare(dummyHash, h)
		return accord.Principal{}, errAuth()
	}
	found := -1
	for i, c := range creds {
		if subtle.ConstantTimeCompare(c.hash, h) == 1 {
			found = i
		}
	}
	if found < 0 {
		return accord.Principal{}, errAuth()
	}
	c := creds[found]
	if t := now(); t.Sub(micros(c.lastUsed)) >= lastUsedEvery {
		err := db.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE tokens SET last_used = ? WHERE id = ?`, t.UnixMicro(), c.tokenID)
			return err
		})
		if err != nil {
			return accord.Principal{}, fmt.Errorf("authenticate: record use: %w", err)
		}
	}
	return c.p, nil
}
