package hunt

import "time"

// Finding is one hit of an indicator on one field of a record. Its strings
// are copies: it outlives the record.
type Finding struct {
	Indicator *Indicator
	Path      string // the path of the field that hit, the atom's path
	Value     string // the field's value as the log wrote it
	File      string
	Line      int
	Time      time.Time
	Host      string
}
