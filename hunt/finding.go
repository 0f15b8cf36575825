package hunt

import (
	"time"

	"github.com/accord-cti/accord/sigma"
)

// Finding is one hit of an indicator on one field of a record, or of a
// Sigma rule on a record. Its strings are copies: it outlives the record.
type Finding struct {
	Indicator *Indicator
	Rule      *sigma.Rule // the Sigma rule that hit, or nil for a STIX pattern
	Path      string      // the path of the field that hit, the atom's path; for a rule the field's name ("event" for a hit by keywords, "correlation" for a correlation rule)
	Value     string      // the field's value as the log wrote it
	File      string
	Line      int
	Time      time.Time
	Host      string
	Count     int // the events of a Sigma correlation hit; 0 otherwise
}
