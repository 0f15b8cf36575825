package check

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/accord-cti/accord/hunt"
)

// umProvider is the event source whose errors CVE-2021-26857 leaves.
const umProvider = "msexchange unified messaging"

var invalidCast = []byte("system.invalidcastexception")

// The event members (lower case, as hunt names them after "x-event:")
// that give an event's provider and level, in the shapes accord reads:
// an .evtx file's System (Provider.Name, Level), Get-WinEvent's and
// Get-EventLog's JSON (ProviderName, LevelDisplayName; Source, EntryType),
// nxlog's (SourceName, Severity) and Winlogbeat's (winlog.provider_name,
// log.level).
var (
	providerKeys = map[string]bool{"provider.name": true, "providername": true, "provider_name": true,
		"sourcename": true, "source": true, "provider": true, "winlog.provider_name": true, "event.provider": true}
	levelKeys = map[string]bool{"level": true, "leveldisplayname": true, "severity": true, "entrytype": true,
		"eventtype": true, "log.level": true, "winlog.level": true}
	eventIDKeys = map[string]bool{"eventid": true, "winlog.event_id": true, "event_id": true, "instanceid": true, "id": true}
)

// events reads a Windows event log, .evtx or JSON lines, for
// CVE-2021-26857.
func (rd *reader) events(ctx context.Context, f logFile, in io.Reader) error {
	br := bufio.NewReaderSize(in, 64<<10)
	head, _ := br.Peek(8 << 10)
	format, err := hunt.Detect(f.path, head)
	var r hunt.Reader
	switch {
	case err != nil:
		return err
	case format == hunt.FormatEvtx:
		r, err = hunt.NewEvtx(f.path, br)
	case f.typ == typeEventJSON && (format == hunt.FormatWinEvent || format == hunt.FormatJSONL):
		// any JSON lines: Get-WinEvent's have no key Detect knows them by
		r = hunt.NewWinEvent(f.path, br)
	default:
		err = fmt.Errorf("not Windows events (read as %s)", format)
	}
	if err != nil {
		return err
	}
	return eachRecord(ctx, rd, recordsOf(r), func(rec *hunt.Record) {
		if found := umFinding(rec); found != nil {
			rd.res.findings = append(rd.res.findings, *found)
		}
	})
}

// umFinding checks an event for CVE-2021-26857: an error of MSExchange
// Unified Messaging whose text mentions System.InvalidCastException.
func umFinding(rec *hunt.Record) *Finding {
	var provider, eventID, message string
	var isError bool
	for _, fl := range rec.Fields {
		key, ok := strings.CutPrefix(fl.Path, "x-event:")
		if !ok {
			continue
		}
		key = strings.ToLower(key)
		switch {
		case providerKeys[key]:
			if strings.EqualFold(string(fl.Value), umProvider) {
				provider = string(fl.Value)
			}
		case levelKeys[key]:
			isError = isError || errorLevel(key, string(fl.Value))
		case eventIDKeys[key]:
			eventID = string(fl.Value)
		case message == "" && containsFold(fl.Value, invalidCast):
			message = cut(string(fl.Value), 300)
		}
	}
	if provider == "" || !isError || message == "" {
		return nil
	}
	return &Finding{CVE: CVE26857, Check: CheckUMCast, File: rec.File, Line: rec.Line, Time: rec.Time, Host: rec.Host,
		Evidence: Evidence{Provider: provider, EventID: eventID, Message: message}}
}

// errorLevel reports whether an event's level member says Error: level 2
// (Level, as Windows numbers them), entry type 1 (EntryType, as .NET's
// EventLogEntryType), or the word.
func errorLevel(key, v string) bool {
	switch {
	case strings.EqualFold(v, "error"):
		return true
	case key == "level":
		return v == "2"
	case key == "entrytype":
		return v == "1"
	}
	return false
}
