package evtxtest

import "hash/crc32"

// Finish fills in the chunk's header, pads it to 64 KiB and returns it.
func (c *Chunk) Finish() []byte {
	b := append(c.b, make([]byte, chunkSize-len(c.b))...)
	copy(b, "ElfChnk\x00")
	le.PutUint64(b[0x08:], c.first) // record numbers: as the ids here
	le.PutUint64(b[0x10:], c.last)
	le.PutUint64(b[0x18:], c.first)
	le.PutUint64(b[0x20:], c.last)
	le.PutUint32(b[0x28:], 0x80)
	le.PutUint32(b[0x2c:], uint32(c.lastRec))
	le.PutUint32(b[0x30:], uint32(len(c.b)))
	le.PutUint32(b[0x34:], crc32.ChecksumIEEE(b[chunkHead:len(c.b)]))
	le.PutUint32(b[0x78:], 1)
	le.PutUint32(b[0x7c:], crc32.Update(crc32.ChecksumIEEE(b[:0x78]), crc32.IEEETable, b[0x80:chunkHead]))
	return b
}

// File writes a file of the events, a chunk per list; the last list ends
// with the highest id.
func File(lists ...[]Event) []byte {
	var chunks [][]byte
	for _, evs := range lists {
		c := NewChunk()
		for _, ev := range evs {
			c.Add(ev)
		}
		chunks = append(chunks, c.Finish())
	}
	last := lists[len(lists)-1]
	return Assemble(chunks, last[len(last)-1].ID+1)
}

// Assemble writes the file header, with next as the next record id,
// before the finished chunks.
func Assemble(chunks [][]byte, next uint64) []byte {
	h := make([]byte, headerSize)
	copy(h, "ElfFile\x00")
	le.PutUint64(h[0x10:], uint64(len(chunks)-1)) // the last chunk's number
	le.PutUint64(h[0x18:], next)
	le.PutUint32(h[0x20:], 0x80)
	le.PutUint16(h[0x24:], 1) // version 3.1
	le.PutUint16(h[0x26:], 3)
	le.PutUint16(h[0x28:], headerSize)
	le.PutUint16(h[0x2a:], uint16(len(chunks)))
	le.PutUint32(h[0x7c:], crc32.ChecksumIEEE(h[:0x78]))
	for _, c := range chunks {
		h = append(h, c...)
	}
	return h
}
