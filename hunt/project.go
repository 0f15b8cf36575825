package hunt

// A Projector is a Reader that can read only the fields a matcher looks
// up, and the others of the record just read when a match needs them. An
// engine indexes a few object paths (ipv4-addr:value, domain-name:value,
// url:value, …) and reads the other fields of a record only to verify the
// rare hit of a pattern that compares more than its atom: leaving them out
// of every other record saves most of the cost of building the record and
// of looking its fields up.
type Projector interface {
	Reader
	// Project makes Next read only the fields whose path want accepts
	// (and Record.Time and Record.Host, which a finding reports). A
	// projector may read more. want is called while Project runs and
	// again when the layout of the log changes (an IIS #Fields line),
	// never per record.
	Project(want func(path string) bool)
	// Complete appends to r, the record Next just read, the fields Next
	// left out; the fields already in r keep their places.
	Complete(r *Record)
}

// A startsProjector is a Projector that can also leave out of a record a
// field whose value starts with a byte that no atom of its path starts
// with: an IIS log's URL stems ("/owa/…") against URL indicators
// ("https://…"), where building the value (the stem and the query copied
// into one URL) costs more than the lookup that would miss. Complete adds
// such a field back.
type startsProjector interface {
	// projectStarts is called after Project. starts returns the first
	// bytes a value of path must start with to hit an atom, a bit each,
	// or nil when it may start with any byte.
	projectStarts(starts func(path string) *[4]uint64)
}

// startsWith reports whether set (from a startsProjector's starts) holds
// the first byte of v; an empty v is never left out.
func startsWith(set *[4]uint64, v []byte) bool {
	return set == nil || len(v) == 0 || set[v[0]>>6]&(1<<(v[0]&63)) != 0
}
