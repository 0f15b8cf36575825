package stix

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The marking definitions as OASIS publishes them: TLP 2.0 from
// oasis-open/cti-stix-common-objects (objects/marking-definition and
// extension-definition-specifications/tlp-2.0/examples), TLP 1.0 from
// section 7.2.1.4 of STIX 2.1.
var publishedTLP = map[string]string{
	TLPClear: `{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
		"created":"2022-10-01T00:00:00.000Z","name":"TLP:CLEAR","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":
		{"extension_type":"property-extension","tlp_2_0":"clear"}}}`,
	TLPGreen: `{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
		"created":"2022-10-01T00:00:00.000Z","name":"TLP:GREEN","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":
		{"extension_type":"property-extension","tlp_2_0":"green"}}}`,
	TLPAmber: `{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
		"created":"2022-10-01T00:00:00.000Z","name":"TLP:AMBER","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":
		{"extension_type":"property-extension","tlp_2_0":"amber"}}}`,
	TLPAmberStrict: `{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
		"created":"2022-10-01T00:00:00.000Z","name":"TLP:AMBER+STRICT","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":
		{"extension_type":"property-extension","tlp_2_0":"amber+strict"}}}`,
	TLPRed: `{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
		"created":"2022-10-01T00:00:00.000Z","name":"TLP:RED","extensions":{"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d":
		{"extension_type":"property-extension","tlp_2_0":"red"}}}`,
	TLP1White: `{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
		"created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"TLP:WHITE","definition":{"tlp":"white"}}`,
	TLP1Green: `{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
		"created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"TLP:GREEN","definition":{"tlp":"green"}}`,
	TLP1Amber: `{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
		"created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"TLP:AMBER","definition":{"tlp":"amber"}}`,
	TLP1Red: `{"type":"marking-definition","spec_version":"2.1","id":"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
		"created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"TLP:RED","definition":{"tlp":"red"}}`,
}

func canonical(t *testing.T, v *Value) string {
	t.Helper()
	b, err := appendCanonical(nil, v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestTLPMarkings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v2    bool
		level string
		id    string
	}{
		{true, "clear", TLPClear},
		{true, "green", TLPGreen},
		{true, "amber", TLPAmber},
		{true, "amber+strict", TLPAmberStrict},
		{true, "red", TLPRed},
		{false, "white", TLP1White},
		{false, "green", TLP1Green},
		{false, "amber", TLP1Amber},
		{false, "red", TLP1Red},
	}
	for _, tt := range tests {
		find := TLP1Marking
		if tt.v2 {
			find = TLPMarking
		}
		got, ok := find(tt.level)
		if !ok {
			t.Fatalf("no TLP marking %q (2.0: %v)", tt.level, tt.v2)
		}
		if diff := cmp.Diff(canonical(t, mustParse(t, publishedTLP[tt.id])), canonical(t, got)); diff != "" {
			t.Errorf("%s mismatch with the published definition (-want +got):\n%s", tt.level, diff)
		}
		if p := Validate(got); p != nil {
			t.Errorf("Validate(%s) = %v, want no problem", tt.id, Problems(p))
		}
		if !IsTLPMarking(tt.id) {
			t.Errorf("IsTLPMarking(%s) = false", tt.id)
		}
	}
}

func TestTLPMarkingLists(t *testing.T) {
	t.Parallel()
	ids := func(vs []*Value) []string {
		var out []string
		for _, v := range vs {
			out = append(out, v.GetString("id"))
		}
		return out
	}
	if diff := cmp.Diff([]string{TLPClear, TLPGreen, TLPAmber, TLPAmberStrict, TLPRed}, ids(TLPMarkings())); diff != "" {
		t.Errorf("TLPMarkings mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{TLP1White, TLP1Green, TLP1Amber, TLP1Red}, ids(TLP1Markings())); diff != "" {
		t.Errorf("TLP1Markings mismatch (-want +got):\n%s", diff)
	}
	data, ok := TLPMarkingJSON("amber+strict")
	if !ok {
		t.Fatal(`TLPMarkingJSON("amber+strict") not found`)
	}
	if diff := cmp.Diff(canonical(t, mustParse(t, publishedTLP[TLPAmberStrict])), canonical(t, mustParse(t, string(data)))); diff != "" {
		t.Errorf("TLPMarkingJSON mismatch (-want +got):\n%s", diff)
	}
}

func TestTLPMarkingUnknown(t *testing.T) {
	t.Parallel()
	if _, ok := TLPMarking("white"); ok {
		t.Error(`TLPMarking("white") found; white is TLP 1.0`)
	}
	if _, ok := TLP1Marking("clear"); ok {
		t.Error(`TLP1Marking("clear") found; clear is TLP 2.0`)
	}
	if _, ok := TLPMarkingJSON("AMBER"); ok {
		t.Error(`TLPMarkingJSON("AMBER") found; levels are lowercase`)
	}
	if IsTLPMarking("marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd") {
		t.Error("IsTLPMarking of a statement marking = true")
	}
}

// TestTLPMarkingCopies checks that callers get copies: changing one does not
// change what the next caller gets.
func TestTLPMarkingCopies(t *testing.T) {
	t.Parallel()
	a, _ := TLPMarking("red")
	a.Set("name", NewString("changed"))
	a.Get("extensions").Get(TLPExtension).Set("tlp_2_0", NewString("clear"))
	b, _ := TLPMarking("red")
	if diff := cmp.Diff(canonical(t, mustParse(t, publishedTLP[TLPRed])), canonical(t, b)); diff != "" {
		t.Errorf("TLPMarking changed by a caller (-want +got):\n%s", diff)
	}
}
