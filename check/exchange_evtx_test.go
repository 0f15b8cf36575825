package check

import (
	"encoding/binary"
	"hash/crc32"
	"strconv"
	"time"
	"unicode/utf16"
)

// This file writes small .evtx files for the tests: a file header and one
// 64 KiB chunk of records whose BinXML is plain elements (no templates),
// each name written inline on first use and referenced after, as Windows
// interns them. It is enough for hunt.NewEvtx, which the check reads with.

// xmlNode is an element: attributes, then text or children.
type xmlNode struct {
	name  string
	attrs [][2]string
	text  string
	kids  []xmlNode
}

// testEvent is a record to write.
type testEvent struct {
	id   uint64
	at   time.Time
	root xmlNode
}

var le = binary.LittleEndian

type evtxChunk struct {
	b     []byte
	names map[string]int
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = le.AppendUint16(b, u)
	}
	return b
}

func fileTime(t time.Time) uint64 { return uint64(t.UnixNano()/100) + 116444736000000000 }

func (c *evtxChunk) u8(v byte)    { c.b = append(c.b, v) }
func (c *evtxChunk) u16(v uint16) { c.b = le.AppendUint16(c.b, v) }
func (c *evtxChunk) u32(v uint32) { c.b = le.AppendUint32(c.b, v) }
func (c *evtxChunk) patch(at int) { le.PutUint32(c.b[at:], uint32(len(c.b)-at-4)) }

func (c *evtxChunk) record(ev testEvent) {
	start := len(c.b)
	c.b = append(c.b, "\x2a\x2a\x00\x00"...)
	c.u32(0)
	c.b = le.AppendUint64(c.b, ev.id)
	c.b = le.AppendUint64(c.b, fileTime(ev.at))
	c.b = append(c.b, 0x0f, 1, 1, 0) // fragment header
	c.element(ev.root)
	c.u8(0x00) // end of fragment
	size := uint32(len(c.b) - start + 4)
	c.u32(size)
	le.PutUint32(c.b[start+4:], size)
}

func (c *evtxChunk) element(n xmlNode) {
	if len(n.attrs) > 0 {
		c.u8(0x41)
	} else {
		c.u8(0x01)
	}
	c.u16(0xffff)
	size := len(c.b)
	c.u32(0)
	c.name(n.name)
	if len(n.attrs) > 0 {
		list := len(c.b)
		c.u32(0)
		for i, a := range n.attrs {
			if i < len(n.attrs)-1 {
				c.u8(0x46)
			} else {
				c.u8(0x06)
			}
			c.name(a[0])
			c.text(a[1])
		}
		c.patch(list)
	}
	if n.text == "" && len(n.kids) == 0 {
		c.u8(0x03)
	} else {
		c.u8(0x02)
		c.text(n.text)
		for _, k := range n.kids {
			c.element(k)
		}
		c.u8(0x04)
	}
	c.patch(size)
}

func (c *evtxChunk) text(s string) {
	if s == "" {
		return
	}
	c.u8(0x05)
	c.u8(0x01)
	c.u16(uint16(len(utf16.Encode([]rune(s)))))
	c.b = append(c.b, utf16le(s)...)
}

func (c *evtxChunk) name(s string) {
	if at, ok := c.names[s]; ok {
		c.u32(uint32(at))
		return
	}
	at := len(c.b) + 4
	c.names[s] = at
	c.u32(uint32(at))
	c.u32(0)
	var hash uint32
	for _, u := range utf16.Encode([]rune(s)) {
		hash = hash*65599 + uint32(u)
	}
	c.u16(uint16(hash))
	c.u16(uint16(len(utf16.Encode([]rune(s)))))
	c.b = append(c.b, utf16le(s)...)
	c.u16(0)
}

// evtxFile writes the events (at least one, ids ascending) as an .evtx file.
func evtxFile(events ...testEvent) []byte {
	const headSize, chunkSize, chunkHead = 4096, 0x10000, 0x200
	c := &evtxChunk{b: make([]byte, chunkHead), names: map[string]int{}}
	lastRec := 0
	for _, ev := range events {
		lastRec = len(c.b)
		c.record(ev)
	}
	first, last := events[0].id, events[len(events)-1].id
	b := append(c.b, make([]byte, chunkSize-len(c.b))...)
	copy(b, "ElfChnk\x00")
	le.PutUint64(b[0x08:], first)
	le.PutUint64(b[0x10:], last)
	le.PutUint64(b[0x18:], first)
	le.PutUint64(b[0x20:], last)
	le.PutUint32(b[0x28:], 0x80)
	le.PutUint32(b[0x2c:], uint32(lastRec))
	le.PutUint32(b[0x30:], uint32(len(c.b)))
	le.PutUint32(b[0x34:], crc32.ChecksumIEEE(b[chunkHead:len(c.b)]))
	le.PutUint32(b[0x78:], 1)
	le.PutUint32(b[0x7c:], crc32.Update(crc32.ChecksumIEEE(b[:0x78]), crc32.IEEETable, b[0x80:chunkHead]))

	h := make([]byte, headSize)
	copy(h, "ElfFile\x00")
	le.PutUint64(h[0x10:], 0) // the last chunk's number
	le.PutUint64(h[0x18:], last+1)
	le.PutUint32(h[0x20:], 0x80)
	le.PutUint16(h[0x24:], 1) // version 3.1
	le.PutUint16(h[0x26:], 3)
	le.PutUint16(h[0x28:], headSize)
	le.PutUint16(h[0x2a:], 1)
	le.PutUint32(h[0x7c:], crc32.ChecksumIEEE(h[:0x78]))
	return append(h, b...)
}

// appEvent is an Application log event of provider at level with one
// <Data> string, as .NET's EventLog.WriteEntry leaves them.
func appEvent(id uint64, at time.Time, provider, level, data string) testEvent {
	n := func(name, text string) xmlNode { return xmlNode{name: name, text: text} }
	return testEvent{id: id, at: at, root: xmlNode{name: "Event", kids: []xmlNode{
		{name: "System", kids: []xmlNode{
			{name: "Provider", attrs: [][2]string{{"Name", provider}}},
			{name: "EventID", attrs: [][2]string{{"Qualifiers", "49152"}}, text: "1040"},
			n("Level", level),
			{name: "TimeCreated", attrs: [][2]string{{"SystemTime", at.UTC().Format("2006-01-02T15:04:05.0000000Z")}}},
			n("EventRecordID", strconv.FormatUint(id, 10)), n("Channel", "Application"), n("Computer", "EXCH01.example.com"),
		}},
		{name: "EventData", kids: []xmlNode{n("Data", data)}},
	}}}
}
