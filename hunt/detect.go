package hunt

import (
	"bytes"
)

// Format names a kind of log that a reader reads.
type Format string

// The formats Detect tells apart.
const (
	FormatIIS      Format = "iis"      // W3C extended logs of IIS
	FormatExchange Format = "exchange" // Exchange's CSV logs (HttpProxy, …)
	FormatZeek     Format = "zeek"     // Zeek TSV or JSON
	FormatWinEvent Format = "winevent" // Windows events as JSON lines
	FormatJSONL    Format = "jsonl"    // other JSON lines
	FormatCSV      Format = "csv"      // a CSV file with a header row
	FormatSyslog   Format = "syslog"   // RFC 3164 or RFC 5424 syslog
	FormatEvtx     Format = "evtx"     // Windows event log files (.evtx)
)

// detectHeadLines bounds the header lines Detect looks at.
const detectHeadLines = 16

// Detect decides the format of the log named name from its first bytes
// (a few KiB are plenty; a cut last line is fine). A Windows event log
// file is told by its magic (IsEvtx) before any text format is tried,
// whatever the file is named. Exchange and IIS are told by their W3C
// headers (#Software, #Log-type, #Fields: date time), Zeek TSV by
// #separator; a JSON object line is Zeek's with "ts" and "uid" (or "fuid",
// or "id.orig_h"), Windows events' with "EventID", "Channel" or "winlog",
// else generic JSON lines; a line starting "<PRI>" or "Mmm dd hh:mm:ss" is
// syslog; a first row of comma-separated names (after any '#' comment
// lines) is CSV. A head it cannot place is a *MalformedError on line 1.
func Detect(name string, head []byte) (Format, error) {
	if IsEvtx(head) {
		return FormatEvtx, nil
	}
	head = bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	head = bytes.TrimLeft(head, " \t\r\n")
	if f, ok := detectW3C(head); ok {
		return f, nil
	}
	for n := 0; n < detectHeadLines && len(head) > 0 && head[0] == '#'; n++ {
		_, head, _ = bytes.Cut(head, []byte{'\n'}) // a comment before a CSV header
	}
	first, _, _ := bytes.Cut(head, []byte{'\n'})
	first = bytes.TrimRight(first, "\r")
	switch {
	case len(first) > 0 && first[0] == '{':
		return detectJSON(first), nil
	case detectSyslog(first):
		return FormatSyslog, nil
	case detectCSV(first):
		return FormatCSV, nil
	}
	return "", &MalformedError{File: name, Line: 1, Msg: "unrecognised log format"}
}

// detectW3C reads the '#' header lines of IIS, Exchange and Zeek TSV.
func detectW3C(head []byte) (Format, bool) {
	var iis bool
	for n := 0; n < detectHeadLines && len(head) > 0 && head[0] == '#'; n++ {
		line, rest, _ := bytes.Cut(head, []byte{'\n'})
		head = rest
		switch {
		case bytes.HasPrefix(line, []byte("#separator")):
			return FormatZeek, true
		case bytes.HasPrefix(line, []byte("#Software: Microsoft Exchange")),
			bytes.HasPrefix(line, []byte("#Log-type: HttpProxy")):
			return FormatExchange, true
		case bytes.HasPrefix(line, []byte("#Software: Microsoft Internet Information Services")),
			bytes.HasPrefix(line, []byte("#Fields: date time")):
			iis = true
		}
	}
	return FormatIIS, iis
}

// detectKeys collects the top-level keys of a JSON line, as far as it
// goes when cut short.
type detectKeys struct {
	zeekTS, zeekID, win bool
}

func (d *detectKeys) jsonlValue(key, _ []byte, _ bool) {
	switch string(key) {
	case "ts":
		d.zeekTS = true
	case "uid", "fuid", "id.orig_h", "id_orig_h":
		d.zeekID = true
	case "EventID", "Channel", "winlog.event_id", "winlog.channel", "winlog.event_data.Image":
		d.win = true
	}
	if bytes.HasPrefix(key, []byte("winlog.")) {
		d.win = true
	}
}

func detectJSON(line []byte) Format {
	var d detectKeys
	var s jsonlScanner
	if s.walk(line, &d) != "" {
		// a cut line reports the values before the cut; its last key may
		// be all there is of the one that decides
		for _, k := range []string{`"uid":`, `"fuid":`, `"id.orig_h":`, `"id_orig_h":`} {
			d.zeekID = d.zeekID || bytes.Contains(line, []byte(k))
		}
		d.win = d.win || bytes.Contains(line, []byte(`"EventID":`)) || bytes.Contains(line, []byte(`"winlog":`))
	}
	switch {
	case d.zeekTS && d.zeekID:
		return FormatZeek
	case d.win:
		return FormatWinEvent
	}
	return FormatJSONL
}

func detectSyslog(line []byte) bool {
	if len(line) > 2 && line[0] == '<' {
		i := 1
		for i < len(line) && i <= 4 && line[i] >= '0' && line[i] <= '9' {
			i++
		}
		return i > 1 && i < len(line) && line[i] == '>'
	}
	if len(line) < 15 || syslogMonth(line[:3]) == 0 || line[3] != ' ' {
		return false
	}
	var s syslogReader
	_, ok := s.stamp(line[:15])
	return ok
}

// detectCSV accepts a header row: two or more comma-separated names, each
// of printable bytes, none empty.
func detectCSV(line []byte) bool {
	if bytes.IndexByte(line, ',') < 0 {
		return false
	}
	for f := range bytes.SplitSeq(line, []byte{','}) {
		f = bytes.Trim(bytes.TrimSpace(f), `"`)
		if len(f) == 0 || len(f) > 128 {
			return false
		}
		for _, c := range f {
			if c < ' ' || c == 0x7f {
				return false
			}
		}
	}
	return true
}
