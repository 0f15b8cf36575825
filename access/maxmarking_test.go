package access

import (
	"strings"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/stix"
)

func TestMaxMarking(t *testing.T) {
	t.Parallel()
	tests := []struct {
		max     string
		refs    []string
		wantErr string // a substring of the error; "" for none
	}{
		{"", []string{stix.TLPRed, unknownMarking}, ""},
		{"amber", nil, ""},
		{"amber", []string{stix.TLPClear, stix.TLPGreen, stix.TLPAmber}, ""},
		{"TLP:AMBER", []string{stix.TLP1Amber}, ""},
		{"amber", []string{stix.TLPGreen, stix.TLPAmberStrict}, "marking ref 1: TLP:AMBER+STRICT (" + stix.TLPAmberStrict + ") is above the collection's maximum TLP:AMBER"},
		{"amber", []string{stix.TLP1Red}, "TLP:RED (" + stix.TLP1Red + ")"},
		{"white", []string{stix.TLPGreen}, "is above the collection's maximum TLP:CLEAR"},
		{"clear", []string{stix.TLP1White}, ""},
		{stix.TLPGreen, []string{stix.TLPGreen}, ""},
		{stix.TLPGreen, []string{stix.TLPAmber}, "maximum TLP:GREEN"},
		{"amber+strict", []string{stix.TLPAmberStrict}, ""},
		{"red", []string{stix.TLPRed, stix.TLPClear}, ""},
		{"red", []string{unknownMarking}, `marking ref 0: "` + unknownMarking + `" is not a TLP marking`},
		{"red", []string{statementMarking}, "is not a TLP marking or known statement"},
		{"purple", nil, `collection maximum marking "purple"`},
	}
	for _, tt := range tests {
		err := MaxMarking(tt.max, tt.refs)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("MaxMarking(%q, %q) = %v, want nil", tt.max, tt.refs, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) || accord.ErrorCode(err) != accord.EINVALID {
			t.Errorf("MaxMarking(%q, %q) = %v, want EINVALID containing %q", tt.max, tt.refs, err, tt.wantErr)
		}
	}
	if err := NewPolicy(statementMarking).MaxMarking("green", []string{statementMarking, stix.TLPGreen}); err != nil {
		t.Errorf("a known statement is refused: %v", err)
	}
}

func TestParseLevel(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]Level{
		"clear": LevelClear, "WHITE": LevelClear, "tlp:green": LevelGreen, " Amber ": LevelAmber,
		"TLP:AMBER+STRICT": LevelAmberStrict, "red": LevelRed, stix.TLP1Red: LevelRed, stix.TLPClear: LevelClear,
	} {
		if got, ok := ParseLevel(s); !ok || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "amber strict", "TLP:", unknownMarking} {
		if got, ok := ParseLevel(s); ok {
			t.Errorf("ParseLevel(%q) = %v, want not ok", s, got)
		}
	}
	if MarkingLevel(stix.TLP1Amber) != LevelAmber || MarkingLevel(unknownMarking) != LevelNone || LevelNone.String() != "" || Level(99).String() != "" {
		t.Error("MarkingLevel or String is wrong")
	}
}

func TestMaxMarkingObject(t *testing.T) {
	t.Parallel()
	obj := func(tail string) *stix.Value {
		return parse(t, `{"type":"malware","id":"`+idVisible+`",`+common+`,"is_family":false`+tail+`}`)
	}
	tests := []struct {
		max, tail, wantErr string
	}{
		{"amber", ``, ""},
		{"", `,"object_marking_refs":["` + stix.TLPRed + `"]`, ""},
		{"amber", `,"object_marking_refs":["` + stix.TLPGreen + `"],"granular_markings":[{"lang":"fr","selectors":["name"]},{"marking_ref":"` + stix.TLPAmber + `","selectors":["name"]}]`, ""},
		{"amber", `,"object_marking_refs":["` + stix.TLPGreen + `","` + stix.TLPRed + `"]`, idVisible + ": /object_marking_refs/1: TLP:RED"},
		{"green", `,"granular_markings":[{"lang":"fr","selectors":["name"]},{"marking_ref":"` + stix.TLPAmber + `","selectors":["name"]}]`, idVisible + ": /granular_markings/1/marking_ref: TLP:AMBER"},
		{"red", `,"object_marking_refs":[3]`, "/object_marking_refs/0: is not a marking definition id"},
		{"red", `,"granular_markings":[{"marking_ref":"` + unknownMarking + `","selectors":["name"]}]`, "/granular_markings/0/marking_ref: \"" + unknownMarking + "\" is not a TLP marking"},
		{"mauve", ``, `"mauve" is not a TLP level`},
	}
	for _, tt := range tests {
		err := (*Policy)(nil).MaxMarkingObject(tt.max, obj(tt.tail))
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("%s %s: %v, want nil", tt.max, tt.tail, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) || accord.ErrorCode(err) != accord.EINVALID {
			t.Errorf("%s %s: %v, want EINVALID containing %q", tt.max, tt.tail, err, tt.wantErr)
		}
	}
}
