// Package hunt reads the logs a defender has (IIS, Exchange, Zeek, Windows
// events as JSON lines or .evtx files, JSON lines, CSV, syslog) into
// records of typed observable values, and matches them against every
// indicator at once (Engine, Sweep).
//
// Readers are built for speed: a record and its fields are reused from one
// line to the next, values are slices of the reader's buffer, and nothing
// is allocated per line on the common path; a Projector reads only the
// fields the engine looks up. The engine probes its indexes with the
// values' bytes and builds a pattern.Event only for the few records that
// hit an indicator. Sweep reads files in parallel and cuts large ones on
// line boundaries.
package hunt

import (
	"fmt"
	"time"

	"github.com/accord-cti/accord"
)

// Kind is what an observed value is, which decides the indexes the engine
// probes with it.
type Kind uint8

// The kinds of value.
const (
	KindOther     Kind = iota // kept for patterns, not indexed on its own
	KindIPv4                  // an IPv4 address
	KindIPv6                  // an IPv6 address
	KindDomain                // a host or domain name
	KindURL                   // a URL, or the path and query of one
	KindHash                  // a file hash in hex; the Path says which algorithm
	KindFileName              // a file name without its directory
	KindFilePath              // a full file path
	KindUserAgent             // an HTTP User-Agent
	KindEmail                 // an e-mail address
	KindUser                  // a user account name
	KindPort                  // a TCP/UDP port number
	KindCommand               // a process command line
)

var kindNames = [...]string{"other", "ipv4", "ipv6", "domain", "url", "hash", "file-name", "file-path",
	"user-agent", "email", "user", "port", "command"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", k)
}

// Field is one value of a record, named by the STIX object path a pattern
// would use for it ("ipv4-addr:value", "url:value", "file:hashes.'SHA-256'",
// "network-traffic:src_ref.value", …; the same canonical form as
// pattern.Prop.Path). Obj numbers the STIX object the value belongs to
// within the record, as pattern.Prop.Obj does, so that a pattern's AND holds
// on one object (the client's address and the server's are two ipv4-addr
// objects).
type Field struct {
	Path  string // a constant of the reader, never built per line
	Kind  Kind
	Obj   int
	Value []byte // valid until the reader's next call to Next
}

// Record is one event read from a log. Its storage is reused by the next
// call to the reader's Next: copy what must outlive it.
type Record struct {
	File   string    // the file's name as given
	Line   int       // 1-based line of the event's start
	Time   time.Time // when the event happened; zero when the log says not
	Host   string    // the host that logged it, when the log says
	Fields []Field
	Raw    []byte // the event's text (the line)
}

// Add appends a field to r without allocating once r has grown.
func (r *Record) Add(path string, kind Kind, obj int, value []byte) {
	r.Fields = append(r.Fields, Field{Path: path, Kind: kind, Obj: obj, Value: value})
}

// Reset empties r for the next event, keeping its storage.
func (r *Record) Reset() {
	r.Fields = r.Fields[:0]
	r.Time = time.Time{}
	r.Host = ""
	r.Raw = nil
}

// Reader reads the records of one log.
type Reader interface {
	// Next reads the next record into r (resetting it first). At the end
	// it returns io.EOF. A line it cannot read is a *MalformedError:
	// counted and reported by the caller, never fatal, and the next call
	// goes on with the line after it. Any other error is fatal (the file
	// could not be read).
	Next(r *Record) error
}

// MalformedError is a line that a reader could not read, and why.
type MalformedError struct {
	File string
	Line int
	Msg  string
}

func (e *MalformedError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// ErrorCode marks a malformed line as invalid input.
func (e *MalformedError) ErrorCode() string { return accord.EINVALID }
