package check

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/accord-cti/accord/hunt"
)

// maxLine bounds a line of an ECP or OABGenerator log.
const maxLine = 1 << 20

// lineLog reads an Exchange log that the checks search line by line, as
// Test-ProxyLogon's Select-String does: the ECP server and OABGenerator
// logs, which are CSV with W3C headers. Lines starting "#" are headers;
// "#Fields:" names the columns, and a record's time is its DateTime or
// TimeStamp column (else its first column) when that is an RFC 3339
// time, its host its ServerName or ServerHostName column. A line that
// does not parse as CSV is still a record: the checks read its text.
type lineLog struct {
	name    string
	br      *bufio.Reader
	line    int
	timeCol int
	hostCol int
}

// logLine is one record of a lineLog. Text is valid until the next call.
type logLine struct {
	Line int
	Text []byte
	Time time.Time
	Host string
}

func newLineLog(name string, r io.Reader) *lineLog {
	return &lineLog{name: name, br: bufio.NewReaderSize(r, 64<<10), hostCol: -1}
}

// next returns the next record; io.EOF at the end, a *hunt.MalformedError
// for a line too long to read (the next call goes on after it), or the
// reader's error.
func (l *lineLog) next() (logLine, error) {
	for {
		text, err := l.read()
		if err != nil {
			return logLine{}, err
		}
		if l.line == 1 {
			text = bytes.TrimPrefix(text, []byte("\xEF\xBB\xBF"))
		}
		switch {
		case len(text) == 0:
			continue
		case text[0] == '#':
			l.header(text)
			continue
		}
		rec := logLine{Line: l.line, Text: text}
		fields := splitCSV(text, max(l.timeCol, l.hostCol)+1)
		if l.timeCol < len(fields) {
			rec.Time, _ = time.Parse(time.RFC3339Nano, fields[l.timeCol])
		}
		if l.hostCol >= 0 && l.hostCol < len(fields) {
			rec.Host = fields[l.hostCol]
		}
		return rec, nil
	}
}

// read returns the next line without its end.
func (l *lineLog) read() ([]byte, error) {
	text, err := l.br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		return l.long(text)
	}
	if err == io.EOF && len(text) > 0 {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	l.line++
	return bytes.TrimRight(text, "\r\n"), nil
}

// long reads a line longer than the buffer, first its start.
func (l *lineLog) long(start []byte) ([]byte, error) {
	text := bytes.Clone(start)
	for len(text) <= maxLine {
		more, err := l.br.ReadSlice('\n')
		text = append(text, more...)
		if !errors.Is(err, bufio.ErrBufferFull) {
			if err != nil && err != io.EOF {
				return nil, err
			}
			l.line++
			return bytes.TrimRight(text, "\r\n"), nil
		}
	}
	l.line++
	for { // skip the rest of the line
		_, err := l.br.ReadSlice('\n')
		if !errors.Is(err, bufio.ErrBufferFull) {
			break
		}
	}
	return nil, &hunt.MalformedError{File: l.name, Line: l.line, Msg: "line longer than 1 MiB"}
}

// header reads a "#Fields:" line's column names.
func (l *lineLog) header(text []byte) {
	rest, ok := bytes.CutPrefix(text, []byte("#Fields:"))
	if !ok {
		return
	}
	l.timeCol, l.hostCol = 0, -1
	for i, name := range splitCSV(bytes.TrimSpace(rest), -1) {
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "datetime", "timestamp":
			l.timeCol = i
		case "servername", "serverhostname":
			l.hostCol = i
		}
	}
}

// splitCSV returns the first n fields of a CSV line (all when n < 0),
// unquoted; a quote left open runs to the end of the line.
func splitCSV(line []byte, n int) []string {
	var out []string
	for (n < 0 || len(out) < n) && line != nil {
		var f string
		f, line = csvField(line)
		out = append(out, f)
	}
	return out
}

// csvField returns the line's first field, unquoted, and what follows its
// comma (nil when it was the last).
func csvField(line []byte) (string, []byte) {
	if len(line) == 0 || line[0] != '"' {
		f, rest, ok := bytes.Cut(line, []byte{','})
		if !ok {
			rest = nil
		}
		return string(f), rest
	}
	var b []byte
	for i := 1; i < len(line); i++ {
		switch {
		case line[i] != '"':
			b = append(b, line[i])
		case i+1 < len(line) && line[i+1] == '"':
			b = append(b, '"')
			i++
		default: // the closing quote: skip to the comma
			_, rest, ok := bytes.Cut(line[i+1:], []byte{','})
			if !ok {
				rest = nil
			}
			return string(b), rest
		}
	}
	return string(b), nil
}
