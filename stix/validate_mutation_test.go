package stix

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
)

// Ids of the source objects of the mutation tests: the examples of
// stix2-json-schemas and testdata/validate/valid.json.
const (
	exIndicator    = "indicator--33fe3b22-0201-47cf-85d0-97c02164528d"
	exAttack       = "attack-pattern--d7b066aa-4091-4276-a142-29d5d81c3484"
	exRelationship = "relationship--c3fa00e6-1d31-4137-98f5-32a1ec0d0e92"
	exIPv4         = "ipv4-addr--1e4ffad7-0b88-41d4-ba4d-77d27490b956"
	exMalware      = "malware--16f4f3f9-1b68-4abb-bb66-7639d49f1e30"

	vCampaign     = "campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"
	vIndicator    = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"
	vLocation     = "location--a6e9345f-5a15-4c29-8bb3-7dcc5d234d64"
	vObserved     = "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf"
	vSighting     = "sighting--ee20065d-2555-424f-ad9e-0f8428623c75"
	vRelationship = "relationship--57b56a43-b8b0-4cba-9deb-34e3e1faed9e"
	vAnalysis     = "malware-analysis--d25167b7-fed0-4068-9ccd-a73dd2c5b07c"
	vVuln         = "vulnerability--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061"
	vFile         = "file--949eb97a-da1e-5292-8959-03c4249dc9f3"
	vPEFile       = "file--fb0419a8-f09c-47f8-be64-71a80417591c"
	vZipFile      = "file--9a1f834d-2506-4367-baec-7aa63996ac43"
	vArtifact     = "artifact--4cce66f8-6eaa-4c7a-8b27-1a3a0ac0b1a1"
	vEmail        = "email-message--d7d69ead-3347-4772-815a-7766dc29c72c"
	vTraffic      = "network-traffic--4f156a67-4efc-48fb-b0a7-f2612927a37d"
	vProcess      = "process--f52a906a-0dfc-40bd-92f1-e7778ead38a9"
	vRegistry     = "windows-registry-key--2ba37ae7-2745-4082-9dfd-9486dad41016"
	vX509         = "x509-certificate--5adb038a-160d-4d1c-826e-bde4926a0d2d"
	vIPv6         = "ipv6-addr--1e61d36c-a16c-43b7-a80f-2a00161c96b1"
	vMAC          = "mac-addr--65cfcf98-8a6e-4a1b-8f61-379ac4f92d00"
	vDomain       = "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7"
	vStatement    = "marking-definition--4a0042fe-8b88-40fe-9600-dfa128ce6fbd"
	vLangContent  = "language-content--b86bd89f-98bb-4fa9-8cb2-9ad421da981d"
	vExtDef       = "extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e"
	vExtIndicator = "indicator--e97bfccf-8970-4a3c-9cd1-5b5b97ed5d0c"
	vReport       = "report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3"
	vOpinion      = "opinion--b01efc25-77b4-4003-b18b-f6e24b5cd9f7"
	vGrouping     = "grouping--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3"

	extFoo = "/extensions/extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e"
)

// edit sets the value at a JSON pointer (the last step may be a new member)
// or, with an empty literal, deletes it.
type edit struct{ ptr, literal string }

func set(ptr, literal string) edit { return edit{ptr, literal} }
func del(ptr string) edit          { return edit{ptr, ""} }

func (e edit) apply(t *testing.T, obj *Value) {
	t.Helper()
	steps := strings.Split(e.ptr, "/")[1:]
	parent := obj
	for _, s := range steps[:len(steps)-1] {
		if parent.Kind == Array {
			i, _ := strconv.Atoi(s)
			parent = parent.Arr[i]
		} else {
			parent = parent.Get(s)
		}
		if parent == nil {
			t.Fatalf("edit %s: no %s", e.ptr, s)
		}
	}
	last := steps[len(steps)-1]
	if parent.Kind == Array {
		i, _ := strconv.Atoi(last)
		if e.literal == "" {
			parent.Arr = append(parent.Arr[:i], parent.Arr[i+1:]...)
		} else {
			parent.Arr[i] = mustParse(t, e.literal)
		}
		return
	}
	if e.literal == "" {
		parent.Delete(last)
		return
	}
	parent.Set(last, mustParse(t, e.literal))
}

// sourceObjects indexes the example and testdata objects by id.
func sourceObjects(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	add := func(data []byte) {
		for _, obj := range readObjects(t, data) {
			out[obj.GetString("id")] = obj.String()
		}
	}
	dir := sharedtest.Path(t, "specs/stix2-json-schemas/examples")
	for _, f := range jsonFiles(t, dir) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		add(data)
	}
	data, err := os.ReadFile("testdata/validate/valid.json")
	if err != nil {
		t.Fatal(err)
	}
	add(data)
	return out
}

// TestValidateMutations breaks one MUST of a valid object at a time and
// checks that Validate reports it at the right path.
func TestValidateMutations(t *testing.T) {
	t.Parallel()
	sources := sourceObjects(t)
	tests := []struct {
		name   string
		source string
		edits  []edit
		path   string
		msg    string // a fragment of the message
	}{
		// Common properties.
		{"type syntax", exAttack, []edit{set("/type", `"Attack_Pattern"`)}, "/type", "a-z, 0-9 and single hyphens"},
		{"type double hyphen", exAttack, []edit{set("/type", `"x--y"`)}, "/type", "single hyphens"},
		{"id type mismatch", exAttack, []edit{set("/id", `"campaign--d7b066aa-4091-4276-a142-29d5d81c3484"`)}, "/id", "must start with the object's type"},
		{"id not a UUID", exAttack, []edit{set("/id", `"attack-pattern--1234"`)}, "/id", "RFC 4122 UUID"},
		{"id missing", exAttack, []edit{del("/id")}, "/id", "required property is missing"},
		{"spec_version wrong", exAttack, []edit{set("/spec_version", `"2.0"`)}, "/spec_version", `must be "2.1"`},
		{"spec_version missing", exIndicator, []edit{del("/spec_version")}, "/spec_version", "required property is missing"},
		{"created missing", exRelationship, []edit{del("/created")}, "/created", "required property is missing"},
		{"created not a timestamp", exAttack, []edit{set("/created", `"2014-10-31 15:52:13.126Z"`)}, "/created", "RFC 3339"},
		{"created seconds only", exAttack, []edit{set("/created", `"2014-10-31T15:52:13Z"`)}, "/created", "millisecond precision"},
		{"modified before created", exAttack, []edit{set("/modified", `"2014-10-31T15:52:13.125Z"`)}, "/modified", "later than or equal to created"},
		{"created_by_ref not identity", exAttack, []edit{set("/created_by_ref", `"`+exIndicator+`"`)}, "/created_by_ref", "of type identity"},
		{"confidence range", vCampaign, []edit{set("/confidence", `101`)}, "/confidence", "between 0 and 100"},
		{"confidence integer", vCampaign, []edit{set("/confidence", `50.5`)}, "/confidence", "must be an integer"},
		{"revoked boolean", exAttack, []edit{set("/revoked", `"true"`)}, "/revoked", "must be a boolean"},
		{"labels empty", vCampaign, []edit{set("/labels", `[]`)}, "/labels", "must not be an empty list"},
		{"labels strings", vCampaign, []edit{set("/labels", `["a", 1]`)}, "/labels/1", "must be a string"},
		{"lang", vCampaign, []edit{set("/lang", `"english!"`)}, "/lang", "RFC 5646"},
		{"property name", exAttack, []edit{set("/ab", `1`)}, "/ab", "property name must be 3 to 250"},
		{"reserved name", exAttack, []edit{set("/severity", `"high"`)}, "/severity", "reserved property name"},
		{"defanged on SDO", exAttack, []edit{set("/defanged", `false`)}, "/defanged", "other than SCOs"},
		{"external reference source_name", exAttack, []edit{del("/external_references/0/source_name")}, "/external_references/0/source_name", "required property is missing"},
		{"external reference content", exAttack, []edit{set("/external_references/0", `{"source_name":"acme"}`)}, "/external_references/0/external_id", "one of description, url or external_id"},
		{"external reference CAPEC id", exAttack, []edit{set("/external_references/0/external_id", `"163"`)}, "/external_references/0/external_id", "CAPEC"},
		{"external reference hash", exAttack, []edit{set("/external_references/0/hashes", `{"SHA-256":"abc"}`)}, "/external_references/0/hashes/SHA-256", "64 hex digits"},
		{"object marking ref type", vCampaign, []edit{set("/object_marking_refs/0", `"`+exAttack+`"`)}, "/object_marking_refs/0", "marking-definition"},
		{"granular marking both", vCampaign, []edit{set("/granular_markings/0/marking_ref", `"`+TLPRed+`"`)}, "/granular_markings/0/lang", "together with marking_ref"},
		{"granular marking neither", vCampaign, []edit{del("/granular_markings/0/lang")}, "/granular_markings/0/marking_ref", "one of marking_ref or lang"},
		{"granular marking selectors empty", vCampaign, []edit{set("/granular_markings/0/selectors", `[]`)}, "/granular_markings/0/selectors", "must not be an empty list"},
		{"granular marking selector absent", vCampaign, []edit{set("/granular_markings/1/selectors/0", `"labels.[3]"`)}, "/granular_markings/1/selectors/0", "present in the object"},
		{"extensions key", vExtIndicator, []edit{set("/extensions/foo", `{"a":1}`)}, "/extensions/foo", "key must be the id of an extension-definition"},
		{"extension_type missing", vExtIndicator, []edit{del(extFoo + "/extension_type")}, extFoo + "/extension_type", "required property is missing"},
		{"extension_type enum", vExtIndicator, []edit{set(extFoo+"/extension_type", `"new-thing"`)}, extFoo + "/extension_type", "must be one of"},
		{"extension_type new-sdo on indicator", vExtIndicator, []edit{set(extFoo+"/extension_type", `"new-sdo"`)}, extFoo + "/extension_type", "type the specification defines"},

		// Domain objects.
		{"indicator valid_until", vIndicator, []edit{set("/valid_until", `"2015-12-31T23:59:59.999Z"`)}, "/valid_until", "must be later than valid_from"},
		{"indicator valid_until equal", vIndicator, []edit{set("/valid_until", `"2016-01-01T00:00:00.000Z"`)}, "/valid_until", "must be later than valid_from"},
		{"indicator pattern", exIndicator, []edit{del("/pattern")}, "/pattern", "required property is missing"},
		{"indicator pattern_type", exIndicator, []edit{del("/pattern_type")}, "/pattern_type", "required property is missing"},
		{"indicator valid_from offset", exIndicator, []edit{set("/valid_from", `"2014-05-08T09:00:00+01:00"`)}, "/valid_from", "RFC 3339"},
		{"malware is_family", exMalware, []edit{del("/is_family")}, "/is_family", "required property is missing"},
		{"malware family name", exMalware, []edit{del("/name")}, "/name", "is_family is true"},
		{"campaign last_seen", vCampaign, []edit{set("/last_seen", `"2016-04-06T20:02:59.999Z"`)}, "/last_seen", "later than or equal to first_seen"},
		{"location latitude range", vLocation, []edit{set("/latitude", `90.5`)}, "/latitude", "between -90 and 90"},
		{"location longitude missing", vLocation, []edit{del("/longitude")}, "/longitude", "latitude is present"},
		{"location nothing", vLocation, []edit{del("/longitude"), del("/latitude"), del("/precision")}, "/region", "one of region, country"},
		{"observed-data number_observed", vObserved, []edit{set("/number_observed", `0`)}, "/number_observed", "between 1 and 999999999"},
		{"observed-data last_observed", vObserved, []edit{set("/last_observed", `"2015-12-21T18:59:59Z"`)}, "/last_observed", "later than or equal to first_observed"},
		{"observed-data objects and object_refs", vObserved, []edit{set("/objects", `{"0":{"type":"ipv4-addr","value":"198.51.100.3"}}`)}, "/objects", "together with object_refs"},
		{"observed-data neither", vObserved, []edit{del("/object_refs")}, "/object_refs", "one of objects or object_refs"},
		{"observed-data SDO ref", vObserved, []edit{set("/object_refs/0", `"`+exIndicator+`"`)}, "/object_refs/0", "SCO or an SRO"},
		{"report object_refs empty", vReport, []edit{set("/object_refs", `[]`)}, "/object_refs", "must not be an empty list"},
		{"report published", vReport, []edit{del("/published")}, "/published", "required property is missing"},
		{"opinion enum", vOpinion, []edit{set("/opinion", `"maybe"`)}, "/opinion", "strongly-disagree"},
		{"grouping context", vGrouping, []edit{del("/context")}, "/context", "required property is missing"},
		{"malware-analysis result", vAnalysis, []edit{del("/result"), del("/analysis_sco_refs")}, "/result", "result or analysis_sco_refs"},
		{"malware-analysis sample_ref", vAnalysis, []edit{set("/sample_ref", `"`+vDomain+`"`)}, "/sample_ref", "file, network-traffic or artifact"},
		{"vulnerability CVE id", vVuln, []edit{set("/external_references/0/external_id", `"CVE-2016-12"`)}, "/external_references/0/external_id", "CVE id"},

		// Relationship objects.
		{"relationship source SRO", exRelationship, []edit{set("/source_ref", `"`+vSighting+`"`)}, "/source_ref", "not an SRO"},
		{"relationship target marking", exRelationship, []edit{set("/target_ref", `"`+TLPRed+`"`)}, "/target_ref", "meta object"},
		{"relationship target missing", exRelationship, []edit{del("/target_ref")}, "/target_ref", "required property is missing"},
		{"relationship_type", exRelationship, []edit{set("/relationship_type", `"Indicates"`)}, "/relationship_type", "lowercase ASCII letters"},
		{"relationship stop_time", vRelationship, []edit{set("/stop_time", `"2016-04-06T20:06:37.000Z"`)}, "/stop_time", "later than start_time"},
		{"sighting count", vSighting, []edit{set("/count", `1000000000`)}, "/count", "between 0 and 999999999"},
		{"sighting of SCO", vSighting, []edit{set("/sighting_of_ref", `"`+exIPv4+`"`)}, "/sighting_of_ref", "must reference an SDO"},
		{"sighting observed data", vSighting, []edit{set("/observed_data_refs/0", `"`+vCampaign+`"`)}, "/observed_data_refs/0", "observed-data"},
		{"sighting where", vSighting, []edit{set("/where_sighted_refs/1", `"`+exMalware+`"`)}, "/where_sighted_refs/1", "identity or location"},
		{"sighting last_seen", vSighting, []edit{set("/last_seen", `"2015-12-21T18:00:00Z"`)}, "/last_seen", "later than or equal to first_seen"},

		// Cyber-observable objects.
		{"ipv4 value", exIPv4, []edit{set("/value", `"198.51.100.256"`)}, "/value", "IPv4 address"},
		{"ipv4 CIDR", exIPv4, []edit{set("/value", `"198.51.100.0/33"`)}, "/value", "IPv4 address"},
		{"ipv6 value", vIPv6, []edit{set("/value", `"198.51.100.3"`)}, "/value", "IPv6 address"},
		{"mac uppercase", vMAC, []edit{set("/value", `"D2:FB:49:24:37:18"`)}, "/value", "lowercase MAC-48"},
		{"SCO value required", exIPv4, []edit{del("/value")}, "/value", "required property is missing"},
		{"SCO spec_version", exIPv4, []edit{set("/spec_version", `"2.0"`)}, "/spec_version", `must be "2.1"`},
		{"defanged boolean", exIPv4, []edit{set("/defanged", `"yes"`)}, "/defanged", "must be a boolean"},
		{"file hash length", vFile, []edit{set("/hashes", `{"MD5":"3773a88f65a5e780c8dff9cdc3a056f"}`)}, "/hashes/MD5", "32 hex digits"},
		{"file hash key", vFile, []edit{set("/hashes/ab", `"x"`)}, "/hashes/ab", "3 to 250"},
		{"file hashes or name", vZipFile, []edit{del("/hashes"), del("/name")}, "/name", "one of hashes or name"},
		{"file size", vZipFile, []edit{set("/size", `-1`)}, "/size", "must not be negative"},
		{"file magic hex", vPEFile, []edit{set("/magic_number_hex", `"4d5"`)}, "/magic_number_hex", "hexadecimal"},
		{"file deterministic id", vFile, []edit{set("/name", `"bar.dll"`)}, "/id", "UUIDv5 of its ID contributing properties"},
		{"file parent directory", vPEFile, []edit{set("/parent_directory_ref", `"`+vFile+`"`)}, "/parent_directory_ref", "of type directory"},
		{"pe time_date_stamp", vPEFile, []edit{set("/extensions/windows-pebinary-ext/time_date_stamp", `"2016-01-22T12:31:12.000Z"`)}, "/extensions/windows-pebinary-ext/time_date_stamp", "precise to the second"},
		{"pe only pe_type", vPEFile, []edit{set("/extensions/windows-pebinary-ext", `{"pe_type":"exe"}`)}, "/extensions/windows-pebinary-ext", "besides pe_type"},
		{"pe section name", vPEFile, []edit{del("/extensions/windows-pebinary-ext/sections/0/name")}, "/extensions/windows-pebinary-ext/sections/0/name", "required property is missing"},
		{"archive contains_refs", vZipFile, []edit{del("/extensions/archive-ext/contains_refs")}, "/extensions/archive-ext/contains_refs", "required property is missing"},
		{"ntfs empty", vPEFile, []edit{set("/extensions/ntfs-ext", `{}`)}, "/extensions/ntfs-ext", "at least one property"},
		{"artifact payload and url", vArtifact, []edit{set("/url", `"https://example.com/a"`)}, "/url", "together with payload_bin"},
		{"artifact payload base64", vArtifact, []edit{set("/payload_bin", `"iVBORw0KGgo"`)}, "/payload_bin", "base64"},
		{"artifact encryption enum", vArtifact, []edit{set("/encryption_algorithm", `"ROT13"`)}, "/encryption_algorithm", "AES-256-GCM"},
		{"artifact key without algorithm", vArtifact, []edit{set("/decryption_key", `"k"`)}, "/decryption_key", "without encryption_algorithm"},
		{"email body multipart", vEmail, []edit{set("/body", `"hi"`)}, "/body", "is_multipart is true"},
		{"email mime part", vEmail, []edit{del("/body_multipart/0/body")}, "/body_multipart/0/body", "one of body or body_raw_ref"},
		{"email to_refs", vEmail, []edit{set("/to_refs/0", `"`+vDomain+`"`)}, "/to_refs/0", "email-addr"},
		{"traffic port", vTraffic, []edit{set("/src_port", `70000`)}, "/src_port", "between 0 and 65535"},
		{"traffic active with end", vTraffic, []edit{set("/is_active", `true`)}, "/end", "is_active is true"},
		{"traffic end before start", vTraffic, []edit{set("/end", `"2016-06-19T14:20:39.999Z"`)}, "/end", "later than or equal to start"},
		{"traffic endpoints", vTraffic, []edit{del("/src_ref"), del("/dst_ref")}, "/src_ref", "one of src_ref or dst_ref"},
		{"traffic protocols", vTraffic, []edit{del("/protocols")}, "/protocols", "required property is missing"},
		{"traffic src_ref type", vTraffic, []edit{set("/src_ref", `"`+vFile+`"`)}, "/src_ref", "ipv4-addr, ipv6-addr, mac-addr or domain-name"},
		{"socket address family", vTraffic, []edit{set("/extensions/socket-ext/address_family", `"AF_FOO"`)}, "/extensions/socket-ext/address_family", "AF_INET"},
		{"socket type", vTraffic, []edit{set("/extensions/socket-ext/socket_type", `"SOCK_FOO"`)}, "/extensions/socket-ext/socket_type", "SOCK_STREAM"},
		{"icmp required", vTraffic, []edit{del("/extensions/icmp-ext/icmp_code_hex")}, "/extensions/icmp-ext/icmp_code_hex", "required property is missing"},
		{"http header values", vTraffic, []edit{set("/extensions/http-request-ext/request_header/Host", `"www.example.com"`)}, "/extensions/http-request-ext/request_header/Host", "must be a list"},
		{"process integrity level", vProcess, []edit{set("/extensions/windows-process-ext/integrity_level", `"super"`)}, "/extensions/windows-process-ext/integrity_level", "low, medium, high, system"},
		{"service start type", vProcess, []edit{set("/extensions/windows-service-ext/start_type", `"SERVICE_SOMETIMES"`)}, "/extensions/windows-service-ext/start_type", "SERVICE_AUTO_START"},
		{"process empty", vProcess, []edit{del("/pid"), del("/created_time"), del("/command_line"), del("/environment_variables"), del("/image_ref"), del("/extensions")}, "", "at least one process property"},
		{"registry datatype", vRegistry, []edit{set("/values/0/data_type", `"REG_FOO"`)}, "/values/0/data_type", "REG_SZ"},
		{"registry hive", vRegistry, []edit{set("/key", `"HKLM\\System\\Foo"`)}, "/key", "full hive name"},
		{"x509 v3 extensions empty", vX509, []edit{set("/x509_v3_extensions", `{}`)}, "/x509_v3_extensions", "at least one property"},
		{"x509 nothing", vX509, []edit{del("/serial_number"), del("/x509_v3_extensions")}, "", "at least one x509-certificate property"},
		{"v5 id without contributing properties", vEmail, []edit{del("/from_ref"), del("/subject"), set("/id", `"email-message--d7d69ead-3347-5772-815a-7766dc29c72c"`)}, "/id", "must use a UUIDv4"},

		// Meta objects.
		{"statement missing", vStatement, []edit{del("/definition/statement")}, "/definition/statement", "required property is missing"},
		{"definition_type missing", vStatement, []edit{del("/definition_type")}, "/definition_type", "extensions is absent"},
		{"marking created missing", vStatement, []edit{del("/created")}, "/created", "required property is missing"},
		{"marking marks itself", vStatement, []edit{set("/object_marking_refs", `["`+vStatement+`"]`)}, "/object_marking_refs/0", "itself"},
		{"new TLP 1.0 marking", vStatement, []edit{set("/definition_type", `"tlp"`), set("/definition", `{"tlp":"green"}`)}, "/id", "four TLP marking definitions"},
		{"TLP 1.0 content", TLP1Green, []edit{set("/name", `"TLP:GREENISH"`)}, "/name", "published TLP marking definition"},
		{"TLP 2.0 content", TLPAmber, []edit{set("/extensions/"+TLPExtension+"/tlp_2_0", `"red"`)}, "/extensions", "published TLP marking definition"},
		{"TLP 2.0 extra property", TLPAmber, []edit{set("/created_by_ref", `"identity--f431f809-377b-45e0-aa1c-6a4751cae5ff"`)}, "/created_by_ref", "must not be present"},
		{"TLP 2.0 extension elsewhere", TLPAmber, []edit{set("/id", `"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b422"`)}, "/id", "five published TLP 2.0"},
		{"language-content contents key", vLangContent, []edit{set("/contents/english!", `{"name":"x"}`)}, "/contents/english!", "RFC 5646"},
		{"language-content object_ref", vLangContent, []edit{set("/object_ref", `"bundle--44af6c39-c09b-49c5-9de2-394224b04982"`)}, "/object_ref", "STIX Object"},
		{"language-content modified", vLangContent, []edit{del("/modified")}, "/modified", "required property is missing"},
		{"extension-definition types", vExtDef, []edit{set("/extension_types", `["new-thing"]`)}, "/extension_types/0", "must be one of"},
		{"extension-definition created_by_ref", vExtDef, []edit{del("/created_by_ref")}, "/created_by_ref", "required property is missing"},
		{"extension-definition schema", vExtDef, []edit{del("/schema")}, "/schema", "required property is missing"},
		{"extension-definition properties", vExtDef, []edit{set("/extension_properties", `["rank"]`)}, "/extension_properties", "toplevel-property-extension"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, ok := sources[tt.source]
			if !ok {
				t.Fatalf("no source object %s", tt.source)
			}
			obj := mustParse(t, src)
			if got := Validate(obj); got != nil {
				t.Fatalf("source %s is not valid: %v", tt.source, Problems(got))
			}
			for _, e := range tt.edits {
				e.apply(t, obj)
			}
			wantID := obj.GetString("id")
			got := Validate(obj)
			for _, p := range got {
				if p.ObjectID == wantID && p.Path == tt.path && strings.Contains(p.Message, tt.msg) {
					return
				}
			}
			t.Errorf("Validate = %v\nwant a problem at %q containing %q", Problems(got), tt.path, tt.msg)
		})
	}
}
