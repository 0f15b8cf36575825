package taxii

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"sync"

	"github.com/accord-cti/accord"
)

// MediaType is the TAXII 2.1 media type of every response body.
const MediaType = "application/taxii+json;version=2.1"

// stixMediaType is the media type of the objects collections hold.
const stixMediaType = "application/stix+json;version=2.1"

// ErrorResource is TAXII 2.1's error message (section 3.6.1).
type ErrorResource struct {
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
	HTTPStatus  string `json:"http_status,omitempty"`
}

// statuses maps accord error codes to HTTP statuses, in one place.
var statuses = map[string]int{
	accord.EINVALID:      http.StatusBadRequest,
	accord.ENOTFOUND:     http.StatusNotFound,
	accord.ECONFLICT:     http.StatusConflict,
	accord.EFORBIDDEN:    http.StatusForbidden,
	accord.EUNAUTHORIZED: http.StatusUnauthorized,
	accord.EINTERNAL:     http.StatusInternalServerError,
}

// httpError is an error answered with a given status and message.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

// statusError returns an error that writeError answers with status.
func statusError(status int, msg string) error { return &httpError{status, msg} }

// writeJSON writes v as the TAXII response body with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"title":"internal error","http_status":"500"}`)
	}
	w.Header().Set("Content-Type", MediaType)
	w.WriteHeader(status)
	w.Write(body)
}

// writeError answers err as an error resource. Internal errors are logged
// and described to the client only by their title.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusInternalServerError, ""
	var he *httpError
	if errors.As(err, &he) {
		status, msg = he.status, he.msg
	} else if st, ok := statuses[accord.ErrorCode(err)]; ok {
		status = st
		if status != http.StatusInternalServerError {
			msg = err.Error()
		}
	}
	if status == http.StatusInternalServerError {
		s.log.ErrorContext(r.Context(), "internal error", slog.String("path", r.URL.Path), slog.Any("err", err))
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="accord", charset="UTF-8"`)
		w.Header().Add("WWW-Authenticate", `Bearer realm="accord"`)
	}
	writeJSON(w, status, ErrorResource{Title: http.StatusText(status), Description: msg, HTTPStatus: strconv.Itoa(status)})
}

// maxPooled is the largest buffer put back in the pool: a rare huge page
// is not kept for ever.
const maxPooled = 1 << 20

// buffers holds the buffers responses are built in.
var buffers = sync.Pool{New: func() any { return new([]byte) }}

// getBuffer returns an empty buffer from the pool.
func getBuffer() *[]byte {
	b := buffers.Get().(*[]byte)
	*b = (*b)[:0]
	return b
}

// putBuffer returns b to the pool unless it grew beyond maxPooled.
func putBuffer(b *[]byte) {
	if cap(*b) <= maxPooled {
		buffers.Put(b)
	}
}
