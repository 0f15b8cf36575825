package stix

import (
	"strings"
	"testing"
)

// attributionAct is an object of accord's attribution-act extension (a new
// SDO, acts/schema.json), as the starter pack records them.
const attributionAct = `{"type":"x-accord-attribution-act","spec_version":"2.1","id":"x-accord-attribution-act--7f57d351-5398-4460-a1c7-c31aba246936","created_by_ref":"identity--fccdf2f5-5440-42bf-bb07-a7c7a71657ea","created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","name":"Microsoft attributes the Exchange Server exploitation to HAFNIUM","act_type":"vendor-attribution","issuer_ref":"identity--fccdf2f5-5440-42bf-bb07-a7c7a71657ea","act_date":"2021-03-02T00:00:00.000Z","accused_refs":["intrusion-set--0c9f20d5-3a98-4c49-8cf4-3b7a6a4d6df6"],"legal_instrument":{"instrument_type":"none"},"confidence_phrase":"with high confidence","confidence":85,"object_marking_refs":["marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"],"extensions":{"extension-definition--0dd9c932-dc1d-4e9f-abe2-e9bb51c8e90c":{"extension_type":"new-sdo"}}}`

// TestValidateNewSDO checks that a custom SDO defined by an
// extension-definition passes with its own properties, and that the
// common rules still apply to it.
func TestValidateNewSDO(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, from, to string
		want           []string // "path: message prefix"
	}{
		{"valid", "", "", nil},
		{"bad property name", `"act_type"`, `"act-type"`, []string{"/act-type: property name must be"}},
		{"extension key", `"extension-definition--0dd9c932-dc1d-4e9f-abe2-e9bb51c8e90c"`, `"accord-act"`, []string{"/extensions/accord-act: key must be the id of an extension-definition"}},
		{"extension type", `"new-sdo"`, `"new-thing"`, []string{"/extensions/extension-definition--0dd9c932-dc1d-4e9f-abe2-e9bb51c8e90c/extension_type: must be one of"}},
		{"confidence range", `"confidence":85`, `"confidence":101`, []string{"/confidence: "}},
		{"modified before created", `"modified":"2021-03-02T00:00:00.000Z"`, `"modified":"2021-03-01T00:00:00.000Z"`, []string{"/modified: must be later than or equal to created"}},
		{"id of another type", `"id":"x-accord-attribution-act--`, `"id":"report--`, []string{"/id: must start with the object's type"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := attributionAct
			if tt.from != "" {
				if !strings.Contains(raw, tt.from) {
					t.Fatalf("the object lacks %s", tt.from)
				}
				raw = strings.Replace(raw, tt.from, tt.to, 1)
			}
			v, err := Parse([]byte(raw))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range Validate(v) {
				got = append(got, p.Path+": "+p.Message)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("problems %q, want %d like %q", got, len(tt.want), tt.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("problem %q, want it to start with %q", got[i], tt.want[i])
				}
			}
		})
	}
}
