package taxii

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// record is what the access log and the metrics learn of a response.
type record struct {
	http.ResponseWriter
	status int
	bytes  int
	user   string
}

func (rec *record) WriteHeader(status int) {
	if rec.status == 0 {
		rec.status = status
	}
	rec.ResponseWriter.WriteHeader(status)
}

func (rec *record) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	n, err := rec.ResponseWriter.Write(b)
	rec.bytes += n
	return n, err
}

type recordKey struct{}

// setUser names the authenticated user in the request's access log line.
func setUser(r *http.Request, name string) {
	if rec, ok := r.Context().Value(recordKey{}).(*record); ok {
		rec.user = name
	}
}

// observe counts, times and logs every request to h, under the name of
// its route (never its raw path, which would let clients grow the metrics
// without bound).
func (s *Server) observe(route string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &record{ResponseWriter: w}
		h.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), recordKey{}, rec)))
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		d := time.Since(start)
		s.metrics.observe(route, rec.status, d)
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.String("route", route), slog.Int("status", rec.status),
			slog.Int("bytes", rec.bytes), slog.Float64("duration_ms", float64(d.Microseconds())/1000),
			slog.String("remote", clientIP(r)), slog.String("user", rec.user))
	})
}
