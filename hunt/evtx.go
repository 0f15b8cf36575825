package hunt

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"strings"

	"github.com/Velocidex/ordereddict"
	"github.com/accord-cti/accord"
	"www.velocidex.com/golang/evtx"
)

// The layout of an evtx file: a 4 KiB header block, then chunks of 64 KiB,
// each a 512-byte header (tables included) and then its event records.
const (
	evtxMagic       = "ElfFile\x00"
	evtxChunkMagic  = "ElfChnk\x00"
	evtxRecordMagic = "\x2a\x2a\x00\x00"
	evtxHeaderSize  = 4096
	evtxChunkSize   = 0x10000
	evtxChunkHead   = 0x200
	evtxRecordMin   = 28 // a record's 24-byte header and the copy of its size
)

// IsEvtx reports whether head (a file's first bytes) starts a Windows
// event log file (.evtx): the "ElfFile\x00" magic.
func IsEvtx(head []byte) bool { return bytes.HasPrefix(head, []byte(evtxMagic)) }

// NewEvtx returns a Reader of the events of a Windows event log file
// (.evtx), read chunk by chunk (64 KiB at a time, and the records of one
// chunk) from r, which need not seek: a gzip stream will do. It reads the
// file header at once; a file without the evtx magic is an EINVALID error.
//
// Each event becomes the flat JSON object that NewWinEvent reads, and the
// record is exactly what NewWinEvent makes of that line: the children of
// System, of EventData (<Data Name="Image"> as "Image") and of the element
// UserData wraps are top-level members, in the event's order; an element
// with both text and attributes is its text, its attributes "name.attr"
// (EventID with Qualifiers: "EventID", "EventID.Qualifiers"); other
// elements nest. So System/EventID is x-windows-event:event_id,
// System/Channel the channel, System/Computer Record.Host and
// System/TimeCreated/@SystemTime Record.Time. Record.Raw is that JSON line.
//
// Record.Line is the event's EventRecordID, so that a finding is located as
// file.evtx:<record id>; a malformed chunk or record is a *MalformedError at
// the record id it would have (the chunk's first, or the one after the last
// read). A chunk whose checksums do not match, or cut short, is reported
// and its records are then read as found, as a dirty log's last chunk
// needs; a chunk without the chunk magic is reported and skipped, one of
// zeros (unused) is skipped; a record whose header is broken is reported
// with the rest of its chunk, which cannot be found past it.
//
// The parser (www.velocidex.com/golang/evtx) gives times as float64
// seconds, so Record.Time and the rendered SystemTime ("2006-01-02T15:04:05.0000000Z")
// are exact to the float's step: 1.6 µs for the years 1829 to 2057. It
// gives hexadecimal integers (Keywords, Sysmon's GrantedAccess) as decimal
// numbers and binary values as hex strings.
func NewEvtx(name string, r io.Reader) (Reader, error) {
	e := &evtxReader{name: name, r: r, buf: make([]byte, evtxChunkSize), nextID: 1,
		win: newWinEvent(name)}
	n, err := io.ReadFull(r, e.buf[:evtxHeaderSize])
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if !IsEvtx(e.buf[:n]) {
		return nil, accord.Errorf(accord.EINVALID, "%s: not an evtx file (no ElfFile magic)", name)
	}
	if n < evtxHeaderSize {
		e.head = e.malformed(1, "file header cut short at %d bytes", n)
		e.err = io.EOF
	}
	return e, nil
}

type evtxReader struct {
	name   string
	r      io.Reader
	buf    []byte // the chunk being read
	chunks int    // chunks read so far
	nextID uint64 // the record id expected next, to place errors
	err    error  // io.EOF or a read error, once met

	// what the chunk read last has still to give, in this order
	head *MalformedError
	recs []*evtx.EventRecord
	tail []*MalformedError

	guard  evtxGuard
	win    *wineventReader // maps the rendered line to fields
	raw    []byte          // the rendered event
	budget int             // values the rendering may still write
	fail   string          // why the rendering gave up
}

func (e *evtxReader) Next(r *Record) error {
	for {
		switch {
		case e.head != nil:
			err := e.head
			e.head = nil
			return e.report(r, err)
		case len(e.recs) > 0:
			rec := e.recs[0]
			e.recs[0], e.recs = nil, e.recs[1:]
			return e.record(r, rec)
		case len(e.tail) > 0:
			err := e.tail[0]
			e.tail = e.tail[1:]
			return e.report(r, err)
		case e.err != nil:
			return e.err
		}
		e.readChunk()
	}
}

func (e *evtxReader) report(r *Record, err *MalformedError) error {
	r.Reset()
	r.File, r.Line = e.name, err.Line
	return err
}

func (e *evtxReader) malformed(id uint64, format string, args ...any) *MalformedError {
	return &MalformedError{File: e.name, Line: evtxLine(id), Msg: fmt.Sprintf(format, args...)}
}

// evtxLine turns a record id into a Record.Line.
func evtxLine(id uint64) int {
	if id > math.MaxInt {
		return math.MaxInt
	}
	return int(id)
}

// readChunk reads the next chunk, checks it and parses its records.
func (e *evtxReader) readChunk() {
	buf := e.buf
	n, err := io.ReadFull(e.r, buf)
	switch {
	case err == io.EOF:
		e.err = io.EOF
		return
	case err == io.ErrUnexpectedEOF:
		clear(buf[n:])
		e.err = io.EOF
	case err != nil:
		e.err = err
		return
	}
	index := e.chunks
	e.chunks++
	if evtxZero(buf[:n]) {
		return // never used
	}
	where := func() string {
		return fmt.Sprintf("chunk %d at offset %#x", index, evtxHeaderSize+int64(index)*evtxChunkSize)
	}
	if string(buf[:len(evtxChunkMagic)]) != evtxChunkMagic {
		e.head = e.malformed(e.nextID, "%s: no chunk magic; skipped", where())
		return
	}
	limit, id, problems := evtxCheck(buf, n)
	if id == 0 { // the header cannot be trusted
		id = e.nextID
	}
	if problems != "" {
		e.head = e.malformed(id, "%s: %s; its records are read as found", where(), problems)
	}
	count, end, lastID, bad := evtxScan(buf, limit, id)
	clear(buf[end:]) // a record's parse that runs on meets the end
	if fit, at := e.guard.records(buf, count); fit < count {
		e.tail = append(e.tail, e.malformed(binary.LittleEndian.Uint64(buf[at+8:]),
			"%s: record too costly to parse (a corrupt template?); it and the rest of the chunk are skipped", where()))
		count = fit
	}
	if bad != "" {
		e.tail = append(e.tail, e.malformed(lastID+1, "%s: %s; the rest of the chunk is skipped", where(), bad))
	}
	if count == 0 {
		return
	}
	recs, msg := evtxParse(buf, count)
	if msg != "" {
		e.tail = append(e.tail, e.malformed(id, "%s: %s", where(), msg))
	}
	e.recs = recs
}

// evtxCheck checks a chunk of n bytes read, returning where its records
// end (the free space offset, if its header can be trusted), its first
// record's id (else 0) and what is wrong with it ("" when nothing).
func evtxCheck(buf []byte, n int) (limit int, first uint64, problems string) {
	var p []string
	if n < evtxChunkSize {
		p = append(p, fmt.Sprintf("cut short at %d bytes", n))
	}
	le := binary.LittleEndian
	limit = n
	sum := crc32.Update(crc32.ChecksumIEEE(buf[:0x78]), crc32.IEEETable, buf[0x80:evtxChunkHead])
	if sum != le.Uint32(buf[0x7c:]) {
		return limit, 0, strings.Join(append(p, "header checksum mismatch"), ", ")
	}
	first = le.Uint64(buf[0x18:])
	free := int(le.Uint32(buf[0x30:]))
	switch {
	case free < evtxChunkHead || free > n:
		p = append(p, fmt.Sprintf("free space offset %#x out of range", free))
	case crc32.ChecksumIEEE(buf[evtxChunkHead:free]) != le.Uint32(buf[0x34:]):
		p = append(p, "records checksum mismatch")
		limit = free
	default:
		limit = free
	}
	return limit, first, strings.Join(p, ", ")
}

// evtxScan walks the record headers of a chunk up to limit, returning how
// many are sound, where they end, the last one's id and what is wrong
// with the one after them ("" when they end at limit or at zeros).
func evtxScan(buf []byte, limit int, first uint64) (count, end int, lastID uint64, bad string) {
	le := binary.LittleEndian
	off := evtxChunkHead
	lastID = first - 1
	for off+evtxRecordMin <= limit {
		if string(buf[off:off+4]) != evtxRecordMagic {
			if evtxZero(buf[off : off+8]) {
				break
			}
			return count, off, lastID, fmt.Sprintf("no record magic at chunk offset %#x", off)
		}
		size := int(le.Uint32(buf[off+4:]))
		if size < evtxRecordMin || size > limit-off || int(le.Uint32(buf[off+size-4:])) != size {
			return count, off, lastID, fmt.Sprintf("record at chunk offset %#x has a bad size (%d)", off, size)
		}
		lastID = le.Uint64(buf[off+8:])
		count++
		off += size
	}
	return count, off, lastID, ""
}

// evtxParse has the library parse the first count records of a chunk,
// whose headers evtxScan found sound: the library loops over the record
// numbers its header gives, so it is handed the count instead. A panic in
// it is the chunk's error.
func evtxParse(buf []byte, count int) (recs []*evtx.EventRecord, msg string) {
	defer func() {
		if p := recover(); p != nil {
			recs, msg = nil, fmt.Sprintf("the evtx parser failed (%v); the chunk's records are skipped", p)
		}
	}()
	c := &evtx.Chunk{Fd: bytes.NewReader(buf),
		Header: evtx.ChunkHeader{FirstEventRecNumber: 1, LastEventRecNumber: uint64(count)}}
	recs, err := c.Parse(math.MinInt)
	switch {
	case err != nil:
		return recs, fmt.Sprintf("the evtx parser failed: %v", err)
	case len(recs) < count:
		return recs, fmt.Sprintf("the evtx parser read %d of %d records", len(recs), count)
	}
	return recs, ""
}

func evtxZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// record renders one parsed record and maps the rendered line to r as
// NewWinEvent would.
func (e *evtxReader) record(r *Record, rec *evtx.EventRecord) error {
	r.Reset()
	id := rec.Header.RecordID
	r.File, r.Line = e.name, evtxLine(id)
	e.nextID = id + 1
	root, _ := rec.Event.(*ordereddict.Dict)
	var event *ordereddict.Dict
	if root != nil {
		v, _ := root.Get("Event")
		event, _ = v.(*ordereddict.Dict)
	}
	if event == nil {
		return e.malformed(id, "record has no Event element")
	}
	msg := e.render(event)
	if msg == "" {
		msg = e.win.event(r, e.raw)
	}
	if msg != "" {
		return e.malformed(id, "%s", msg)
	}
	r.Raw = e.raw
	return nil
}
