package acts

import (
	"strings"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	t.Parallel()
	const ok = `{"type":"x-accord-attribution-act","id":"x-accord-attribution-act--7f57d351-5398-4460-a1c7-c31aba246936","act_type":"vendor-attribution","issuer_ref":"identity--fccdf2f5-5440-42bf-bb07-a7c7a71657ea","act_date":"2021-03-02T00:00:00.000Z","accused_refs":["intrusion-set--0c9f20d5-3a98-4c49-8cf4-3b7a6a4d6df6"],"confidence_phrase":"with high confidence","confidence":85}`
	eighty5 := 85
	tests := []struct {
		name, raw string
		want      *Act
		err       string
	}{
		{"valid", ok, &Act{
			ID: "x-accord-attribution-act--7f57d351-5398-4460-a1c7-c31aba246936", ActType: "vendor-attribution",
			IssuerRef: "identity--fccdf2f5-5440-42bf-bb07-a7c7a71657ea", ActDate: "2021-03-02T00:00:00.000Z",
			AccusedRefs: []string{"intrusion-set--0c9f20d5-3a98-4c49-8cf4-3b7a6a4d6df6"}, ConfidencePhrase: "with high confidence", Confidence: &eighty5,
		}, ""},
		{"wrong type", `{"type":"report","id":"report--1","act_type":"denial","issuer_ref":"identity--1","act_date":"2021-07-20T00:00:00Z"}`, nil, `report--1: /type: is "report", want x-accord-attribution-act`},
		{"unknown act type", `{"type":"x-accord-attribution-act","id":"x--1","act_type":"rumour","issuer_ref":"identity--1","act_date":"2021-07-20T00:00:00Z"}`, nil, `x--1: /act_type: "rumour" is not one of`},
		{"no issuer", `{"type":"x-accord-attribution-act","id":"x--1","act_type":"denial","act_date":"2021-07-20T00:00:00Z"}`, nil, "x--1: /issuer_ref: required property is missing"},
		{"no date", `{"type":"x-accord-attribution-act","id":"x--1","act_type":"denial","issuer_ref":"identity--1"}`, nil, "x--1: /act_date: required timestamp is missing"},
		{"broken JSON", `{"type":`, nil, "attribution act: unexpected end of JSON input"},
		{"refs not a list", `{"type":"x-accord-attribution-act","accused_refs":"identity--1"}`, nil, "attribution act: json: cannot unmarshal string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.raw))
			if tt.err != "" {
				if err == nil || accord.ErrorCode(err) != accord.EINVALID || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want EINVALID containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTypeOf(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"intrusion-set--0c9f20d5-3a98-4c49-8cf4-3b7a6a4d6df6": "intrusion-set",
		"x-accord-attribution-act--1":                         "x-accord-attribution-act",
		"unknown":                                             "",
		"":                                                    "",
	} {
		if got := typeOf(in); got != want {
			t.Errorf("typeOf(%q) = %q, want %q", in, got, want)
		}
	}
}
