package hunt

// The readers look at eight bytes at a time where a loop over bytes would
// branch on each: a 64-bit word is tested for some byte value at once,
// giving the high bit of each byte that holds it.

// bytesOf returns the high bit of each byte of x equal to the byte
// repeated in c, and no other bit (exact: no borrow runs between bytes).
func bytesOf(x, c uint64) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	x ^= c
	return ^((x&low7 + low7) | x | low7)
}

// upperBytes returns the high bit of each byte of x that is in 'A'..'Z'.
func upperBytes(x uint64) uint64 {
	const low7, high = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	ge := x&low7 + 0x3f3f3f3f3f3f3f3f // high bit: the low seven bits >= 'A'
	gt := x&low7 + 0x2525252525252525 // high bit: the low seven bits > 'Z'
	return ge &^ gt &^ x & high
}
