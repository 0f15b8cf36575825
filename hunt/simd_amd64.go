//go:build amd64 && !purego

package hunt

import "golang.org/x/sys/cpu"

// simdStage1AVX2 is simdStage1Go with AVX2 compares and BMI1 bit scans,
// in simd_amd64.s: src points at blocks*64 bytes, sp and nl at room for
// the positions it finds and 8 more each (it writes the spaces of a block
// eight at a time).
//
//go:noescape
func simdStage1AVX2(src *byte, blocks int, base uint32, sp, nl *uint32) (ns, nn int)

// simdStage1AVX512 is simdStage1AVX2 with AVX-512 (BW, VBMI2), which
// writes the spaces of a block sixteen at a time.
//
//go:noescape
func simdStage1AVX512(src *byte, blocks int, base uint32, sp, nl *uint32) (ns, nn int)

// simdVector reports whether the CPU (and the OS) can run simdStage1AVX2,
// and simdVector512 simdStage1AVX512.
var (
	simdVector    = cpu.X86.HasAVX2 && cpu.X86.HasBMI1 && cpu.X86.HasPOPCNT
	simdVector512 = simdVector && cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW && cpu.X86.HasAVX512VBMI2
)

// simdStage1Blocks writes where the spaces and line feeds of src, whole
// blocks of 64 bytes, are (plus base) into sp and nl, and returns their
// numbers; with vectors when the CPU has them. sp and nl must have room
// for the positions and simdSlack more: simdStage1 makes sure they have.
func simdStage1Blocks(src []byte, base uint32, sp, nl []uint32) (ns, nn int) {
	blocks := len(src) / 64
	if blocks == 0 {
		return 0, 0
	}
	if !simdVector {
		return simdStage1Go(src, base, sp, nl)
	}
	_, _ = sp[:simdSlack], nl[:simdSlack]
	if simdVector512 {
		return simdStage1AVX512(&src[0], blocks, base, &sp[0], &nl[0])
	}
	return simdStage1AVX2(&src[0], blocks, base, &sp[0], &nl[0])
}
