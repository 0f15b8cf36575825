package hunt

import (
	"encoding/binary"
	"hash/crc32"
	"strings"
	"time"
	"unicode/utf16"
)

// This file writes evtx files for the tests: the file header, 64 KiB
// chunks with their checksums, and records in BinXML, by template (the
// definition inline in the chunk's first record that uses it, as Windows
// writes them) or as plain elements, with names inline on first use and
// referenced after, as Windows interns them.

// evtxTestNode is a BinXML element: attributes, then text, a substitution
// or children.
type evtxTestNode struct {
	name  string
	attrs []evtxTestAttr
	text  string
	sub   int // 1 + the index of the substitution that is its text; 0 for none
	kids  []evtxTestNode
}

type evtxTestAttr struct {
	name, text string
	sub        int // as evtxTestNode.sub
}

// evtxTestValue is a substitution value: its BinXML type and bytes.
type evtxTestValue struct {
	typ byte
	b   []byte
}

var evtxLE = binary.LittleEndian

func evtxTestUTF16(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = evtxLE.AppendUint16(b, u)
	}
	return b
}

func evtxVStr(s string) evtxTestValue { return evtxTestValue{0x01, append(evtxTestUTF16(s), 0, 0)} }
func evtxVU8(v uint8) evtxTestValue   { return evtxTestValue{0x04, []byte{v}} }
func evtxVU16(v uint16) evtxTestValue { return evtxTestValue{0x06, evtxLE.AppendUint16(nil, v)} }
func evtxVU32(v uint32) evtxTestValue { return evtxTestValue{0x08, evtxLE.AppendUint32(nil, v)} }
func evtxVU64(v uint64) evtxTestValue { return evtxTestValue{0x0a, evtxLE.AppendUint64(nil, v)} }
func evtxVBool(v bool) evtxTestValue {
	if v {
		return evtxTestValue{0x0d, evtxLE.AppendUint32(nil, 1)}
	}
	return evtxTestValue{0x0d, evtxLE.AppendUint32(nil, 0)}
}
func evtxVHex64(v uint64) evtxTestValue { return evtxTestValue{0x15, evtxLE.AppendUint64(nil, v)} }
func evtxVNull() evtxTestValue          { return evtxTestValue{} }

func evtxFileTime(t time.Time) uint64 {
	return uint64(t.UnixNano()/100) + 116444736000000000
}

func evtxVTime(t time.Time) evtxTestValue {
	return evtxTestValue{0x11, evtxLE.AppendUint64(nil, evtxFileTime(t))}
}

// evtxVGUID takes "D-W1-W2-B0B1-B2…B7" in hex.
func evtxVGUID(s string) evtxTestValue {
	var d, w1, w2 uint64
	var b [8]byte
	p := strings.Split(s, "-")
	d = evtxTestHex(p[0])
	w1, w2 = evtxTestHex(p[1]), evtxTestHex(p[2])
	tail := p[3] + p[4]
	for i := range b {
		b[i] = byte(evtxTestHex(tail[2*i : 2*i+2]))
	}
	v := evtxLE.AppendUint32(nil, uint32(d))
	v = evtxLE.AppendUint16(v, uint16(w1))
	v = evtxLE.AppendUint16(v, uint16(w2))
	return evtxTestValue{0x0f, append(v, b[:]...)}
}

func evtxTestHex(s string) uint64 {
	var v uint64
	for _, c := range s {
		v <<= 4
		switch {
		case c >= '0' && c <= '9':
			v |= uint64(c - '0')
		default:
			v |= uint64(c|0x20-'a') + 10
		}
	}
	return v
}

// evtxVSID takes "S-1-5-21-…" with an authority below 2^32.
func evtxVSID(s string) evtxTestValue {
	p := strings.Split(s, "-")
	var n []uint64
	for _, x := range p[1:] {
		var v uint64
		for _, c := range x {
			v = v*10 + uint64(c-'0')
		}
		n = append(n, v)
	}
	b := []byte{byte(n[0]), byte(len(n) - 2), 0, 0}
	b = binary.BigEndian.AppendUint32(b, uint32(n[1]))
	for _, v := range n[2:] {
		b = evtxLE.AppendUint32(b, uint32(v))
	}
	return evtxTestValue{0x13, b}
}

// evtxTestEvent is an event to write: an instance of template tid with
// vals, or root as plain elements when tid is 0.
type evtxTestEvent struct {
	id    uint64
	at    time.Time
	tid   uint32
	root  evtxTestNode
	vals  []evtxTestValue
	count uint32 // when not 0, the count of values written, right or not
}

// evtxTestChunk builds one chunk.
type evtxTestChunk struct {
	b         []byte
	names     map[string]int // where each name was written inline
	templates map[uint32]int // where each template was defined
	first     uint64
	last      uint64
	lastRec   int
	records   int
}

func newEvtxTestChunk() *evtxTestChunk {
	return &evtxTestChunk{b: make([]byte, evtxChunkHead), names: map[string]int{}, templates: map[uint32]int{}}
}

func (c *evtxTestChunk) u8(v byte)     { c.b = append(c.b, v) }
func (c *evtxTestChunk) u16(v uint16)  { c.b = evtxLE.AppendUint16(c.b, v) }
func (c *evtxTestChunk) u32(v uint32)  { c.b = evtxLE.AppendUint32(c.b, v) }
func (c *evtxTestChunk) u64(v uint64)  { c.b = evtxLE.AppendUint64(c.b, v) }
func (c *evtxTestChunk) patch(at int)  { evtxLE.PutUint32(c.b[at:], uint32(len(c.b)-at-4)) }
func (c *evtxTestChunk) fragmentHead() { c.b = append(c.b, 0x0f, 1, 1, 0) }

// event writes a record.
func (c *evtxTestChunk) event(ev evtxTestEvent) {
	if c.records == 0 {
		c.first = ev.id
	}
	c.records++
	c.last = ev.id
	start := len(c.b)
	c.lastRec = start
	c.b = append(c.b, evtxRecordMagic...)
	c.u32(0)
	c.u64(ev.id)
	c.u64(evtxFileTime(ev.at))
	c.fragmentHead()
	if ev.tid == 0 {
		c.element(ev.root, nil)
	} else {
		count := uint32(len(ev.vals))
		if ev.count != 0 {
			count = ev.count
		}
		c.instance(ev.tid, ev.root, ev.vals, count)
	}
	c.u8(0x00) // end of fragment
	size := uint32(len(c.b) - start + 4)
	c.u32(size)
	evtxLE.PutUint32(c.b[start+4:], size)
}

// instance writes a template instance, defining the template on first use.
func (c *evtxTestChunk) instance(tid uint32, root evtxTestNode, vals []evtxTestValue, count uint32) {
	c.u8(0x0c)
	c.u8(0x01)
	c.u32(tid)
	if at, ok := c.templates[tid]; ok {
		c.u32(uint32(at))
	} else {
		at := len(c.b) + 4
		c.templates[tid] = at
		c.u32(uint32(at))
		c.u32(0) // the next template's offset
		c.u32(tid)
		c.b = append(c.b, make([]byte, 12)...) // the rest of the GUID
		size := len(c.b)
		c.u32(0)
		c.fragmentHead()
		c.element(root, vals)
		c.u8(0x00)
		c.patch(size)
	}
	c.u32(count)
	for _, v := range vals {
		c.u16(uint16(len(v.b)))
		c.u8(v.typ)
		c.u8(0)
	}
	for _, v := range vals {
		c.b = append(c.b, v.b...)
	}
}

func (c *evtxTestChunk) element(n evtxTestNode, vals []evtxTestValue) {
	if len(n.attrs) > 0 {
		c.u8(0x41)
	} else {
		c.u8(0x01)
	}
	c.u16(0xffff) // no dependency
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
			c.name(a.name)
			c.content(a.text, a.sub, vals)
		}
		c.patch(list)
	}
	if n.text == "" && n.sub == 0 && len(n.kids) == 0 {
		c.u8(0x03)
	} else {
		c.u8(0x02)
		c.content(n.text, n.sub, vals)
		for _, k := range n.kids {
			c.element(k, vals)
		}
		c.u8(0x04)
	}
	c.patch(size)
}

func (c *evtxTestChunk) content(text string, sub int, vals []evtxTestValue) {
	switch {
	case sub > 0:
		c.u8(0x0e) // optional substitution
		c.u16(uint16(sub - 1))
		typ := vals[sub-1].typ
		if typ == 0 { // a template declares its values' types; a null value has none
			typ = 0x01
		}
		c.u8(typ)
	case text != "":
		c.u8(0x05)
		c.u8(0x01)
		c.u16(uint16(len(utf16.Encode([]rune(text)))))
		c.b = append(c.b, evtxTestUTF16(text)...)
	}
}

func (c *evtxTestChunk) name(s string) {
	if at, ok := c.names[s]; ok {
		c.u32(uint32(at))
		return
	}
	at := len(c.b) + 4
	c.names[s] = at
	c.u32(uint32(at))
	c.u32(0) // the next name in the chunk's hash table
	var hash uint32
	for _, u := range utf16.Encode([]rune(s)) {
		hash = hash*65599 + uint32(u)
	}
	c.u16(uint16(hash))
	c.u16(uint16(len(utf16.Encode([]rune(s)))))
	c.b = append(c.b, evtxTestUTF16(s)...)
	c.u16(0)
}

// finish fills in the chunk's header and pads it to 64 KiB.
func (c *evtxTestChunk) finish() []byte {
	b := append(c.b, make([]byte, evtxChunkSize-len(c.b))...)
	copy(b, evtxChunkMagic)
	evtxLE.PutUint64(b[0x08:], c.first) // record numbers: as the ids here
	evtxLE.PutUint64(b[0x10:], c.last)
	evtxLE.PutUint64(b[0x18:], c.first)
	evtxLE.PutUint64(b[0x20:], c.last)
	evtxLE.PutUint32(b[0x28:], 0x80)
	evtxLE.PutUint32(b[0x2c:], uint32(c.lastRec))
	evtxLE.PutUint32(b[0x30:], uint32(len(c.b)))
	evtxLE.PutUint32(b[0x34:], crc32.ChecksumIEEE(b[evtxChunkHead:len(c.b)]))
	evtxLE.PutUint32(b[0x78:], 1)
	evtxLE.PutUint32(b[0x7c:], crc32.Update(crc32.ChecksumIEEE(b[:0x78]), crc32.IEEETable, b[0x80:evtxChunkHead]))
	return b
}

// evtxTestFile writes a file of the events, a chunk per list.
func evtxTestFile(lists ...[]evtxTestEvent) []byte {
	var chunks [][]byte
	for _, evs := range lists {
		c := newEvtxTestChunk()
		for _, ev := range evs {
			c.event(ev)
		}
		chunks = append(chunks, c.finish())
	}
	last := lists[len(lists)-1]
	return evtxTestAssemble(chunks, last[len(last)-1].id+1)
}

// evtxTestAssemble writes the file header before the chunks.
func evtxTestAssemble(chunks [][]byte, next uint64) []byte {
	h := make([]byte, evtxHeaderSize)
	copy(h, evtxMagic)
	evtxLE.PutUint64(h[0x08:], 0)
	evtxLE.PutUint64(h[0x10:], uint64(len(chunks)-1))
	evtxLE.PutUint64(h[0x18:], next)
	evtxLE.PutUint32(h[0x20:], 0x80)
	evtxLE.PutUint16(h[0x24:], 1) // version 3.1
	evtxLE.PutUint16(h[0x26:], 3)
	evtxLE.PutUint16(h[0x28:], evtxHeaderSize)
	evtxLE.PutUint16(h[0x2a:], uint16(len(chunks)))
	evtxLE.PutUint32(h[0x7c:], crc32.ChecksumIEEE(h[:0x78]))
	for _, c := range chunks {
		h = append(h, c...)
	}
	return h
}
