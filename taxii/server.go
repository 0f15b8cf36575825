package taxii

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/access"
	"github.com/accord-cti/accord/stix"
)

// Config is what a Server serves and how.
type Config struct {
	Store  accord.Store       // the objects
	Access accord.AccessStore // users, collections, grants, membership, statuses

	// Policy is the TLP policy; nil applies the TLP rules with no known
	// statement marking.
	Policy *access.Policy
	// Sharing returns the sharing facts of a version for the policy, from
	// the object and what the server knows of it; nil uses SharingOf.
	Sharing func(obj *stix.Value, known Known) access.Sharing

	APIRoot     string // the API root's path segment; "" is "api"
	Title       string // of the discovery resource and the API root
	Description string

	MaxContentLength int64 // largest POST body in bytes; 0 is 10 MiB
	PageSize         int   // largest (and default) page of objects; 0 is 1000

	Logger *slog.Logger // access log and internal errors; nil discards

	LoginRate  float64 // failed logins per second an IP earns back; 0 is one a minute
	LoginBurst int     // failed logins an IP may make at once; 0 is 10
}

// Server is the TAXII 2.1 HTTP handler. It is safe for concurrent use.
type Server struct {
	cfg     Config
	root    string
	log     *slog.Logger
	mux     *http.ServeMux
	limiter *limiter
	metrics *metrics
	reads   chan struct{} // a slot per collection read under way (find, objects.go)
}

// handlerFunc handles a request; an error is answered as an error resource.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// New returns a Server for cfg, with defaults filled in.
func New(cfg Config) *Server {
	if cfg.APIRoot == "" {
		cfg.APIRoot = "api"
	}
	if cfg.Title == "" {
		cfg.Title = "accord TAXII 2.1 server"
	}
	if cfg.MaxContentLength <= 0 {
		cfg.MaxContentLength = 10 << 20
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 1000
	}
	if cfg.Sharing == nil {
		cfg.Sharing = SharingOf
	}
	if cfg.LoginRate <= 0 {
		cfg.LoginRate = 1.0 / 60
	}
	if cfg.LoginBurst <= 0 {
		cfg.LoginBurst = 10
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Server{cfg: cfg, root: "/" + cfg.APIRoot + "/", log: log, mux: http.NewServeMux(),
		limiter: newLimiter(cfg.LoginRate, cfg.LoginBurst), metrics: newMetrics(), reads: newReadSlots()}
	s.routes()
	return s
}

// routes registers every endpoint; "{$}" makes each pattern exact, so that
// anything else falls to the 404 error resource.
func (s *Server) routes() {
	c := s.root + "collections/{id}/"
	s.handle("/taxii2/{$}", "discovery", false, map[string]handlerFunc{http.MethodGet: s.discovery})
	s.handle(s.root+"{$}", "api_root", true, map[string]handlerFunc{http.MethodGet: s.apiRoot})
	s.handle(s.root+"status/{sid}/{$}", "status", true, map[string]handlerFunc{http.MethodGet: s.status})
	s.handle(s.root+"collections/{$}", "collections", true, map[string]handlerFunc{http.MethodGet: s.collections})
	s.handle(c+"{$}", "collection", true, map[string]handlerFunc{http.MethodGet: s.collection})
	s.handle(c+"manifest/{$}", "manifest", true, map[string]handlerFunc{http.MethodGet: s.manifest})
	s.handle(c+"objects/{$}", "objects", true, map[string]handlerFunc{http.MethodGet: s.objects, http.MethodPost: s.postObjects})
	s.handle(c+"objects/{oid}/{$}", "object", true, map[string]handlerFunc{http.MethodGet: s.object, http.MethodDelete: s.deleteObject})
	s.handle(c+"objects/{oid}/versions/{$}", "versions", true, map[string]handlerFunc{http.MethodGet: s.versions})
	s.mux.Handle("GET /metrics", s.observe("metrics", http.HandlerFunc(s.metrics.serve)))
	s.mux.Handle("/", s.observe("unknown", s.taxii(false, nil)))
}

// handle registers a TAXII endpoint with its handlers by method.
func (s *Server) handle(pattern, route string, auth bool, methods map[string]handlerFunc) {
	s.mux.Handle(pattern, s.observe(route, s.taxii(auth, methods)))
}

// taxii wraps the handlers of one endpoint: method, credentials and
// content negotiation are checked in that order; nil methods is the 404
// of an unknown path.
func (s *Server) taxii(auth bool, methods map[string]handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.serveTAXII(w, r, auth, methods); err != nil {
			s.writeError(w, r, err)
		}
	})
}

func (s *Server) serveTAXII(w http.ResponseWriter, r *http.Request, auth bool, methods map[string]handlerFunc) error {
	if methods == nil {
		return statusError(http.StatusNotFound, "no TAXII resource at "+r.URL.Path)
	}
	h, ok := methods[r.Method]
	if !ok {
		w.Header().Set("Allow", allowed(methods))
		return statusError(http.StatusMethodNotAllowed, r.Method+" is not allowed here")
	}
	if r.Method == http.MethodGet && auth {
		release, err := s.holdRead(r.Context())
		if err != nil {
			return err
		}
		defer release()
		r = r.WithContext(context.WithValue(r.Context(), readSlotKey{}, true))
	}
	if auth {
		p, err := s.authenticate(r)
		if err != nil {
			return err
		}
		setUser(r, p.Name)
		r = r.WithContext(context.WithValue(r.Context(), principalKey{}, p))
	}
	if err := negotiate(r); err != nil {
		return err
	}
	return h(w, r)
}

// allowed lists the methods of an endpoint for the Allow header.
func allowed(methods map[string]handlerFunc) string {
	var ms []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		if methods[m] != nil {
			ms = append(ms, m)
		}
	}
	return strings.Join(ms, ", ")
}

// ServeHTTP serves the TAXII API and /metrics.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// timestamp renders t as TAXII timestamps are written here: UTC with
// microseconds, the precision of dates added.
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }
