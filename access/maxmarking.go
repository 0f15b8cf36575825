package access

import (
	"fmt"
	"strings"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/stix"
)

// MaxMarking reports whether an object with the given marking refs may be
// published into a collection whose partner maximum is collectionMax, under
// the TLP rules only (no statement is known). See Policy.MaxMarking.
func MaxMarking(collectionMax string, markingRefs []string) error {
	return (*Policy)(nil).MaxMarking(collectionMax, markingRefs)
}

// MaxMarking reports whether an object with the given marking refs may be
// published into a collection whose partner maximum is collectionMax: a TLP
// level ("amber", "TLP:AMBER+STRICT", "white" for clear, case ignored) or
// the id of a TLP marking definition; "" means no maximum. Every TLP ref
// must be at or below the maximum; statements pass; any other ref is
// refused, as its restriction cannot be ranked against TLP. The error is
// EINVALID and names the offending ref by its index and id; an unknown
// maximum is EINVALID too.
func (p *Policy) MaxMarking(collectionMax string, markingRefs []string) error {
	max, err := parseMax(collectionMax)
	if err != nil || max == LevelNone {
		return err
	}
	for i, ref := range markingRefs {
		if msg := p.aboveMax(max, ref); msg != "" {
			return accord.Errorf(accord.EINVALID, "marking ref %d: %s", i, msg)
		}
	}
	return nil
}

// MaxMarkingObject is MaxMarking over every marking a STIX object carries:
// its object_marking_refs and the marking_ref of its granular markings. The
// error names the object's id and the JSON pointer of the offending ref.
func (p *Policy) MaxMarkingObject(collectionMax string, obj *stix.Value) error {
	max, err := parseMax(collectionMax)
	if err != nil || max == LevelNone {
		return err
	}
	check := func(v *stix.Value, path string) error {
		msg := "is not a marking definition id"
		if v.Kind == stix.String {
			msg = p.aboveMax(max, v.Str)
		}
		if msg == "" {
			return nil
		}
		return accord.Errorf(accord.EINVALID, "%s: %s: %s", obj.GetString("id"), path, msg)
	}
	for i, ref := range obj.Get("object_marking_refs").Elems() {
		if err := check(ref, fmt.Sprintf("/object_marking_refs/%d", i)); err != nil {
			return err
		}
	}
	for i, gm := range obj.Get("granular_markings").Elems() {
		if ref := gm.Get("marking_ref"); ref != nil {
			if err := check(ref, fmt.Sprintf("/granular_markings/%d/marking_ref", i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// parseMax reads a collection maximum; "" is LevelNone, no maximum.
func parseMax(collectionMax string) (Level, error) {
	if collectionMax == "" {
		return LevelNone, nil
	}
	max, ok := ParseLevel(collectionMax)
	if !ok {
		return LevelNone, accord.Errorf(accord.EINVALID, "access: collection maximum marking %q is not a TLP level or TLP marking id", collectionMax)
	}
	return max, nil
}

// aboveMax returns why ref may not be published under max, or "".
func (p *Policy) aboveMax(max Level, ref string) string {
	lv, ok := tlpLevels[ref]
	switch {
	case ok && lv > max:
		return fmt.Sprintf("%s (%s) is above the collection's maximum %s", lv, ref, max)
	case !ok && !p.isStatement(ref):
		return fmt.Sprintf("%q is not a TLP marking or known statement and cannot be ranked against the collection's maximum %s", ref, max)
	}
	return ""
}

// ParseLevel returns the TLP level named by s: a level name with or without
// the "TLP:" prefix, case ignored ("white" is "clear"), or the id of a TLP
// 1.0 or 2.0 marking definition. Its String is the TLP 2.0 name,
// e.g. "TLP:AMBER+STRICT"; ok is false when s names no level.
func ParseLevel(s string) (lv Level, ok bool) {
	if lv, ok := tlpLevels[s]; ok {
		return lv, true
	}
	name := strings.ToUpper(strings.TrimSpace(s))
	if !strings.HasPrefix(name, "TLP:") {
		name = "TLP:" + name
	}
	if name == "TLP:WHITE" {
		return LevelClear, true
	}
	for i := LevelClear; i <= LevelRed; i++ {
		if levelNames[i] == name {
			return i, true
		}
	}
	return LevelNone, false
}
