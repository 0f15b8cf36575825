package sqlite_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/accord-cti/accord/sqlite"
)

// attackSize is the number of objects in MITRE ATT&CK Enterprise 16.1.
const attackSize = 21315

// BenchmarkPut puts 21,315 synthetic objects shaped like ATT&CK's into a
// new file per iteration; only the Put is timed.
func BenchmarkPut(b *testing.B) {
	benchmarkPut(b, syntheticObjects(attackSize))
}

// BenchmarkPutATTACK puts the real ATT&CK bundle from ../shared, its
// properties extracted roughly as the importer does.
func BenchmarkPutATTACK(b *testing.B) {
	benchmarkPut(b, loadATTACK(b))
}

// BenchmarkReput puts the synthetic objects again into a file holding
// them: every version is skipped.
func BenchmarkReput(b *testing.B) {
	objs := syntheticObjects(attackSize)
	db := openTemp(b)
	if _, err := db.Put(b.Context(), seqOf(objs)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		res, err := db.Put(b.Context(), seqOf(objs))
		if err != nil || res.Skipped != len(objs) {
			b.Fatalf("Put: %+v, %v", res, err)
		}
	}
}

func benchmarkPut(b *testing.B, objs []*accord.Object) {
	var size int64
	for _, o := range objs {
		size += int64(len(o.Raw))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	dir := b.TempDir()
	var cpu, closing time.Duration
	var rss int64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := sqlite.Open(filepath.Join(dir, strconv.Itoa(i)+".db"))
		if err != nil {
			b.Fatal(err)
		}
		rss0 := resetPeakRSS()
		b.StartTimer()
		cpu0 := cpuTime()
		res, err := db.Put(b.Context(), seqOf(objs))
		cpu += cpuTime() - cpu0
		b.StopTimer()
		rss = max(rss, peakRSS()-rss0)
		if err != nil || res.Added != len(objs) {
			b.Fatalf("Put: %+v, %v", res, err)
		}
		t0 := time.Now()
		db.Close()
		closing += time.Since(t0)
		os.Remove(db.Path())
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(objs)), "ns/object")
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(closing.Milliseconds())/float64(b.N), "close-ms/op")
	if rss > 0 {
		b.ReportMetric(float64(rss)/(1<<20), "peak-rss-MB")
	}
}

// loadATTACK reads the ATT&CK bundle and extracts what the store indexes.
func loadATTACK(tb testing.TB) []*accord.Object {
	data, err := os.ReadFile(sharedtest.Path(tb, "data/attack/enterprise-attack-16.1.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var bundle struct{ Objects []json.RawMessage }
	if err := json.Unmarshal(data, &bundle); err != nil {
		tb.Fatal(err)
	}
	objs := make([]*accord.Object, len(bundle.Objects))
	for i, raw := range bundle.Objects {
		if objs[i], err = extract(raw); err != nil {
			tb.Fatalf("object %d: %v", i, err)
		}
	}
	return objs
}

func extract(raw json.RawMessage) (*accord.Object, error) {
	var v struct {
		ID, Type, Created, Modified, Name, Description, SpecVersion string
		SourceRef, TargetRef, RelationshipType                      string
		SightingOfRef                                               string `json:"sighting_of_ref"`
		Revoked                                                     bool
		Aliases, XMitreAliases                                      []string
		ExternalReferences                                          []struct{ ExternalID string }
	}
	// encoding/json matches keys without regard to case but not to "_".
	norm := bytes.ReplaceAll(raw, []byte(`_ref"`), []byte(`ref"`))
	for _, k := range []string{"source", "target", "spec", "external", "relationship", "x_mitre"} {
		norm = bytes.ReplaceAll(norm, []byte(`"`+k+`_`), []byte(`"`+k))
	}
	norm = bytes.ReplaceAll(norm, []byte(`"xmitre_aliases"`), []byte(`"xmitrealiases"`))
	if err := json.Unmarshal(norm, &v); err != nil {
		return nil, err
	}
	o := &accord.Object{ID: v.ID, Type: v.Type, Created: normTime(v.Created), Modified: normTime(v.Modified),
		Revoked: v.Revoked, OriginalSpecVersion: "2.0", Name: v.Name, Description: v.Description,
		Aliases: append(v.Aliases, v.XMitreAliases...), SourceRef: v.SourceRef, TargetRef: v.TargetRef,
		RelationshipType: v.RelationshipType, Raw: raw}
	for _, r := range v.ExternalReferences {
		if r.ExternalID != "" {
			o.ExternalIDs = append(o.ExternalIDs, r.ExternalID)
		}
	}
	return o, nil
}

func normTime(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return ""
	}
	return accord.FormatTime(t)
}
