package taxii

import (
	"encoding/json"
	"net/http"
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
func (s *Server) writeEnvelope(w http.ResponseWriter, r *http.Request, f accord.CollectionFilter, one bool) error {
	var env Envelope
	p, err := s.find(r, f, func(_ *accord.Object, body []byte, _ time.Time) {
		env.Objects = append(env.Objects, body)
	})
	if err != nil {
		return err
	}
	if one && p.n == 0 && !p.more {
		return accord.Errorf(accord.ENOTFOUND, "collection holds no version of %s that you may see and the filter selects", f.IDs[0])
	}
	env.More, env.Next = p.more, p.next
	dateHeaders(w, p)
	writeJSON(w, http.StatusOK, env)
	return nil
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
