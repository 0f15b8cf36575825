package taxii

import (
	"context"
	"encoding/json"
	"net/http"
	"runtime"
	"strconv"
	"time"

	"github.com/accord-cti/accord"
)

// Envelope is TAXII 2.1's envelope resource (section 3.7).
type Envelope struct {
	More    bool              `json:"more"`
	Next    string            `json:"next,omitempty"`
	Objects []json.RawMessage `json:"objects,omitempty"`
}

// Versions is TAXII 2.1's versions resource (section 5.8.1).
type Versions struct {
	More     bool     `json:"more"`
	Next     string   `json:"next,omitempty"`
	Versions []string `json:"versions,omitempty"`
}

// Manifest is TAXII 2.1's manifest resource (section 5.3.1).
type Manifest struct {
	More    bool            `json:"more"`
	Next    string          `json:"next,omitempty"`
	Objects []ManifestEntry `json:"objects,omitempty"`
}

// ManifestEntry is one version in a manifest.
type ManifestEntry struct {
	ID        string `json:"id"`
	DateAdded string `json:"date_added"`
	Version   string `json:"version"`
	MediaType string `json:"media_type"`
}

// page is what one CollectionFind returned, after the TLP filter.
type page struct {
	next        string
	more        bool
	first, last time.Time
	n           int // versions the reader may see
}

// find runs f over the readable collection of the request and calls emit
// with what the reader may see of each version, in the order added.
func (s *Server) find(r *http.Request, f accord.CollectionFilter, emit func(o *accord.Object, body []byte, added time.Time)) (page, error) {
	c, err := s.readable(r)
	if err != nil {
		return page{}, err
	}
	release, err := s.holdRead(r.Context())
	if err != nil {
		return page{}, err
	}
	defer release()
	v := s.viewer(r.Context(), c.ID)
	var p page
	p.next, p.more, _, _, err = s.cfg.Access.CollectionMembers(r.Context(), c.ID, f, func(m accord.Member) error {
		body, ok := v.view(m)
		if !ok {
			return nil
		}
		o, added := m.Object, m.DateAdded
		if p.n++; p.n == 1 {
			p.first = added
		}
		p.last = added
		emit(o, body, added)
		return nil
	})
	return p, err
}

// newReadSlots returns the slots of the collection reads that may run at
// once: one per core. Fifty concurrent pages on two cores all finish
// late; taking turns (a channel's waiters are served in order), each
// finishes in about the time of the queue ahead of it, which cut the p99
// of bench/taxii.sh by more than half. Since the slot is taken before
// authentication (holdRead), one per core gave a lower p99 than two
// (44 ms against 47–52 ms).
func newReadSlots() chan struct{} {
	return make(chan struct{}, runtime.GOMAXPROCS(0))
}

// acquireRead waits for a read slot, or for ctx to end.
func (s *Server) acquireRead(ctx context.Context) error {
	select {
	case s.reads <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// releaseRead frees the slot acquireRead took.
func (s *Server) releaseRead() { <-s.reads }

// readSlotKey marks the context of a request that holds a read slot.
type readSlotKey struct{}

// holdRead takes a read slot for a request unless its context shows it
// holds one already, and returns what frees it. serveTAXII takes the slot
// for an authenticated GET before its credentials are checked, so that
// authentication and the access check wait their turn with the page:
// fifty requests authenticating at once, out of order, lengthened the
// tail of bench/taxii.sh.
func (s *Server) holdRead(ctx context.Context) (release func(), err error) {
	if held, _ := ctx.Value(readSlotKey{}).(bool); held {
		return func() {}, nil
	}
	if err := s.acquireRead(ctx); err != nil {
		return nil, err
	}
	return s.releaseRead, nil
}

// dateHeaders sets X-TAXII-Date-Added-First and -Last from what the page
// returned (so that they say nothing of versions the reader may not see).
func dateHeaders(w http.ResponseWriter, p page) {
	if p.n > 0 {
		w.Header().Set("X-TAXII-Date-Added-First", timestamp(p.first))
		w.Header().Set("X-TAXII-Date-Added-Last", timestamp(p.last))
	}
}

// version is TAXII's version of an object version: its modified, else the
// date it was added.
func version(o *accord.Object, added time.Time) string {
	if t, err := time.Parse(accord.TimeLayout, o.Modified); err == nil {
		return t.Format(time.RFC3339Nano)
	}
	return timestamp(added)
}

func (s *Server) objects(w http.ResponseWriter, r *http.Request) error {
	f, err := parseFilter(r.URL.Query(), paramsObjects, s.cfg.PageSize)
	if err != nil {
		return err
	}
	return s.writeEnvelope(w, r, f, false)
}

func (s *Server) object(w http.ResponseWriter, r *http.Request) error {
	f, err := parseFilter(r.URL.Query(), paramsObject, s.cfg.PageSize)
	if err != nil {
		return err
	}
	f.IDs = []string{r.PathValue("oid")}
	return s.writeEnvelope(w, r, f, true)
}

// writeEnvelope answers the objects f selects; with one set, none is a 404.
// The stored JSON of each version (accord.Object.Raw, compact and valid) or
// its redaction is copied into the envelope as it is, not encoded again.
func (s *Server) writeEnvelope(w http.ResponseWriter, r *http.Request, f accord.CollectionFilter, one bool) error {
	buf := getBuffer()
	defer putBuffer(buf)
	p, err := s.find(r, f, func(_ *accord.Object, body []byte, _ time.Time) {
		*buf = appendObject(*buf, body)
	})
	if err != nil {
		return err
	}
	if one && p.n == 0 && !p.more {
		return accord.Errorf(accord.ENOTFOUND, "collection holds no version of %s that you may see and the filter selects", f.IDs[0])
	}
	dateHeaders(w, p)
	writeEnvelopeBody(w, p.more, p.next, *buf)
	return nil
}

// appendObject appends an object's JSON to the objects of an envelope
// being built, after a comma unless it is the first.
func appendObject(objs, body []byte) []byte {
	if len(objs) > 0 {
		objs = append(objs, ',')
	}
	return append(objs, body...)
}

// envelopeHead returns the start of an envelope, up to its objects: the
// members of Envelope in its order, with what omitempty leaves out.
func envelopeHead(dst []byte, more bool, next string, objects bool) []byte {
	dst = append(dst, `{"more":`...)
	dst = strconv.AppendBool(dst, more)
	if next != "" {
		q, _ := json.Marshal(next) // a string always encodes
		dst = append(append(dst, `,"next":`...), q...)
	}
	if objects {
		dst = append(dst, `,"objects":[`...)
	}
	return dst
}

// writeEnvelopeBody answers 200 with the envelope of objs, the objects'
// JSON separated by commas (appendObject).
func writeEnvelopeBody(w http.ResponseWriter, more bool, next string, objs []byte) {
	var tail []byte
	if len(objs) > 0 {
		tail = []byte("]}")
	} else {
		tail = []byte("}")
	}
	head := envelopeHead(make([]byte, 0, 128), more, next, len(objs) > 0)
	w.Header().Set("Content-Type", MediaType)
	w.Header().Set("Content-Length", strconv.Itoa(len(head)+len(objs)+len(tail)))
	w.WriteHeader(http.StatusOK)
	w.Write(head)
	w.Write(objs)
	w.Write(tail)
}

func (s *Server) versions(w http.ResponseWriter, r *http.Request) error {
	f, err := parseFilter(r.URL.Query(), paramsVersions, s.cfg.PageSize)
	if err != nil {
		return err
	}
	f.IDs, f.Versions = []string{r.PathValue("oid")}, []string{accord.VersionAll}
	var out Versions
	p, err := s.find(r, f, func(o *accord.Object, _ []byte, added time.Time) {
		out.Versions = append(out.Versions, version(o, added))
	})
	if err != nil {
		return err
	}
	if p.n == 0 && !p.more {
		return accord.Errorf(accord.ENOTFOUND, "collection holds no version of %s that you may see", f.IDs[0])
	}
	out.More, out.Next = p.more, p.next
	dateHeaders(w, p)
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) manifest(w http.ResponseWriter, r *http.Request) error {
	f, err := parseFilter(r.URL.Query(), paramsObjects, s.cfg.PageSize)
	if err != nil {
		return err
	}
	var out Manifest
	p, err := s.find(r, f, func(o *accord.Object, _ []byte, added time.Time) {
		out.Objects = append(out.Objects, ManifestEntry{ID: o.ID, DateAdded: timestamp(added),
			Version: version(o, added), MediaType: stixMediaType})
	})
	if err != nil {
		return err
	}
	out.More, out.Next = p.more, p.next
	dateHeaders(w, p)
	writeJSON(w, http.StatusOK, out)
	return nil
}
