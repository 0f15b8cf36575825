package hunt

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// simdStage1Naive is the definition of simdStage1, a byte at a time.
func simdStage1Naive(src []byte, base uint32) (sp, nl []uint32) {
	sp, nl = []uint32{}, []uint32{}
	for i, c := range src {
		switch c {
		case ' ':
			sp = append(sp, base+uint32(i))
		case '\n':
			nl = append(nl, base+uint32(i))
		}
	}
	return sp, nl
}

// simdCanary fills what lies past the room given to simdStage1.
const simdCanary = 0xdeadbeef

// simdRoom returns room for the positions of n bytes, and a canary after
// it, which simdCheckRoom checks.
func simdRoom(n int) []uint32 {
	room := make([]uint32, n+simdSlack+8)
	for i := n + simdSlack; i < len(room); i++ {
		room[i] = simdCanary
	}
	return room[:n+simdSlack]
}

func simdCheckRoom(t *testing.T, room []uint32) {
	t.Helper()
	for _, v := range room[len(room):cap(room)] {
		if v != simdCanary {
			t.Fatalf("written past the room of %d positions", len(room))
		}
	}
}

// simdCheck compares simdStage1 (with vectors when the CPU has them) and
// simdStage1Go with the definition, on src at base.
func simdCheck(t *testing.T, src []byte, base uint32) {
	t.Helper()
	wantSp, wantNl := simdStage1Naive(src, base)
	sp, nl := simdRoom(len(src)), simdRoom(len(src))
	gotSp, gotNl := simdStage1(src, base, sp, nl)
	simdCheckRoom(t, sp)
	simdCheckRoom(t, nl)
	full := len(src) / 64 * 64
	sp2, nl2 := simdRoom(full), simdRoom(full)
	ns, nn := simdStage1Go(src[:full], base, sp2, nl2)
	simdCheckRoom(t, sp2)
	simdCheckRoom(t, nl2)
	ws, wn := simdStage1Naive(src[:full], base)
	if slices.Equal(wantSp, gotSp) && slices.Equal(wantNl, gotNl) && slices.Equal(ws, sp2[:ns]) && slices.Equal(wn, nl2[:nn]) {
		return // cmp.Diff, below, only to tell what differs
	}
	if diff := cmp.Diff(wantSp, gotSp, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("simdStage1 (vectors %v) of %q: spaces (-want +got):\n%s", simdVector, src, diff)
	}
	if diff := cmp.Diff(wantNl, gotNl, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("simdStage1 (vectors %v) of %q: line feeds (-want +got):\n%s", simdVector, src, diff)
	}
	if diff := cmp.Diff(ws, sp2[:ns], cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("simdStage1Go of %q: spaces (-want +got):\n%s", src[:full], diff)
	}
	if diff := cmp.Diff(wn, nl2[:nn], cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("simdStage1Go of %q: line feeds (-want +got):\n%s", src[:full], diff)
	}
}

// simdTestBytes returns n bytes: random ones, or IIS-like text (mostly
// printable, spaces, line feeds, the odd '\r'), or mostly spaces.
func simdTestBytes(rng *rand.Rand, n int, kind int) []byte {
	b := make([]byte, n)
	alphabet := []string{"", "  \n-aZ09./:?=&+\r\x00\xff\x8a\xa0", "      \n\x20\xa0\x0a"}[kind]
	for i := range b {
		if kind == 0 {
			b[i] = byte(rng.Uint32())
		} else {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
	}
	return b
}

// TestSimdStage1 compares the lists on random, IIS-like and space-filled
// input of every length up to 300 bytes, at every alignment in a larger
// buffer, and on one of all spaces (64 positions a block, the most).
func TestSimdStage1(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for kind := range 3 {
		buf := simdTestBytes(rng, 64+300, kind)
		for n := 0; n <= 300; n++ {
			for off := range 64 {
				simdCheck(t, buf[off:off+n], uint32(rng.IntN(1000)))
			}
		}
	}
	simdCheck(t, bytes.Repeat([]byte(" "), 1000), 0)
	simdCheck(t, bytes.Repeat([]byte("\n"), 1000), 7)
	if !simdVector {
		t.Log("no AVX2 here: simdStage1 is simdStage1Go")
	}
}

// FuzzSimd checks simdStage1 on data at every alignment against the
// byte-at-a-time definition.
func FuzzSimd(f *testing.F) {
	f.Add([]byte("2026-01-01 00:00:00 10.0.1.12 GET /a - 443 - 1.2.3.4 UA - h 200 0 0 1\r\n#x y\n\n"))
	f.Add(bytes.Repeat([]byte(" \n"), 70))
	f.Fuzz(func(t *testing.T, data []byte) {
		for off := range min(64, len(data)+1) {
			simdCheck(t, data[off:], uint32(off))
		}
	})
}

// iisChunkReader gives its data in reads of random sizes, so that lines
// fall across the reader's buffer refills.
type iisChunkReader struct {
	data []byte
	rng  *rand.Rand
	max  int
}

func (c *iisChunkReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	n := min(len(p), len(c.data), 1+c.rng.IntN(c.max))
	copy(p, c.data[:n])
	c.data = c.data[n:]
	return n, nil
}

// iisNaive reads an IIS log the simple way: the lines, the fields of each
// data line by strings.Split, a "malformed" line where their number is
// not that of the last #Fields directive.
func iisNaive(data []byte) []string {
	var out []string
	cols := 0
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if i == 0 {
			line = strings.TrimPrefix(line, "\xef\xbb\xbf")
		}
		switch {
		case line == "":
		case strings.HasPrefix(line, "#Fields:"):
			cols = len(strings.Fields(line[len("#Fields:"):]))
		case line[0] == '#':
		case cols == 0:
			out = append(out, fmt.Sprintf("%d: malformed", i+1))
		case strings.Count(line, " ")+1 != cols:
			out = append(out, fmt.Sprintf("%d: malformed", i+1))
		default:
			out = append(out, fmt.Sprintf("%d: %q", i+1, strings.Split(line, " ")))
		}
	}
	return out
}

// iisSplitAll reads data with NewIIS from rd, as iisNaive does.
func iisSplitAll(t *testing.T, rd io.Reader) []string {
	t.Helper()
	r := NewIIS("t", rd).(*iisReader)
	var out []string
	var rec Record
	for {
		err := r.Next(&rec)
		if err == io.EOF {
			return out
		}
		var me *MalformedError
		if errors.As(err, &me) {
			out = append(out, fmt.Sprintf("%d: malformed", me.Line))
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		fields := make([]string, len(r.cols))
		for i := range fields {
			fields[i] = string(r.val(i))
		}
		out = append(out, fmt.Sprintf("%d: %q", rec.Line, fields))
	}
}

// iisSimdLog is an IIS-like log of about n bytes without date and time
// columns (any text is then a value), with lines of random lengths, some
// with the wrong number of fields, '\r', empty lines and directives.
func iisSimdLog(rng *rand.Rand, n int) []byte {
	var b bytes.Buffer
	b.WriteString("#Fields: c-ip cs-host cs-uri-stem x-a x-b\n")
	for b.Len() < n {
		switch rng.IntN(50) {
		case 0:
			b.WriteString("\n")
		case 1:
			b.WriteString("#Fields: c-ip x-a cs-uri-query\r\n")
		case 2:
			b.WriteString("#Fields: c-ip cs-host cs-uri-stem x-a x-b\n")
		}
		fields := 5 + rng.IntN(3) - rng.IntN(2)
		for i := range fields {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strings.Repeat(string(rune('a'+rng.IntN(26))), rng.IntN(1+rng.IntN(150))))
		}
		if rng.IntN(10) == 0 {
			b.WriteByte('\r')
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// TestIISSimdBuffers reads logs larger than the reader's buffer, whole
// and in reads of random sizes, and compares the lines and fields with
// iisNaive's.
func TestIISSimdBuffers(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(9, 9))
	log := iisSimdLog(rng, 1<<20)
	want := iisNaive(log)
	for _, max := range []int{0, 1, 7, 100, 5000, 300 << 10} {
		var rd io.Reader = bytes.NewReader(log)
		if max > 0 {
			rd = &iisChunkReader{data: log, rng: rng, max: max}
		}
		if diff := cmp.Diff(want, iisSplitAll(t, rd)); diff != "" {
			t.Fatalf("reads of up to %d bytes (-want +got):\n%s", max, diff)
		}
	}
}

// FuzzIISSimd reads fuzzed logs in reads of sizes the seed picks and
// compares the lines and fields with iisNaive's.
func FuzzIISSimd(f *testing.F) {
	f.Add([]byte("#Fields: a b\r\nx y\nx\n#Fields: c\nz\r\n"), uint64(1), uint16(3))
	f.Add(iisSimdLog(rand.New(rand.NewPCG(1, 1)), 2000), uint64(2), uint16(64))
	f.Fuzz(func(t *testing.T, data []byte, seed uint64, max uint16) {
		if bytes.Contains(bytes.ToLower(data), []byte("date")) {
			// A date or time column parses its values: not iisNaive's job.
			return
		}
		if len(data) > lineScannerMax {
			return
		}
		want := iisNaive(data)
		rd := &iisChunkReader{data: data, rng: rand.New(rand.NewPCG(seed, seed)), max: 1 + int(max)}
		if got := iisSplitAll(t, rd); !slices.Equal(want, got) {
			t.Fatalf("(-want +got):\n%s", cmp.Diff(want, got))
		}
	})
}
