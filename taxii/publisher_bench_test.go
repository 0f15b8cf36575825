package taxii_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/accord-cti/accord/stix"
	"github.com/accord-cti/accord/taxii"
)

// BenchmarkObjectsPageAmber gets pages of 100 TLP:AMBER objects, which
// need their recorded publisher and the collection's grants, from a
// collection of 10,000, as carol of the partner organisation.
func BenchmarkObjectsPageAmber(b *testing.B) {
	fx := newFixture(b, taxii.Config{})
	for i := 0; i < 10000; i += 1000 {
		objs := make([]string, 0, 1000)
		for n := i; n < i+1000; n++ {
			ind := indicator(n)
			objs = append(objs, ind[:len(ind)-1]+marked(stix.TLPAmber)+"}")
		}
		req := httptest.NewRequest(http.MethodPost, objectsPath(fx.coll.ID), strings.NewReader(`{"objects":[`+strings.Join(objs, ",")+`]}`))
		req.Header.Set("Accept", taxii.MediaType)
		req.Header.Set("Content-Type", taxii.MediaType)
		req.SetBasicAuth("alice", fx.secrets["alice"])
		rec := httptest.NewRecorder()
		fx.server.ServeHTTP(rec, req)
		if rec.Code != http.StatusAccepted || !bytes.Contains(rec.Body.Bytes(), []byte(`"success_count":1000`)) {
			b.Fatalf("POST: %d %.300s", rec.Code, rec.Body)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, objectsPath(fx.coll.ID)+"?limit=100&added_after=2000-01-01T00:00:00Z", nil)
		req.Header.Set("Accept", taxii.MediaType)
		req.SetBasicAuth("carol", fx.secrets["carol"])
		rec := httptest.NewRecorder()
		fx.server.ServeHTTP(rec, req)
		if n := bytes.Count(rec.Body.Bytes(), []byte(`"type":"indicator"`)); rec.Code != http.StatusOK || n != 100 {
			b.Fatalf("GET: %d %.300s", rec.Code, rec.Body)
		}
	}
}
