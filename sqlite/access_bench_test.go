package sqlite_test

import (
	"testing"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/sqlite"
)

// collectionOf puts n synthetic objects into a new database and all of
// them, 1,000 at a time, into one collection.
func collectionOf(b *testing.B, n int) (*sqlite.DB, string) {
	db := openTemp(b)
	objs := syntheticObjects(n)
	if _, err := db.Put(b.Context(), seqOf(objs)); err != nil {
		b.Fatal(err)
	}
	c, err := db.AddCollection(b.Context(), accord.Collection{Title: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	refs := make([]accord.VersionRef, len(objs))
	for i, o := range objs {
		refs[i] = accord.VersionRef{ID: o.ID, Modified: o.Modified}
	}
	for i := 0; i < len(refs); i += 1000 {
		if _, err := db.AddToCollection(b.Context(), c.ID, refs[i:min(i+1000, len(refs))]); err != nil {
			b.Fatal(err)
		}
	}
	return db, c.ID
}

// BenchmarkCollectionPage reads 100-object pages (latest versions, as
// TAXII's objects endpoint by default) from a 100,000-object collection,
// following next from the start.
func BenchmarkCollectionPage(b *testing.B) {
	db, collID := collectionOf(b, 100_000)
	f := accord.CollectionFilter{Limit: 100}
	b.ResetTimer()
	for b.Loop() {
		next, more, _, _, err := db.CollectionFind(b.Context(), collID, f, func(*accord.Object, time.Time) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
		f.Next = next
		if !more {
			f.Next = ""
		}
	}
}

// BenchmarkAddToCollection adds versions to a collection 100 at a time, as
// a TAXII POST of 100 objects would after its Put.
func BenchmarkAddToCollection(b *testing.B) {
	db := openTemp(b)
	objs := syntheticObjects(100_000)
	if _, err := db.Put(b.Context(), seqOf(objs)); err != nil {
		b.Fatal(err)
	}
	refs := make([]accord.VersionRef, len(objs))
	for i, o := range objs {
		refs[i] = accord.VersionRef{ID: o.ID, Modified: o.Modified}
	}
	c, err := db.AddCollection(b.Context(), accord.Collection{Title: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	b.ResetTimer()
	for b.Loop() {
		if i+100 > len(refs) {
			b.StopTimer()
			c, _ = db.AddCollection(b.Context(), accord.Collection{Title: "bench"})
			i = 0
			b.StartTimer()
		}
		if _, err := db.AddToCollection(b.Context(), c.ID, refs[i:i+100]); err != nil {
			b.Fatal(err)
		}
		i += 100
	}
	b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "versions/s")
}
