package sqlite

import (
	"encoding/base64"
	"encoding/binary"
	"slices"
	"strings"
	"time"

	"github.com/accord-cti/accord"
)

// A cursor (CollectionFilter.Next) is the date added of the last version a
// page returned: dates are unique within a collection, so the next page is
// what was added after it, whatever was added or removed meanwhile. It is
// opaque to clients: a version byte and the date in Unix microseconds,
// base64url.
const cursorVersion = 1

func encodeCursor(dateAdded int64) string {
	var b [9]byte
	b[0] = cursorVersion
	binary.BigEndian.PutUint64(b[1:], uint64(dateAdded))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// decodeCursor returns the date a cursor holds; "" is the start.
func decodeCursor(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != 9 || b[0] != cursorVersion || b[1]&0x80 != 0 {
		return 0, accord.Errorf(accord.EINVALID, "next %q is not a cursor this server gave", s)
	}
	return int64(binary.BigEndian.Uint64(b[1:])), nil
}

// versionSel is a parsed CollectionFilter.Versions.
type versionSel struct {
	all, first, last bool
	at               []string // timestamps, in accord.TimeLayout
}

// parseVersions parses match[version]: dflt stands for an empty list.
func parseVersions(vs []string, dflt string) (versionSel, error) {
	var sel versionSel
	if len(vs) == 0 {
		vs = []string{dflt}
	}
	for _, v := range vs {
		switch v {
		case accord.VersionAll:
			sel.all = true
		case accord.VersionFirst:
			sel.first = true
		case accord.VersionLast:
			sel.last = true
		default:
			t, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				return sel, accord.Errorf(accord.EINVALID, "version %q: want first, last, all or an RFC 3339 timestamp", v)
			}
			sel.at = append(sel.at, accord.FormatTime(t))
		}
	}
	return sel, nil
}

// where returns the condition on collection_objects c that sel makes.
func (sel versionSel) where() (string, []any) {
	if sel.all {
		return "1 = 1", nil
	}
	var or []string
	var args []any
	if sel.first {
		or = append(or, `c.modified = (SELECT min(modified) FROM collection_objects v WHERE v.collection_id = c.collection_id AND v.id = c.id)`)
	}
	if sel.last {
		or = append(or, `c.modified = (SELECT max(modified) FROM collection_objects v WHERE v.collection_id = c.collection_id AND v.id = c.id)`)
	}
	if len(sel.at) > 0 {
		or = append(or, `c.version IN (SELECT value FROM json_each(?))`)
		args = append(args, encodeList(sel.at))
	}
	return "(" + strings.Join(or, " OR ") + ")", args
}

// specVersionOK says whether match[spec_version] selects the store's
// objects, which are all STIX 2.1.
func specVersionOK(svs []string) bool {
	return len(svs) == 0 || slices.Contains(svs, "2.1")
}
