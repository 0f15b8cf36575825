package sqlite_test

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"iter"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/accord-cti/accord"
)

// syntheticObjects returns n objects shaped like MITRE ATT&CK's: nine in
// ten are relationships between the others (about 1 KB of JSON each), the
// rest named techniques, software and groups with 600-byte descriptions
// (about 3 KB each), most with an external id and the groups and software
// with aliases.
func syntheticObjects(n int) []*accord.Object { return syntheticSeeded(n, 1) }

// syntheticSeeded is syntheticObjects with other ids for each seed.
func syntheticSeeded(n int, seed uint64) []*accord.Object {
	r := rand.New(rand.NewPCG(seed, 2))
	named := max(n/10, 1)
	objs := make([]*accord.Object, 0, n)
	for i := range named {
		objs = append(objs, namedObject(r, i))
	}
	for len(objs) < n {
		src, tgt := objs[r.IntN(named)], objs[r.IntN(named)]
		objs = append(objs, relationshipObject(r, src.ID, tgt.ID))
	}
	return objs
}

var (
	namedTypes = []string{"attack-pattern", "attack-pattern", "attack-pattern", "attack-pattern",
		"attack-pattern", "attack-pattern", "malware", "malware", "tool", "intrusion-set"}
	synthStamp = accord.FormatTime(time.Date(2024, 11, 12, 14, 30, 0, 123e6, time.UTC))
)

func namedObject(r *rand.Rand, i int) *accord.Object {
	typ := namedTypes[i%len(namedTypes)]
	o := &accord.Object{
		ID: stixID(r, typ), Type: typ, Created: synthStamp, Modified: synthStamp,
		OriginalSpecVersion: "2.0",
		Name:                fmt.Sprintf("%s %s %d", words(r, 1), words(r, 1), i),
		Description:         words(r, 85)[:600],
	}
	if i%4 != 3 {
		o.ExternalIDs = []string{fmt.Sprintf("%c%04d", "TSG"[i%3], i)}
	}
	if typ != "attack-pattern" {
		o.Aliases = []string{o.Name, words(r, 2), words(r, 1)}
	}
	o.Raw = rawJSON(o, words(r, 260))
	return o
}

func relationshipObject(r *rand.Rand, src, tgt string) *accord.Object {
	o := &accord.Object{
		ID: stixID(r, "relationship"), Type: "relationship", Created: synthStamp, Modified: synthStamp,
		OriginalSpecVersion: "2.0", Description: words(r, 40),
		SourceRef: src, TargetRef: tgt, RelationshipType: "uses",
	}
	o.Raw = rawJSON(o, words(r, 45))
	return o
}

// rawJSON renders o as STIX JSON, with pad as a citation's description to
// reach ATT&CK's sizes.
func rawJSON(o *accord.Object, pad string) json.RawMessage {
	m := map[string]any{"type": o.Type, "id": o.ID, "created": "2024-11-12T14:30:00.123Z",
		"modified": "2024-11-12T14:30:00.123Z", "description": o.Description,
		"created_by_ref":      "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5",
		"object_marking_refs": []string{"marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168"},
		"x_mitre_version":     "1.0", "x_mitre_modified_by_ref": "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5",
	}
	refs := []map[string]string{{"source_name": "Example Report", "url": "https://example.com/report", "description": pad}}
	for _, x := range o.ExternalIDs {
		refs = append(refs, map[string]string{"source_name": "mitre-attack", "external_id": x})
	}
	m["external_references"] = refs
	if o.Name != "" {
		m["name"] = o.Name
	}
	if len(o.Aliases) > 0 {
		m["aliases"] = o.Aliases
	}
	if o.SourceRef != "" {
		m["source_ref"], m["target_ref"], m["relationship_type"] = o.SourceRef, o.TargetRef, o.RelationshipType
	}
	raw, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return raw
}

func stixID(r *rand.Rand, typ string) string {
	b := make([]byte, 16)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return fmt.Sprintf("%s--%x-%x-4%x-8%x-%x", typ, b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])[:len(typ)+2+36]
}

var vocabulary = strings.Fields(`adversaries may use the command interpreter to execute
	scripts payloads windows credential access persistence discovery lateral movement
	exfiltration collection defense evasion privilege escalation network service remote
	exchange server web shell phishing malware group campaign infrastructure domain`)

// words returns n words of the vocabulary, space-separated.
func words(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(vocabulary[r.IntN(len(vocabulary))])
	}
	return b.String()
}

// seqOf yields objs.
func seqOf(objs []*accord.Object) iter.Seq2[*accord.Object, error] {
	return func(yield func(*accord.Object, error) bool) {
		for _, o := range objs {
			if !yield(o, nil) {
				return
			}
		}
	}
}

// rawDB opens a second handle on the file at path, bypassing the store.
func rawDB(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func queryStrings(t testing.TB, path, query string) []string {
	t.Helper()
	rows, err := rawDB(t, path).Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func execRaw(t testing.TB, path, query string) {
	t.Helper()
	if _, err := rawDB(t, path).Exec(query); err != nil {
		t.Fatal(err)
	}
}
