package taxii

import (
	"bytes"
	"context"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/access"
	"github.com/accord-cti/accord/stix"
)

// plainObjects are stored objects of every kind the fast path must judge:
// unmarked and marked, with and without references, and keys spelt with
// escapes.
var plainObjects = []struct {
	name  string
	raw   string
	plain bool // whether view may skip the parse
}{
	{"Unmarked", `{"type":"indicator","spec_version":"2.1","id":"indicator--1","created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","pattern":"[ipv4-addr:value = '10.0.0.1']","pattern_type":"stix","valid_from":"2021-03-02T00:00:00Z"}`, true},
	{"UnmarkedEscapedValue", `{"type":"note","spec_version":"2.1","id":"note--1","created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","content":"\"quoted\" é"}`, true},
	{"Clear", `{"type":"indicator","spec_version":"2.1","id":"indicator--2","object_marking_refs":["` + stix.TLPClear + `"],"pattern":"[x]"}`, false},
	{"Red", `{"type":"indicator","spec_version":"2.1","id":"indicator--3","object_marking_refs":["` + stix.TLPRed + `"],"pattern":"[x]"}`, false},
	{"Amber", `{"type":"indicator","spec_version":"2.1","id":"indicator--4","object_marking_refs":["` + stix.TLPAmber + `"],"pattern":"[x]"}`, false},
	{"Granular", `{"type":"note","spec_version":"2.1","id":"note--2","content":"secret","granular_markings":[{"marking_ref":"` + stix.TLPRed + `","selectors":["content"]}]}`, false},
	{"CreatedByRef", `{"type":"indicator","spec_version":"2.1","id":"indicator--5","created_by_ref":"identity--hidden","pattern":"[x]"}`, false},
	{"Refs", `{"type":"report","spec_version":"2.1","id":"report--1","name":"r","object_refs":["indicator--hidden","indicator--1"]}`, false},
	{"NestedRef", `{"type":"x-thing","spec_version":"2.1","id":"x-thing--1","inner":{"target_ref":"indicator--hidden"}}`, false},
	{"EscapedMarkingKey", `{"type":"indicator","spec_version":"2.1","id":"indicator--6","object\u005fmarking\u005frefs":["` + stix.TLPRed + `"],"pattern":"[x]"}`, false},
	{"EscapedRefKey", `{"type":"indicator","spec_version":"2.1","id":"indicator--7","created_by_re\u0066":"identity--hidden","pattern":"[x]"}`, false},
	{"EscapedGranularKey", `{"type":"note","spec_version":"2.1","id":"note--3","content":"s","granular\u005fmarkings":[{"marking_ref":"` + stix.TLPRed + `","selectors":["content"]}]}`, false},
}

// plainReaders are readers from anonymous to a member of the publisher.
var plainReaders = map[string]access.Reader{
	"Anonymous": {},
	"Community": {UserID: "user--a", OrgID: "org--other", Authenticated: true, Community: true},
	"Publisher": {UserID: "user--p", OrgID: "org--pub", Authenticated: true, Community: true},
}

// testViewer returns a viewer for reader that needs no store: every
// referenced id is already known hidden and no organisation has a grant.
func testViewer(reader access.Reader) *viewer {
	s := New(Config{})
	hidden := map[string]bool{"identity--hidden": false, "indicator--hidden": false, "indicator--1": true}
	return &viewer{s: s, ctx: context.Background(), reader: reader, readOrgs: []string{}, seen: hidden, grants: []accord.Grant{}}
}

// TestPlainUnderAnyCap checks that view's fast path may ignore a grant's
// maximum marking: a plain object is TLP:CLEAR, which every cap allows,
// so viewParsed under the strictest cap returns what it returns uncapped.
func TestPlainUnderAnyCap(t *testing.T) {
	for _, o := range plainObjects {
		if !o.plain {
			continue
		}
		m := accord.Member{Object: &accord.Object{Raw: []byte(o.raw)}}
		want, wantOK := testViewer(plainReaders["Community"]).viewParsed(m)
		for _, lv := range accord.TLPLevels {
			v := testViewer(plainReaders["Community"])
			v.cap, v.capRead = lv, true
			if got, ok := v.viewParsed(m); ok != wantOK || !bytes.Equal(got, want) || !ok {
				t.Errorf("%s under cap %s: viewParsed = %v %s, want %v %s", o.name, lv, ok, got, wantOK, want)
			}
		}
	}
}

// TestPlainSameAsParsed checks that view, with its fast path, returns what
// viewParsed returns for every object and reader, and that the fast path
// is taken exactly for the plain objects.
func TestPlainSameAsParsed(t *testing.T) {
	for _, o := range plainObjects {
		if got := plain([]byte(o.raw)); got != o.plain {
			t.Errorf("%s: plain = %v, want %v", o.name, got, o.plain)
		}
		for rname, reader := range plainReaders {
			m := accord.Member{Object: &accord.Object{Raw: []byte(o.raw)}, Publisher: accord.Publisher{OrgID: "org--pub", UserID: "user--p"}}
			fast, fastOK := testViewer(reader).view(m)
			slow, slowOK := testViewer(reader).viewParsed(m)
			if fastOK != slowOK || !bytes.Equal(fast, slow) {
				t.Errorf("%s, %s: view = %v %s, viewParsed = %v %s", o.name, rname, fastOK, fast, slowOK, slow)
			}
		}
	}
}

// TestViewParsedRedacts checks that the objects the fast path must not
// take are indeed changed or hidden for some reader, so that
// TestPlainSameAsParsed compares paths that can differ.
func TestViewParsedRedacts(t *testing.T) {
	for _, o := range plainObjects {
		if o.plain || o.name == "Clear" {
			continue
		}
		m := accord.Member{Object: &accord.Object{Raw: []byte(o.raw)}}
		out, ok := testViewer(plainReaders["Anonymous"]).viewParsed(m)
		if ok && bytes.Equal(out, m.Object.Raw) {
			t.Errorf("%s: anonymous reader sees it unchanged: %s", o.name, out)
		}
	}
}

// FuzzPlain checks, on any object, that the fast path gives what the
// parsing path gives, for an anonymous reader and a member of the
// publisher, with every reference hidden.
func FuzzPlain(f *testing.F) {
	for _, o := range plainObjects {
		f.Add([]byte(o.raw))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if v, err := stix.ParseShared(raw); err != nil || v.Kind != stix.Object {
			return // the store holds only valid objects
		}
		for rname, reader := range plainReaders {
			m := accord.Member{Object: &accord.Object{Raw: raw}, Publisher: accord.Publisher{OrgID: "org--pub"}}
			v := testViewer(reader)
			v.seen = map[string]bool{}
			v.s.cfg.Store = hideAll{}
			fast, fastOK := v.view(m)
			slow, slowOK := v.viewParsed(m)
			if fastOK != slowOK || !bytes.Equal(fast, slow) {
				t.Fatalf("%s: view = %v %s, viewParsed = %v %s", rname, fastOK, fast, slowOK, slow)
			}
		}
	})
}

// hideAll is a store whose every read fails, which hides every reference.
type hideAll struct{ accord.Store }

func (hideAll) Get(context.Context, string) (*accord.Object, error) {
	return nil, accord.Errorf(accord.EINTERNAL, "hideAll: no store")
}
