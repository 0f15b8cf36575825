// Package sigma loads Sigma detection rules (specification v2: rules,
// filters, correlations) and matches them against log events.
//
// Rules compile into one Engine shared read-only by every goroutine of a
// hunt: the literals of every rule are gathered per field into one
// automaton, and a rule is evaluated only for the events of its logsource
// whose fields hit one of its literals (or, for the few rules that can
// match without a literal, for every event of its logsource).
package sigma

import "time"

// Attr is one field of an event under the log's own name for it.
type Attr struct {
	// Name is the field's name as the log writes it: for Windows events
	// the event-data name or the system field ("EventID", "Channel",
	// "Provider_Name", "Computer", "CommandLine", "Image"); for IIS the
	// W3C column ("cs-uri-query", "c-ip"); for Zeek the field ("query",
	// "id.orig_h"); for other JSON the dotted path.
	Name string
	// Value is the value as text, escapes resolved; valid only during
	// the call that is given the event.
	Value []byte
}

// Source is the kind of log an event comes from. It decides which rules
// apply to the event (their logsource) and how the rules' field names map
// to the event's.
type Source uint8

// The sources of events.
const (
	SourceOther     Source = iota // generic JSON lines or CSV: rules whose fields it has
	SourceWindows                 // Windows event logs, as JSON lines or .evtx
	SourceWebserver               // web server access logs: IIS W3C, Exchange HttpProxy
	SourceZeek                    // Zeek logs; Event.Log names which ("conn", "dns", "http", …)
	SourceSyslog                  // syslog (linux)
)

// Event is one event given to the engine. Its storage belongs to the
// caller and may be reused after the call.
type Event struct {
	Source Source
	Log    string    // the log within the source when it says (Zeek: "dns"); may be empty
	Time   time.Time // zero when the log says not
	Host   string
	Attrs  []Attr
	Raw    []byte // the event's whole text; keyword rules search it only when Attrs is empty
}

// Get returns the value of the first attribute named name (compared
// exactly, as logs name their fields consistently).
func (e *Event) Get(name string) ([]byte, bool) {
	for i := range e.Attrs {
		if e.Attrs[i].Name == name {
			return e.Attrs[i].Value, true
		}
	}
	return nil, false
}
