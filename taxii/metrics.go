package taxii

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// latencyBuckets are the upper bounds, in seconds, of the latency histogram.
var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// metrics counts requests by route and status and their latency by route,
// and renders them in the Prometheus text format (version 0.0.4).
type metrics struct {
	mu       sync.Mutex
	requests map[routeStatus]uint64
	latency  map[string]*histogram
}

type routeStatus struct {
	route  string
	status int
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; the last is +Inf
	sum    float64
	count  uint64
}

func newMetrics() *metrics {
	return &metrics{requests: map[routeStatus]uint64{}, latency: map[string]*histogram{}}
}

// observe records one request.
func (m *metrics) observe(route string, status int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[routeStatus{route, status}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets)+1)}
		m.latency[route] = h
	}
	sec := d.Seconds()
	i, _ := slices.BinarySearch(latencyBuckets, sec)
	h.counts[i]++
	h.sum += sec
	h.count++
}

// serve writes the metrics.
func (m *metrics) serve(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Write([]byte(m.render()))
}

// render returns the metrics in the Prometheus text format, sorted so that
// the output is stable.
func (m *metrics) render() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	b.WriteString("# HELP accord_taxii_requests_total TAXII requests by route and HTTP status.\n")
	b.WriteString("# TYPE accord_taxii_requests_total counter\n")
	keys := make([]routeStatus, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b routeStatus) int {
		return cmp.Or(strings.Compare(a.route, b.route), cmp.Compare(a.status, b.status))
	})
	for _, k := range keys {
		fmt.Fprintf(&b, "accord_taxii_requests_total{route=%q,status=\"%d\"} %d\n", k.route, k.status, m.requests[k])
	}
	b.WriteString("# HELP accord_taxii_request_duration_seconds TAXII request latency by route.\n")
	b.WriteString("# TYPE accord_taxii_request_duration_seconds histogram\n")
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	for _, r := range routes {
		m.latency[r].render(&b, r)
	}
	return b.String()
}

func (h *histogram) render(b *strings.Builder, route string) {
	var cum uint64
	for i, le := range latencyBuckets {
		cum += h.counts[i]
		fmt.Fprintf(b, "accord_taxii_request_duration_seconds_bucket{route=%q,le=%q} %d\n", route, strconv.FormatFloat(le, 'g', -1, 64), cum)
	}
	fmt.Fprintf(b, "accord_taxii_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", route, h.count)
	fmt.Fprintf(b, "accord_taxii_request_duration_seconds_sum{route=%q} %g\n", route, h.sum)
	fmt.Fprintf(b, "accord_taxii_request_duration_seconds_count{route=%q} %d\n", route, h.count)
}
