package hunt

import (
	"encoding/binary"
	"math/bits"
)

// The readers of JSON lines look at eight bytes at a time where a loop
// over bytes would branch on each: a word of eight bytes is tested for
// quotes, digits or dots with a few arithmetic steps that set the high
// bit of each byte that is one (bytesOf), and the first such byte is
// found by counting trailing zeros.

// jsonlStrEnd returns the index of the first '"' or '\\' of b[i:], or
// len(b) when there is none. It reads eight bytes at a time, and past
// len(b) where cap(b) has room: a line is a slice of a larger buffer, and
// reading on spares a loop over its last bytes; what lies past len(b) is
// never taken.
func jsonlStrEnd(b []byte, i int) int {
	n, e := len(b), b[:cap(b)]
	for ; i < n && i+8 <= len(e); i += 8 {
		if m := jsonlQuotes(binary.LittleEndian.Uint64(e[i:])); m != 0 {
			return min(i+bits.TrailingZeros64(m)>>3, n)
		}
	}
	for ; i < n; i++ {
		if b[i] == '"' || b[i] == '\\' {
			return i
		}
	}
	return n
}

// jsonlQuotes returns the high bit of each byte of x that is '"' or '\\'.
func jsonlQuotes(x uint64) uint64 {
	return bytesOf(x, 0x2222222222222222) | bytesOf(x, 0x5c5c5c5c5c5c5c5c)
}

// jsonlIPv4 reports whether b is four groups of one to three digits, each
// at most 255, joined by dots. It looks at all of b at once, as two words
// and then as masks of one bit a byte, where a loop over its bytes
// branched on every dot, at places that vary from one address to the next.
func jsonlIPv4(b []byte) bool {
	n := len(b)
	if n < 7 || n > 15 {
		return false
	}
	var x0, x1 uint64
	if cap(b) >= 16 {
		e := b[:16]
		x0, x1 = binary.LittleEndian.Uint64(e), binary.LittleEndian.Uint64(e[8:])
	} else {
		var t [16]byte
		copy(t[:], b)
		x0, x1 = binary.LittleEndian.Uint64(t[:]), binary.LittleEndian.Uint64(t[8:])
	}
	const ones = 0x0101010101010101
	x0 &= ^uint64(0) >> (8 * max(8-n, 0)) // only the bytes of b
	x1 &= ^uint64(0) >> (8 * (16 - n))
	dots := jsonlMoveMask(bytesOf(x0, '.'*ones)) | jsonlMoveMask(bytesOf(x1, '.'*ones))<<8
	digits := jsonlMoveMask(jsonlDigits8(x0)) | jsonlMoveMask(jsonlDigits8(x1))<<8
	if dots|digits != 1<<n-1 || bits.OnesCount(dots) != 3 ||
		dots&(1|1<<(n-1)|dots>>1) != 0 || digits&(digits>>1)&(digits>>2)&(digits>>3) != 0 {
		return false // not digits and three dots, an empty group, or four digits
	}
	// Every run of three digits is now a group: its first digit, at a
	// bit of three, must not start a number past 255.
	three := digits & (digits >> 1) & (digits >> 2)
	v0, v1 := x0&(0x0f*ones), x1&(0x0f*ones)
	over := jsonlMoveMask(jsonlOver255(v0, v0>>8|v1<<56, v0>>16|v1<<48)) |
		jsonlMoveMask(jsonlOver255(v1, v1>>8, v1>>16))<<8
	return three&over == 0
}

// jsonlOver255 returns the high bit of each byte of a where the number of
// three digits of a, b and c (values 0 to 15 in each byte) is past 255.
func jsonlOver255(a, b, c uint64) uint64 {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	a2, b5 := a+(0x7f-2)*ones, b+(0x7f-5)*ones // high bit where > 2, > 5
	aNot2, bNot5 := (a^2*ones)+0x7f*ones, (b^5*ones)+0x7f*ones
	c5 := c + (0x7f-5)*ones
	return (a2 | ^aNot2&(b5|^bNot5&c5)) & high
}

// jsonlDigits8 returns the high bit of each byte of x that is a digit. No
// sum or difference carries from one byte into the next: each adds to or
// takes from seven bits, or a byte with its high bit set.
func jsonlDigits8(x uint64) uint64 {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	y := x &^ high
	atLeast0 := (y | high) - '0'*ones // high bit where y >= '0'
	past9 := y + (0x7f-'9')*ones      // high bit where y > '9'
	return atLeast0 &^ past9 &^ x & high
}

// jsonlMoveMask gathers the high bits of the bytes of x, and no other
// bit, into the bits of a byte: the products of the multiplication land
// on distinct bits, so none carries.
func jsonlMoveMask(x uint64) uint {
	return uint(x * 0x0002040810204081 >> 56)
}

// jsonlEpochWords reads the epoch of ten digits and a fraction of one to
// eight that Zeek writes, eight digits at a time, where the loop of
// jsonlEpoch costs a branch a digit. It returns false for any other form,
// which jsonlEpoch reads byte by byte.
func jsonlEpochWords(b []byte) (sec, nsec int64, ok bool) {
	n := len(b)
	if n < 12 || n > 19 || b[10] != '.' {
		return 0, 0, false
	}
	const ones, high = 0x0101010101010101, 0x8080808080808080
	s := binary.LittleEndian.Uint64(b)
	f := binary.LittleEndian.Uint64(b[n-8:]) // the fraction in its last bytes
	k := n - 11                              // digits in the fraction
	before := uint64(1)<<(8*(8-k)) - 1       // the bytes before it, made '0'
	f = f&^before | '0'*ones&before
	d8, d9 := b[8]-'0', b[9]-'0'
	if jsonlDigits8(s)&jsonlDigits8(f) != high || d8 > 9 || d9 > 9 {
		return 0, 0, false
	}
	sec = int64(jsonlParse8(s))*100 + int64(d8)*10 + int64(d9)
	return sec, int64(jsonlParse8(f)) * jsonlPow10[9-k], true
}

var jsonlPow10 = [...]int64{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000}

// jsonlParse8 returns the number the eight digits of x write, the first in
// its lowest byte: it adds them up in pairs, then fours, then all eight.
func jsonlParse8(x uint64) uint64 {
	x -= 0x3030303030303030
	x = (x*10 + x>>8) & 0x00ff00ff00ff00ff
	x = (x*100 + x>>16) & 0x0000ffff0000ffff
	return (x*10000 + x>>32) & 0xffffffff
}
