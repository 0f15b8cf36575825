//go:build !amd64 || purego

package hunt

// simdVector is false where simd_amd64.s is not built.
const simdVector = false

// simdStage1Blocks writes where the spaces and line feeds of src, whole
// blocks of 64 bytes, are (plus base) into sp and nl, and returns their
// numbers: the portable code, without vectors.
func simdStage1Blocks(src []byte, base uint32, sp, nl []uint32) (ns, nn int) {
	return simdStage1Go(src, base, sp, nl)
}
