package taxii

import (
	"net/http"

	"github.com/accord-cti/accord"
)

// Discovery is TAXII 2.1's discovery resource (section 4.1.1).
type Discovery struct {
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Default     string   `json:"default,omitempty"`
	APIRoots    []string `json:"api_roots"`
}

// APIRoot is TAXII 2.1's API root resource (section 4.2.1).
type APIRoot struct {
	Title            string   `json:"title"`
	Description      string   `json:"description,omitempty"`
	Versions         []string `json:"versions"`
	MaxContentLength int64    `json:"max_content_length"`
}

// Collection is TAXII 2.1's collection resource (section 5.2.1), for the
// principal that asked.
type Collection struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Alias       string   `json:"alias,omitempty"`
	CanRead     bool     `json:"can_read"`
	CanWrite    bool     `json:"can_write"`
	MediaTypes  []string `json:"media_types"`
}

// Collections is TAXII 2.1's collections resource.
type Collections struct {
	Collections []Collection `json:"collections,omitempty"`
}

func (s *Server) discovery(w http.ResponseWriter, r *http.Request) error {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	root := scheme + "://" + r.Host + s.root
	writeJSON(w, http.StatusOK, Discovery{Title: s.cfg.Title, Description: s.cfg.Description, Default: root, APIRoots: []string{root}})
	return nil
}

func (s *Server) apiRoot(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, APIRoot{Title: s.cfg.Title, Description: s.cfg.Description,
		Versions: []string{MediaType}, MaxContentLength: s.cfg.MaxContentLength})
	return nil
}

// collections lists the collections the principal may read or write.
func (s *Server) collections(w http.ResponseWriter, r *http.Request) error {
	all, err := s.cfg.Access.Collections(r.Context())
	if err != nil {
		return err
	}
	var out Collections
	for _, c := range all {
		read, write, err := s.cfg.Access.Access(r.Context(), principal(r.Context()), c.ID)
		if err != nil {
			return err
		}
		if read || write {
			out.Collections = append(out.Collections, resource(c, read, write))
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) collection(w http.ResponseWriter, r *http.Request) error {
	c, read, write, err := s.lookup(r)
	if err != nil {
		return err
	}
	if !read && !write {
		return forbidden(c)
	}
	writeJSON(w, http.StatusOK, resource(c, read, write))
	return nil
}

func resource(c *accord.Collection, read, write bool) Collection {
	return Collection{ID: c.ID, Title: c.Title, Description: c.Description, Alias: c.Alias,
		CanRead: read, CanWrite: write, MediaTypes: []string{stixMediaType}}
}

// lookup returns the collection named in the path and what the principal
// may do with it.
func (s *Server) lookup(r *http.Request) (c *accord.Collection, read, write bool, err error) {
	c, err = s.cfg.Access.Collection(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, false, false, err
	}
	read, write, err = s.cfg.Access.Access(r.Context(), principal(r.Context()), c.ID)
	return c, read, write, err
}

// readable returns the collection named in the path if the principal may
// read it: 403 otherwise.
func (s *Server) readable(r *http.Request) (*accord.Collection, error) {
	c, read, _, err := s.lookup(r)
	if err == nil && !read {
		err = forbidden(c)
	}
	return c, err
}

// writable is readable for writing.
func (s *Server) writable(r *http.Request) (*accord.Collection, error) {
	c, _, write, err := s.lookup(r)
	if err == nil && !write {
		err = forbidden(c)
	}
	return c, err
}

func forbidden(c *accord.Collection) error {
	return accord.Errorf(accord.EFORBIDDEN, "you may not do this with collection %s", c.ID)
}

// status returns the status of a POST, to the user who made it.
func (s *Server) status(w http.ResponseWriter, r *http.Request) error {
	st, err := s.cfg.Access.Status(r.Context(), r.PathValue("sid"))
	if err != nil {
		return err
	}
	if st.UserID != principal(r.Context()).UserID {
		return accord.Errorf(accord.ENOTFOUND, "no status %s", r.PathValue("sid"))
	}
	writeJSON(w, http.StatusOK, statusResource(st))
	return nil
}
