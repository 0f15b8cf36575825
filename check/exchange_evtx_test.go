package check

import (
	"strconv"
	"time"

	"github.com/accord-cti/accord/internal/evtxtest"
)

// evtxFile writes the events (at least one, ids ascending) as an .evtx
// file of one chunk, which hunt.NewEvtx, the check's reader, reads.
func evtxFile(events ...evtxtest.Event) []byte { return evtxtest.File(events) }

// appEvent is an Application log event of provider at level with one
// <Data> string, as .NET's EventLog.WriteEntry leaves them: plain
// elements, no template.
func appEvent(id uint64, at time.Time, provider, level, data string) evtxtest.Event {
	n := func(name, text string) evtxtest.Node { return evtxtest.Node{Name: name, Text: text} }
	attr := func(name, text string) []evtxtest.Attr { return []evtxtest.Attr{{Name: name, Text: text}} }
	return evtxtest.Event{ID: id, At: at, Root: evtxtest.Node{Name: "Event", Kids: []evtxtest.Node{
		{Name: "System", Kids: []evtxtest.Node{
			{Name: "Provider", Attrs: attr("Name", provider)},
			{Name: "EventID", Attrs: attr("Qualifiers", "49152"), Text: "1040"},
			n("Level", level),
			{Name: "TimeCreated", Attrs: attr("SystemTime", at.UTC().Format("2006-01-02T15:04:05.0000000Z"))},
			n("EventRecordID", strconv.FormatUint(id, 10)), n("Channel", "Application"), n("Computer", "EXCH01.example.com"),
		}},
		{Name: "EventData", Kids: []evtxtest.Node{n("Data", data)}},
	}}}
}
