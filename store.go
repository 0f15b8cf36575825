package accord

import (
	"context"
	"iter"
	"time"
)

// Store keeps STIX objects with every version, the time each version was
// added, and indexes over external ids, names, aliases, text and
// relationships. Implementations: sqlite.DB (embedded default); postgres
// later. storetest.Run checks any implementation against this contract.
type Store interface {
	// Put writes the objects yielded by objs in one transaction. A version
	// (ID, Modified) already present is skipped, so re-importing is
	// idempotent. If objs yields a non-nil error, or writing fails, nothing
	// is written and that error is returned. Codes: EINVALID, EINTERNAL.
	Put(ctx context.Context, objs iter.Seq2[*Object, error]) (PutResult, error)

	// Get returns the latest version of the object with the given id.
	// Codes: ENOTFOUND.
	Get(ctx context.Context, id string) (*Object, error)

	// Versions returns every version of the object, oldest first.
	// Codes: ENOTFOUND.
	Versions(ctx context.Context, id string) ([]*Object, error)

	// Find calls fn for each object version that matches f, in the order of
	// the time they were added (then id), stopping at fn's first error.
	Find(ctx context.Context, f Filter, fn func(*Object) error) error

	// Resolve returns the latest versions of the objects a reference names:
	// an id, an external id (G0125, T1190, CVE-2021-26855), a name or an
	// alias, matched without regard to case. Codes: ENOTFOUND.
	Resolve(ctx context.Context, ref string) ([]*Object, error)

	// Search returns up to limit objects (latest versions) whose name,
	// aliases or description match the full-text query, best first.
	Search(ctx context.Context, query string, limit int) ([]*Object, error)

	// Relationships returns the latest versions of the relationship objects
	// that have id as their source (Outgoing), target (Incoming) or either.
	Relationships(ctx context.Context, id string, dir Direction) ([]*Object, error)

	// Stats counts what the store holds.
	Stats(ctx context.Context) (Stats, error)

	// Revision says which state the objects of the given types (of every
	// type when none is given) are in, cheaply: it changes with every
	// version of them written (revocations included), so that what is
	// built from them (a hunt's prebuilt index of the indicators) can be
	// kept until then. Codes: EINTERNAL.
	Revision(ctx context.Context, types ...string) (Revision, error)

	// Close releases the store.
	Close() error
}

// PutResult says what a Put did.
type PutResult struct {
	Added   int            `json:"added"`   // versions written
	Skipped int            `json:"skipped"` // versions already present
	ByType  map[string]int `json:"by_type"` // versions written, by type
}

// Filter selects object versions for Find. Zero values select everything.
type Filter struct {
	Types          []string  // any of these types
	IDs            []string  // any of these ids
	AllVersions    bool      // every version rather than only the latest
	AddedAfter     time.Time // only versions added strictly after this
	ExcludeRevoked bool      // leave out objects whose latest version is revoked
	Limit          int       // at most this many; 0 means no limit

	// RawOnly fills only ID, Type and Raw of the objects passed to Find's
	// fn, and they are the store's own memory, valid only until fn
	// returns: for a bulk reader, such as a hunt loading a million
	// indicators, that parses Raw at once and keeps what it needs.
	RawOnly bool
}

// Direction selects relationships by the side the object stands on.
type Direction int

// Directions for Store.Relationships.
const (
	Both Direction = iota
	Outgoing
	Incoming
)

// Revision identifies a state of a store's objects (of some types): the
// time the latest version of them was added. A store only ever adds
// versions, each at a later time than every version before (a replaced
// unversioned object is added again, at a new time), so that any write of
// the objects changes their Revision.
type Revision struct {
	LastAdded time.Time `json:"last_added"` // zero when there is none
}

// Stats counts the contents of a store.
type Stats struct {
	Objects       int            `json:"objects"`       // distinct ids
	Versions      int            `json:"versions"`      // object versions
	Relationships int            `json:"relationships"` // distinct relationship ids
	Revoked       int            `json:"revoked"`       // ids whose latest version is revoked
	ByType        map[string]int `json:"by_type"`       // distinct ids by type
}
