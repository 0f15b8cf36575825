package hunt

import (
	"encoding/binary"
	"math/bits"
)

// The IIS reader finds the spaces and line ends of its buffer as simdjson
// builds its structural index: each block of 64 bytes becomes two words of
// one bit a byte (spaces, line feeds), and the set bits become the
// positions of the spaces and of the line feeds, in two lists. A line is
// then its next line feed, and its fields the spaces before it, with no
// pass over the line's bytes: a loop over words of eight bytes spent a
// third of the time of a sweep. On amd64 with AVX2 (and BMI1, POPCNT) the
// lists come from vector compares and bit scans, with AVX-512 (BW, VBMI2)
// from compares and VPCOMPRESSB (simd_amd64.s); elsewhere from
// simdStage1Go.

// simdSlack is the room simdStage1 needs in its lists past the positions
// it finds (16 would do): the vector code writes them eight or sixteen at
// a time, whatever their number.
const simdSlack = 64

// simdStage1 appends to sp[:0] and nl[:0] where the spaces and the line
// feeds of src are, plus base, and returns the two lists. Each of sp and
// nl must have a length of at least len(src)+simdSlack: it writes into
// them past what it returns.
func simdStage1(src []byte, base uint32, sp, nl []uint32) ([]uint32, []uint32) {
	full := len(src) / 64
	_, _ = sp[:len(src)+simdSlack], nl[:len(src)+simdSlack]
	ns, nn := simdStage1Blocks(src[:full*64], base, sp, nl)
	if tail := src[full*64:]; len(tail) > 0 {
		var t [64]byte // the last bytes, and zeros: no space, no line feed
		copy(t[:], tail)
		s, n := simdStage1Blocks(t[:], base+uint32(full*64), sp[ns:], nl[nn:])
		ns, nn = ns+s, nn+n
	}
	return sp[:ns], nl[:nn]
}

// simdStage1Go is simdStage1Blocks without vectors: the reference it is
// tested against, and the code of other CPUs. src is whole blocks.
func simdStage1Go(src []byte, base uint32, sp, nl []uint32) (ns, nn int) {
	for b := 0; b+64 <= len(src); b += 64 {
		s, n := simdMasksGo(src[b : b+64])
		at := base + uint32(b)
		for ; s != 0; s &= s - 1 {
			sp[ns] = at + uint32(bits.TrailingZeros64(s))
			ns++
		}
		for ; n != 0; n &= n - 1 {
			nl[nn] = at + uint32(bits.TrailingZeros64(n))
			nn++
		}
	}
	return ns, nn
}

// simdMasksGo returns the masks of the spaces and the line feeds of a
// block of 64 bytes: bit k is byte k.
func simdMasksGo(block []byte) (sp, nl uint64) {
	_ = block[63]
	for k := range 8 {
		x := binary.LittleEndian.Uint64(block[k*8:])
		sp |= uint64(jsonlMoveMask(iisSpaces(x))) << (8 * k)
		nl |= uint64(jsonlMoveMask(bytesOf(x, 0x0a0a0a0a0a0a0a0a))) << (8 * k)
	}
	return sp, nl
}
