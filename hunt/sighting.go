package hunt

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/accord-cti/accord/stix"
)

// Reporter is the organisation a hunt reports its sightings as: the
// identity named in every sighting's where_sighted_refs.
type Reporter struct {
	Name string
}

// accordNamespace is the UUIDv5 namespace of the ids accord derives from
// names (reporter identities, sightings of one hunt), so that the same name
// always gives the same id.
const accordNamespace = "5f0d2f6e-6c4a-4b6e-9d7e-0a3c1e2b4d5f"

// maxObserved bounds the observed-data objects a sighting refers to: a
// hunt can hit an indicator a million times, and the sighting counts them
// all but keeps a sample.
const maxObserved = 20

// Sightings turns findings into STIX 2.1 objects: for each indicator hit, a
// sighting (count, first and last seen, where sighted) and observed-data
// for a sample of the hits whose value is a cyber-observable accord can
// express (addresses, domains, e-mail addresses, file hashes, URLs with a
// scheme), with those SCOs and the reporter's identity. Every sighting and
// observed-data object also says where in the logs it came from
// (x_accord_source: file:line). now stamps created and modified.
func Sightings(findings []Finding, rep Reporter, now time.Time) []map[string]any {
	stamp := now.UTC().Format("2006-01-02T15:04:05.000Z")
	identity := map[string]any{
		"type": "identity", "spec_version": "2.1", "id": "identity--" + uuid5(accordNamespace, "identity:"+rep.Name),
		"created": stamp, "modified": stamp, "name": rep.Name, "identity_class": "organization",
	}
	objs := []map[string]any{identity}
	seen := map[string]bool{}
	for _, fs := range byIndicator(findings) {
		sighting, observed := sightingOf(fs, identity["id"].(string), stamp)
		objs = append(objs, sighting)
		for _, o := range observed {
			if id := o["id"].(string); !seen[id] {
				seen[id] = true
				objs = append(objs, o)
			}
		}
	}
	return objs
}

// byIndicator groups findings by indicator, in order of indicator id and,
// within one, of file and line.
func byIndicator(findings []Finding) [][]Finding {
	groups := map[string][]Finding{}
	for _, f := range findings {
		groups[f.Indicator.ID] = append(groups[f.Indicator.ID], f)
	}
	out := make([][]Finding, 0, len(groups))
	for _, id := range slices.Sorted(func(yield func(string) bool) {
		for id := range groups {
			if !yield(id) {
				return
			}
		}
	}) {
		fs := groups[id]
		slices.SortFunc(fs, func(a, b Finding) int {
			return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Path, b.Path))
		})
		out = append(out, fs)
	}
	return out
}

// sightingOf builds the sighting of one indicator's findings and the
// observed-data (with SCOs) of a sample of them.
func sightingOf(fs []Finding, identity, stamp string) (map[string]any, []map[string]any) {
	var observed []map[string]any
	var refs []string
	var first, last time.Time
	var lines []string // file:line, in order (fs is sorted)
	for _, f := range fs {
		if l := fmt.Sprintf("%s:%d", f.File, f.Line); len(lines) == 0 || lines[len(lines)-1] != l {
			lines = append(lines, l)
		}
		if !f.Time.IsZero() && (first.IsZero() || f.Time.Before(first)) {
			first = f.Time
		}
		if f.Time.After(last) {
			last = f.Time
		}
		if len(refs) == maxObserved {
			continue
		}
		sco := scoOf(f)
		if sco == nil {
			continue
		}
		od := observedData(f, sco, stamp)
		refs = append(refs, od["id"].(string))
		observed = append(observed, od, sco)
	}
	ind := fs[0].Indicator
	s := map[string]any{
		"type": "sighting", "spec_version": "2.1",
		"id":      "sighting--" + uuid5(accordNamespace, "sighting:"+ind.ID+":"+strings.Join(lines, ",")),
		"created": stamp, "modified": stamp,
		"sighting_of_ref":    ind.ID,
		"where_sighted_refs": []string{identity},
		"count":              len(lines),
		"description":        fmt.Sprintf("accord hunt: %s hit on %d log lines.", cmp.Or(ind.Name, ind.ID), len(lines)),
		"x_accord_source":    lines[:min(len(lines), maxObserved)],
	}
	if !first.IsZero() {
		s["first_seen"] = first.UTC().Format(time.RFC3339Nano)
		s["last_seen"] = last.UTC().Format(time.RFC3339Nano)
	}
	if len(refs) > 0 {
		s["observed_data_refs"] = refs
	}
	return s, observed
}

// observedData is the observed-data of one finding.
func observedData(f Finding, sco map[string]any, stamp string) map[string]any {
	at := f.Time
	if at.IsZero() {
		at, _ = time.Parse(time.RFC3339, stamp)
	}
	when := at.UTC().Format(time.RFC3339Nano)
	source := fmt.Sprintf("%s:%d", f.File, f.Line)
	return map[string]any{
		"type": "observed-data", "spec_version": "2.1",
		"id":      "observed-data--" + uuid5(accordNamespace, "observed:"+source+":"+f.Path+":"+f.Value),
		"created": stamp, "modified": stamp,
		"first_observed": when, "last_observed": when, "number_observed": 1,
		"object_refs":     []string{sco["id"].(string)},
		"x_accord_source": source,
	}
}

// scoOf returns the cyber-observable a finding's value is, with its
// deterministic id, or nil when accord cannot express it as one.
func scoOf(f Finding) map[string]any {
	typ, prop, _ := strings.Cut(f.Path, ":")
	sco := map[string]any{"type": typ, "spec_version": "2.1"}
	switch {
	case prop == "value" && (typ == "ipv4-addr" || typ == "ipv6-addr" || typ == "domain-name" || typ == "email-addr"):
		sco["value"] = f.Value
	case prop == "value" && typ == "url" && strings.Contains(f.Value, "://"):
		sco["value"] = f.Value
	case typ == "file" && strings.HasPrefix(prop, "hashes."):
		algo := strings.Trim(strings.TrimPrefix(prop, "hashes."), "'")
		sco["hashes"] = map[string]any{algo: f.Value}
	default:
		return nil
	}
	if !stix.SetDeterministicID(sco) {
		return nil
	}
	return sco
}

func uuid5(ns, name string) string { return stix.NameUUID(ns, name) }
