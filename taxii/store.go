package taxii

import (
	"net/http"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/ingest"
)

// store writes the checked objects to the store in one transaction, then
// adds them to the collection, and records each in st as a success, or,
// when a step fails, every one as a failure.
func (s *Server) store(r *http.Request, collectionID string, good []checked, st *accord.Status) {
	if len(good) == 0 {
		return
	}
	arr := []byte{'['}
	refs := make([]accord.VersionRef, len(good))
	for i, ch := range good {
		if i > 0 {
			arr = append(arr, ',')
		}
		arr = append(arr, ch.raw...)
		refs[i] = ch.ref
	}
	arr = append(arr, ']')
	src := ingest.Source{Name: "POST body", Data: arr}
	_, err := ingest.Import(r.Context(), s.cfg.Store, src, ingest.Options{Format: ingest.FormatSTIX})
	if err == nil {
		p := principal(r.Context())
		_, err = s.cfg.Access.AddToCollectionBy(r.Context(), collectionID, accord.Publisher{UserID: p.UserID, OrgID: p.OrgID}, refs)
	}
	if err != nil {
		s.log.ErrorContext(r.Context(), "storing posted objects", "collection", collectionID, "err", err)
	}
	for _, ch := range good {
		d := accord.StatusDetail{ID: ch.ref.ID, Version: ch.version}
		if err != nil {
			d.Message = "could not be stored: internal error"
			st.Failures = append(st.Failures, d)
			continue
		}
		st.Successes = append(st.Successes, d)
	}
}

// statusResource is the TAXII status resource of a record: without the
// owner and collection, which are accord's own.
func statusResource(st *accord.Status) *accord.Status {
	out := *st
	out.UserID, out.CollectionID = "", ""
	return &out
}
