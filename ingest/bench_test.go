package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/accord-cti/accord/ingest"
	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/accord-cti/accord/sqlite"
)

// BenchmarkImportATTACK imports MITRE ATT&CK into a fresh SQLite file per
// iteration: decoding, upgrading, validating and storing. bench/import.sh
// measures the whole binary against Python's json.load of the same file.
func BenchmarkImportATTACK(b *testing.B) {
	data, err := os.ReadFile(sharedtest.Path(b, "data/attack/enterprise-attack-16.1.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		db, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		res, err := ingest.Import(context.Background(), db, ingest.Source{Name: "attack", Data: data}, ingest.Options{})
		if err != nil || res.Added != 21315 {
			b.Fatalf("import: %v, %d added", err, res.Added)
		}
		db.Close()
	}
}

// BenchmarkDecodeATTACK measures decoding alone (split, parse, upgrade,
// validate, extract), without a store.
func BenchmarkDecodeATTACK(b *testing.B) {
	data, err := os.ReadFile(sharedtest.Path(b, "data/attack/enterprise-attack-16.1.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n, ps, err := ingest.Check(context.Background(), ingest.Source{Name: "attack", Data: data}, ingest.Options{})
		if err != nil || len(ps) > 0 || n != 21315 {
			b.Fatalf("check: %v, %d problems, %d objects", err, len(ps), n)
		}
	}
}
