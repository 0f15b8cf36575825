package hunt

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"time"
)

// The object paths the IIS, Exchange and CSV readers write. Obj numbers the
// STIX objects of one record the same way in all three: 0 the
// network-traffic, 1 the client's address (its src_ref), 2 the server's
// address (its dst_ref), 3 the domain-name, 4 the url, 5 the user-account,
// 6 the file.
const (
	iisPathIPv4      = "ipv4-addr:value"
	iisPathIPv6      = "ipv6-addr:value"
	iisPathSrc       = "network-traffic:src_ref.value"
	iisPathDst       = "network-traffic:dst_ref.value"
	iisPathSrcPort   = "network-traffic:src_port"
	iisPathDstPort   = "network-traffic:dst_port"
	iisPathDomain    = "domain-name:value"
	iisPathHostHdr   = "network-traffic:extensions.'http-request-ext'.request_header.Host"
	iisPathURL       = "url:value"
	iisPathReqValue  = "network-traffic:extensions.'http-request-ext'.request_value"
	iisPathMethod    = "network-traffic:extensions.'http-request-ext'.request_method"
	iisPathUserAgent = "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'"
	iisPathReferer   = "network-traffic:extensions.'http-request-ext'.request_header.Referer"
	iisPathUser      = "user-account:user_id"
)

// iisCol is what a W3C column holds.
type iisCol uint8

const (
	iisOther iisCol = iota // written as "x-iis:<column>", KindOther
	iisDate
	iisTime
	iisCIP
	iisSIP
	iisCPort
	iisSPort
	iisHost
	iisStem
	iisQuery
	iisMethod
	iisUA
	iisUser
	iisReferer
	iisComputer
)

var iisCols = map[string]iisCol{
	"date": iisDate, "time": iisTime, "c-ip": iisCIP, "s-ip": iisSIP, "c-port": iisCPort,
	"s-port": iisSPort, "cs-host": iisHost, "cs-uri-stem": iisStem, "cs-uri-query": iisQuery,
	"cs-method": iisMethod, "cs(user-agent)": iisUA, "cs-username": iisUser,
	"cs(referer)": iisReferer, "s-computername": iisComputer,
}

type iisReader struct {
	name   string
	sc     lineScanner
	cols   []iisCol
	other  []string                     // the x-iis path of each iisOther column
	stem   int                          // the index of cs-uri-stem, or -1
	query  int                          // the index of cs-uri-query, or -1
	date   int                          // the index of date, or -1
	clock  int                          // the index of time, or -1
	line   []byte                       // the line being read
	ix     iisIndex                     // the lines buffered, found and split
	spaces int                          // the spaces of the line split last
	ends   []int32                      // where each field of line ends; see split
	want   func(path string) bool       // see Project; nil reads every field
	wants  []uint8                      // by column: which of its paths Next reads (bit k: path k)
	read   []int32                      // the columns with a path Next reads
	rest   []int32                      // the columns with a path Next leaves for Complete
	done   bool                         // Complete has run for the record just read
	starts func(path string) *[4]uint64 // see startsProjector; nil: any byte
	stems  *[4]uint64                   // the first bytes of a URL Next reads (nil: any)
	noURL  bool                         // Next left the URL of the record just read for Complete
	url    []byte                       // stem?query, reused
	ua     []byte                       // the User-Agent with '+' decoded, reused
	day    []byte                       // the date of dayAt, reused
	dayAt  time.Time
	clk    []byte // the time of clkAt (on day), reused; empty when none
	clkAt  time.Time
	host   string
}

// NewIIS returns a Reader of an IIS log in the W3C extended format, the
// file name given for errors and records. Each "#Fields:" directive sets
// the columns of the lines after it; the other directives are skipped.
// Every record carries Time (UTC) from date and time, and these fields
// (a "-" value gives none):
//
//	c-ip            ipv4-addr:value or ipv6-addr:value (Obj 1), network-traffic:src_ref.value (Obj 0)
//	s-ip            ipv4-addr:value or ipv6-addr:value (Obj 2), network-traffic:dst_ref.value (Obj 0)
//	c-port, s-port  network-traffic:src_port, network-traffic:dst_port (KindPort)
//	cs-host         domain-name:value (Obj 3), network-traffic:…request_header.Host
//	cs-uri-stem     url:value (Obj 4), joined with "?" and cs-uri-query when present;
//	                the same text as the request_value of the http-request-ext (Obj 0)
//	cs-method       network-traffic:extensions.'http-request-ext'.request_method
//	cs(User-Agent)  network-traffic:…request_header.'User-Agent' (KindUserAgent, "+" decoded to " ")
//	cs(Referer)     network-traffic:…request_header.Referer
//	cs-username     user-account:user_id (Obj 5, KindUser)
//	s-computername  Record.Host, and x-iis:s-computername
//	any other       x-iis:<column> (KindOther, Obj 0), such as x-iis:sc-status
//
// A line with the wrong number of fields, a bad date or time, or a data
// line before any "#Fields:" is a *MalformedError.
func NewIIS(name string, r io.Reader) Reader {
	return &iisReader{name: name, sc: newLineScanner(r), stem: -1, query: -1, date: -1, clock: -1}
}

func (r *iisReader) malformed(format string, args ...any) error {
	return &MalformedError{File: r.name, Line: r.sc.line, Msg: fmt.Sprintf(format, args...)}
}

// Next reads the next record into rec.
func (r *iisReader) Next(rec *Record) error {
	rec.Reset()
	rec.File = r.name
	for {
		line, split, err := r.nextLine()
		if err == errLineScannerTooLong {
			return r.malformed("line longer than %d bytes", lineScannerMax)
		}
		if err != nil {
			return err
		}
		if len(line) == 0 {
			continue
		}
		if line[0] == '#' {
			if bytes.HasPrefix(line, []byte("#Fields:")) {
				r.setFields(line[len("#Fields:"):])
			}
			continue
		}
		rec.Line = r.sc.line
		rec.Raw = line
		if !split {
			if err := r.split(line); err != nil {
				return err
			}
		} else if err := r.checkSplit(line); err != nil {
			return err
		}
		return r.parse(rec)
	}
}

// nextLine returns the next line, and whether it has been split into
// r.ends already: a line that ends within the bytes the scanner has
// buffered comes from their structural index (indexedLine), found and
// split without a pass over its bytes; any other (the first line, a line
// across a refill, the last line, a line too long) goes through the line
// scanner.
func (r *iisReader) nextLine() (line []byte, split bool, err error) {
	if r.sc.line > 0 && len(r.cols) > 0 {
		if line, ok := r.indexedLine(); ok {
			return line, true, nil
		}
	}
	r.syncIndex()
	line, err = r.sc.next()
	return line, false, err
}

// checkSplit finishes what lineSpaces or split began: the number of
// fields, and the end of the last.
func (r *iisReader) checkSplit(line []byte) error {
	n := len(r.cols)
	switch {
	case r.spaces >= n:
		return r.malformed("more than %d fields", n)
	case r.spaces != n-1:
		return r.malformed("%d fields, want %d", r.spaces+1, n)
	}
	r.ends[n-1] = int32(len(line))
	r.line = line
	return nil
}

// setFields sets the columns from a #Fields directive.
func (r *iisReader) setFields(spec []byte) {
	r.cols, r.other = r.cols[:0], r.other[:0]
	r.stem, r.query, r.date, r.clock = -1, -1, -1, -1
	for _, f := range bytes.Fields(spec) {
		name := string(f)
		c := iisCols[string(bytes.ToLower(f))]
		i := len(r.cols)
		switch c {
		case iisStem:
			r.stem = i
		case iisQuery:
			r.query = i
		case iisDate:
			r.date = i
		case iisTime:
			r.clock = i
		}
		r.cols = append(r.cols, c)
		r.other = append(r.other, "x-iis:"+name)
	}
	if cap(r.ends) < len(r.cols) {
		r.ends = make([]int32, len(r.cols))
	}
	r.ends = r.ends[:len(r.cols)]
	r.setSkip()
}

// iisColPaths are the paths each kind of column writes, in the order of
// the bits of iisReader.wants, each with the forms it takes: an address
// column writes the address (as ipv4-addr or ipv6-addr, by its form) and the network-traffic's
// reference to it; the stem, with the query, the url and the
// request_value. The date and time are always read (setTime), and so is
// the computer name (Record.Host).
var iisColPaths = [...][][]string{
	iisCIP:      {{iisPathIPv4, iisPathIPv6}, {iisPathSrc}},
	iisSIP:      {{iisPathIPv4, iisPathIPv6}, {iisPathDst}},
	iisCPort:    {{iisPathSrcPort}},
	iisSPort:    {{iisPathDstPort}},
	iisHost:     {{iisPathDomain}, {iisPathHostHdr}},
	iisStem:     {{iisPathURL}, {iisPathReqValue}},
	iisMethod:   {{iisPathMethod}},
	iisUA:       {{iisPathUserAgent}},
	iisUser:     {{iisPathUser}},
	iisReferer:  {{iisPathReferer}},
	iisComputer: nil,
	iisDate:     nil,
	iisTime:     nil,
	iisQuery:    nil,
}

// Project implements Projector.
func (r *iisReader) Project(want func(path string) bool) {
	r.want = want
	r.setSkip()
}

// projectStarts implements startsProjector: a URL whose stem starts with
// no byte a URL atom starts with is left for Complete, when the request's
// value (the same text) is not looked up.
func (r *iisReader) projectStarts(starts func(path string) *[4]uint64) {
	r.starts = starts
	r.setSkip()
}

// setSkip decides which paths of each column Next reads, and lists the
// columns with a path to read and those with a path left for Complete.
func (r *iisReader) setSkip() {
	r.stems = nil
	if r.starts != nil && r.stem >= 0 && r.want != nil && !r.want(iisPathReqValue) {
		r.stems = r.starts(iisPathURL)
	}
	r.read, r.rest = r.read[:0], r.rest[:0]
	r.wants = append(r.wants[:0], make([]uint8, len(r.cols))...)
	for i, c := range r.cols {
		paths := iisColPaths[c]
		switch c {
		case iisDate, iisTime, iisQuery: // the query goes with the stem
			continue
		case iisComputer, iisOther:
			paths = [][]string{r.other[i : i+1]}
		}
		all := uint8(1)<<len(paths) - 1
		for k, alts := range paths {
			for _, p := range alts {
				if r.want == nil || r.want(p) || c == iisComputer {
					r.wants[i] |= 1 << k
				}
			}
		}
		if r.wants[i] != 0 {
			r.read = append(r.read, int32(i))
		}
		if r.wants[i] != all {
			r.rest = append(r.rest, int32(i))
		}
	}
}

// Complete implements Projector.
func (r *iisReader) Complete(rec *Record) {
	if r.want == nil || r.done {
		return
	}
	r.done = true
	r.fields(rec, r.rest, true)
	if r.noURL {
		r.addURL(rec, r.wants[r.stem])
	}
}

// val returns field i of the line split last.
func (r *iisReader) val(i int) []byte {
	start := int32(0)
	if i > 0 {
		start = r.ends[i-1] + 1
	}
	end := r.ends[i]
	return r.line[start:end:end]
}

// iisSpaces returns the high bit of each byte of x that is a space.
func iisSpaces(x uint64) uint64 { return bytesOf(x, 0x2020202020202020) }

func (r *iisReader) parse(rec *Record) error {
	if err := r.setTime(rec); err != nil {
		return err
	}
	r.done, r.noURL = false, false
	r.fields(rec, r.read, false)
	return nil
}

// fields adds the fields of the columns cols: the paths Next reads, or
// with rest the others.
func (r *iisReader) fields(rec *Record, cols []int32, rest bool) {
	url := uint8(0)
	for _, i := range cols {
		sel := r.wants[i]
		if rest {
			sel = ^sel
		}
		if r.cols[i] == iisStem {
			url = sel // last, after the other columns
			continue
		}
		if v := r.val(int(i)); len(v) > 0 && !(len(v) == 1 && v[0] == '-') {
			r.field(rec, int(i), v, sel)
		}
	}
	switch {
	case url == 0:
	case !rest && !startsWith(r.stems, r.val(r.stem)):
		r.noURL = true // it cannot hit: Complete adds it if a match needs it
	default:
		r.addURL(rec, url)
	}
}

// field adds the paths of column i that sel selects (bit k: path k of
// iisColPaths).
func (r *iisReader) field(rec *Record, i int, v []byte, sel uint8) {
	switch r.cols[i] {
	case iisCIP:
		iisAddIP(rec, v, 1, iisPathSrc, sel)
	case iisSIP:
		iisAddIP(rec, v, 2, iisPathDst, sel)
	case iisHost:
		if sel&1 != 0 {
			iisAdd(rec, iisPathDomain, KindDomain, 3, v)
		}
		if sel&2 != 0 {
			iisAdd(rec, iisPathHostHdr, KindOther, 0, v)
		}
	case iisComputer:
		if string(v) != r.host {
			r.host = string(v)
		}
		rec.Host = r.host
		if sel&1 != 0 {
			iisAdd(rec, r.other[i], KindOther, 0, v)
		}
	default:
		if sel&1 == 0 {
			return
		}
		switch r.cols[i] {
		case iisCPort:
			iisAdd(rec, iisPathSrcPort, KindPort, 0, v)
		case iisSPort:
			iisAdd(rec, iisPathDstPort, KindPort, 0, v)
		case iisMethod:
			iisAdd(rec, iisPathMethod, KindOther, 0, v)
		case iisUA:
			iisAdd(rec, iisPathUserAgent, KindUserAgent, 0, r.decodeUA(v))
		case iisReferer:
			iisAdd(rec, iisPathReferer, KindOther, 0, v)
		case iisUser:
			iisAdd(rec, iisPathUser, KindUser, 5, v)
		case iisOther:
			iisAdd(rec, r.other[i], KindOther, 0, v)
		}
	}
}

// iisAddIP adds an address as ipv4-addr or ipv6-addr by its form (bit 0
// of sel), and as the network-traffic's reference ref (bit 1). A value
// that is neither form (no ':' and no leading digit) is kept only as the
// reference, KindOther.
func iisAddIP(rec *Record, v []byte, obj int, ref string, sel uint8) {
	path, kind := iisPathIPv4, KindIPv4
	switch {
	case iisHasColon(v):
		path, kind = iisPathIPv6, KindIPv6
	case v[0] < '0' || v[0] > '9':
		path, kind, sel = "", KindOther, sel&^1
	}
	if sel&1 != 0 {
		iisAdd(rec, path, kind, obj, v)
	}
	if sel&2 != 0 {
		iisAdd(rec, ref, kind, 0, v)
	}
}

// iisHasColon reports whether v has a ':' (is IPv6), with two words for
// an address of 8 to 16 bytes, where bytes.IndexByte's call cost more
// than its search.
func iisHasColon(v []byte) bool {
	n := len(v)
	if n < 8 || n > 16 {
		return bytes.IndexByte(v, ':') >= 0
	}
	const colons = 0x3a3a3a3a3a3a3a3a
	x, y := binary.LittleEndian.Uint64(v), binary.LittleEndian.Uint64(v[n-8:])
	return bytesOf(x, colons)|bytesOf(y, colons) != 0
}

// decodeUA turns the '+' W3C logs write for a space back into a space, in
// r.ua: a copy of the value only when it has a '+', never an allocation
// once r.ua has grown, and eight bytes at a time.
func (r *iisReader) decodeUA(v []byte) []byte {
	if bytes.IndexByte(v, '+') < 0 {
		return v
	}
	r.ua = append(r.ua[:0], v...)
	b, k := r.ua, 0
	for ; k+8 <= len(b); k += 8 {
		x := binary.LittleEndian.Uint64(b[k:])
		m := bytesOf(x, 0x2b2b2b2b2b2b2b2b) >> 7 // 1 in each '+' byte
		binary.LittleEndian.PutUint64(b[k:], x^m*('+'^' '))
	}
	for ; k < len(b); k++ {
		if b[k] == '+' {
			b[k] = ' '
		}
	}
	return b
}

// addURL adds cs-uri-stem, with "?" and cs-uri-query when there is one,
// as one url:value built in r.url.
func (r *iisReader) addURL(rec *Record, sel uint8) {
	stem := r.val(r.stem)
	if sel&3 == 0 || len(stem) == 0 || len(stem) == 1 && stem[0] == '-' {
		return
	}
	url := stem
	if r.query >= 0 {
		if q := r.val(r.query); len(q) > 0 && !(len(q) == 1 && q[0] == '-') {
			r.url = append(append(append(r.url[:0], stem...), '?'), q...)
			url = r.url
		}
	}
	if sel&1 != 0 {
		iisAdd(rec, iisPathURL, KindURL, 4, url)
	}
	// The same text is the request's request_value, on the network-traffic
	// object, so that a pattern can join it with request_method in one
	// bracket (comparisons joined by AND hold on one object).
	if sel&2 != 0 {
		iisAdd(rec, iisPathReqValue, KindOther, 0, url)
	}
}

// setTime sets rec.Time from the date and time columns, reusing the start
// of the day while the date stays the same, and the time while the clock
// does (a busy server logs many lines a second).
func (r *iisReader) setTime(rec *Record) error {
	if r.date < 0 || r.clock < 0 {
		return nil
	}
	d, c := r.val(r.date), r.val(r.clock)
	if len(r.clk) > 0 && iisSame(c, r.clk) && iisSame(d, r.day) {
		rec.Time = r.clkAt
		return nil
	}
	if !iisSame(d, r.day) || len(r.day) == 0 {
		y, m, dd, ok := csvParseDate(d)
		if !ok {
			return r.malformed("bad date %q", d)
		}
		r.day = append(r.day[:0], d...)
		r.dayAt = time.Date(y, time.Month(m), dd, 0, 0, 0, 0, time.UTC)
	}
	off, ok := csvParseClock(c)
	if !ok {
		r.clk = r.clk[:0]
		return r.malformed("bad time %q", c)
	}
	rec.Time = r.dayAt.Add(off)
	r.clk, r.clkAt = append(r.clk[:0], c...), rec.Time
	return nil
}

// iisSame reports whether a and b are the same bytes, with two words
// each when they have 8 to 16 (a date, a time), where comparing strings
// calls the runtime.
func iisSame(a, b []byte) bool {
	n := len(a)
	if n != len(b) {
		return false
	}
	if n < 8 || n > 16 {
		return string(a) == string(b)
	}
	le := binary.LittleEndian
	return le.Uint64(a) == le.Uint64(b) && le.Uint64(a[n-8:]) == le.Uint64(b[n-8:])
}

// iisAdd is rec.Add written field by field into the slice: the compiler
// builds Add's Field literal on the stack and copies it with wide loads
// that stall on the narrow stores just made, which cost a third of the
// reading time.
func iisAdd(rec *Record, path string, kind Kind, obj int, v []byte) {
	n := len(rec.Fields)
	if n == cap(rec.Fields) {
		rec.Fields = append(rec.Fields, Field{})
	} else {
		rec.Fields = rec.Fields[:n+1]
	}
	f := &rec.Fields[n]
	f.Path, f.Kind, f.Obj, f.Value = path, kind, obj, v
}
