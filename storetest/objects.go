package storetest

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/accord-cti/accord"
)

// spec describes a test object; object turns it into an accord.Object with
// minimal STIX 2.1 JSON, extracted as the importer would.
type spec struct {
	typ, id           string
	created, modified string // RFC 3339; both empty for an SCO
	name, desc        string
	aliases, extIDs   []string
	revoked           bool
	src, tgt, relType string         // relationships; src alone for a sighting
	props             map[string]any // further STIX properties
}

func (s spec) object() *accord.Object {
	m := map[string]any{"type": s.typ, "spec_version": "2.1", "id": s.id}
	set := func(k string, v any, ok bool) {
		if ok {
			m[k] = v
		}
	}
	set("created", s.created, s.created != "")
	set("modified", s.modified, s.modified != "")
	set("name", s.name, s.name != "")
	set("description", s.desc, s.desc != "")
	set("aliases", s.aliases, len(s.aliases) > 0)
	set("revoked", true, s.revoked)
	set("external_references", extRefs(s.extIDs), len(s.extIDs) > 0)
	if s.typ == "sighting" {
		m["sighting_of_ref"] = s.src
	} else {
		set("relationship_type", s.relType, s.relType != "")
		set("source_ref", s.src, s.src != "")
		set("target_ref", s.tgt, s.tgt != "")
	}
	for k, v := range s.props {
		m[k] = v
	}
	raw, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	relType := s.relType
	if s.typ == "sighting" {
		relType = "sighting"
	}
	return &accord.Object{
		ID: s.id, Type: s.typ, Created: stamp(s.created), Modified: stamp(s.modified),
		Revoked: s.revoked, OriginalSpecVersion: "2.1",
		Name: s.name, Description: s.desc, Aliases: s.aliases, ExternalIDs: s.extIDs,
		SourceRef: s.src, TargetRef: s.tgt, RelationshipType: relType,
		Raw: raw,
	}
}

func extRefs(ids []string) []map[string]string {
	refs := make([]map[string]string, len(ids))
	for i, id := range ids {
		refs[i] = map[string]string{"source_name": "mitre-attack", "external_id": id}
	}
	return refs
}

// stamp renders an RFC 3339 time in accord.TimeLayout, "" as "".
func stamp(s string) string {
	if s == "" {
		return ""
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return accord.FormatTime(t)
}

func stixID(typ string, n int) string {
	return fmt.Sprintf("%s--00000000-0000-4000-8000-%012d", typ, n)
}

// The ids of the test world.
var (
	idHafnium = stixID("intrusion-set", 1)
	idAPT29   = stixID("intrusion-set", 2)
	idAPT40   = stixID("intrusion-set", 3)
	idT1190   = stixID("attack-pattern", 1)
	idWebShel = stixID("attack-pattern", 2)
	idOldWeb  = stixID("attack-pattern", 3) // revoked by idWebShel
	idChopper = stixID("malware", 1)
	idCVE     = stixID("vulnerability", 1)
	idRelExpl = stixID("relationship", 1) // HAFNIUM uses T1190
	idRelChop = stixID("relationship", 2) // HAFNIUM uses China Chopper (two versions)
	idRelAPT  = stixID("relationship", 3) // APT40 uses T1190
	idRelWeb  = stixID("relationship", 4) // China Chopper uses Web Shell
	idRelRev  = stixID("relationship", 5) // old Web Shell revoked-by Web Shell
	idInd     = stixID("indicator", 1)
	idSight   = stixID("sighting", 1)
	idFile    = stixID("file", 1)
	idTLP     = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"
)

const (
	day1 = "2021-03-02T00:00:00.000Z"
	day2 = "2024-04-10T12:00:00.000Z"
)

// The versions of the world that tests put alone.
var (
	hafnium1 = spec{typ: "intrusion-set", id: idHafnium, created: day1, modified: day1,
		name: "HAFNIUM", aliases: []string{"HAFNIUM"}, extIDs: []string{"G0125"},
		desc: "HAFNIUM is a state-sponsored group operating out of China that exploited Exchange servers with ProxyLogon."}
	hafnium2 = spec{typ: "intrusion-set", id: idHafnium, created: day1, modified: day2,
		name: "HAFNIUM", aliases: []string{"HAFNIUM", "Silk Typhoon"}, extIDs: []string{"G0125"},
		desc: "HAFNIUM is a state-sponsored group operating out of China that exploited Exchange servers; later also named Silk Typhoon."}
	oldWeb1 = spec{typ: "attack-pattern", id: idOldWeb, created: "2017-05-31T21:31:13.061Z", modified: "2017-05-31T21:31:13.061Z",
		name: "Web Shell", extIDs: []string{"T1100"}, desc: "Adversaries may backdoor web servers."}
	oldWeb2 = spec{typ: "attack-pattern", id: idOldWeb, created: "2017-05-31T21:31:13.061Z", modified: "2020-01-14T17:18:32.126Z",
		name: "Web Shell", extIDs: []string{"T1100"}, desc: "Adversaries may backdoor web servers.", revoked: true}
	file1 = spec{typ: "file", id: idFile, name: "discover.aspx",
		props: map[string]any{"hashes": map[string]string{"SHA-256": "b75f163ca9b9240bf4b37ad92bc7556b40a17e27c2b8ed5c8991385fe07d17d0"}}}
	file2 = spec{typ: "file", id: idFile, name: "supp0rt.aspx",
		props: map[string]any{"hashes": map[string]string{"SHA-256": "097549cf7d0f76f0d99edf8b2d91c60977fd6a96e4b8c3c94b0b1733dc026d3e"}}}
)

// world returns a small intelligence picture of 2021 in the order a test
// puts it: versioned SDOs and SROs, a revoked object, a sighting, an SCO and
// a marking definition. idHafnium, idOldWeb and idRelChop have two versions.
func world() []*accord.Object {
	specs := []spec{
		{typ: "marking-definition", id: idTLP, created: "2017-01-20T00:00:00.000Z", modified: "2017-01-20T00:00:00.000Z",
			name: "TLP:WHITE", props: map[string]any{"definition_type": "tlp", "definition": map[string]string{"tlp": "white"}}},
		hafnium1,
		{typ: "intrusion-set", id: idAPT29, created: day1, modified: day1, name: "APT29",
			aliases: []string{"APT29", "NOBELIUM", "UNC2452", "Cozy Bear"}, extIDs: []string{"G0016"},
			desc: "APT29 is a threat group attributed to Russia's Foreign Intelligence Service (SVR)."},
		{typ: "intrusion-set", id: idAPT40, created: day1, modified: day1, name: "APT40",
			aliases: []string{"APT40", "Leviathan", "TEMP.Periscope", "Gingham Typhoon"}, extIDs: []string{"G0065"},
			desc: "APT40 is a cyber espionage group attributed to the Hainan State Security Department."},
		{typ: "attack-pattern", id: idT1190, created: day1, modified: day1, name: "Exploit Public-Facing Application",
			extIDs: []string{"T1190"}, desc: "Adversaries may exploit a weakness in an Internet-facing host, such as an Exchange server."},
		{typ: "attack-pattern", id: idWebShel, created: day1, modified: day1, name: "Web Shell",
			extIDs: []string{"T1505.003"}, desc: "Adversaries may backdoor web servers with web shells to establish persistence."},
		oldWeb1,
		{typ: "malware", id: idChopper, created: day1, modified: day1, name: "China Chopper", extIDs: []string{"S0020"},
			desc:  "China Chopper is a web shell: a small web shell page and a client that controls it.",
			props: map[string]any{"is_family": true}},
		{typ: "vulnerability", id: idCVE, created: day1, modified: day1, name: "CVE-2021-26855",
			extIDs: []string{"CVE-2021-26855"}, desc: "Exchange Server server-side request forgery (ProxyLogon)."},
		rel(idRelExpl, day1, idHafnium, idT1190, "HAFNIUM exploited ProxyLogon on public-facing Exchange servers."),
		rel(idRelChop, day1, idHafnium, idChopper, "HAFNIUM deployed China Chopper."),
		rel(idRelAPT, day1, idAPT40, idT1190, "APT40 exploited public-facing applications."),
		rel(idRelWeb, day1, idChopper, idWebShel, "China Chopper is a web shell."),
		{typ: "relationship", id: idRelRev, created: day2, modified: day2, relType: "revoked-by", src: idOldWeb, tgt: idWebShel},
		hafnium2,
		oldWeb2,
		rel(idRelChop, day2, idHafnium, idChopper, "HAFNIUM deployed China Chopper web shells on Exchange servers."),
		{typ: "indicator", id: idInd, created: day1, modified: day1, name: "China Chopper page",
			props: map[string]any{"pattern": "[file:hashes.'SHA-256' = 'b75f163ca9b9240bf4b37ad92bc7556b40a17e27c2b8ed5c8991385fe07d17d0']",
				"pattern_type": "stix", "valid_from": day1}},
		{typ: "sighting", id: idSight, created: day2, modified: day2, src: idInd, props: map[string]any{"count": 3}},
		file1,
	}
	return objects(specs...)
}

func rel(id, modified, src, tgt, desc string) spec {
	return spec{typ: "relationship", id: id, created: day1, modified: modified,
		relType: "uses", src: src, tgt: tgt, desc: desc}
}

func objects(specs ...spec) []*accord.Object {
	objs := make([]*accord.Object, len(specs))
	for i, s := range specs {
		objs[i] = s.object()
	}
	return objs
}
