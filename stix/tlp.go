package stix

// The fixed ids of the Traffic Light Protocol marking definitions.
//
// TLP 2.0 markings are the STIX 2.1 objects published by OASIS (repository
// oasis-open/cti-stix-common-objects, extension-definition-specifications/
// tlp-2.0) with the extension TLPExtension. TLP 1.0 markings are the four
// defined in section 7.2.1.4 of STIX 2.1, the only TLP marking definitions
// of definition_type "tlp" that may exist.
const (
	// TLPClear is the id of TLP:CLEAR (TLP 2.0).
	TLPClear = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
	// TLPGreen is the id of TLP:GREEN (TLP 2.0).
	TLPGreen = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
	// TLPAmber is the id of TLP:AMBER (TLP 2.0).
	TLPAmber = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"
	// TLPAmberStrict is the id of TLP:AMBER+STRICT (TLP 2.0).
	TLPAmberStrict = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"
	// TLPRed is the id of TLP:RED (TLP 2.0).
	TLPRed = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"

	// TLP1White is the id of TLP:WHITE (TLP 1.0, STIX 2.1 section 7.2.1.4).
	TLP1White = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"
	// TLP1Green is the id of TLP:GREEN (TLP 1.0).
	TLP1Green = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"
	// TLP1Amber is the id of TLP:AMBER (TLP 1.0).
	TLP1Amber = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"
	// TLP1Red is the id of TLP:RED (TLP 1.0).
	TLP1Red = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"

	// TLPExtension is the extension-definition the TLP 2.0 markings use.
	TLPExtension = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
)

// tlpMarking is one published marking definition.
type tlpMarking struct {
	level string // "clear", "amber+strict", "white", ...
	v2    bool   // TLP 2.0
	json  string
	value *Value // parsed once; handed out only as copies
}

var tlpMarkings = []*tlpMarking{
	tlp2("clear", TLPClear, "TLP:CLEAR"),
	tlp2("green", TLPGreen, "TLP:GREEN"),
	tlp2("amber", TLPAmber, "TLP:AMBER"),
	tlp2("amber+strict", TLPAmberStrict, "TLP:AMBER+STRICT"),
	tlp2("red", TLPRed, "TLP:RED"),
	tlp1("white", TLP1White, "TLP:WHITE"),
	tlp1("green", TLP1Green, "TLP:GREEN"),
	tlp1("amber", TLP1Amber, "TLP:AMBER"),
	tlp1("red", TLP1Red, "TLP:RED"),
}

// tlpByID indexes tlpMarkings by id.
var tlpByID = map[string]*tlpMarking{}

func init() {
	for _, m := range tlpMarkings {
		v, err := Parse([]byte(m.json))
		if err != nil {
			panic("stix: bad TLP marking " + m.level + ": " + err.Error())
		}
		m.value = v
		tlpByID[v.GetString("id")] = m
	}
}

func tlp2(level, id, name string) *tlpMarking {
	return &tlpMarking{level: level, v2: true, json: `{"type":"marking-definition","spec_version":"2.1",` +
		`"id":"` + id + `","created":"2022-10-01T00:00:00.000Z","name":"` + name + `",` +
		`"extensions":{"` + TLPExtension + `":{"extension_type":"property-extension","tlp_2_0":"` + level + `"}}}`}
}

func tlp1(level, id, name string) *tlpMarking {
	return &tlpMarking{level: level, json: `{"type":"marking-definition","spec_version":"2.1",` +
		`"id":"` + id + `","created":"2017-01-20T00:00:00.000Z","definition_type":"tlp","name":"` + name + `",` +
		`"definition":{"tlp":"` + level + `"}}`}
}

// TLPMarking returns a copy of the TLP 2.0 marking definition of level
// "clear", "green", "amber", "amber+strict" or "red".
func TLPMarking(level string) (*Value, bool) { return findTLP(level, true) }

// TLP1Marking returns a copy of the TLP 1.0 marking definition of level
// "white", "green", "amber" or "red" (STIX 2.1 section 7.2.1.4).
func TLP1Marking(level string) (*Value, bool) { return findTLP(level, false) }

// TLPMarkingJSON returns the compact JSON of the TLP 2.0 marking definition
// of level, as TLPMarking names it.
func TLPMarkingJSON(level string) ([]byte, bool) {
	for _, m := range tlpMarkings {
		if m.v2 && m.level == level {
			return []byte(m.json), true
		}
	}
	return nil, false
}

// TLPMarkings returns copies of the five TLP 2.0 marking definitions, from
// clear to red.
func TLPMarkings() []*Value { return listTLP(true) }

// TLP1Markings returns copies of the four TLP 1.0 marking definitions, from
// white to red.
func TLP1Markings() []*Value { return listTLP(false) }

// IsTLPMarking reports whether id is the id of a published TLP marking
// definition, 1.0 or 2.0.
func IsTLPMarking(id string) bool { return tlpByID[id] != nil }

func findTLP(level string, v2 bool) (*Value, bool) {
	for _, m := range tlpMarkings {
		if m.v2 == v2 && m.level == level {
			return copyValue(m.value), true
		}
	}
	return nil, false
}

func listTLP(v2 bool) []*Value {
	var out []*Value
	for _, m := range tlpMarkings {
		if m.v2 == v2 {
			out = append(out, copyValue(m.value))
		}
	}
	return out
}

func copyValue(v *Value) *Value {
	c := *v
	if v.Arr != nil {
		c.Arr = make([]*Value, len(v.Arr))
		for i, e := range v.Arr {
			c.Arr[i] = copyValue(e)
		}
	}
	if v.Obj != nil {
		c.Obj = make([]Member, len(v.Obj))
		for i, m := range v.Obj {
			c.Obj[i] = Member{Key: m.Key, Value: copyValue(m.Value)}
		}
	}
	return &c
}

// checkTLP applies the TLP rules to a marking definition: the published
// ids must carry exactly their published content, no other marking
// definition may be of definition_type "tlp" (section 7.2.1.4), and no other
// may use the TLP 2.0 extension.
func (v *validator) checkTLP(obj *Value) {
	m := tlpByID[v.id]
	if m == nil {
		if obj.GetString("definition_type") == "tlp" {
			v.reportAt("id", "must be the id of one of the four TLP marking definitions of the specification when definition_type is tlp")
		}
		if ext := obj.Get("extensions"); ext != nil && ext.Has(TLPExtension) {
			v.reportAt("id", "must be the id of one of the five published TLP 2.0 marking definitions when using the TLP 2.0 extension")
		}
		return
	}
	want := m.value
	for _, wm := range want.Obj {
		got := obj.Get(wm.Key)
		switch {
		case got == nil:
			v.reportAt(wm.Key, "required property is missing (TLP marking definition)")
		case !equalValues(got, wm.Value):
			v.reportAt(wm.Key, "must be "+wm.Value.String()+" in the published TLP marking definition")
		}
	}
	for _, gm := range obj.Obj {
		if !want.Has(gm.Key) {
			v.reportAt(gm.Key, "must not be present: the published TLP marking definition has no such property")
		}
	}
}

// equalValues compares two values as JSON: member order does not matter,
// numbers compare by value.
func equalValues(a, b *Value) bool {
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case Null:
		return true
	case Bool:
		return a.Bool == b.Bool
	case String:
		return a.Str == b.Str
	case Number:
		x, errx := appendES6Number(nil, a.Str)
		y, erry := appendES6Number(nil, b.Str)
		return errx == nil && erry == nil && string(x) == string(y)
	case Array:
		if len(a.Arr) != len(b.Arr) {
			return false
		}
		for i := range a.Arr {
			if !equalValues(a.Arr[i], b.Arr[i]) {
				return false
			}
		}
		return true
	}
	return equalMembers(a.Obj, b.Obj)
}

// equalMembers compares objects member by member; keys are unique, as
// Parse rejects duplicates, so equal lengths and a match for each member of
// a suffice.
func equalMembers(a, b []Member) bool {
	if len(a) != len(b) {
		return false
	}
	for _, ma := range a {
		found := false
		for _, mb := range b {
			if ma.Key == mb.Key {
				found = equalValues(ma.Value, mb.Value)
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
