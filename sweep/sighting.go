package sweep

import (
	"cmp"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/accord-cti/accord/stix"
)

// accordNamespace is the UUIDv5 namespace of the ids accord derives from
// names; it is hunt's, so that a reporter has one identity for hunts and
// sweeps.
const accordNamespace = "5f0d2f6e-6c4a-4b6e-9d7e-0a3c1e2b4d5f"

// maxObserved bounds the files a sighting keeps observed-data of.
const maxObserved = 20

// ruleEpoch stamps the indicators accord makes of its content rules: a
// fixed time, so that the same rule is always the same object.
const ruleEpoch = "2021-03-02T00:00:00.000Z"

// Sightings turns findings into STIX 2.1 objects: the reporter's identity
// and, for each indicator of the knowledge base and each content rule that
// files hit, a sighting (count of files, x_accord_source the paths) with
// observed-data of a sample of the files (file objects with name, size and
// hashes). A content rule's sighting is of targets[rule name] (its
// family's malware in the knowledge base) or, without one, of an
// indicator made for the rule with a deterministic id, which is returned
// too. Findings of Loki lines and of indicators that are no STIX objects
// (--intel lists) are not sighted. now stamps what is created.
func Sightings(findings []Finding, reporter string, targets map[string]string, now time.Time) []map[string]any {
	stamp := now.UTC().Format("2006-01-02T15:04:05.000Z")
	identity := map[string]any{
		"type": "identity", "spec_version": "2.1", "id": "identity--" + stix.NameUUID(accordNamespace, "identity:"+reporter),
		"created": stamp, "modified": stamp, "name": reporter, "identity_class": "organization",
	}
	groups := map[string][]Finding{}
	extra := map[string]map[string]any{}
	for _, f := range findings {
		switch {
		case f.Kind == KindIndicator && strings.HasPrefix(f.ID, "indicator--"):
			groups[f.ID] = append(groups[f.ID], f)
		case f.Kind == KindContent:
			target := targets[f.ID]
			if target == "" {
				ind := ruleIndicator(f.Content)
				target = ind["id"].(string)
				extra[target] = ind
			}
			groups[target] = append(groups[target], f)
		}
	}
	objs := []map[string]any{identity}
	for _, id := range slices.Sorted(maps.Keys(extra)) {
		objs = append(objs, extra[id])
	}
	seen := map[string]bool{}
	for _, target := range slices.Sorted(maps.Keys(groups)) {
		for _, o := range sightingOf(target, groups[target], identity["id"].(string), stamp) {
			if id := o["id"].(string); !seen[id] {
				seen[id] = true
				objs = append(objs, o)
			}
		}
	}
	return objs
}

// sightingOf returns the sighting of target by the files of fs, followed by
// observed-data and file objects of a sample of them.
func sightingOf(target string, fs []Finding, identity, stamp string) []map[string]any {
	slices.SortFunc(fs, func(a, b Finding) int { return cmp.Compare(a.File, b.File) })
	fs = slices.CompactFunc(fs, func(a, b Finding) bool { return a.File == b.File })
	var files, refs []string
	var observed []map[string]any
	for _, f := range fs {
		files = append(files, f.File)
		if len(refs) == maxObserved {
			continue
		}
		if sco := fileSCO(f); sco != nil {
			od := map[string]any{
				"type": "observed-data", "spec_version": "2.1",
				"id":      "observed-data--" + stix.NameUUID(accordNamespace, "observed:"+f.File+":"+sco["id"].(string)),
				"created": stamp, "modified": stamp, "first_observed": stamp, "last_observed": stamp,
				"number_observed": 1, "object_refs": []string{sco["id"].(string)}, "x_accord_source": f.File,
			}
			refs = append(refs, od["id"].(string))
			observed = append(observed, od, sco)
		}
	}
	s := map[string]any{
		"type": "sighting", "spec_version": "2.1",
		"id":      "sighting--" + stix.NameUUID(accordNamespace, "sighting:"+target+":"+strings.Join(files, ",")),
		"created": stamp, "modified": stamp, "sighting_of_ref": target,
		"where_sighted_refs": []string{identity}, "count": len(files),
		"description":     fmt.Sprintf("accord sweep: %s hit %d files.", cmp.Or(fs[0].Name, fs[0].ID), len(files)),
		"x_accord_source": files[:min(len(files), maxObserved)],
	}
	if len(refs) > 0 {
		s["observed_data_refs"] = refs
	}
	return append([]map[string]any{s}, observed...)
}

// fileSCO is the file object of a finding's file, with its deterministic
// id, or nil.
func fileSCO(f Finding) map[string]any {
	sco := map[string]any{"type": "file", "spec_version": "2.1", "name": filepath.Base(f.File)}
	hashes := map[string]any{}
	for algo, v := range map[string]string{"MD5": f.Hashes.MD5, "SHA-1": f.Hashes.SHA1, "SHA-256": f.Hashes.SHA256, "SHA-512": f.Hashes.SHA512} {
		if v != "" {
			hashes[algo] = v
		}
	}
	if len(hashes) > 0 {
		sco["hashes"] = hashes
		sco["size"] = f.Size
	}
	if !stix.SetDeterministicID(sco) {
		return nil
	}
	return sco
}

// ruleIndicator is the indicator accord makes of a content rule that has
// no malware in the knowledge base to sight.
func ruleIndicator(r *ContentRule) map[string]any {
	name := "accord web-shell rule " + r.Name
	if r.Family != "" {
		name += " (" + r.Family + ")"
	}
	return map[string]any{
		"type": "indicator", "spec_version": "2.1",
		"id":      "indicator--" + stix.NameUUID(accordNamespace, "sweep-rule:"+r.Name),
		"created": ruleEpoch, "modified": ruleEpoch, "valid_from": ruleEpoch,
		"name": name, "description": r.Description, "indicator_types": []string{"malicious-activity"},
		"pattern_type": "accord-content-rule", "pattern": ruleText(r), "confidence": r.Score,
	}
}

// ruleText writes a content rule's condition for people.
func ruleText(r *ContentRule) string {
	var parts []string
	if r.AtStart != "" {
		parts = append(parts, fmt.Sprintf("starts with %q", r.AtStart))
	}
	if len(r.All) > 0 {
		parts = append(parts, fmt.Sprintf("all of %q", r.All))
	}
	if len(r.Any) > 0 {
		parts = append(parts, fmt.Sprintf("%d of %q", cmp.Or(r.MinAny, len(r.Any)), r.Any))
	}
	if r.Regex != "" {
		parts = append(parts, "matches (?i)"+r.Regex)
	}
	if r.MaxSize > 0 {
		parts = append(parts, fmt.Sprintf("size at most %d bytes", r.MaxSize))
	}
	return "case-insensitive text of the file: " + strings.Join(parts, "; ")
}
