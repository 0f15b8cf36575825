package taxii_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/accord-cti/accord/taxii"
	"github.com/google/go-cmp/cmp"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func TestMetrics(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	f.do(t, request{path: "/taxii2/"})
	f.do(t, request{path: "/taxii2/"})
	f.do(t, request{path: "/api/collections/", user: "carol"})
	f.do(t, request{path: "/api/collections/"})
	f.do(t, request{path: "/api/collections/" + f.coll.ID + "/no/such/thing/", user: "carol"})
	r := f.do(t, request{path: "/metrics", accept: "-"})
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("/metrics: %d %q", r.status, r.header.Get("Content-Type"))
	}
	var got []string
	for _, line := range strings.Split(string(r.body), "\n") {
		if strings.HasPrefix(line, "accord_taxii_requests_total{") || strings.HasPrefix(line, "accord_taxii_request_duration_seconds_count{") ||
			strings.Contains(line, `le="+Inf"`) && strings.Contains(line, "discovery") {
			got = append(got, line)
		}
	}
	want := []string{
		`accord_taxii_requests_total{route="collections",status="200"} 1`,
		`accord_taxii_requests_total{route="collections",status="401"} 1`,
		`accord_taxii_requests_total{route="discovery",status="200"} 2`,
		`accord_taxii_requests_total{route="unknown",status="404"} 1`,
		`accord_taxii_request_duration_seconds_count{route="collections"} 2`,
		`accord_taxii_request_duration_seconds_bucket{route="discovery",le="+Inf"} 2`,
		`accord_taxii_request_duration_seconds_count{route="discovery"} 2`,
		`accord_taxii_request_duration_seconds_count{route="unknown"} 1`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("metrics (-want +got):\n%s\nfull:\n%s", diff, r.body)
	}
}

func TestAccessLog(t *testing.T) {
	t.Parallel()
	var buf syncBuffer
	f := newFixture(t, taxii.Config{Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	f.do(t, request{path: "/api/collections/?x=1", user: "carol"})
	buf.mu.Lock()
	line := buf.b.String()
	buf.mu.Unlock()
	var got map[string]any
	if err := json.Unmarshal([]byte(line), &got); err != nil {
		t.Fatalf("log line %q: %v", line, err)
	}
	for _, k := range []string{"time", "duration_ms", "bytes"} {
		if _, ok := got[k]; !ok {
			t.Errorf("log line lacks %q: %s", k, line)
		}
		delete(got, k)
	}
	want := map[string]any{"level": "INFO", "msg": "request", "method": "GET", "path": "/api/collections/",
		"route": "collections", "status": 200.0, "remote": "127.0.0.1", "user": "carol"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("log line (-want +got):\n%s", diff)
	}
}
