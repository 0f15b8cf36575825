package feed

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/ingest"
	"github.com/accord-cti/accord/stix"
)

// Check validates one object a feed sent, as accord serve validates a
// POSTed one: a STIX 2.1 object that passes ingest's checks. It returns
// the object's id ("" when it has none) and the reason it is refused ("" when
// it is valid), the JSON path of each problem after where.
func Check(ctx context.Context, where string, raw json.RawMessage) (id, reason string) {
	v, err := stix.Parse(raw)
	switch {
	case err != nil:
		return "", fmt.Sprintf("%s: %v", where, err)
	case v.Kind != stix.Object:
		return "", fmt.Sprintf("%s is a JSON %s, not an object", where, v.Kind)
	}
	id = v.GetString("id")
	if sv := v.GetString("spec_version"); sv != "2.1" {
		return id, fmt.Sprintf("%s: spec_version is %q; a TAXII 2.1 feed sends STIX 2.1", where, sv)
	}
	_, problems, err := ingest.Check(ctx, ingest.Source{Name: where, Data: raw}, ingest.Options{Format: ingest.FormatSTIX})
	switch {
	case err != nil:
		return id, fmt.Sprintf("%s: %v", where, err)
	case len(problems) > 0:
		return id, problemsText(where, problems)
	}
	return id, ""
}

// problemsText joins validation problems with their JSON paths.
func problemsText(where string, problems stix.Problems) string {
	var b bytes.Buffer
	for i, p := range problems {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s%s: %s", where, p.Path, p.Message)
	}
	return b.String()
}

// sorted splits a page's objects into the valid ones, as one JSON array
// for ingest, and the quarantined ones.
func sorted(ctx context.Context, feed string, page int, objs []json.RawMessage) (valid []byte, n int, bad []accord.Quarantined) {
	valid = []byte{'['}
	for i, raw := range objs {
		id, reason := Check(ctx, fmt.Sprintf("page %d objects[%d]", page, i), raw)
		if reason != "" {
			bad = append(bad, accord.Quarantined{Feed: feed, ID: id, Reason: reason, Raw: raw})
			continue
		}
		if n > 0 {
			valid = append(valid, ',')
		}
		valid = append(valid, raw...)
		n++
	}
	return append(valid, ']'), n, bad
}
