package access

import (
	"strings"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/stix"
	"github.com/google/go-cmp/cmp"
)

// Ids of the redaction fixtures; those containing "0000-4000-8000-00000000dead"
// are hidden from the reader.
const (
	idVisible  = "malware--6b0a8c6b-4c3f-4d8e-9f1a-2b3c4d5e6f70"
	idVisible2 = "intrusion-set--7c1b9d7c-5d40-4e9f-8a2b-3c4d5e6f7081"
	idHidden   = "malware--00000000-0000-4000-8000-00000000dead"
	idHidden2  = "identity--00000001-0000-4000-8000-00000000dead"
)

func lookup(id string) bool { return !strings.Contains(id, "00000000dead") }

const common = `"spec_version":"2.1","created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z"`

func parse(t testing.TB, s string) *stix.Value {
	t.Helper()
	v, err := stix.Parse([]byte(s))
	if err != nil {
		t.Fatalf("parse %s: %v", s, err)
	}
	return v
}

// mustValid fails when a fixture is not valid STIX, so that a withheld
// result comes from the redaction and not from a broken fixture.
func mustValid(t *testing.T, v *stix.Value) {
	t.Helper()
	if ps := stix.Validate(v); len(ps) > 0 {
		t.Fatalf("fixture is invalid: %v", stix.Problems(ps))
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	partner, outsider := readers["partner"], readers["community"]
	tests := []struct {
		name string
		r    Reader
		in   string
		want string // "" when withheld
	}{{
		name: "relationship to a visible object is unchanged",
		r:    partner,
		in:   `{"type":"relationship","id":"relationship--1d2e3f40-5162-4738-8495-a6b7c8d9e0f1",` + common + `,"relationship_type":"uses","source_ref":"` + idVisible2 + `","target_ref":"` + idVisible + `"}`,
		want: `{"type":"relationship","id":"relationship--1d2e3f40-5162-4738-8495-a6b7c8d9e0f1",` + common + `,"relationship_type":"uses","source_ref":"` + idVisible2 + `","target_ref":"` + idVisible + `"}`,
	}, {
		name: "relationship to a hidden object is withheld",
		r:    partner,
		in:   `{"type":"relationship","id":"relationship--1d2e3f40-5162-4738-8495-a6b7c8d9e0f1",` + common + `,"relationship_type":"uses","source_ref":"` + idVisible2 + `","target_ref":"` + idHidden + `"}`,
	}, {
		name: "report loses the hidden ids and the hidden creator",
		r:    partner,
		in:   `{"type":"report","id":"report--2e3f4051-6273-4849-95a6-b7c8d9e0f102",` + common + `,"created_by_ref":"` + idHidden2 + `","name":"r","published":"2021-03-02T00:00:00Z","object_refs":["` + idHidden + `","` + idVisible + `","` + idVisible2 + `"]}`,
		want: `{"type":"report","id":"report--2e3f4051-6273-4849-95a6-b7c8d9e0f102",` + common + `,"name":"r","published":"2021-03-02T00:00:00Z","object_refs":["` + idVisible + `","` + idVisible2 + `"]}`,
	}, {
		name: "report whose object_refs are all hidden is withheld",
		r:    partner,
		in:   `{"type":"report","id":"report--2e3f4051-6273-4849-95a6-b7c8d9e0f102",` + common + `,"name":"r","published":"2021-03-02T00:00:00Z","object_refs":["` + idHidden + `","` + idHidden2 + `"]}`,
	}, {
		name: "sighting loses a hidden where_sighted_ref; the emptied list goes",
		r:    partner,
		in:   `{"type":"sighting","id":"sighting--3f405162-7384-4950-a6b7-c8d9e0f10213",` + common + `,"sighting_of_ref":"` + idVisible + `","where_sighted_refs":["` + idHidden2 + `"]}`,
		want: `{"type":"sighting","id":"sighting--3f405162-7384-4950-a6b7-c8d9e0f10213",` + common + `,"sighting_of_ref":"` + idVisible + `"}`,
	}, {
		name: "nested refs in a custom property",
		r:    partner,
		in:   `{"type":"malware","id":"` + idVisible + `",` + common + `,"is_family":false,"x_links":[{"other_ref":"` + idHidden + `","note":"a"},{"other_ref":"` + idVisible2 + `"}]}`,
		want: `{"type":"malware","id":"` + idVisible + `",` + common + `,"is_family":false,"x_links":[{"note":"a"},{"other_ref":"` + idVisible2 + `"}]}`,
	}, {
		name: "object-level marking hides the whole object",
		r:    outsider,
		in:   `{"type":"malware","id":"` + idVisible + `",` + common + `,"is_family":false,"object_marking_refs":["` + stix.TLPAmber + `"]}`,
	}, {
		name: "marking refs are never removed, even when lookup rejects them",
		r:    partner,
		in:   `{"type":"malware","id":"` + idVisible + `",` + common + `,"is_family":false,"object_marking_refs":["` + stix.TLPAmber + `"],"granular_markings":[{"marking_ref":"` + stix.TLPGreen + `","selectors":["is_family"]}]}`,
		want: `{"type":"malware","id":"` + idVisible + `",` + common + `,"is_family":false,"object_marking_refs":["` + stix.TLPAmber + `"],"granular_markings":[{"marking_ref":"` + stix.TLPGreen + `","selectors":["is_family"]}]}`,
	}, {
		name: "granular RED description removed for a non-recipient",
		r:    partner,
		in:   `{"type":"malware","id":"` + idVisible + `",` + common + `,"is_family":false,"description":"secret","granular_markings":[{"marking_ref":"` + stix.TLPRed + `","selectors":["description"]}]}`,
		want: `{"type":"malware","id":"` + idVisible + `",` + common + `,"is_family":false}`,
	}, {
		name: "granular RED description kept for the recipient",
		r:    readers["red-recipient"],
		in:   `{"type":"malware","id":"` + idVisible + `",` + common + `,"is_family":false,"description":"secret","granular_markings":[{"marking_ref":"` + stix.TLPRed + `","selectors":["description"]}]}`,
		want: `{"type":"malware","id":"` + idVisible + `",` + common + `,"is_family":false,"description":"secret","granular_markings":[{"marking_ref":"` + stix.TLPRed + `","selectors":["description"]}]}`,
	}, {
		name: "nested selector and list item; later selectors shift down",
		r:    outsider,
		in: `{"type":"malware","id":"` + idVisible + `",` + common + `,"is_family":false,"aliases":["a","b","c"],` +
			`"external_references":[{"source_name":"x","description":"hidden","url":"https://example.org/"}],"granular_markings":[` +
			`{"marking_ref":"` + stix.TLPAmber + `","selectors":["aliases.[0]","external_references.[0].description"]},` +
			`{"marking_ref":"` + stix.TLPGreen + `","selectors":["aliases.[2]","external_references.[0].source_name"]},` +
			`{"lang":"fr","selectors":["aliases.[0]"]}]}`,
		want: `{"type":"malware","id":"` + idVisible + `",` + common + `,"is_family":false,"aliases":["b","c"],` +
			`"external_references":[{"source_name":"x","url":"https://example.org/"}],"granular_markings":[` +
			`{"marking_ref":"` + stix.TLPGreen + `","selectors":["aliases.[1]","external_references.[0].source_name"]}]}`,
	}, {
		name: "a list whose every item is hidden goes",
		r:    outsider,
		in:   `{"type":"malware","id":"` + idVisible + `",` + common + `,"is_family":false,"aliases":["a"],"granular_markings":[{"marking_ref":"` + stix.TLPAmber + `","selectors":["aliases.[0]"]}]}`,
		want: `{"type":"malware","id":"` + idVisible + `",` + common + `,"is_family":false}`,
	}, {
		name: "hiding a required property withholds the object",
		r:    outsider,
		in:   `{"type":"report","id":"report--2e3f4051-6273-4849-95a6-b7c8d9e0f102",` + common + `,"name":"r","published":"2021-03-02T00:00:00Z","object_refs":["` + idVisible + `"],"granular_markings":[{"marking_ref":"` + stix.TLPAmber + `","selectors":["name"]}]}`,
	}, {
		name: "hiding what an external reference needs withholds the object",
		r:    outsider,
		in:   `{"type":"malware","id":"` + idVisible + `",` + common + `,"is_family":false,"external_references":[{"source_name":"x","description":"d"}],"granular_markings":[{"marking_ref":"` + stix.TLPAmber + `","selectors":["external_references.[0].description"]}]}`,
	}, {
		name: "hiding the marking refs withholds the object",
		r:    outsider,
		in:   `{"type":"malware","id":"` + idVisible + `",` + common + `,"is_family":false,"object_marking_refs":["` + stix.TLPClear + `"],"granular_markings":[{"marking_ref":"` + stix.TLPAmber + `","selectors":["object_marking_refs"]}]}`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := parse(t, tt.in)
			mustValid(t, in)
			out, ok := Redact(tt.r, in, sharing, lookup)
			if !ok {
				if tt.want != "" {
					t.Fatalf("withheld, want %s", tt.want)
				}
				return
			}
			if tt.want == "" {
				t.Fatalf("got %s, want it withheld", out)
			}
			if diff := cmp.Diff(tt.want, out.String()); diff != "" {
				t.Errorf("redacted object (-want +got):\n%s", diff)
			}
			if in.String() != parse(t, tt.in).String() {
				t.Errorf("Redact modified its input: %s", in)
			}
		})
	}
}

func TestRedactWithholdsMalformedMarkings(t *testing.T) {
	t.Parallel()
	base := `{"type":"malware","id":"` + idVisible + `",` + common + `,"is_family":false,`
	for _, tail := range []string{
		`"granular_markings":{"marking_ref":"x"}}`,
		`"granular_markings":["x"]}`,
		`"granular_markings":[{"marking_ref":"` + stix.TLPRed + `","selectors":"is_family"}]}`,
		`"granular_markings":[{"marking_ref":"` + stix.TLPRed + `","selectors":[1]}]}`,
		`"granular_markings":[{"marking_ref":"` + stix.TLPRed + `","selectors":["is_family..x"]}]}`,
		`"granular_markings":[{"marking_ref":"` + stix.TLPRed + `","selectors":["[0]"]}]}`,
		`"object_marking_refs":"` + stix.TLPClear + `"}`,
		`"object_marking_refs":[7]}`,
	} {
		if out, ok := Redact(readers["community"], parse(t, base+tail), sharing, lookup); ok {
			t.Errorf("%s: got %s, want it withheld", tail, out)
		}
	}
}

func TestRedactNilLookupHidesReferences(t *testing.T) {
	t.Parallel()
	in := parse(t, `{"type":"relationship","id":"relationship--1d2e3f40-5162-4738-8495-a6b7c8d9e0f1",`+common+`,"relationship_type":"uses","source_ref":"`+idVisible2+`","target_ref":"`+idVisible+`"}`)
	if out, ok := Redact(readers["publisher"], in, sharing, nil); ok {
		t.Errorf("got %s, want it withheld", out)
	}
}

func TestRedactJSON(t *testing.T) {
	t.Parallel()
	in := `{"type":"report","id":"report--2e3f4051-6273-4849-95a6-b7c8d9e0f102",` + common + `,"name":"r","published":"2021-03-02T00:00:00Z","object_refs":["` + idHidden + `","` + idVisible + `"]}`
	out, ok, err := RedactJSON(readers["partner"], []byte(in), sharing, lookup)
	if err != nil || !ok {
		t.Fatalf("RedactJSON = %v, %v", ok, err)
	}
	if strings.Contains(string(out), idHidden) {
		t.Errorf("hidden id in %s", out)
	}
	_, ok, err = RedactJSON(readers["anonymous"], []byte(`{"type":"x","object_marking_refs":["`+stix.TLPRed+`"]}`), sharing, lookup)
	if ok || err != nil {
		t.Errorf("RED to anonymous: ok %v, err %v; want withheld, no error", ok, err)
	}
	for _, bad := range []string{`{"a":`, `[1]`, ``} {
		_, _, err := RedactJSON(readers["partner"], []byte(bad), sharing, lookup)
		if accord.ErrorCode(err) != accord.EINVALID || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("RedactJSON(%q) error = %v, want EINVALID naming the line", bad, err)
		}
	}
}
