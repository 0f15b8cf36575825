package accord

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"
)

// Identifiers of the access records are prefixed random (version 4) UUIDs,
// in the style of STIX ids, so that an id says what it names:
// "org--…", "user--…", "token--…". Collections are bare UUIDs, as TAXII 2.1
// requires of a collection's id; statuses too, as TAXII's status ids.
const (
	OrgPrefix   = "org--"
	UserPrefix  = "user--"
	TokenPrefix = "token--"
)

// NewUUID returns a random (version 4) UUID in its canonical lower-case form.
func NewUUID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand documents it)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// Org is an organisation: a partner of the community, or the operator itself.
// Its members are users; grants and TLP markings name organisations.
type Org struct {
	ID      string    `json:"id"` // "org--" UUID
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
}

// User is a person or a machine that signs in with its tokens. Every user
// belongs to one organisation.
type User struct {
	ID      string    `json:"id"`   // "user--" UUID
	Name    string    `json:"name"` // unique: the user name of HTTP Basic
	OrgID   string    `json:"org_id"`
	Created time.Time `json:"created"`
}

// Token is a user's credential. Secret is set only in what CreateToken
// returns: the store keeps a hash, so a secret is shown once.
type Token struct {
	ID       string    `json:"id"` // "token--" UUID
	UserID   string    `json:"user_id"`
	Created  time.Time `json:"created"`
	LastUsed time.Time `json:"last_used,omitzero"` // to the minute at best
	Revoked  bool      `json:"revoked,omitempty"`
	Secret   string    `json:"secret,omitempty"`
}

// TLP 2.0 levels, the values of Collection.MaxMarking (from the least
// restrictive to the most). An empty MaxMarking allows any marking.
var TLPLevels = []string{"clear", "green", "amber", "amber+strict", "red"}

// Collection is a TAXII collection: a named set of object versions, each
// with the date it was added to the collection.
type Collection struct {
	ID          string `json:"id"`              // a UUID, as TAXII 2.1 wants
	Alias       string `json:"alias,omitempty"` // optional short name, unique
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	// MaxMarking is the most restrictive TLP level a partner may publish
	// into the collection: "" any, else one of TLPLevels.
	MaxMarking string    `json:"max_marking,omitempty"`
	Created    time.Time `json:"created"`
}

// Grant gives an organisation (all its members) or one user the right to
// read or write a collection. Exactly one of OrgID and UserID is set.
type Grant struct {
	CollectionID string `json:"collection_id"`
	OrgID        string `json:"org_id,omitempty"`
	UserID       string `json:"user_id,omitempty"`
	Read         bool   `json:"read"`
	Write        bool   `json:"write"`
	// MaxMarking is the most restrictive TLP level the collection
	// publishes to the grantee: "" any, else one of TLPLevels. Readers
	// with several read grants get the most permissive cap among them.
	MaxMarking string `json:"max_marking,omitempty"`
}

// Principal is who is reading or writing: an authenticated user and the
// organisation it belongs to. The zero Principal is anonymous.
type Principal struct {
	UserID string `json:"user_id"`
	OrgID  string `json:"org_id"`
	Name   string `json:"name"` // the user's name
}

// VersionRef names one version of an object already in the Store: its id
// and its Modified in TimeLayout ("" for an unversioned object), exactly as
// the Store keeps them.
type VersionRef struct {
	ID       string `json:"id"`
	Modified string `json:"modified"`
}

// Publisher is who put a version into a collection, as the server knows it:
// the authenticated user of a TAXII POST and its organisation, or the
// organisation an operator named on the command line (UserID then empty).
// The zero Publisher is unknown: a version added before publishers were
// recorded, or by an operator who named no organisation.
type Publisher struct {
	UserID string `json:"user_id,omitempty"`
	OrgID  string `json:"org_id,omitempty"`
}

// Member is one version of a collection as CollectionMembers passes it:
// the object, the date it was added and who added it.
type Member struct {
	Object    *Object
	DateAdded time.Time
	Publisher Publisher
}

// Version selectors of CollectionFilter.Versions and RemoveFromCollection,
// as TAXII 2.1's match[version]; any other value is a timestamp that names
// the versions whose version (modified, else date added) it equals.
const (
	VersionFirst = "first"
	VersionLast  = "last"
	VersionAll   = "all"
)

// CollectionFilter selects the versions of a collection for CollectionFind,
// as the filters of TAXII's objects, manifest and versions endpoints.
type CollectionFilter struct {
	AddedAfter time.Time // only versions added to the collection strictly after this
	Limit      int       // at most this many; 0 means no limit
	Next       string    // the cursor a previous CollectionFind returned, to go on from there
	IDs        []string  // any of these ids
	Types      []string  // any of these types
	// Versions is TAXII's match[version]: any of "first", "last", "all" or
	// timestamps (RFC 3339). Empty means "last", TAXII's default. First and
	// last are among the versions in the collection, by modified.
	Versions []string
	// SpecVersions is TAXII's match[spec_version]. The store serves STIX
	// 2.1 only (older objects are upgraded on import), so a list without
	// "2.1" selects nothing; empty selects everything.
	SpecVersions []string
}

// Status is the record of a TAXII POST, kept so that a server can answer
// its status endpoint after a restart. Its JSON is TAXII 2.1's status
// resource, plus the owner and collection.
type Status struct {
	ID               string         `json:"id"`     // a UUID
	Status           string         `json:"status"` // "pending" or "complete"
	RequestTimestamp time.Time      `json:"request_timestamp"`
	TotalCount       int            `json:"total_count"`
	SuccessCount     int            `json:"success_count"`
	Successes        []StatusDetail `json:"successes,omitempty"`
	FailureCount     int            `json:"failure_count"`
	Failures         []StatusDetail `json:"failures,omitempty"`
	PendingCount     int            `json:"pending_count"`
	Pendings         []StatusDetail `json:"pendings,omitempty"`

	UserID       string `json:"x_accord_user_id,omitempty"`       // who posted: only they may read it
	CollectionID string `json:"x_accord_collection_id,omitempty"` // where
}

// StatusDetail is the outcome for one object of a POST.
type StatusDetail struct {
	ID      string `json:"id"`
	Version string `json:"version"`
	Message string `json:"message,omitempty"`
}

// AccessStore keeps organisations, users, their tokens, the collections and
// who may read and write them, which object versions each collection holds,
// and the status of TAXII POSTs. Implementations: sqlite.DB.
// storetest.RunAccess checks an implementation against this contract.
type AccessStore interface {
	// AddOrg adds an organisation and returns it with ID and Created set.
	// Codes: EINVALID (bad name), ECONFLICT (name taken).
	AddOrg(ctx context.Context, name string) (*Org, error)
	// Org returns the organisation with the given id or name. Codes: ENOTFOUND.
	Org(ctx context.Context, ref string) (*Org, error)
	// Orgs returns every organisation, by name.
	Orgs(ctx context.Context) ([]*Org, error)

	// AddUser adds a user to the organisation orgID. Codes: EINVALID,
	// ENOTFOUND (no such organisation), ECONFLICT (name taken).
	AddUser(ctx context.Context, name, orgID string) (*User, error)
	// User returns the user with the given id or name. Codes: ENOTFOUND.
	User(ctx context.Context, ref string) (*User, error)
	// Users returns every user, by name.
	Users(ctx context.Context) ([]*User, error)

	// CreateToken makes a new token for the user and returns it with its
	// Secret, which is never available again. Codes: ENOTFOUND.
	CreateToken(ctx context.Context, userID string) (*Token, error)
	// Tokens returns the user's tokens (without secrets), oldest first.
	// Codes: ENOTFOUND.
	Tokens(ctx context.Context, userID string) ([]*Token, error)
	// RevokeToken revokes a token; revoking it again does nothing.
	// Codes: ENOTFOUND.
	RevokeToken(ctx context.Context, id string) error
	// Authenticate checks a user name and a token secret (HTTP Basic).
	// Every failure is the same EUNAUTHORIZED error, whichever part was
	// wrong.
	Authenticate(ctx context.Context, userName, secret string) (Principal, error)
	// AuthenticateToken checks a token secret alone (HTTP Bearer).
	// Codes: EUNAUTHORIZED.
	AuthenticateToken(ctx context.Context, secret string) (Principal, error)

	// AddCollection adds a collection; ID and Created are set by the store.
	// Codes: EINVALID, ECONFLICT (alias taken).
	AddCollection(ctx context.Context, c Collection) (*Collection, error)
	// Collection returns the collection with the given id or alias.
	// Codes: ENOTFOUND.
	Collection(ctx context.Context, ref string) (*Collection, error)
	// Collections returns every collection, by title.
	Collections(ctx context.Context) ([]*Collection, error)

	// Grant sets what an organisation or a user may do with a collection,
	// replacing an earlier grant to the same one. Codes: EINVALID (neither
	// or both of OrgID and UserID, neither Read nor Write, or a MaxMarking
	// not in TLPLevels), ENOTFOUND.
	Grant(ctx context.Context, g Grant) error
	// Revoke removes the grant of g.CollectionID to g.OrgID or g.UserID.
	// Codes: EINVALID, ENOTFOUND (no such grant).
	Revoke(ctx context.Context, g Grant) error
	// Grants returns the grants on a collection. Codes: ENOTFOUND.
	Grants(ctx context.Context, collectionID string) ([]Grant, error)
	// Access says whether p may read and write the collection: through a
	// grant to p's user or to p's organisation. Codes: ENOTFOUND.
	Access(ctx context.Context, p Principal, collectionID string) (read, write bool, err error)

	// AddToCollection adds versions already in the Store to a collection,
	// in the order given, each with its own date added, strictly
	// increasing within the collection: later than any before it, even
	// when writers run at once, so that paging by date added is stable.
	// A version the collection already holds keeps its date. It returns
	// the date of the first version added (the others follow it one
	// microsecond apart), or the zero time if every one was there.
	// Nothing is added if any fails. Codes: EINVALID, ENOTFOUND (no such
	// collection or version).
	AddToCollection(ctx context.Context, collectionID string, refs []VersionRef) (time.Time, error)
	// AddToCollectionBy is AddToCollection recording by as the publisher
	// of each version it adds. A version the collection already holds
	// keeps its first publisher: a later writer cannot take it over.
	AddToCollectionBy(ctx context.Context, collectionID string, by Publisher, refs []VersionRef) (time.Time, error)
	// CollectionFind calls fn with the versions of the collection f
	// selects, in the order they were added to it, and stops at fn's
	// first error. more says whether f.Limit left some out, and next is
	// then the cursor to pass as f.Next to go on; first and last are the
	// dates added of the first and last versions passed to fn (zero when
	// none were). Codes: EINVALID (bad cursor or version), ENOTFOUND.
	CollectionFind(ctx context.Context, collectionID string, f CollectionFilter,
		fn func(o *Object, dateAdded time.Time) error) (next string, more bool, first, last time.Time, err error)
	// CollectionMembers is CollectionFind passing each version with its
	// publisher, read in the same query (no query per version).
	CollectionMembers(ctx context.Context, collectionID string, f CollectionFilter,
		fn func(Member) error) (next string, more bool, first, last time.Time, err error)
	// Publisher returns who added the version of object id with the given
	// modified ("" for an unversioned object) to the collection. Codes:
	// ENOTFOUND (no such collection, or it does not hold that version).
	Publisher(ctx context.Context, collectionID, id, modified string) (Publisher, error)
	// RemoveFromCollection removes the versions of object id that
	// versions selects (as CollectionFilter.Versions, but empty means
	// "all", TAXII DELETE's default) from the collection, and returns how
	// many it removed. The Store keeps the objects. Codes: EINVALID,
	// ENOTFOUND (no such collection, or no version matched).
	RemoveFromCollection(ctx context.Context, collectionID, id string, versions []string) (int, error)

	// PutStatus writes a POST's status, replacing one with the same id.
	// Codes: EINVALID (no id, unknown status, counts that do not add up).
	PutStatus(ctx context.Context, s *Status) error
	// Status returns the status with the given id. Codes: ENOTFOUND.
	Status(ctx context.Context, id string) (*Status, error)
}
