package taxii_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/taxii"
)

// FuzzDecodeEnvelope checks that the POST body decoder never panics, and
// that it either returns objects that are each one JSON value, or an
// EINVALID error.
func FuzzDecodeEnvelope(f *testing.F) {
	f.Add([]byte(`{"objects":[` + identity(1, 0, "") + `]}`))
	f.Add([]byte(`{"objects":[{}],"more":false}`))
	f.Add([]byte(`{"objects":{}}`))
	f.Add([]byte("{\"objects\":[\n{\"type\": }]}"))
	f.Fuzz(func(t *testing.T, body []byte) {
		objs, err := taxii.DecodeEnvelope(body)
		if err != nil {
			if accord.ErrorCode(err) != accord.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if len(objs) == 0 {
			t.Fatal("no error and no objects")
		}
		for i, o := range objs {
			if !json.Valid(o) {
				t.Fatalf("object %d is not JSON: %q", i, o)
			}
		}
	})
}

// FuzzPost posts fuzzed bodies to a real server: each answer is a status
// resource (202) or an error resource (400, 413), never a 500.
func FuzzPost(f *testing.F) {
	f.Add([]byte(`{"objects":[` + identity(1, 0, "") + `,{"type":"identity"}]}`))
	f.Add([]byte(`{"objects":[1,"x",null,[]]}`))
	f.Add([]byte(`{"objects":[{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000052","created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","pattern":"[file:name = 'a']","pattern_type":"stix","valid_from":"2021-03-02T00:00:00Z"}]}`))
	fx := newFixture(f, taxii.Config{})
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, objectsPath(fx.coll.ID), bytes.NewReader(body))
		req.Header.Set("Accept", taxii.MediaType)
		req.Header.Set("Content-Type", taxii.MediaType)
		req.SetBasicAuth("alice", fx.secrets["alice"])
		rec := httptest.NewRecorder()
		fx.server.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusAccepted:
			var st accord.Status
			if err := json.Unmarshal(rec.Body.Bytes(), &st); err != nil || st.TotalCount != st.SuccessCount+st.FailureCount {
				t.Fatalf("status resource %s: %v", rec.Body, err)
			}
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge:
			var e taxii.ErrorResource
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Title == "" {
				t.Fatalf("error resource %s: %v", rec.Body, err)
			}
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	})
}
