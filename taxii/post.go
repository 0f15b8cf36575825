package taxii

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/access"
	"github.com/accord-cti/accord/ingest"
	"github.com/accord-cti/accord/stix"
)

// postObjects adds the valid objects of an envelope to the store and the
// collection, and answers a complete status resource (202) that lists
// each object as a success or a failure with its reason. Invalid objects
// are never stored; the valid ones are stored in one transaction.
func (s *Server) postObjects(w http.ResponseWriter, r *http.Request) error {
	c, err := s.writable(r)
	if err != nil {
		return err
	}
	body, err := s.readBody(w, r)
	if err != nil {
		return err
	}
	objs, err := DecodeEnvelope(body)
	if err != nil {
		return err
	}
	p := principal(r.Context())
	st := &accord.Status{ID: accord.NewUUID(), Status: "complete", RequestTimestamp: time.Now().UTC(),
		TotalCount: len(objs), UserID: p.UserID, CollectionID: c.ID}
	var good []checked
	for i, raw := range objs {
		ch := s.check(r, i, raw, c.MaxMarking)
		if ch.problem != "" {
			st.Failures = append(st.Failures, accord.StatusDetail{ID: ch.ref.ID, Version: ch.version, Message: ch.problem})
			continue
		}
		good = append(good, ch)
	}
	s.store(r, c.ID, good, st)
	st.SuccessCount, st.FailureCount = len(st.Successes), len(st.Failures)
	if err := s.cfg.Access.PutStatus(r.Context(), st); err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, statusResource(st))
	return nil
}

// readBody reads a POST body of at most MaxContentLength bytes: 413 above.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	max := s.cfg.MaxContentLength
	if r.ContentLength > max {
		return nil, statusError(http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is %d bytes; max_content_length is %d", r.ContentLength, max))
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, statusError(http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is over max_content_length (%d bytes)", max))
	}
	if err != nil {
		return nil, accord.Errorf(accord.EINVALID, "reading the body: %v", err)
	}
	return body, nil
}

// DecodeEnvelope returns the objects of a TAXII envelope: a JSON object
// whose "objects" member is a list. The objects are returned undecoded.
// Errors are EINVALID and say where (line and column, or the member).
func DecodeEnvelope(body []byte) ([]json.RawMessage, error) {
	var env struct {
		Objects *[]json.RawMessage `json:"objects"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(&env); err != nil {
		return nil, jsonError(body, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		line, col := stix.Position(body, int(dec.InputOffset()))
		return nil, accord.Errorf(accord.EINVALID, "envelope: line %d, column %d: data after the envelope", line, col)
	}
	if env.Objects == nil {
		return nil, accord.Errorf(accord.EINVALID, "envelope: no \"objects\" list")
	}
	if len(*env.Objects) == 0 {
		return nil, accord.Errorf(accord.EINVALID, "envelope: \"objects\" is empty")
	}
	return *env.Objects, nil
}

// jsonError says where in body the decoding error err is.
func jsonError(body []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := stix.Position(body, max(0, int(syn.Offset)-1))
		return accord.Errorf(accord.EINVALID, "envelope: line %d, column %d: %v", line, col, syn)
	case errors.As(err, &typ) && typ.Field == "":
		return accord.Errorf(accord.EINVALID, "envelope: must be a JSON object, not a JSON %s", typ.Value)
	case errors.As(err, &typ):
		return accord.Errorf(accord.EINVALID, "envelope: /%s must be a list of objects, not a JSON %s", typ.Field, typ.Value)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return accord.Errorf(accord.EINVALID, "envelope: the body ends before the envelope does")
	}
	return accord.Errorf(accord.EINVALID, "envelope: %v", err)
}

// checked is one posted object after its checks: problem is "" when it
// may be stored.
type checked struct {
	raw     json.RawMessage
	ref     accord.VersionRef
	version string // for the status: modified as written, else created
	problem string
}

// check validates the index-th posted object as ingest does (STIX 2.1
// rules and patterns) and against the collection's maximum marking.
func (s *Server) check(r *http.Request, index int, raw json.RawMessage, maxMarking string) checked {
	ch := checked{raw: raw, ref: accord.VersionRef{ID: fmt.Sprintf("objects[%d]", index)}}
	v, err := stix.Parse(raw)
	switch {
	case err != nil:
		ch.problem = fmt.Sprintf("objects[%d]: %v", index, err)
		return ch
	case v.Kind != stix.Object:
		ch.problem = fmt.Sprintf("objects[%d] is a JSON %s, not an object", index, v.Kind)
		return ch
	}
	if id := v.GetString("id"); id != "" {
		ch.ref.ID = id
	}
	ch.version = v.GetString("modified")
	if ch.version == "" {
		ch.version = v.GetString("created")
	}
	ch.ref.Modified = normTime(v.GetString("modified"))
	if sv := v.GetString("spec_version"); sv != "2.1" {
		ch.problem = fmt.Sprintf("objects[%d]: spec_version is %q; this collection takes STIX 2.1", index, sv)
		return ch
	}
	_, problems, err := ingest.Check(r.Context(), ingest.Source{Name: fmt.Sprintf("objects[%d]", index), Data: raw}, ingest.Options{Format: ingest.FormatSTIX})
	switch {
	case err != nil:
		ch.problem = fmt.Sprintf("objects[%d]: %v", index, err)
	case len(problems) > 0:
		ch.problem = problemsText(index, problems)
	default:
		if err := s.cfg.Policy.MaxMarking(maxMarking, access.ObjectMarkingRefs(v)); err != nil {
			ch.problem = fmt.Sprintf("objects[%d]: %v", index, err)
		}
	}
	return ch
}

// problemsText joins validation problems with their JSON paths.
func problemsText(index int, problems stix.Problems) string {
	var b bytes.Buffer
	for i, p := range problems {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "objects[%d]%s: %s", index, p.Path, p.Message)
	}
	return b.String()
}

// normTime renders a timestamp as the store keeps it; "" stays "".
func normTime(s string) string {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return accord.FormatTime(t)
	}
	return s
}
