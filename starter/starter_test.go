package starter

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/accord-cti/accord/pattern"
	"github.com/accord-cti/accord/stix"
)

const tlpClear = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"

// wellKnownMarkings are the TLP 1.0 marking definitions of the STIX 2.1
// specification and the TLP 2.0 ones of OASIS's common objects: a bundle may
// refer to them without carrying them.
var wellKnownMarkings = map[string]bool{
	"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": true, // TLP:WHITE
	"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": true, // TLP:GREEN
	"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": true, // TLP:AMBER
	"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": true, // TLP:RED
	tlpClear: true, // TLP:CLEAR
	"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb": true, // TLP:GREEN
	"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421": true, // TLP:AMBER
	"marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003": true, // TLP:AMBER+STRICT
	"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1": true, // TLP:RED
}

// metaTypes are the STIX meta objects, which carry no TLP marking of their
// own in the pack.
var metaTypes = map[string]bool{"marking-definition": true, "extension-definition": true, "language-content": true}

type object = map[string]any

// objects decodes the pack with encoding/json, independently of accord's
// own parser.
func objects(t *testing.T) []object {
	t.Helper()
	var b struct {
		Type    string   `json:"type"`
		ID      string   `json:"id"`
		Objects []object `json:"objects"`
	}
	if err := json.Unmarshal(Bundle(), &b); err != nil {
		t.Fatalf("pack.json: %v", err)
	}
	if b.Type != "bundle" || !strings.HasPrefix(b.ID, "bundle--") || len(b.Objects) == 0 {
		t.Fatalf("pack.json: type %q, id %q, %d objects; want a non-empty bundle", b.Type, b.ID, len(b.Objects))
	}
	return b.Objects
}

func str(o object, key string) string { s, _ := o[key].(string); return s }

func byID(t *testing.T) map[string]object {
	t.Helper()
	m := make(map[string]object)
	for i, o := range objects(t) {
		id := str(o, "id")
		if _, dup := m[id]; dup || id == "" {
			t.Errorf("object %d: id %q is empty or not unique", i, id)
		}
		m[id] = o
	}
	return m
}

func TestBundleIsACopy(t *testing.T) {
	b := Bundle()
	b[0] = 'x'
	if !bytes.Equal(Bundle(), pack) || Bundle()[0] == 'x' {
		t.Error("changing Bundle's result changed the embedded pack")
	}
}

func TestPackIDs(t *testing.T) {
	uuid4 := regexp.MustCompile(`^[a-z0-9-]+--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for id, o := range byID(t) {
		if !uuid4.MatchString(id) || !strings.HasPrefix(id, str(o, "type")+"--") {
			t.Errorf("%s: id is not %s--<UUIDv4>", id, str(o, "type"))
		}
	}
}

// TestPackRefsResolve checks that every _ref and _refs property, at any
// depth, names an object of the pack or a well-known marking definition.
func TestPackRefsResolve(t *testing.T) {
	ids := byID(t)
	for id, o := range ids {
		walkRefs(o, "", func(path, ref string) {
			if _, ok := ids[ref]; !ok && !wellKnownMarkings[ref] {
				t.Errorf("%s: %s: %s is neither in the pack nor a well-known marking", id, path, ref)
			}
		})
	}
}

func walkRefs(v any, path string, fn func(path, ref string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			p := path + "/" + k
			switch {
			case strings.HasSuffix(k, "_ref"):
				s, _ := e.(string)
				fn(p, s)
			case strings.HasSuffix(k, "_refs"):
				l, _ := e.([]any)
				for _, r := range l {
					s, _ := r.(string)
					fn(p, s)
				}
			default:
				walkRefs(e, p, fn)
			}
		}
	case []any:
		for _, e := range v {
			walkRefs(e, path+"/*", fn)
		}
	}
}

// TestPackProvenance checks that every SDO and SRO is TLP:CLEAR, says who
// made it, and says something useful.
func TestPackProvenance(t *testing.T) {
	ids := byID(t)
	for id, o := range ids {
		if metaTypes[str(o, "type")] {
			continue
		}
		if author := ids[str(o, "created_by_ref")]; str(author, "type") != "identity" {
			t.Errorf("%s: created_by_ref %q is not an identity of the pack", id, str(o, "created_by_ref"))
		}
		marks, _ := o["object_marking_refs"].([]any)
		if len(marks) != 1 || marks[0] != tlpClear {
			t.Errorf("%s: object_marking_refs = %v, want [%s]", id, marks, tlpClear)
		}
		if len(str(o, "description")) < 40 && len(str(o, "explanation")) < 40 {
			t.Errorf("%s: no useful description", id)
		}
	}
	if tlp := ids[tlpClear]; str(tlp, "name") != "TLP:CLEAR" {
		t.Errorf("the pack lacks the TLP:CLEAR marking definition")
	}
}

// TestPackTimestamps checks spec_version and that every timestamp has
// millisecond precision, as accord writes them.
func TestPackTimestamps(t *testing.T) {
	ms := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
	for id, o := range byID(t) {
		if str(o, "spec_version") != "2.1" {
			t.Errorf("%s: spec_version = %q, want 2.1", id, str(o, "spec_version"))
		}
		for _, k := range []string{"created", "modified", "valid_from", "first_seen", "last_seen", "published"} {
			if v, ok := o[k]; ok && !ms.MatchString(str(o, k)) {
				t.Errorf("%s: %s = %v, want a UTC timestamp with milliseconds", id, k, v)
			}
		}
	}
}

// TestPackAttributions checks that every attributed-to relationship carries
// a confidence, the strength its issuer gave the claim.
func TestPackAttributions(t *testing.T) {
	n := 0
	for id, o := range byID(t) {
		if str(o, "relationship_type") != "attributed-to" {
			continue
		}
		n++
		if c, ok := o["confidence"].(float64); !ok || c < 0 || c > 100 {
			t.Errorf("%s: confidence = %v, want 0-100", id, o["confidence"])
		}
	}
	if n < 10 {
		t.Errorf("%d attributed-to relationships, want the record's attributions", n)
	}
}

// keyObjects are the pack's objects that share an ATT&CK id with MITRE's, so
// that looking the id up finds both.
var keyObjects = []struct{ attackID, typ, name string }{
	{"G0125", "intrusion-set", "HAFNIUM"},
	{"G0065", "intrusion-set", "APT40"},
	{"G0016", "intrusion-set", "APT29"},
	{"G0128", "intrusion-set", "APT31"},
	{"S0020", "malware", "China Chopper"},
	{"S0559", "malware", "SUNBURST"},
	{"S0560", "malware", "TEARDROP"},
	{"C0024", "campaign", "SolarWinds Compromise"},
}

func attackIDs(o object) []string {
	var out []string
	refs, _ := o["external_references"].([]any)
	for _, r := range refs {
		r, _ := r.(map[string]any)
		if r["source_name"] == "mitre-attack" {
			id, _ := r["external_id"].(string)
			out = append(out, id)
		}
	}
	return out
}

func TestPackKeyObjects(t *testing.T) {
	found := make(map[string][]string) // ATT&CK id → "type name" of the objects carrying it
	for _, o := range objects(t) {
		for _, x := range attackIDs(o) {
			found[x] = append(found[x], str(o, "type")+" "+str(o, "name"))
		}
	}
	for _, k := range keyObjects {
		if want := k.typ + " " + k.name; len(found[k.attackID]) != 1 || found[k.attackID][0] != want {
			t.Errorf("%s is on %q, want exactly [%s]", k.attackID, found[k.attackID], want)
		}
	}
}

// TestPackMatchesATTACK checks the pack's ATT&CK ids against ATT&CK itself:
// each names an object of the same type, whose STIX id the pack does not reuse.
func TestPackMatchesATTACK(t *testing.T) {
	data, err := os.ReadFile(sharedtest.Path(t, "data/attack/enterprise-attack-16.1.json"))
	if err != nil {
		t.Fatal(err)
	}
	var attack struct {
		Objects []struct {
			ID, Type string
			Revoked  bool
			Refs     []struct {
				Source string `json:"source_name"`
				ID     string `json:"external_id"`
			} `json:"external_references"`
		}
	}
	if err := json.Unmarshal(data, &attack); err != nil {
		t.Fatal(err)
	}
	type entry struct{ id, typ string }
	mitre := make(map[string]entry)
	for _, o := range attack.Objects {
		for _, r := range o.Refs {
			if r.Source == "mitre-attack" && !o.Revoked {
				mitre[r.ID] = entry{o.ID, o.Type}
			}
		}
	}
	for _, o := range objects(t) {
		for _, x := range attackIDs(o) {
			switch m, ok := mitre[x]; {
			case !ok:
				t.Errorf("%s: %s is not an ATT&CK id", str(o, "id"), x)
			case m.typ != str(o, "type"):
				t.Errorf("%s: %s is a %s in ATT&CK, not a %s", str(o, "id"), x, m.typ, str(o, "type"))
			case m.id == str(o, "id"):
				t.Errorf("%s: reuses MITRE's id for %s", str(o, "id"), x)
			}
		}
	}
}

// TestPackIsValid runs accord's own validator over every object.
func TestPackIsValid(t *testing.T) {
	data := Bundle()
	doc, err := stix.Split(data)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Kind != "bundle" {
		t.Fatalf("pack.json is a %s, want a bundle", doc.Kind)
	}
	for _, sp := range doc.Objects {
		v, err := stix.Parse(sp.Data)
		if err != nil {
			t.Errorf("pack.json:%d: %v", sp.Line, stix.ShiftError(err, data, sp))
			continue
		}
		for _, p := range stix.Validate(v) {
			p.File, p.Line = "pack.json", sp.Line
			t.Error(p)
		}
		if v.GetString("pattern_type") == "stix" {
			if _, err := pattern.Parse(v.GetString("pattern")); err != nil {
				t.Errorf("pack.json:%d: %s: /pattern: %v", sp.Line, v.GetString("id"), err)
			}
		}
	}
}

// logIndicators are the HAFNIUM indicators a defender's IIS and Exchange
// logs can hit, each with the identity that published it, its confidence
// (absent: none) and log events it must and must not match.
var logIndicators = []struct {
	name, author string
	confidence   float64
	hits, misses []pattern.Event
}{
	{"IP addresses related to possible HAFNIUM activity", "identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01", 30,
		[]pattern.Event{logEvent("", "", "104.140.114.110"), logEvent("", "", "5.2.69.14")},
		[]pattern.Event{logEvent("", "", "10.20.5.14"), logEvent("", "", "104.140.114.11")}},
	{"POST to OWA static resources (CVE-2021-26858 exploitation)", "identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01", 70,
		[]pattern.Event{
			logEvent("POST", "/owa/auth/Current/themes/resources/logon.css", ""),
			logEvent("POST", "/ecp/y.js", ""),
			logEvent("POST", "/ecp/default.flt", ""),
			logEvent("POST", "/ecp/main.css?x=1", ""),
		},
		[]pattern.Event{
			logEvent("GET", "/owa/auth/Current/themes/resources/favicon.ico", ""),
			logEvent("GET", "/ecp/y.js", ""),
			logEvent("POST", "/ecp/DDI/DDIService.svc/GetList", ""),
			logEvent("POST", "/ecp/yy.js", ""),
		}},
	{"Web-shell URLs of the Exchange exploitation (IIS paths)", "identity--fccdf2f5-5440-42bf-bb07-a7c7a71657ea", -1,
		[]pattern.Event{
			logEvent("", "/owa/auth/8Lw7tAhF9i1pJnRo.aspx", ""),
			logEvent("", "/owa/auth/current/one1.aspx", ""),
			logEvent("", "/aspnet_client/system_web/log.aspx", ""),
			logEvent("", "/aspnet_client/supp0rt.aspx?cmd=1", ""),
		},
		[]pattern.Event{
			logEvent("", "/owa/auth/logon.aspx", ""),
			logEvent("", "/owa/auth/errorFE.aspx", ""),
			logEvent("", "/owa/", ""),
		}},
}

// logEvent is a log line as the IIS reader gives it to the engine: the
// network-traffic (Obj 0), the client's address (Obj 1) and the url (Obj 4).
// A network-traffic's request_value is the url's value.
func logEvent(method, url, ip string) pattern.Event {
	var ev pattern.Event
	add := func(obj int, path, v string) {
		if v != "" {
			ev.Props = append(ev.Props, pattern.Prop{Obj: obj, Path: path, Value: pattern.StringValue(v)})
		}
	}
	add(0, "network-traffic:extensions.'http-request-ext'.request_method", method)
	add(0, "network-traffic:extensions.'http-request-ext'.request_value", url)
	add(4, "url:value", url)
	add(1, "ipv4-addr:value", ip)
	add(0, "network-traffic:src_ref.value", ip)
	return ev
}

// TestPackLogIndicators checks the indicators that logs can hit: who
// published them, their confidence, that each indicates HAFNIUM in a
// relationship by the same publisher, and what they match.
func TestPackLogIndicators(t *testing.T) {
	const hafnium = "intrusion-set--0c9f20d5-3a98-4c49-8cf4-3b7a6a4d6df6"
	ids := byID(t)
	for _, want := range logIndicators {
		var ind object
		for _, o := range ids {
			if str(o, "type") == "indicator" && str(o, "name") == want.name {
				ind = o
			}
		}
		if ind == nil {
			t.Errorf("no indicator %q", want.name)
			continue
		}
		id := str(ind, "id")
		if str(ind, "created_by_ref") != want.author {
			t.Errorf("%s: created by %s, want %s", id, str(ind, "created_by_ref"), want.author)
		}
		if c, ok := ind["confidence"].(float64); want.confidence >= 0 && c != want.confidence || want.confidence < 0 && ok {
			t.Errorf("%s: confidence = %v, want %v", id, ind["confidence"], want.confidence)
		}
		var targets []string
		for _, o := range ids {
			if str(o, "relationship_type") == "indicates" && str(o, "source_ref") == id {
				targets = append(targets, str(o, "target_ref"))
				if str(o, "created_by_ref") != want.author {
					t.Errorf("%s: relationship %s created by %s, want %s", id, str(o, "id"), str(o, "created_by_ref"), want.author)
				}
			}
		}
		if len(targets) != 1 || targets[0] != hafnium {
			t.Errorf("%s: indicates %v, want only HAFNIUM", id, targets)
		}
		p, err := pattern.Parse(str(ind, "pattern"))
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		c, err := pattern.Compile(p)
		if err != nil {
			t.Errorf("%s: %v", id, err)
			continue
		}
		for _, ev := range want.hits {
			if !c.Match(&ev) {
				t.Errorf("%s: does not match %v", id, ev.Props)
			}
		}
		for _, ev := range want.misses {
			if c.Match(&ev) {
				t.Errorf("%s: matches %v", id, ev.Props)
			}
		}
	}
}
