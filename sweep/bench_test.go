package sweep

import (
	"context"
	"crypto/sha256"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/accord-cti/accord/hunt"
	"github.com/accord-cti/accord/internal/sharedtest"
)

// benchFile writes a file of n pseudo-random bytes and returns its path.
func benchFile(b *testing.B, n int) string {
	b.Helper()
	p := filepath.Join(b.TempDir(), "blob.bin")
	buf := make([]byte, n)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range buf {
		buf[i] = byte(r.Uint32())
	}
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkHash measures the hashing of one 64 MiB file: MD5, SHA-1 and
// SHA-256 in one streamed pass, as a sweep does, and SHA-256 alone, which
// is what sha256sum computes (go test ./sweep -bench Hash -cpu 1).
func BenchmarkHash(b *testing.B) {
	const size = 64 << 20
	p := benchFile(b, size)
	b.Run("md5+sha1+sha256", func(b *testing.B) {
		h := newHasher(false)
		var done atomic.Int64
		b.SetBytes(size)
		for range b.N {
			f, err := os.Open(p)
			if err != nil {
				b.Fatal(err)
			}
			if _, _, _, err := h.hash(context.Background(), f, 0, nil, &done); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
	})
	b.Run("sha256", func(b *testing.B) {
		buf := make([]byte, 256<<10)
		b.SetBytes(size)
		for range b.N {
			f, err := os.Open(p)
			if err != nil {
				b.Fatal(err)
			}
			h := sha256.New()
			if _, err := io.CopyBuffer(h, f, buf); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
	})
}

// BenchmarkNames measures the name and path checks of one file against
// signature-base's 3,800 Loki lines, given as a list (loki) and imported
// as indicators [file:x_path MATCHES '(?i)…'] (kb), as the feed importer
// writes them.
func BenchmarkNames(b *testing.B) {
	data, err := os.ReadFile(sharedtest.Path(b, "data/iocs/signature-base-filename-iocs.txt"))
	if err != nil {
		b.Fatal(err)
	}
	names, err := ParseLokiFilenames("l", data)
	if err != nil {
		b.Fatal(err)
	}
	var inds []hunt.Indicator
	quote := strings.NewReplacer(`\`, `\\`, `'`, `\'`)
	for _, n := range names {
		inds = append(inds, hunt.Indicator{ID: n.Source, Pattern: "[file:x_path MATCHES '(?i)" + quote.Replace(n.Regex.String()) + "']"})
	}
	file := "/mnt/c/Program Files/Microsoft/Exchange Server/V15/FrontEnd/HttpProxy/owa/auth/Current/themes/resources/logon.css"
	for _, bc := range []struct {
		name  string
		intel Intel
	}{{"loki", Intel{Names: names}}, {"kb", Intel{Indicators: inds}}} {
		b.Run(bc.name, func(b *testing.B) {
			rules, errs := Compile(bc.intel)
			if len(errs) > 0 {
				b.Fatal(errs[0])
			}
			w := newWorker(rules, &Options{})
			paths := pathVariants(file, "/mnt/c", "C:")
			b.ResetTimer()
			for range b.N {
				w.found = w.found[:0]
				w.matchRecord(file, paths, Hashes{}, 1)
				w.matchNames(file, paths, 1, Hashes{})
			}
		})
	}
}
