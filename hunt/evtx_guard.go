package hunt

import "encoding/binary"

// evtxGuard walks a chunk's records as the library's parser will, building
// nothing, to bound the work the parser does: it trusts a template
// instance's 32-bit count of values, so that one corrupt count is billions
// of iterations and gigabytes, which no recover catches. It follows
// ParseBinXML, ParseTemplateInstance and ReadName of evtx v0.2.0 step by
// step (reading past the end gives zero and does not move, as there), and
// charges a unit for each token, value, 32 bytes of string and template
// node expanded.
type evtxGuard struct {
	b     []byte
	known map[int]*int // the templates defined in the chunk so far: their nodes
	work  int
}

// evtxGuardWork is a chunk's budget: a chunk of Windows' Security log takes
// about 12 000 units.
const evtxGuardWork = 1 << 19

// records returns how many of a chunk's count records (their headers
// sound) the parser reads within the budget, and where the first that it
// does not starts.
func (g *evtxGuard) records(buf []byte, count int) (fit, at int) {
	g.b, g.work = buf, evtxGuardWork
	if g.known == nil {
		g.known = make(map[int]*int)
	}
	clear(g.known)
	at = evtxChunkHead
	for ; fit < count; fit++ {
		off, nodes := at+24, 0
		if !g.parse(&off, &nodes) {
			break
		}
		if g.work -= nodes; g.work < 0 { // the record's expansion
			break
		}
		at += int(binary.LittleEndian.Uint32(buf[at+4:]))
	}
	return fit, at
}

// take moves past n bytes if the buffer has them, as ParseContext's
// Consume methods do.
func (g *evtxGuard) take(off *int, n int) bool {
	if *off+n > len(g.b) {
		return false
	}
	*off += n
	return true
}

func (g *evtxGuard) u8(off *int) int {
	if at := *off; g.take(off, 1) {
		return int(g.b[at])
	}
	return 0
}

func (g *evtxGuard) u16(off *int) int {
	if at := *off; g.take(off, 2) {
		return int(binary.LittleEndian.Uint16(g.b[at:]))
	}
	return 0
}

func (g *evtxGuard) u32(off *int) int {
	if at := *off; g.take(off, 4) {
		return int(binary.LittleEndian.Uint32(g.b[at:]))
	}
	return 0
}

// str is ReadPrefixedUnicodeString's read of n UTF-16 units.
func (g *evtxGuard) str(off *int, n int) {
	g.work -= 1 + n/16
	g.take(off, 2*n)
}

// name is ReadName.
func (g *evtxGuard) name(off *int) {
	at := g.u32(off)
	if at != *off {
		at += 6
		g.str(&at, g.u16(&at)+1)
		return
	}
	*off += 6
	g.str(off, g.u16(off)+1)
}

// parse is ParseBinXML, counting the template nodes it makes into nodes;
// false when the budget is spent.
func (g *evtxGuard) parse(off, nodes *int) bool {
	for {
		if g.work--; g.work < 0 {
			return false
		}
		switch tag := g.u8(off); tag {
		case 0x01, 0x41: // an element
			*off += 6
			g.name(off)
			if tag == 0x41 {
				g.u32(off)
			}
			*nodes++
		case 0x02, 0x03, 0x04, 0x07, 0x47, 0x08, 0x48, 0x09, 0x49, 0x0a, 0x0b:
		case 0x05, 0x45: // text
			g.u8(off)
			g.str(off, g.u16(off))
			*nodes++
		case 0x06, 0x46: // an attribute
			g.name(off)
		case 0x0c:
			ok, more := g.instance(off, nodes)
			if !ok || !more {
				return ok
			}
		case 0x0d, 0x0e: // a substitution
			g.u16(off)
			if g.u8(off) == 0 {
				g.u8(off)
			}
			*nodes++
		case 0x0f: // a fragment header
			*off += 3
		default: // the end, or a token the parser stops at
			return true
		}
	}
}

// instance is ParseTemplateInstance: whether the budget holds, and whether
// the parse goes on.
func (g *evtxGuard) instance(off, nodes *int) (ok, more bool) {
	if g.u8(off) != 1 {
		return true, false
	}
	id := g.u32(off)
	if id == 0 {
		return true, false
	}
	*off += 4
	n := g.u32(off)
	size, known := g.known[id]
	if !known {
		*off += 16
		body := g.u32(off)
		size = new(int)
		g.known[id] = size
		if at := *off; !g.parse(&at, size) {
			return false, false
		}
		*off += body
		n = g.u32(off)
	}
	if g.work -= n; g.work < 0 {
		return false, false
	}
	desc := *off
	for range n {
		g.u16(off)
		g.u16(off)
	}
	for range n {
		size, typ := g.u16(&desc), g.u16(&desc)
		if !g.value(off, size, typ) {
			return false, false
		}
	}
	*nodes++
	g.work -= *size // the expansion
	return g.work >= 0, true
}

// value reads one value as ParseTemplateInstance does.
func (g *evtxGuard) value(off *int, size, typ int) bool {
	switch typ {
	case 0x00:
		*off += size
	case 0x04:
		g.take(off, 1)
	case 0x06:
		g.take(off, 2)
	case 0x08, 0x14:
		g.take(off, 4)
	case 0x0a, 0x11, 0x15:
		g.take(off, 8)
	case 0x0d:
		if size == 1 || size == 2 || size == 4 || size == 8 {
			g.take(off, size)
		}
	case 0x13: // a SID
		g.take(off, 1)
		g.take(off, 1)
		g.take(off, 6)
		for i := 0; i < size-8; i += 4 {
			g.take(off, 4)
		}
		g.work -= size / 4
	case 0x21: // BinXML, parsed where it is
		at, nodes := *off, 0
		if !g.parse(&at, &nodes) {
			return false
		}
		g.work -= nodes
		*off += size
	default:
		g.work -= size / 32
		g.take(off, size)
	}
	return g.work >= 0
}
