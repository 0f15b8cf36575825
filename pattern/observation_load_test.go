package pattern

import (
	"strings"
	"testing"
	"time"

	"github.com/accord-cti/accord"
	"github.com/google/go-cmp/cmp"
)

const (
	od21 = `{"type":"observed-data","spec_version":"2.1","id":"observed-data--a","first_observed":"2021-03-02T10:00:00Z","last_observed":"2021-03-02T10:05:00.5Z","number_observed":2,"object_refs":["network-traffic--n"]}`
	nt21 = `{"type":"network-traffic","spec_version":"2.1","id":"network-traffic--n","dst_ref":"ipv4-addr--d","protocols":["tcp"]}`
	ip21 = `{"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--d","value":"203.0.113.1"}`
	od20 = `{"type":"observed-data","id":"observed-data--b","first_observed":"2017-01-01T00:00:00Z","last_observed":"2017-01-01T00:00:00Z","number_observed":1,"objects":{"0":{"type":"ipv4-addr","value":"198.51.100.1"},"1":{"type":"network-traffic","src_ref":"0"}}}`
)

// summary is what a test checks of an Observed.
type summary struct {
	ID          string
	First, Last time.Time
	Count       int
	Types       []string
}

func summarize(obs []*Observed) []summary {
	var out []summary
	for _, o := range obs {
		s := summary{ID: o.ID, First: o.First, Last: o.Last, Count: o.Count}
		for _, v := range o.Objects {
			s.Types = append(s.Types, v.GetString("type"))
		}
		out = append(out, s)
	}
	return out
}

func TestLoadObserved(t *testing.T) {
	t.Parallel()
	first := time.Date(2021, 3, 2, 10, 0, 0, 0, time.UTC)
	a := summary{ID: "observed-data--a", First: first, Last: first.Add(5*time.Minute + 500*time.Millisecond), Count: 2,
		Types: []string{"network-traffic", "ipv4-addr"}}
	b := summary{ID: "observed-data--b", First: time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC), Last: time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC),
		Count: 1, Types: []string{"ipv4-addr", "network-traffic"}}
	bundle := `{"type":"bundle","id":"bundle--1","objects":[` + od21 + "," + nt21 + "," + ip21 + `]}`
	tests := []struct {
		name string
		data string
		want []summary
	}{
		{"bundle 2.1", bundle, []summary{a}},
		{"bundle 2.0", `{"type":"bundle","id":"bundle--2","spec_version":"2.0","objects":[` + od20 + `]}`, []summary{b}},
		{"array of bundles", "[" + bundle + `,{"type":"bundle","id":"bundle--2","objects":[` + od20 + "]}]", []summary{a, b}},
		{"array of objects", "[" + ip21 + "," + od21 + "," + nt21 + "," + od20 + "]", []summary{a, b}},
		{"JSON lines", od21 + "\n" + nt21 + "\n" + ip21 + "\n", []summary{a}},
		{"one object", od20, []summary{b}},
		{"no observed-data", "[" + ip21 + "]", nil},
		// References to objects outside the unit are skipped.
		{"missing reference", "[" + od21 + "]", []summary{{ID: a.ID, First: a.First, Last: a.Last, Count: 2}}},
	}
	for _, tt := range tests {
		obs, err := LoadObserved([]byte(tt.data))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(tt.want, summarize(obs)); diff != "" {
			t.Errorf("%s: (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestLoadObservedErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		data, want string
	}{
		{`{"type":"observed-data","id":"observed-data--x","last_observed":"2021-03-02T10:00:00Z","number_observed":1}`,
			"line 1: observed-data--x: /first_observed: missing"},
		{"\n" + strings.Replace(od21, `"2021-03-02T10:00:00Z"`, `"2021-03-02 10:00:00"`, 1),
			`line 2: observed-data--a: /first_observed: "2021-03-02 10:00:00" is not a STIX timestamp`},
		{strings.Replace(od21, `"number_observed":2`, `"number_observed":0`, 1),
			"observed-data--a: /number_observed: 0 is not a positive integer"},
		{strings.Replace(od21, `"number_observed":2`, `"number_observed":"2"`, 1),
			"observed-data--a: /number_observed: missing or not a number"},
		{strings.Replace(od21, `10:05:00.5Z`, `09:00:00Z`, 1), "observed-data--a: /last_observed: before first_observed"},
		{`[{"type":"bundle",`, "observed data: line 1"},
		{``, "observed data: line 1"},
	}
	for _, tt := range tests {
		_, err := LoadObserved([]byte(tt.data))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("LoadObserved(%.40q) = %v, want an error containing %q", tt.data, err, tt.want)
			continue
		}
		if code := accord.ErrorCode(err); code != accord.EINVALID {
			t.Errorf("LoadObserved(%.40q): code %q, want %q", tt.data, code, accord.EINVALID)
		}
	}
}

// A reference loop among the objects ends.
func TestLoadObservedReferenceLoop(t *testing.T) {
	t.Parallel()
	data := `[{"type":"observed-data","id":"observed-data--l","first_observed":"2021-03-02T10:00:00Z","last_observed":"2021-03-02T10:00:00Z","number_observed":1,"object_refs":["x-node--a"]},
{"type":"x-node","id":"x-node--a","name":"a","next_ref":"x-node--b"},
{"type":"x-node","id":"x-node--b","name":"b","next_ref":"x-node--a","all_refs":["x-node--a","x-node--b"]}]`
	obs, err := LoadObserved([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(obs[0].Objects); n != 2 {
		t.Fatalf("%d objects, want 2", n)
	}
	expectMatch(t, obs, true, "[x-node:next_ref.next_ref.next_ref.name = 'b']", "[x-node:all_refs[*].next_ref.name = 'a']")
	if ev := obs[0].Event(); len(ev.Props) > 1000 {
		t.Errorf("the flattened event has %d properties", len(ev.Props))
	}
}
