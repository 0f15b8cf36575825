package stix

// applySCORule runs the checks of the cyber-observable objects, their
// extensions and the meta objects.
func (v *validator) applySCORule(spec *objSpec, obj *Value) {
	switch spec.rule {
	case ruleArtifact:
		v.checkArtifact(obj)
	case ruleEmailMessage:
		v.checkEmailMessage(obj)
	case ruleMIMEPart:
		if !obj.Has("body") && !obj.Has("body_raw_ref") {
			v.reportAt("body", "required property is missing (one of body or body_raw_ref must be present)")
		}
	case ruleFile:
		v.checkFile(obj)
	case ruleNetworkTraffic:
		v.checkNetworkTraffic(obj)
	case ruleProcess:
		if countSpecific(obj, spec, true) == 0 {
			v.report("must contain at least one process property or extension besides type and id")
		}
	case ruleAtLeastOne:
		v.checkAtLeastOne(obj, spec)
	case rulePEBinary:
		if countSpecific(obj, spec, false) < 2 {
			v.report("must contain at least one property besides pe_type")
		}
	default:
		v.applyMetaRule(spec, obj)
	}
}

// commonSCOProps do not count as "object specific" properties.
var commonSCOProps = map[string]bool{
	"type": true, "id": true, "spec_version": true, "object_marking_refs": true,
	"granular_markings": true, "defanged": true, "extensions": true,
}

// countSpecific counts the members of obj defined by its spec that are not
// common properties (the extensions property counts when withExtensions).
func countSpecific(obj *Value, spec *objSpec, withExtensions bool) int {
	n := 0
	for i := range obj.Obj {
		k := obj.Obj[i].Key
		if spec.props[k] == nil || k != "extensions" && commonSCOProps[k] || k == "extensions" && !withExtensions {
			continue
		}
		n++
	}
	return n
}

func (v *validator) checkAtLeastOne(obj *Value, spec *objSpec) {
	if spec.category == CategorySCO {
		if countSpecific(obj, spec, spec.name == "user-account") == 0 {
			v.report("must contain at least one " + spec.name + " property besides the common properties")
		}
		return
	}
	if countSpecific(obj, spec, false) == 0 {
		v.report("must contain at least one property")
	}
}

func (v *validator) checkArtifact(obj *Value) {
	payload, url := obj.Has("payload_bin"), obj.Has("url")
	switch {
	case payload && url:
		v.reportAt("url", "must not be present together with payload_bin")
	case !payload && !url:
		v.reportAt("payload_bin", "required property is missing (one of payload_bin or url must be present)")
	}
	if url && !obj.Has("hashes") {
		v.reportAt("hashes", "required property is missing (url is present)")
	}
	if obj.Has("decryption_key") && !obj.Has("encryption_algorithm") {
		v.reportAt("decryption_key", "must not be present without encryption_algorithm")
	}
}

func (v *validator) checkEmailMessage(obj *Value) {
	multi := obj.Get("is_multipart")
	if multi == nil || multi.Kind != Bool {
		return
	}
	if multi.Bool && obj.Has("body") {
		v.reportAt("body", "must not be present when is_multipart is true")
	}
	if !multi.Bool && obj.Has("body_multipart") {
		v.reportAt("body_multipart", "must not be present when is_multipart is false")
	}
}

func (v *validator) checkFile(obj *Value) {
	if !obj.Has("hashes") && !obj.Has("name") {
		v.reportAt("name", "required property is missing (one of hashes or name must be present)")
	}
	if obj.Has("name_enc") && !obj.Has("name") {
		v.reportAt("name_enc", "must not be present without name")
	}
}

func (v *validator) checkNetworkTraffic(obj *Value) {
	if !obj.Has("src_ref") && !obj.Has("dst_ref") {
		v.reportAt("src_ref", "required property is missing (one of src_ref or dst_ref must be present)")
	}
	if obj.Has("end") {
		if isTrue(obj.Get("is_active")) {
			v.reportAt("end", "must not be present when is_active is true")
		}
		v.checkOrder(obj, "start", "end", false, "must be later than or equal to start")
	}
}

// checkDeterministicID checks that an SCO whose id is a UUIDv5 carries the id
// its ID contributing properties give (section 2.9), and that an SCO without
// any of them does not claim a UUIDv5.
func (v *validator) checkDeterministicID(obj *Value) {
	_, uuid, ok := splitID(v.id)
	if !ok || !validUUID(uuid) || uuidVersion(uuid) != 5 || v.spec.idContrib == nil {
		return
	}
	want, status := deterministicID(obj, v.spec)
	switch status {
	case idNone:
		v.reportAt("id", "must use a UUIDv4: no ID contributing property ("+joinNames(v.spec.idContrib)+") is present")
	case idOK:
		if !sameUUID(want, v.id) {
			v.reportAt("id", "must be "+want+", the UUIDv5 of its ID contributing properties, when it is a UUIDv5")
		}
	}
}

// sameUUID compares two identifiers, the UUID part case-insensitively.
func sameUUID(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x >= 'A' && x <= 'F' {
			x += 'a' - 'A'
		}
		if y >= 'A' && y <= 'F' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

func joinNames(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += ", "
		}
		s += n
	}
	return s
}
