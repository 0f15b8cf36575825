//go:build amd64 && !purego

package hunt

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// simdAsm are the assembly versions of simdStage1Blocks this CPU runs.
func simdAsm() map[string]func(*byte, int, uint32, *uint32, *uint32) (int, int) {
	fns := map[string]func(*byte, int, uint32, *uint32, *uint32) (int, int){}
	if simdVector {
		fns["AVX2"] = simdStage1AVX2
	}
	if simdVector512 {
		fns["AVX-512"] = simdStage1AVX512
	}
	return fns
}

// simdCheckAsm compares each assembly version with simdStage1Go on the
// whole blocks of src, and checks that none writes past simdSlack.
func simdCheckAsm(t *testing.T, src []byte, base uint32) {
	t.Helper()
	full := len(src) / 64 * 64
	if full == 0 {
		return
	}
	wantSp, wantNl := simdRoom(full), simdRoom(full)
	ws, wn := simdStage1Go(src[:full], base, wantSp, wantNl)
	for name, fn := range simdAsm() {
		sp, nl := simdRoom(full), simdRoom(full)
		ns, nn := fn(&src[0], full/64, base, &sp[0], &nl[0])
		simdCheckRoom(t, sp)
		simdCheckRoom(t, nl)
		if slices.Equal(wantSp[:ws], sp[:ns]) && slices.Equal(wantNl[:wn], nl[:nn]) {
			continue // cmp.Diff, below, only to tell what differs
		}
		if diff := cmp.Diff(wantSp[:ws], sp[:ns], cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("%s of %q: spaces (-want +got):\n%s", name, src[:full], diff)
		}
		if diff := cmp.Diff(wantNl[:wn], nl[:nn], cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("%s of %q: line feeds (-want +got):\n%s", name, src[:full], diff)
		}
	}
}

// TestSimdAsm runs every assembly version the CPU has on random,
// IIS-like and space-filled input of 1 to 12 blocks at every alignment,
// and on blocks of every count of spaces (0 to 64, where the AVX-512
// code widens 16, 32, 48 or 64 of them).
func TestSimdAsm(t *testing.T) {
	t.Parallel()
	if len(simdAsm()) == 0 {
		t.Skip("no AVX2 here")
	}
	t.Logf("versions: %d (AVX2 %v, AVX-512 %v)", len(simdAsm()), simdVector, simdVector512)
	rng := rand.New(rand.NewPCG(2, 3))
	for kind := range 3 {
		buf := simdTestBytes(rng, 64+12*64, kind)
		for n := 64; n <= 12*64; n += 64 {
			for off := range 64 {
				simdCheckAsm(t, buf[off:off+n], uint32(rng.IntN(1<<20)))
			}
		}
	}
	for spaces := 0; spaces <= 64; spaces++ {
		block := bytes.Repeat([]byte("x"), 64)
		for _, i := range rng.Perm(64)[:spaces] {
			block[i] = ' '
		}
		block[rng.IntN(64)] = '\n'
		simdCheckAsm(t, bytes.Repeat(block, 3), 5)
	}
}

// FuzzSimdAsm compares the assembly versions with simdStage1Go on data at
// every alignment.
func FuzzSimdAsm(f *testing.F) {
	f.Add(bytes.Repeat([]byte("a b\n  "), 50))
	f.Fuzz(func(t *testing.T, data []byte) {
		for off := range min(64, len(data)+1) {
			simdCheckAsm(t, data[off:], uint32(len(data)))
		}
	})
}
