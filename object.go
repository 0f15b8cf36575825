package accord

import (
	"encoding/json"
	"time"
)

// TimeLayout is the normalised form in which accord keeps STIX timestamps for
// ordering and comparison: UTC with nanoseconds, fixed width, so that text
// order is time order. The object's own JSON keeps the timestamp as written.
const TimeLayout = "2006-01-02T15:04:05.000000000Z"

// Object is one version of a STIX 2.1 object as the store keeps it: the full
// JSON in Raw, plus the few properties the store indexes, extracted once on
// import. Raw is the source of truth; every other field is derived from it.
type Object struct {
	ID      string
	Type    string
	Created string // TimeLayout; empty for objects without created (most SCOs)
	// Modified identifies the version together with ID (TimeLayout). Objects
	// that are not versioned (SCOs, marking definitions) use Created or "".
	Modified string
	Revoked  bool

	// OriginalSpecVersion is the STIX version the object was written in
	// ("2.0" when it was upgraded on import, otherwise "2.1").
	OriginalSpecVersion string

	Name string
	// Description is kept for the objects the store searches (those with a
	// name, other than relationships and sightings); Raw has it for all.
	Description string
	Aliases     []string // aliases, x_mitre_aliases and similar name lists
	ExternalIDs []string // external_id of every external reference (T1190, G0125, CVE-…)

	// Relationship endpoints, set for relationship objects (and for
	// sightings: SourceRef is the sighting_of_ref, RelationshipType "sighting").
	SourceRef        string
	TargetRef        string
	RelationshipType string

	// Raw is the object's STIX 2.1 JSON, compact.
	Raw json.RawMessage

	// Added is when this version was added to the store; set by the store.
	Added time.Time
}

// FormatTime renders t in TimeLayout.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }
