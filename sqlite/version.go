package sqlite

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/accord-cti/accord"
)

// put writes o, or counts it skipped, given cur.
func (w *writer) put(o *accord.Object) error {
	cur, found := w.cur[o.ID]
	switch {
	case !found:
		return w.write(o)
	case o.Modified > cur.modified:
		if err := w.unindex(cur.added, `UPDATE objects SET latest = 0 WHERE added = ?`); err != nil {
			return err
		}
		return w.write(o)
	case o.Modified == cur.modified && o.Modified != "":
		w.res.Skipped++
		return nil
	case o.Modified == cur.modified:
		return w.replace(o, cur.added)
	default:
		return w.writeOlder(o)
	}
}

// write writes o as the latest version of its id, and indexes it.
func (w *writer) write(o *accord.Object) error {
	added := w.next()
	if _, err := w.exec(insertObject, objectArgs(added, o, true)...); err != nil {
		return err
	}
	for _, r := range refsOf(o.Name, o.Aliases, o.ExternalIDs) {
		if _, err := w.exec(`INSERT OR IGNORE INTO refs (ref, obj, kind) VALUES (?, ?, ?)`, r.ref, added, r.kind); err != nil {
			return err
		}
	}
	if searchable(o.Type, o.Name) {
		const q = `INSERT INTO search (rowid, name, aliases, description) VALUES (?, ?, ?, ?)`
		if _, err := w.exec(q, added, o.Name, text(encodeList(o.Aliases)), o.Description); err != nil {
			return err
		}
	}
	w.cur[o.ID] = version{added, o.Modified}
	if w.bulk {
		w.versions[versionKey(o.ID, o.Modified)] = struct{}{}
	}
	w.written(o)
	return nil
}

func (w *writer) written(o *accord.Object) {
	w.res.Added++
	w.res.ByType[o.Type]++
}

// replace writes o in place of the unversioned row at added, unless their
// JSON is the same.
func (w *writer) replace(o *accord.Object, added int64) error {
	var raw []byte
	st, err := w.stmt(`SELECT raw FROM objects WHERE added = ?`)
	if err != nil {
		return err
	}
	if err := st.QueryRow(added).Scan(&raw); err != nil {
		return err
	}
	if bytes.Equal(raw, o.Raw) {
		w.res.Skipped++
		return nil
	}
	if err := w.unindex(added, `DELETE FROM objects WHERE added = ?`); err != nil {
		return err
	}
	return w.write(o)
}

// writeOlder writes o, older than the latest version of its id, unless that
// version is stored.
func (w *writer) writeOlder(o *accord.Object) error {
	if w.bulk {
		return w.writeOlderBulk(o)
	}
	added := w.next()
	res, err := w.exec(insertObject+` ON CONFLICT (id, modified) DO NOTHING`, objectArgs(added, o, false)...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		w.res.Skipped++
		return nil
	}
	w.written(o)
	return nil
}

// writeOlderBulk is writeOlder without the index: versions says what is stored.
func (w *writer) writeOlderBulk(o *accord.Object) error {
	key := versionKey(o.ID, o.Modified)
	if _, ok := w.versions[key]; ok {
		w.res.Skipped++
		return nil
	}
	if _, err := w.exec(insertObject, objectArgs(w.next(), o, false)...); err != nil {
		return err
	}
	w.versions[key] = struct{}{}
	w.written(o)
	return nil
}

// next returns the added time of the next version: now in Unix
// microseconds, or one more than the last, so that it is unique and
// increasing even within a Put or when the clock steps back.
func (w *writer) next() int64 {
	w.last = max(time.Now().UnixMicro(), w.last+1)
	return w.last
}

// unindex removes the stored version at added from refs and search, then
// runs then on its row: it is no longer the latest, or no longer there.
func (w *writer) unindex(added int64, then string) error {
	st, err := w.stmt(`SELECT type, coalesce(name, ''), coalesce(aliases, ''), coalesce(external_ids, '') FROM objects WHERE added = ?`)
	if err != nil {
		return err
	}
	var typ, name, aliases, extIDs string
	if err := st.QueryRow(added).Scan(&typ, &name, &aliases, &extIDs); err != nil {
		return err
	}
	for _, r := range refsOf(name, decodeList(aliases), decodeList(extIDs)) {
		if _, err := w.exec(`DELETE FROM refs WHERE ref = ? AND obj = ?`, r.ref, added); err != nil {
			return err
		}
	}
	if searchable(typ, name) {
		if _, err := w.exec(`DELETE FROM search WHERE rowid = ?`, added); err != nil {
			return err
		}
	}
	_, err = w.exec(then, added)
	return err
}

// insertObject inserts the row objectArgs gives the values of.
const insertObject = `INSERT INTO objects (added, id, modified, type, latest, revoked,
	created, spec_version, name, description, aliases, external_ids,
	source_ref, target_ref, relationship_type, raw)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// objectArgs returns the values of o's row. Empty text is stored as NULL,
// which costs the driver less to bind and keeps the partial indexes on
// source_ref and target_ref to relationships.
func objectArgs(added int64, o *accord.Object, latest bool) []any {
	return []any{added, o.ID, o.Modified, o.Type, latest, o.Revoked, text(o.Created),
		text(o.OriginalSpecVersion), text(o.Name), text(searchedDescription(o)),
		text(encodeList(o.Aliases)), text(encodeList(o.ExternalIDs)),
		text(o.SourceRef), text(o.TargetRef), text(o.RelationshipType), []byte(o.Raw)}
}

// searchedDescription returns o's description when o is searched, and ""
// otherwise: the descriptions of ATT&CK's 19,000 relationships are an
// eighth of its bytes, which the store would copy for nothing.
func searchedDescription(o *accord.Object) string {
	if !searchable(o.Type, o.Name) {
		return ""
	}
	return o.Description
}

// text maps "" to NULL.
func text(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// searchable reports whether objects of this type and name go into search.
func searchable(typ, name string) bool {
	return name != "" && typ != "relationship" && typ != "sighting"
}

// ref is one row of the refs table.
type ref struct {
	ref  string
	kind int
}

// refsOf returns the lower-cased references Resolve finds an object by,
// each once, with its best kind: 1 external id, 2 name, 3 alias.
func refsOf(name string, aliases, extIDs []string) []ref {
	var refs []ref
	add := func(s string, kind int) {
		s = strings.ToLower(strings.TrimSpace(s))
		for _, r := range refs {
			if r.ref == s {
				return
			}
		}
		if s != "" {
			refs = append(refs, ref{s, kind})
		}
	}
	for _, s := range extIDs {
		add(s, 1)
	}
	add(name, 2)
	for _, s := range aliases {
		add(s, 3)
	}
	return refs
}

// encodeList stores a list of strings as a JSON array, or "" when empty.
func encodeList(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	buf, _ := json.Marshal(ss) // a []string always marshals
	return string(buf)
}

// decodeList reverses encodeList.
func decodeList(s string) []string {
	if s == "" {
		return nil
	}
	var ss []string
	if err := json.Unmarshal([]byte(s), &ss); err != nil {
		return nil
	}
	return ss
}
