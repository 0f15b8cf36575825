package stix

import (
	"strconv"
	"strings"
)

// applyMetaRule runs the checks of the meta objects and of the common
// embedded types (external references, granular markings).
func (v *validator) applyMetaRule(spec *objSpec, obj *Value) {
	switch spec.rule {
	case ruleExternalReference:
		v.checkExternalReference(obj)
	case ruleGranularMarking:
		v.checkGranularMarking(obj)
	case ruleMarkingDefinition:
		v.checkMarkingDefinition(obj)
	case ruleLanguageContent:
		v.checkLanguageContent(obj)
	case ruleExtensionDefinition:
		v.checkExtensionDefinition(obj)
	}
}

// checkGranularMarking applies section 7.2.3: exactly one of marking_ref and
// lang, and selectors that resolve to content present in the object.
func (v *validator) checkGranularMarking(gm *Value) {
	ref, lang := gm.Has("marking_ref"), gm.Has("lang")
	switch {
	case ref && lang:
		v.reportAt("lang", "must not be present together with marking_ref")
	case !ref && !lang:
		v.reportAt("marking_ref", "required property is missing (one of marking_ref or lang must be present)")
	}
	sel := gm.Get("selectors")
	if sel == nil || sel.Kind != Array {
		return
	}
	v.push("selectors")
	for i, s := range sel.Arr {
		if s.Kind == String && !selects(v.root, s.Str) {
			v.pushIndex(i)
			v.report("must select a property or list item present in the object")
			v.pop()
		}
	}
	v.pop()
}

// selects reports whether selector (e.g. external_references.[0].source_name)
// resolves to content of obj.
func selects(obj *Value, selector string) bool {
	cur := obj
	for selector != "" {
		comp := selector
		if i := strings.IndexByte(selector, '.'); i >= 0 {
			comp, selector = selector[:i], selector[i+1:]
			if selector == "" {
				return false
			}
		} else {
			selector = ""
		}
		if comp == "" {
			return false
		}
		if comp[0] == '[' {
			n, err := strconv.Atoi(strings.TrimSuffix(comp[1:], "]"))
			if !strings.HasSuffix(comp, "]") || err != nil || n < 0 || cur.Kind != Array || n >= len(cur.Arr) {
				return false
			}
			cur = cur.Arr[n]
			continue
		}
		if cur = cur.Get(comp); cur == nil {
			return false
		}
	}
	return cur != obj
}

// checkMarkingDefinition applies section 7.2.1: a definition or extensions,
// the statement and TLP marking types, and no marking of itself.
func (v *validator) checkMarkingDefinition(obj *Value) {
	if !obj.Has("extensions") {
		for _, name := range [...]string{"definition_type", "definition"} {
			if !obj.Has(name) {
				v.reportAt(name, "required property is missing (extensions is absent)")
			}
		}
	}
	if def := obj.Get("definition"); def != nil && def.Kind == Object {
		v.push("definition")
		switch obj.GetString("definition_type") {
		case "statement":
			v.requireString(def, "statement")
		case "tlp":
			v.requireString(def, "tlp")
		}
		v.pop()
	}
	if refs := obj.Get("object_marking_refs"); refs != nil && refs.Kind == Array {
		for i, r := range refs.Arr {
			if r.Kind == String && r.Str == v.id {
				v.push("object_marking_refs")
				v.pushIndex(i)
				v.report("must not reference the marking definition itself")
				v.pop()
				v.pop()
			}
		}
	}
	v.checkTLP(obj)
}

func (v *validator) requireString(obj *Value, key string) {
	switch s := obj.Get(key); {
	case s == nil:
		v.reportAt(key, "required property is missing")
	case s.Kind != String:
		v.reportAt(key, "must be a string")
	}
}

// checkLanguageContent applies section 7.1: contents keys are language codes.
func (v *validator) checkLanguageContent(obj *Value) {
	contents := obj.Get("contents")
	if contents == nil || contents.Kind != Object {
		return
	}
	v.push("contents")
	for i := range contents.Obj {
		if k := contents.Obj[i].Key; !validLang(k) {
			v.reportAt(k, "key must be an RFC 5646 language code")
		}
	}
	v.pop()
}

// checkExtensionDefinition applies section 7.3.1.
func (v *validator) checkExtensionDefinition(obj *Value) {
	props := obj.Get("extension_properties")
	if props == nil {
		return
	}
	if !contains(obj.Get("extension_types"), "toplevel-property-extension") {
		v.reportAt("extension_properties", "must not be present unless extension_types includes toplevel-property-extension")
	}
	if props.Kind != Array {
		return
	}
	v.push("extension_properties")
	for i, p := range props.Arr {
		if p.Kind == String && !validExtensionPropertyName(p.Str) {
			v.pushIndex(i)
			v.report("must be a property name of 3 to 250 characters of a-z, 0-9 and underscore")
			v.pop()
		}
	}
	v.pop()
}

func contains(list *Value, s string) bool {
	if list == nil || list.Kind != Array {
		return false
	}
	for _, e := range list.Arr {
		if e.Kind == String && e.Str == s {
			return true
		}
	}
	return false
}

var extensionTypeEnum = newEnum(ExtensionTypes)

// checkExtensions checks the extensions dictionary (sections 3.2 and 7.3):
// predefined extensions against the catalogue, extension-definition keyed
// ones for their extension_type.
func (v *validator) checkExtensions(val *Value) {
	if !v.nonEmptyDictionary(val, "a dictionary") {
		return
	}
	for i := range val.Obj {
		m := &val.Obj[i]
		v.push(m.Key)
		switch ext := v.spec.exts[m.Key]; {
		case strings.HasPrefix(m.Key, "extension-definition--"):
			v.checkDefinedExtension(m.Key, m.Value)
		case ext != nil:
			if m.Value.Kind != Object {
				v.report("must be an object")
			} else {
				v.checkMembers(m.Value, ext, false)
				v.applyRule(ext, m.Value)
			}
		case strings.HasSuffix(m.Key, "-ext") && validTypeName(m.Key):
			if m.Value.Kind != Object || len(m.Value.Obj) == 0 {
				v.report("must be a non-empty object")
			}
		default:
			v.report("key must be the id of an extension-definition or the name of a predefined extension (ending in -ext)")
		}
		v.pop()
	}
}

func (v *validator) checkDefinedExtension(key string, ext *Value) {
	if typ, uuid, ok := splitID(key); !ok || typ != "extension-definition" || !validUUID(uuid) {
		v.report("key must be an extension-definition identifier (extension-definition--<UUID>)")
	}
	if ext.Kind != Object {
		v.report("must be an object")
		return
	}
	et := ext.Get("extension_type")
	switch {
	case et == nil:
		v.reportAt("extension_type", "required property is missing")
	case et.Kind != String || !extensionTypeEnum.has(et.Str):
		v.reportAt("extension_type", extensionTypeEnum.msg)
	case strings.HasPrefix(et.Str, "new-") && v.spec != customSpec:
		v.reportAt("extension_type", "must not be "+et.Str+" on a type the specification defines")
	}
	for i := range ext.Obj {
		if k := ext.Obj[i].Key; k != "extension_type" && !validExtensionPropertyName(k) {
			v.reportAt(k, "extension property name must be 3 to 250 characters of a-z, 0-9 and underscore")
		}
	}
}
