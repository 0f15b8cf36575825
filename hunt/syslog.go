package hunt

import (
	"bytes"
	"io"
	"io/fs"
	"time"
)

// NewSyslog returns a Reader of syslog lines, RFC 5424 ("<PRI>1 TIMESTAMP
// HOST APP PROCID MSGID SD MSG") and RFC 3164 ("<PRI>Mmm dd hh:mm:ss HOST
// MSG", the <PRI> optional as files written by a syslog daemon omit it; an
// ISO 8601 timestamp in its place, as rsyslog's high-precision format
// writes, is read too).
//
// RFC 3164 has no year nor zone: the year is the one of the file's
// modification time when r is a file (has Stat), else the current year,
// minus one for a date more than a month after that time (a log that
// spans New Year); the time is taken as UTC.
//
// From the message (MSG; for 3164 all after the host) it keeps, each value
// its own STIX object numbered in order of appearance: http and https URLs
// (url:value, KindURL, and their host as below), IPv4 and IPv6 addresses
// (ipv4-addr:value, ipv6-addr:value; "a.b.c.d:port" too), domain names
// (domain-name:value, KindDomain: two or more labels and a TLD of letters
// that is not a common file extension such as .exe, .log or .conf), and
// MD5, SHA-1 and SHA-256 hashes (32, 40, 64 hex digits bounded by non-word
// bytes: file:hashes.MD5, 'SHA-1', 'SHA-256').
func NewSyslog(name string, r io.Reader) Reader {
	ref := time.Now()
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if st, err := f.Stat(); err == nil && !st.ModTime().IsZero() {
			ref = st.ModTime()
		}
	}
	return &syslogReader{name: name, lines: jsonlNewLines(r), ref: ref.UTC()}
}

type syslogReader struct {
	name  string
	lines jsonlLines
	ref   time.Time
	hosts jsonlIntern
}

func (s *syslogReader) Next(r *Record) error {
	line, err := s.lines.record(r, s.name)
	if err != nil {
		return err
	}
	if msg := s.parse(r, line); msg != "" {
		r.Fields = r.Fields[:0]
		return s.malformed(msg)
	}
	return nil
}

func (s *syslogReader) malformed(msg string) error {
	return &MalformedError{File: s.name, Line: s.lines.line, Msg: msg}
}

func (s *syslogReader) parse(r *Record, line []byte) string {
	b := line
	pri := false
	if len(b) > 0 && b[0] == '<' {
		i := 1
		for i < len(b) && i <= 4 && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == 1 || i >= len(b) || b[i] != '>' {
			return "syslog priority not closed by '>'"
		}
		b, pri = b[i+1:], true
	}
	if pri && len(b) >= 2 && b[0] >= '1' && b[0] <= '9' && (b[1] == ' ' || b[1] >= '0' && b[1] <= '9' && len(b) > 2 && b[2] == ' ') {
		return s.rfc5424(r, b[bytes.IndexByte(b, ' ')+1:])
	}
	return s.rfc3164(r, b)
}

// syslogField cuts the next space-separated field off b.
func syslogField(b []byte) (field, rest []byte) {
	if i := bytes.IndexByte(b, ' '); i >= 0 {
		return b[:i], b[i+1:]
	}
	return b, nil
}

func (s *syslogReader) rfc5424(r *Record, b []byte) string {
	ts, b := syslogField(b)
	if string(ts) != "-" {
		t, ok := jsonlISOTime(ts)
		if !ok {
			return "RFC 5424 timestamp is not ISO 8601"
		}
		r.Time = t
	}
	host, b := syslogField(b)
	if len(host) == 0 {
		return "RFC 5424 line without a host"
	}
	if string(host) != "-" {
		r.Host = s.hosts.get(host)
	}
	_, b = syslogField(b) // app-name
	_, b = syslogField(b) // procid
	_, b = syslogField(b) // msgid
	b, ok := syslogSkipSD(b)
	if !ok {
		return "RFC 5424 structured data not closed"
	}
	syslogScan(r, b)
	return ""
}

// syslogSkipSD skips the structured data ("-" or "[id k="v"]…").
func syslogSkipSD(b []byte) ([]byte, bool) {
	if len(b) == 0 {
		return b, true
	}
	if b[0] == '-' {
		return b[1:], true
	}
	for len(b) > 0 && b[0] == '[' {
		i, quoted := 1, false
		for ; i < len(b); i++ {
			c := b[i]
			if c == '\\' {
				i++
			} else if c == '"' {
				quoted = !quoted
			} else if c == ']' && !quoted {
				break
			}
		}
		if i >= len(b) {
			return nil, false
		}
		b = b[i+1:]
	}
	return b, true
}

var syslogMonths = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

func (s *syslogReader) rfc3164(r *Record, b []byte) string {
	switch {
	case len(b) >= 15 && b[3] == ' ' && syslogMonth(b[:3]) > 0:
		t, ok := s.stamp(b[:15])
		if !ok {
			return "bad RFC 3164 timestamp"
		}
		r.Time, b = t, b[15:]
	case len(b) >= 19 && b[4] == '-':
		ts, rest := syslogField(b)
		t, ok := jsonlISOTime(ts)
		if !ok {
			return "bad timestamp"
		}
		r.Time, b = t, rest
	default:
		return "not a syslog line: no timestamp"
	}
	b = bytes.TrimLeft(b, " ")
	host, rest := syslogField(b)
	if len(host) > 0 && host[len(host)-1] != ':' && bytes.IndexByte(host, '[') < 0 {
		r.Host, b = s.hosts.get(host), rest
	}
	syslogScan(r, b)
	return ""
}

func syslogMonth(b []byte) int {
	for i, m := range syslogMonths {
		if string(b) == m {
			return i + 1
		}
	}
	return 0
}

// stamp reads "Mmm dd hh:mm:ss" (dd may be " 5") in the year of s.ref.
func (s *syslogReader) stamp(b []byte) (time.Time, bool) {
	mo := syslogMonth(b[:3])
	dd := b[4:6]
	if dd[0] == ' ' {
		dd = dd[1:]
	}
	d, ok1 := jsonlDigits(dd, 0, len(dd))
	h, ok2 := jsonlDigits(b, 7, 2)
	mi, ok3 := jsonlDigits(b, 10, 2)
	sec, ok4 := jsonlDigits(b, 13, 2)
	if !(ok1 && ok2 && ok3 && ok4) || b[6] != ' ' || b[9] != ':' || b[12] != ':' || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 {
		return time.Time{}, false
	}
	t := time.Date(s.ref.Year(), time.Month(mo), d, h, mi, sec, 0, time.UTC)
	if t.After(s.ref.AddDate(0, 1, 0)) {
		t = t.AddDate(-1, 0, 0)
	}
	return t, true
}
