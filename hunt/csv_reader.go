package hunt

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// csvRole is what a mapped CSV column does with its value.
type csvRole uint8

const (
	csvSkip     csvRole = iota // left out
	csvField                   // one field, as its spec says
	csvTimeRole                // the record's Time
	csvIP                      // an address: kind and path by its form, and a network-traffic ref
	csvStem                    // a URL's path, joined with the csvQuery column
	csvQuery                   // a URL's query
	csvHost                    // the record's Host, and a field as its spec says
)

// csvCol is the role of a column and, for a field, its spec.
type csvCol struct {
	role  csvRole
	spec  FieldSpec
	extra string // a second path for the same value (KindOther, Obj 0), or ""
}

// csvReader reads CSV logs for NewCSV and NewExchangeCSV.
type csvReader struct {
	name     string
	sc       lineScanner
	mapping  map[string]csvCol // by lower-case column name
	exchange bool              // '#' lines are directives all through the file
	cols     []csvCol          // by position; nil until the header
	names    []string          // the header's names, by position, for Sigma (see sigmaFeed)
	stem     int               // the csvStem column, or -1
	query    int               // the csvQuery column, or -1
	vals     [][]byte
	buf      []byte // unquoted fields, reused
	multi    []byte // a record of several lines, reused
	url      []byte // stem and query, reused
	host     string
}

func newCSVReader(name string, r io.Reader, mapping map[string]csvCol, exchange bool) *csvReader {
	return &csvReader{name: name, sc: newLineScanner(r), mapping: mapping, exchange: exchange, stem: -1, query: -1}
}

func (r *csvReader) malformed(line int, format string, args ...any) error {
	return &MalformedError{File: r.name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Next reads the next record into rec.
func (r *csvReader) Next(rec *Record) error {
	rec.Reset()
	rec.File = r.name
	for {
		line, err := r.sc.next()
		if err == errLineScannerTooLong {
			return r.malformed(r.sc.line, "line longer than %d bytes", lineScannerMax)
		}
		if err != nil {
			return err
		}
		if len(line) == 0 {
			continue
		}
		if line[0] == '#' && (r.cols == nil || r.exchange) {
			if bytes.HasPrefix(line, []byte("#Fields:")) {
				if err := r.setHeader(bytes.TrimSpace(line[len("#Fields:"):])); err != nil {
					return err
				}
			}
			continue
		}
		if r.cols == nil {
			if err := r.setHeader(line); err != nil {
				return err
			}
			continue
		}
		rec.Line = r.sc.line
		return r.record(rec, line)
	}
}

// setHeader sets the columns from a header line.
func (r *csvReader) setHeader(line []byte) error {
	vals, _, open, bad := csvSplit(line, nil, make([]byte, 0, len(line)))
	if open {
		bad = "unterminated quoted field"
	}
	if bad != "" {
		return r.malformed(r.sc.line, "header: %s", bad)
	}
	r.cols = make([]csvCol, len(vals))
	r.names = make([]string, len(vals))
	r.stem, r.query = -1, -1
	for i, v := range vals {
		r.names[i] = string(bytes.TrimSpace(v))
		c := r.mapping[strings.ToLower(r.names[i])]
		r.cols[i] = c
		switch c.role {
		case csvStem:
			r.stem = i
		case csvQuery:
			r.query = i
		}
	}
	return nil
}

// record reads the record that starts with line, reading on while a
// quoted field spans lines.
func (r *csvReader) record(rec *Record, line []byte) error {
	start := r.sc.line
	if cap(r.buf) < len(line) {
		r.buf = make([]byte, 0, len(line))
	}
	vals, _, open, bad := csvSplit(line, r.vals, r.buf[:0])
	r.vals = vals
	if open {
		r.multi = append(r.multi[:0], line...)
		for open {
			next, err := r.sc.next()
			if err == io.EOF || err == errLineScannerTooLong || len(r.multi)+len(next) > lineScannerMax {
				// The record is given up, and the overlong line with it:
				// reading goes on after it.
				return r.malformed(start, "unterminated quoted field")
			}
			if err != nil {
				return err
			}
			r.multi = append(append(r.multi, '\n'), next...)
			if cap(r.buf) < len(r.multi) {
				r.buf = make([]byte, 0, len(r.multi))
			}
			r.vals, _, open, bad = csvSplit(r.multi, r.vals, r.buf[:0])
		}
		line = r.multi
	}
	rec.Raw = line
	if bad != "" {
		return r.malformed(start, "%s", bad)
	}
	if len(r.vals) != len(r.cols) {
		return r.malformed(start, "%d fields, want %d", len(r.vals), len(r.cols))
	}
	return r.fields(rec, start)
}

func (r *csvReader) fields(rec *Record, line int) error {
	for i, v := range r.vals {
		if len(v) == 0 {
			continue
		}
		c := &r.cols[i]
		switch c.role {
		case csvField:
			iisAdd(rec, c.spec.Path, c.spec.Kind, c.spec.Obj, v)
		case csvHost:
			if string(v) != r.host {
				r.host = string(v)
			}
			rec.Host = r.host
			iisAdd(rec, c.spec.Path, c.spec.Kind, c.spec.Obj, v)
		case csvIP:
			csvAddIP(rec, c.spec, v)
		case csvTimeRole:
			t, ok := csvParseTime(v)
			if !ok {
				return r.malformed(line, "bad time %q", v)
			}
			rec.Time = t
		}
		if c.extra != "" {
			iisAdd(rec, c.extra, KindOther, 0, v)
		}
	}
	if r.stem >= 0 {
		r.addURL(rec)
	}
	return nil
}

// addURL adds the stem column, joined with "?" and the query column when
// it has one, as one url:value.
func (r *csvReader) addURL(rec *Record) {
	stem, spec := r.vals[r.stem], r.cols[r.stem].spec
	if len(stem) == 0 {
		return
	}
	var q []byte
	if r.query >= 0 {
		q = r.vals[r.query]
	}
	url := stem
	if len(q) > 0 && !(len(q) == 1 && q[0] == '?') {
		r.url = append(r.url[:0], stem...)
		if q[0] != '?' {
			r.url = append(r.url, '?')
		}
		url = append(r.url, q...)
		r.url = url
	}
	iisAdd(rec, spec.Path, spec.Kind, spec.Obj, url)
	// As in IIS logs, the path and query are also the request_value of
	// the network-traffic object, to join with its request_method.
	iisAdd(rec, iisPathReqValue, KindOther, 0, url)
}

// csvAddIP adds an address with its kind (and, for the standard paths,
// its path) from its form, and the network-traffic reference its Obj
// implies (1 src_ref, 2 dst_ref).
func csvAddIP(rec *Record, spec FieldSpec, v []byte) {
	kind, path := KindIPv4, spec.Path
	if bytes.IndexByte(v, ':') >= 0 {
		kind = KindIPv6
	}
	if path == iisPathIPv4 || path == iisPathIPv6 {
		path = iisPathIPv4
		if kind == KindIPv6 {
			path = iisPathIPv6
		}
	}
	iisAdd(rec, path, kind, spec.Obj, v)
	switch spec.Obj {
	case 1:
		iisAdd(rec, iisPathSrc, kind, 0, v)
	case 2:
		iisAdd(rec, iisPathDst, kind, 0, v)
	}
}
