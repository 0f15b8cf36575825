package stix

import "strings"

// applyRule runs the type-specific checks that go beyond one property.
func (v *validator) applyRule(spec *objSpec, obj *Value) {
	switch spec.rule {
	case ruleNone:
	case ruleFirstLastSeen:
		v.checkOrder(obj, "first_seen", "last_seen", false, "must be later than or equal to first_seen")
	case ruleIndicator:
		v.checkOrder(obj, "valid_from", "valid_until", true, "must be later than valid_from")
	case ruleLocation:
		v.checkLocation(obj)
	case ruleMalware:
		v.checkMalware(obj)
	case ruleMalwareAnalysis:
		if !obj.Has("result") && !obj.Has("analysis_sco_refs") {
			v.reportAt("result", "required property is missing (one of result or analysis_sco_refs must be present)")
		}
	case ruleObservedData:
		v.checkObservedData(obj)
	case ruleRelationship:
		v.checkOrder(obj, "start_time", "stop_time", true, "must be later than start_time")
	case ruleSighting:
		v.checkOrder(obj, "first_seen", "last_seen", false, "must be later than or equal to first_seen")
	default:
		v.applySCORule(spec, obj)
	}
}

func (v *validator) checkLocation(obj *Value) {
	lat, long := obj.Has("latitude"), obj.Has("longitude")
	switch {
	case lat && !long:
		v.reportAt("longitude", "required property is missing (latitude is present)")
	case long && !lat:
		v.reportAt("latitude", "required property is missing (longitude is present)")
	}
	if obj.Has("precision") && !(lat && long) {
		v.reportAt("precision", "must not be present without latitude and longitude")
	}
	if !obj.Has("region") && !obj.Has("country") && !(lat && long) {
		v.reportAt("region", "required property is missing (one of region, country, or latitude and longitude must be present)")
	}
}

func (v *validator) checkMalware(obj *Value) {
	if isTrue(obj.Get("is_family")) && !obj.Has("name") {
		v.reportAt("name", "required property is missing (is_family is true)")
	}
	v.checkOrder(obj, "first_seen", "last_seen", false, "must be later than or equal to first_seen")
}

func (v *validator) checkObservedData(obj *Value) {
	v.checkOrder(obj, "first_observed", "last_observed", false, "must be later than or equal to first_observed")
	objects, refs := obj.Has("objects"), obj.Has("object_refs")
	switch {
	case objects && refs:
		v.reportAt("objects", "must not be present together with object_refs")
	case !objects && !refs:
		v.reportAt("object_refs", "required property is missing (one of objects or object_refs must be present)")
	}
}

// checkExternalReference applies section 2.5.2 and the CAPEC and CVE rules.
func (v *validator) checkExternalReference(ref *Value) {
	if !ref.Has("description") && !ref.Has("url") && !ref.Has("external_id") {
		v.reportAt("external_id", "required property is missing (one of description, url or external_id must be present)")
	}
	id := ref.Get("external_id")
	if id == nil || id.Kind != String {
		return
	}
	switch ref.GetString("source_name") {
	case "capec":
		if !validCAPECID(id.Str) {
			v.reportAt("external_id", "must be a CAPEC id (CAPEC-[id]) when source_name is capec")
		}
	case "cve":
		if !validCVEID(id.Str) {
			v.reportAt("external_id", "must be a CVE id (CVE-YYYY-NNNN) when source_name is cve")
		}
	}
}

// validCAPECID matches CAPEC-[0-9]+ (section 4.1).
func validCAPECID(s string) bool {
	rest, ok := strings.CutPrefix(s, "CAPEC-")
	return ok && rest != "" && allDigits(rest)
}

// validCVEID matches CVE-YYYY-NNNN, the sequence number having four digits
// or more and no leading zero beyond four digits (section 4.19).
func validCVEID(s string) bool {
	rest, ok := strings.CutPrefix(s, "CVE-")
	if !ok || len(rest) < 9 || rest[4] != '-' || !allDigits(rest[:4]) {
		return false
	}
	seq := rest[5:]
	return allDigits(seq) && (len(seq) == 4 || seq[0] != '0')
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
