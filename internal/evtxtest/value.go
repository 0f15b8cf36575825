// Package evtxtest writes Windows .evtx files for tests only: the file
// header, 64 KiB chunks with their checksums, and records in BinXML, by
// template (defined inline in the chunk's first record that uses it, as
// Windows writes them) or as plain elements, each name inline on first use
// and referenced after, as Windows interns them. It trusts its input and
// is not meant for production code.
package evtxtest

import (
	"encoding/binary"
	"strings"
	"time"
	"unicode/utf16"
)

var le = binary.LittleEndian

// Value is a substitution value: its BinXML type and bytes.
type Value struct {
	Type  byte
	Bytes []byte
}

// UTF16 is s in UTF-16LE, without a terminator.
func UTF16(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = le.AppendUint16(b, u)
	}
	return b
}

// FileTime is t as a Windows FILETIME: 100 ns ticks since 1601.
func FileTime(t time.Time) uint64 { return uint64(t.UnixNano()/100) + 116444736000000000 }

// Str is a NUL-terminated UTF-16 string value.
func Str(s string) Value { return Value{0x01, append(UTF16(s), 0, 0)} }

// U8 is an unsigned 8-bit value.
func U8(v uint8) Value { return Value{0x04, []byte{v}} }

// U16 is an unsigned 16-bit value.
func U16(v uint16) Value { return Value{0x06, le.AppendUint16(nil, v)} }

// U32 is an unsigned 32-bit value.
func U32(v uint32) Value { return Value{0x08, le.AppendUint32(nil, v)} }

// U64 is an unsigned 64-bit value.
func U64(v uint64) Value { return Value{0x0a, le.AppendUint64(nil, v)} }

// Hex64 is a 64-bit value rendered in hex.
func Hex64(v uint64) Value { return Value{0x15, le.AppendUint64(nil, v)} }

// Null is an empty value.
func Null() Value { return Value{} }

// Time is a FILETIME value.
func Time(t time.Time) Value { return Value{0x11, le.AppendUint64(nil, FileTime(t))} }

// Bool is a 32-bit boolean value.
func Bool(v bool) Value {
	if v {
		return Value{0x0d, le.AppendUint32(nil, 1)}
	}
	return Value{0x0d, le.AppendUint32(nil, 0)}
}

// GUID takes "D-W1-W2-B0B1-B2…B7" in hex.
func GUID(s string) Value {
	p := strings.Split(s, "-")
	v := le.AppendUint32(nil, uint32(hex(p[0])))
	v = le.AppendUint16(v, uint16(hex(p[1])))
	v = le.AppendUint16(v, uint16(hex(p[2])))
	tail := p[3] + p[4]
	for i := 0; i < 16; i += 2 {
		v = append(v, byte(hex(tail[i:i+2])))
	}
	return Value{0x0f, v}
}

func hex(s string) uint64 {
	var v uint64
	for _, c := range s {
		v <<= 4
		if c >= '0' && c <= '9' {
			v |= uint64(c - '0')
		} else {
			v |= uint64(c|0x20-'a') + 10
		}
	}
	return v
}

// SID takes "S-1-5-21-…" with an authority below 2^32.
func SID(s string) Value {
	var n []uint64
	for _, x := range strings.Split(s, "-")[1:] {
		var v uint64
		for _, c := range x {
			v = v*10 + uint64(c-'0')
		}
		n = append(n, v)
	}
	b := []byte{byte(n[0]), byte(len(n) - 2), 0, 0}
	b = binary.BigEndian.AppendUint32(b, uint32(n[1]))
	for _, v := range n[2:] {
		b = le.AppendUint32(b, uint32(v))
	}
	return Value{0x13, b}
}
