package accord

import (
	"context"
	"encoding/json"
	"iter"
	"time"
)

// Feed is a TAXII 2.1 collection this server pulls objects from (issue 7's
// federation): where it is, how to log in, how often, and how far it got.
type Feed struct {
	Name       string `json:"name"`
	URL        string `json:"url"`        // the server's API root
	Collection string `json:"collection"` // the collection's id there
	User       string `json:"user,omitempty"`
	// Token is the secret sent to the server. It is kept in the database in
	// the clear, because pulling needs it; TokenEnv, when set, names an
	// environment variable to read it from at pull time instead.
	Token       string        `json:"-"`
	TokenEnv    string        `json:"token_env,omitempty"`
	Every       time.Duration `json:"every_ns,omitempty"`    // pull period for feed pull --loop; 0 is never
	Fingerprint string        `json:"fingerprint,omitempty"` // pinned SHA-256 of the server's certificate
	Position    time.Time     `json:"position"`              // the date added of the last object pulled
	LastPull    time.Time     `json:"last_pull"`
	Created     time.Time     `json:"created"`
	Objects     int           `json:"objects"`     // object versions it supplied
	Quarantined int           `json:"quarantined"` // objects it sent that were refused
}

// FeedPage is what one pulled page leaves besides its valid objects: the
// position to resume from and the refused objects.
type FeedPage struct {
	Feed       string
	Position   time.Time // zero leaves the position as it was
	Quarantine []Quarantined
}

// Quarantined is an object a feed sent that failed validation, with why.
type Quarantined struct {
	Feed     string          `json:"feed"`
	ID       string          `json:"id,omitempty"` // "" when it had none
	Reason   string          `json:"reason"`
	Raw      json.RawMessage `json:"raw"`
	PulledAt time.Time       `json:"pulled_at"`
}

// FeedObject records that a feed supplied an object version.
type FeedObject struct {
	Feed     string    `json:"feed"`
	ID       string    `json:"id"`
	Modified string    `json:"modified"` // TimeLayout, "" when unversioned
	PulledAt time.Time `json:"pulled_at"`
}

// FeedStore keeps feeds, their positions, provenance and quarantine, and
// the outbound allow-list. Implementation: sqlite.DB.
type FeedStore interface {
	// AddFeed stores a new feed. Codes: EINVALID, ECONFLICT.
	AddFeed(ctx context.Context, f Feed) (*Feed, error)
	// Feed returns a feed by name, with its counts. Codes: ENOTFOUND.
	Feed(ctx context.Context, name string) (*Feed, error)
	// Feeds returns every feed by name.
	Feeds(ctx context.Context) ([]*Feed, error)
	// RemoveFeed removes a feed, its provenance and its quarantine (the
	// objects stay). Codes: ENOTFOUND.
	RemoveFeed(ctx context.Context, name string) error

	// PutFeedPage writes the objects objs yields (as Store.Put does), the
	// provenance of each, page's quarantine and position, all in one
	// transaction: a crash leaves all of it or none. Codes: ENOTFOUND
	// (no such feed), EINVALID, EINTERNAL.
	PutFeedPage(ctx context.Context, page FeedPage, objs iter.Seq2[*Object, error]) (PutResult, error)
	// Quarantine lists the refused objects of a feed ("" for every feed).
	Quarantine(ctx context.Context, feed string) ([]Quarantined, error)
	// Provenance lists which feeds supplied versions of the object id.
	Provenance(ctx context.Context, id string) ([]FeedObject, error)

	// AllowHost adds "host" or "host:port" to the outbound allow-list;
	// DisallowHost takes it away (ENOTFOUND when absent).
	AllowHost(ctx context.Context, host string) error
	DisallowHost(ctx context.Context, host string) error
	// AllowedHosts returns the allow-list, sorted.
	AllowedHosts(ctx context.Context) ([]string, error)
}
