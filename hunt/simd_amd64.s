//go:build amd64 && !purego

#include "textflag.h"

// func simdStage1AVX2(src *byte, blocks int, base uint32, sp, nl *uint32) (ns, nn int)
//
// For each block of 64 bytes: the masks of its spaces and line feeds from
// two 32-byte compares each, then the positions of the set bits (plus
// base) appended to sp and nl. The spaces are written eight at a time
// (TZCNT of a zero mask writes 64: garbage past the count, which POPCNT
// gives), the line feeds, one or two a block, one at a time.
TEXT ·simdStage1AVX2(SB), NOSPLIT, $0-56
	MOVQ src+0(FP), SI
	MOVQ blocks+8(FP), CX
	MOVL base+16(FP), R9
	MOVQ sp+24(FP), DI
	MOVQ nl+32(FP), R8
	MOVQ DI, R14
	MOVQ R8, R15
	MOVQ $0x2020202020202020, AX
	MOVQ AX, X0
	VPBROADCASTB X0, Y0
	MOVQ $0x0a0a0a0a0a0a0a0a, AX
	MOVQ AX, X1
	VPBROADCASTB X1, Y1
	TESTQ CX, CX
	JZ done

loop:
	VMOVDQU (SI), Y2
	VMOVDQU 32(SI), Y3
	VPCMPEQB Y0, Y2, Y4
	VPCMPEQB Y0, Y3, Y5
	VPCMPEQB Y1, Y2, Y6
	VPCMPEQB Y1, Y3, Y7
	VPMOVMSKB Y4, AX
	VPMOVMSKB Y5, BX
	SHLQ $32, BX
	ORQ BX, AX
	VPMOVMSKB Y6, DX
	VPMOVMSKB Y7, BX
	SHLQ $32, BX
	ORQ BX, DX

	// The spaces (AX).
	POPCNTQ AX, R10
	MOVQ DI, R12
	TESTQ AX, AX
	JZ lines

spaces:
	TZCNTQ AX, R11
	ADDL R9, R11
	MOVL R11, 0(R12)
	BLSRQ AX, AX
	TZCNTQ AX, R11
	ADDL R9, R11
	MOVL R11, 4(R12)
	BLSRQ AX, AX
	TZCNTQ AX, R11
	ADDL R9, R11
	MOVL R11, 8(R12)
	BLSRQ AX, AX
	TZCNTQ AX, R11
	ADDL R9, R11
	MOVL R11, 12(R12)
	BLSRQ AX, AX
	TZCNTQ AX, R11
	ADDL R9, R11
	MOVL R11, 16(R12)
	BLSRQ AX, AX
	TZCNTQ AX, R11
	ADDL R9, R11
	MOVL R11, 20(R12)
	BLSRQ AX, AX
	TZCNTQ AX, R11
	ADDL R9, R11
	MOVL R11, 24(R12)
	BLSRQ AX, AX
	TZCNTQ AX, R11
	ADDL R9, R11
	MOVL R11, 28(R12)
	BLSRQ AX, AX
	ADDQ $32, R12
	TESTQ AX, AX
	JNZ spaces

lines:
	LEAQ (DI)(R10*4), DI

	// The line feeds (DX).
	TESTQ DX, DX
	JZ next

feeds:
	TZCNTQ DX, R11
	ADDL R9, R11
	MOVL R11, (R8)
	ADDQ $4, R8
	BLSRQ DX, DX
	JNZ feeds

next:
	ADDQ $64, SI
	ADDL $64, R9
	DECQ CX
	JNZ loop

done:
	VZEROUPPER
	SUBQ R14, DI
	SHRQ $2, DI
	MOVQ DI, ns+40(FP)
	SUBQ R15, R8
	SHRQ $2, R8
	MOVQ R8, nn+48(FP)
	RET

// The byte offsets 0 to 63, which VPCOMPRESSB packs by a mask.
DATA simdIota<>+0(SB)/8, $0x0706050403020100
DATA simdIota<>+8(SB)/8, $0x0f0e0d0c0b0a0908
DATA simdIota<>+16(SB)/8, $0x1716151413121110
DATA simdIota<>+24(SB)/8, $0x1f1e1d1c1b1a1918
DATA simdIota<>+32(SB)/8, $0x2726252423222120
DATA simdIota<>+40(SB)/8, $0x2f2e2d2c2b2a2928
DATA simdIota<>+48(SB)/8, $0x3736353433323130
DATA simdIota<>+56(SB)/8, $0x3f3e3d3c3b3a3938
GLOBL simdIota<>(SB), RODATA|NOPTR, $64

// func simdStage1AVX512(src *byte, blocks int, base uint32, sp, nl *uint32) (ns, nn int)
//
// simdStage1AVX2 with AVX-512: one compare of 64 bytes into a mask
// register for each byte sought, and the offsets of the spaces packed by
// VPCOMPRESSB (VBMI2) and widened to 32 bits sixteen at a time, where the
// AVX2 code scans them out one by one.
TEXT ·simdStage1AVX512(SB), NOSPLIT, $0-56
	MOVQ src+0(FP), SI
	MOVQ blocks+8(FP), CX
	MOVL base+16(FP), R9
	MOVQ sp+24(FP), DI
	MOVQ nl+32(FP), R8
	MOVQ DI, R14
	MOVQ R8, R15
	MOVQ $0x2020202020202020, AX
	VPBROADCASTQ AX, Z0
	MOVQ $0x0a0a0a0a0a0a0a0a, AX
	VPBROADCASTQ AX, Z1
	VMOVDQU64 simdIota<>(SB), Z3
	VPBROADCASTD R9, Z6
	MOVL $64, AX
	VPBROADCASTD AX, Z7
	TESTQ CX, CX
	JZ done512

loop512:
	VMOVDQU64 (SI), Z2
	VPCMPEQB Z0, Z2, K1
	VPCMPEQB Z1, Z2, K2
	KMOVQ K1, AX
	KMOVQ K2, DX

	// The spaces: their offsets packed, sixteen widened at a time.
	POPCNTQ AX, R10
	TESTQ AX, AX
	JZ lines512
	VPCOMPRESSB.Z Z3, K1, Z4
	VPMOVZXBD X4, Z5
	VPADDD Z6, Z5, Z5
	VMOVDQU32 Z5, (DI)
	CMPQ R10, $16
	JBE spdone512
	VEXTRACTI32X4 $1, Z4, X8
	VPMOVZXBD X8, Z5
	VPADDD Z6, Z5, Z5
	VMOVDQU32 Z5, 64(DI)
	CMPQ R10, $32
	JBE spdone512
	VEXTRACTI32X4 $2, Z4, X8
	VPMOVZXBD X8, Z5
	VPADDD Z6, Z5, Z5
	VMOVDQU32 Z5, 128(DI)
	CMPQ R10, $48
	JBE spdone512
	VEXTRACTI32X4 $3, Z4, X8
	VPMOVZXBD X8, Z5
	VPADDD Z6, Z5, Z5
	VMOVDQU32 Z5, 192(DI)

spdone512:
	LEAQ (DI)(R10*4), DI

lines512:
	// The line feeds (DX), one or two a block, one at a time.
	TESTQ DX, DX
	JZ next512

feeds512:
	TZCNTQ DX, R11
	ADDL R9, R11
	MOVL R11, (R8)
	ADDQ $4, R8
	BLSRQ DX, DX
	JNZ feeds512

next512:
	ADDQ $64, SI
	ADDL $64, R9
	VPADDD Z7, Z6, Z6
	DECQ CX
	JNZ loop512

done512:
	VZEROUPPER
	SUBQ R14, DI
	SHRQ $2, DI
	MOVQ DI, ns+40(FP)
	SUBQ R15, R8
	SHRQ $2, R8
	MOVQ R8, nn+48(FP)
	RET
