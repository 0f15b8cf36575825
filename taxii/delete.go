package taxii

import (
	"errors"
	"net/http"
	"slices"

	"github.com/accord-cti/accord"
)

// deleteObject removes the versions of an object that match[version]
// selects (all by default) from the collection; the store keeps them. It
// needs both read and write access, as TAXII 2.1 section 5.7 says, and
// that the principal may see at least one of those versions.
func (s *Server) deleteObject(w http.ResponseWriter, r *http.Request) error {
	f, err := checkParams(r, paramsDelete)
	if err != nil {
		return err
	}
	c, read, write, err := s.lookup(r)
	if err != nil {
		return err
	}
	if !read || !write {
		return forbidden(c)
	}
	id := r.PathValue("oid")
	if len(f.SpecVersions) > 0 && !slices.Contains(f.SpecVersions, "2.1") {
		return accord.Errorf(accord.ENOTFOUND, "collection holds no version of %s in spec_version %v", id, f.SpecVersions)
	}
	if err := s.seesAny(r, c.ID, id, f.Versions); err != nil {
		return err
	}
	if _, err := s.cfg.Access.RemoveFromCollection(r.Context(), c.ID, id, f.Versions); err != nil {
		return err
	}
	w.Header().Set("Content-Type", MediaType)
	w.WriteHeader(http.StatusOK)
	return nil
}

// seesAny returns ENOTFOUND unless the principal may see one of the
// versions of id that versions selects (all when empty): a writer may not
// learn of, or remove, what TLP hides from it.
func (s *Server) seesAny(r *http.Request, collectionID, id string, versions []string) error {
	if len(versions) == 0 {
		versions = []string{accord.VersionAll}
	}
	v := s.viewer(r.Context(), collectionID)
	seen := false
	f := accord.CollectionFilter{IDs: []string{id}, Versions: versions}
	_, _, _, _, err := s.cfg.Access.CollectionMembers(r.Context(), collectionID, f, func(m accord.Member) error {
		if _, ok := v.view(m); ok {
			seen = true
			return errStop
		}
		return nil
	})
	switch {
	case err != nil && !errors.Is(err, errStop):
		return err
	case !seen:
		return accord.Errorf(accord.ENOTFOUND, "collection holds no version of %s that you may see and match[version] selects", id)
	}
	return nil
}

// errStop ends a CollectionFind early.
var errStop = errors.New("stop")
