package taxii_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/accord-cti/accord/taxii"
)

// indicator returns a valid indicator, the n-th of a benchmark.
func indicator(n int) string {
	return fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-%012d","created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","name":"c2 %d","pattern":"[ipv4-addr:value = '10.%d.%d.%d']","pattern_type":"stix","valid_from":"2021-03-02T00:00:00Z"}`,
		n, n, n>>16&255, n>>8&255, n&255)
}

// postBatch posts objects from..to-1 through the handler.
func postBatch(b testing.TB, fx *fixture, from, to int) {
	objs := make([]string, 0, to-from)
	for i := from; i < to; i++ {
		objs = append(objs, indicator(i))
	}
	req := httptest.NewRequest(http.MethodPost, objectsPath(fx.coll.ID), strings.NewReader(`{"objects":[`+strings.Join(objs, ",")+`]}`))
	req.Header.Set("Accept", taxii.MediaType)
	req.Header.Set("Content-Type", taxii.MediaType)
	req.SetBasicAuth("alice", fx.secrets["alice"])
	rec := httptest.NewRecorder()
	fx.server.ServeHTTP(rec, req)
	if rec.Code != http.StatusAccepted || !bytes.Contains(rec.Body.Bytes(), fmt.Appendf(nil, `"success_count":%d`, to-from)) {
		b.Fatalf("POST: %d %.300s", rec.Code, rec.Body)
	}
}

// BenchmarkPost posts 100 indicators a request; objects/s is the figure.
func BenchmarkPost(b *testing.B) {
	fx := newFixture(b, taxii.Config{})
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		postBatch(b, fx, n, n+100)
		n += 100
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "objects/s")
}

// BenchmarkObjectsPage gets pages of 100 objects from a collection of
// 10,000, through the handler (no network).
func BenchmarkObjectsPage(b *testing.B) {
	fx := newFixture(b, taxii.Config{})
	for i := 0; i < 10000; i += 1000 {
		postBatch(b, fx, i, i+1000)
	}
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, objectsPath(fx.coll.ID)+"?limit=100&added_after=2000-01-01T00:00:00Z", nil)
		req.Header.Set("Accept", taxii.MediaType)
		req.SetBasicAuth("carol", fx.secrets["carol"])
		rec := httptest.NewRecorder()
		fx.server.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET: %d %s", rec.Code, rec.Body)
		}
	}
}
