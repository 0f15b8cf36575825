package attrib

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/accord-cti/accord/ingest"
	"github.com/accord-cti/accord/sqlite"
	"github.com/accord-cti/accord/stix"
)

// testNS is the UUIDv5 namespace of the hand-built store's ids.
const testNS = "0b7b6c1e-2f65-4a53-9d59-6c1f5c1d2a10"

// fx builds a small STIX 2.1 bundle by hand: ids derive from names.
type fx struct{ objs []map[string]any }

func id(typ, name string) string { return typ + "--" + stix.NameUUID(testNS, typ+":"+name) }

const stamp = "2024-01-01T00:00:00.000Z"

// obj adds an object of type typ named name with extra properties.
func (f *fx) obj(typ, name string, extra map[string]any) string {
	o := map[string]any{"type": typ, "spec_version": "2.1", "id": id(typ, name), "created": stamp, "modified": stamp, "name": name}
	for k, v := range extra {
		o[k] = v
	}
	f.objs = append(f.objs, o)
	return o["id"].(string)
}

// rel adds a relationship with optional extra properties.
func (f *fx) rel(from, typ, to string, extra map[string]any) {
	o := map[string]any{"type": "relationship", "spec_version": "2.1", "id": id("relationship", from+typ+to),
		"created": stamp, "modified": stamp, "relationship_type": typ, "source_ref": from, "target_ref": to}
	for k, v := range extra {
		o[k] = v
	}
	f.objs = append(f.objs, o)
}

func attackID(extID string) map[string]any {
	return map[string]any{"external_references": []any{map[string]any{"source_name": "mitre-attack", "external_id": extID}}}
}

func cites(sources ...string) map[string]any {
	var refs []any
	for _, s := range sources {
		refs = append(refs, map[string]any{"source_name": s, "description": "report"})
	}
	return map[string]any{"external_references": refs}
}

// smallStore is the hand-built knowledge base of the engine's tests: four
// live groups (Alpha, Beta, Gamma, and "MSS Team", named like a sponsor but
// attributed to nothing), one revoked and one deprecated group, a sponsor
// reached only through a recorded attributed-to, a campaign of Beta's,
// custom malware used by one group and a tool used by three.
func smallStore() []byte {
	f := &fx{}
	gov := f.obj("identity", "Government B", map[string]any{"identity_class": "organization"})
	vendor := f.obj("identity", "Vendor A", map[string]any{"identity_class": "organization"})
	alpha := f.obj("intrusion-set", "Alpha", attackID("G9001"))
	beta := f.obj("intrusion-set", "Beta", attackID("G9002"))
	gamma := f.obj("intrusion-set", "Gamma", attackID("G9003"))
	mssTeam := f.obj("intrusion-set", "MSS Team", attackID("G9004"))
	old := f.obj("intrusion-set", "Old", map[string]any{"revoked": true})
	dep := f.obj("intrusion-set", "Deprecated", map[string]any{"x_mitre_deprecated": true})
	rat := f.obj("malware", "AlphaRAT", map[string]any{"is_family": true, "external_references": []any{map[string]any{"source_name": "mitre-attack", "external_id": "S9001"}}})
	loader := f.obj("malware", "BetaLoader", map[string]any{"is_family": true})
	mimi := f.obj("tool", "Mimikatz", attackID("S0002"))
	t1059 := f.obj("attack-pattern", "Command and Scripting Interpreter", attackID("T1059"))
	t1059001 := f.obj("attack-pattern", "PowerShell", attackID("T1059.001"))
	t1059003 := f.obj("attack-pattern", "Windows Command Shell", attackID("T1059.003"))
	t1190 := f.obj("attack-pattern", "Exploit Public-Facing Application", attackID("T1190"))
	cve1 := f.obj("vulnerability", "CVE-2099-0001", nil)
	cve2 := f.obj("vulnerability", "CVE-2099-0002", nil)
	mss := f.obj("threat-actor", "Ministry of State Security", map[string]any{"aliases": []any{"MSS"}})
	china := f.obj("location", "China", map[string]any{"country": "CN"})
	energy := f.obj("identity", "Energy companies", map[string]any{"identity_class": "class", "sectors": []any{"energy"}})
	camp := f.obj("campaign", "Operation Beta", cites("Report C1"))

	f.rel(t1059001, "subtechnique-of", t1059, nil)
	f.rel(t1059003, "subtechnique-of", t1059, nil)
	for _, g := range []string{alpha, old, dep} {
		f.rel(g, "uses", rat, nil)
	}
	for _, g := range []string{alpha, beta, gamma} {
		f.rel(g, "uses", mimi, nil)
	}
	f.rel(alpha, "uses", t1059003, nil)
	f.rel(alpha, "targets", cve1, nil)
	f.rel(alpha, "targets", energy, nil)
	f.rel(beta, "uses", t1059, nil)
	f.rel(beta, "uses", t1190, nil)
	f.rel(beta, "targets", cve1, nil)
	f.rel(beta, "uses", loader, cites("Report C1"))
	f.rel(gamma, "uses", t1190, nil)
	f.rel(gamma, "targets", cve2, nil)
	f.rel(mssTeam, "targets", china, nil)
	f.rel(alpha, "attributed-to", mss, map[string]any{"created_by_ref": gov, "confidence": 85})
	f.rel(mss, "located-at", china, nil)
	f.rel(camp, "attributed-to", beta, map[string]any{"created_by_ref": vendor})
	f.rel(camp, "uses", loader, cites("Report C1"))
	f.rel(camp, "uses", t1190, cites("Report C1"))
	f.obj("campaign", "Unattributed Op", nil)
	b, err := json.Marshal(map[string]any{"type": "bundle", "id": "bundle--" + stix.NameUUID(testNS, "bundle"), "objects": f.objs})
	if err != nil {
		panic(err)
	}
	return b
}

// openStore imports the bundles into a new store in a temp directory.
func openStore(tb testing.TB, bundles ...[]byte) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(filepath.Join(tb.TempDir(), "accord.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	for i, b := range bundles {
		if _, err := ingest.Import(context.Background(), db, ingest.Source{Name: "bundle", Data: b}, ingest.Options{}); err != nil {
			tb.Fatalf("import bundle %d: %v", i, err)
		}
	}
	return db
}

// newTestEngine builds an engine over the bundles.
func newTestEngine(tb testing.TB, bundles ...[]byte) *Engine {
	tb.Helper()
	e, err := New(context.Background(), openStore(tb, bundles...))
	if err != nil {
		tb.Fatal(err)
	}
	return e
}
