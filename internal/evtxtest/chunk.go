package evtxtest

import (
	"time"
	"unicode/utf16"
)

const (
	headerSize = 4096
	chunkSize  = 0x10000
	chunkHead  = 0x200
)

// Node is a BinXML element: attributes, then text, a substitution or
// children.
type Node struct {
	Name  string
	Attrs []Attr
	Text  string
	Sub   int // 1 + the index of the substitution that is its text; 0 for none
	Kids  []Node
}

// Attr is an attribute: text or a substitution, as Node.
type Attr struct {
	Name, Text string
	Sub        int
}

// Event is a record to write: an instance of template Template with Vals,
// or Root as plain elements when Template is 0.
type Event struct {
	ID       uint64
	At       time.Time
	Template uint32
	Root     Node
	Vals     []Value
	Count    uint32 // when not 0, the count of values written, right or not
}

// Chunk builds one chunk.
type Chunk struct {
	b               []byte
	names           map[string]int // where each name was written inline
	templates       map[uint32]int // where each template was defined
	first, last     uint64
	lastRec, events int
}

// NewChunk is an empty chunk.
func NewChunk() *Chunk {
	return &Chunk{b: make([]byte, chunkHead), names: map[string]int{}, templates: map[uint32]int{}}
}

// Len is the bytes the chunk uses so far, its header included.
func (c *Chunk) Len() int { return len(c.b) }

func (c *Chunk) u8(v byte)     { c.b = append(c.b, v) }
func (c *Chunk) u16(v uint16)  { c.b = le.AppendUint16(c.b, v) }
func (c *Chunk) u32(v uint32)  { c.b = le.AppendUint32(c.b, v) }
func (c *Chunk) patch(at int)  { le.PutUint32(c.b[at:], uint32(len(c.b)-at-4)) }
func (c *Chunk) fragmentHead() { c.b = append(c.b, 0x0f, 1, 1, 0) }

// Add writes ev as the chunk's next record.
func (c *Chunk) Add(ev Event) {
	if c.events == 0 {
		c.first = ev.ID
	}
	c.events++
	c.last = ev.ID
	start := len(c.b)
	c.lastRec = start
	c.b = append(c.b, "\x2a\x2a\x00\x00"...)
	c.u32(0)
	c.b = le.AppendUint64(c.b, ev.ID)
	c.b = le.AppendUint64(c.b, FileTime(ev.At))
	c.fragmentHead()
	if ev.Template == 0 {
		c.element(ev.Root, nil)
	} else {
		count := uint32(len(ev.Vals))
		if ev.Count != 0 {
			count = ev.Count
		}
		c.instance(ev.Template, ev.Root, ev.Vals, count)
	}
	c.u8(0x00) // end of fragment
	size := uint32(len(c.b) - start + 4)
	c.u32(size)
	le.PutUint32(c.b[start+4:], size)
}

// instance writes a template instance, defining the template on first use.
func (c *Chunk) instance(tid uint32, root Node, vals []Value, count uint32) {
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
		c.u16(uint16(len(v.Bytes)))
		c.u8(v.Type)
		c.u8(0)
	}
	for _, v := range vals {
		c.b = append(c.b, v.Bytes...)
	}
}

func (c *Chunk) element(n Node, vals []Value) {
	if len(n.Attrs) > 0 {
		c.u8(0x41)
	} else {
		c.u8(0x01)
	}
	c.u16(0xffff) // no dependency
	size := len(c.b)
	c.u32(0)
	c.name(n.Name)
	if len(n.Attrs) > 0 {
		list := len(c.b)
		c.u32(0)
		for i, a := range n.Attrs {
			if i < len(n.Attrs)-1 {
				c.u8(0x46)
			} else {
				c.u8(0x06)
			}
			c.name(a.Name)
			c.content(a.Text, a.Sub, vals)
		}
		c.patch(list)
	}
	if n.Text == "" && n.Sub == 0 && len(n.Kids) == 0 {
		c.u8(0x03)
	} else {
		c.u8(0x02)
		c.content(n.Text, n.Sub, vals)
		for _, k := range n.Kids {
			c.element(k, vals)
		}
		c.u8(0x04)
	}
	c.patch(size)
}

func (c *Chunk) content(text string, sub int, vals []Value) {
	switch {
	case sub > 0:
		c.u8(0x0e) // optional substitution
		c.u16(uint16(sub - 1))
		typ := vals[sub-1].Type
		if typ == 0 { // a template declares its values' types; a null value has none
			typ = 0x01
		}
		c.u8(typ)
	case text != "":
		c.u8(0x05)
		c.u8(0x01)
		c.u16(uint16(len(utf16.Encode([]rune(text)))))
		c.b = append(c.b, UTF16(text)...)
	}
}

func (c *Chunk) name(s string) {
	if at, ok := c.names[s]; ok {
		c.u32(uint32(at))
		return
	}
	at := len(c.b) + 4
	c.names[s] = at
	c.u32(uint32(at))
	c.u32(0) // the next name in the chunk's hash table
	units := utf16.Encode([]rune(s))
	var hash uint32
	for _, u := range units {
		hash = hash*65599 + uint32(u)
	}
	c.u16(uint16(hash))
	c.u16(uint16(len(units)))
	c.b = append(c.b, UTF16(s)...)
	c.u16(0)
}
