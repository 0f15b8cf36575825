package feed_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/accord-cti/accord/feed"
)

func TestCheck(t *testing.T) {
	for _, tt := range []struct {
		name, raw, id, reason string // reason: a part of it; "" valid
	}{
		{"Valid", identity(1, 1), identityID(1), ""},
		{"NotJSON", `{"type":`, "", "objects[0]"},
		{"NotObject", `[1]`, "", "not an object"},
		{"STIX20", `{"type":"identity","id":"identity--00000000-0000-4000-8000-000000000001","created":"2021-03-02T00:00:00Z","modified":"2021-03-02T00:00:00Z","name":"x"}`,
			identityID(1), "spec_version"},
		{"NoName", strings.Replace(identity(1, 1), `"name":"org 1",`, "", 1), identityID(1), "name"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			id, reason := feed.Check(t.Context(), "objects[0]", json.RawMessage(tt.raw))
			if id != tt.id || (tt.reason == "") != (reason == "") || !strings.Contains(reason, tt.reason) {
				t.Errorf("Check = %q, %q; want id %q and a reason with %q", id, reason, tt.id, tt.reason)
			}
		})
	}
}

func FuzzCheck(f *testing.F) {
	f.Add(identity(1, 1))
	f.Add(`{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000001","created":"2021-03-02T00:00:00Z","modified":"2021-03-02T00:00:00Z","pattern":"[file:name = 'a'","pattern_type":"stix","valid_from":"2021-03-02T00:00:00Z"}`)
	f.Add(`[]`)
	f.Add(`{"type":"x"}`)
	f.Fuzz(func(t *testing.T, raw string) {
		id, reason := feed.Check(t.Context(), "objects[0]", json.RawMessage(raw))
		if reason == "" && !json.Valid([]byte(raw)) {
			t.Errorf("Check accepted invalid JSON %q (id %q)", raw, id)
		}
	})
}
