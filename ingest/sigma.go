package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/sigma"
	"github.com/accord-cti/accord/stix"
)

// sigmaNamespace is the UUIDv5 namespace of the ids of the STIX objects
// made from Sigma rules, so that a rule always becomes the same indicator
// and importing it again updates it.
const sigmaNamespace = "0b7e1f5e-33c2-5a5e-8f3a-6a1d2c9e4b70"

// SigmaIndicatorID returns the id of the STIX indicator of the Sigma rule
// r: derived from its id (from its title when it has none).
func SigmaIndicatorID(r *sigma.Rule) string {
	key := "sigma:" + r.ID
	if r.ID == "" {
		key = "sigma-title:" + r.Title
	}
	return "indicator--" + stix.NameUUID(sigmaNamespace, key)
}

// SigmaIndicator returns the STIX 2.1 indicator of a Sigma rule:
// pattern_type "sigma" and the rule's YAML as its pattern, its title as
// name, its date as created and valid_from (its modified date as
// modified), its id as the external id of a "sigma" external reference
// and its references as URLs, its level and status as labels, and its
// ATT&CK tactics as kill-chain phases (a reference that is no URL is a
// reference's description). A rule without a date is stamped now.
func SigmaIndicator(r *sigma.Rule, now time.Time) map[string]any {
	created, modified := sigmaDates(r, now)
	refs := []map[string]any{{"source_name": "sigma", "external_id": cmpOr(r.ID, r.Title)}}
	for _, u := range r.References {
		if strings.Contains(u, "://") && !strings.ContainsAny(u, " \t\r\n") {
			refs = append(refs, map[string]any{"source_name": "reference", "url": u})
		} else if u = strings.TrimSpace(u); u != "" {
			refs = append(refs, map[string]any{"source_name": "reference", "description": u})
		}
	}
	ind := map[string]any{
		"type": "indicator", "spec_version": "2.1", "id": SigmaIndicatorID(r),
		"created": stamp(created), "modified": stamp(modified),
		"name": cmpOr(r.Title, r.ID), "pattern_type": "sigma", "pattern": string(r.Text),
		"valid_from": stamp(created), "indicator_types": []string{sigmaIndicatorType(r.Level)},
		"external_references": refs,
	}
	if r.Description != "" {
		ind["description"] = r.Description
	}
	if labels := sigmaLabels(r); len(labels) > 0 {
		ind["labels"] = labels
	}
	if phases := sigmaPhases(r.Tags); len(phases) > 0 {
		ind["kill_chain_phases"] = phases
	}
	return ind
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// sigmaModified finds a rule's top-level modified date in its text.
var sigmaModified = regexp.MustCompile(`(?m)^modified:\s*['"]?(\d{4}[-/]\d{1,2}[-/]\d{1,2})`)

// sigmaDates returns when a rule was written and last changed, by its date
// and modified fields ("2021/03/03" or "2021-03-03"), now when it has no
// date.
func sigmaDates(r *sigma.Rule, now time.Time) (created, modified time.Time) {
	created, ok := sigmaDate(r.Date)
	if !ok {
		return now, now
	}
	modified = created
	if m := sigmaModified.FindSubmatch(r.Text); m != nil {
		if t, ok := sigmaDate(string(m[1])); ok && t.After(created) {
			modified = t
		}
	}
	return created, modified
}

func sigmaDate(s string) (time.Time, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "/", "-")
	t, err := time.Parse("2006-1-2", s)
	return t, err == nil
}

// sigmaIndicatorType maps a rule's level to STIX's indicator-type
// vocabulary.
func sigmaIndicatorType(level string) string {
	switch level {
	case "critical", "high":
		return "malicious-activity"
	case "medium", "low":
		return "anomalous-activity"
	}
	return "unknown"
}

// sigmaLabels are a rule's level, status and tags.
func sigmaLabels(r *sigma.Rule) []string {
	var labels []string
	if r.Level != "" {
		labels = append(labels, "sigma-level:"+r.Level)
	}
	if r.Status != "" {
		labels = append(labels, "sigma-status:"+r.Status)
	}
	return append(labels, r.Tags...)
}

// sigmaTechnique matches the tags that name an ATT&CK technique,
// software or group: attack.t1190, attack.t1059.001, attack.s0002,
// attack.g0125.
var sigmaTechnique = regexp.MustCompile(`^attack\.([tsg]\d{4}(?:\.\d{3})?)$`)

// sigmaPhases returns the ATT&CK tactics of a rule's tags
// (attack.initial-access) as kill-chain phases.
func sigmaPhases(tags []string) []map[string]any {
	var out []map[string]any
	for _, t := range tags {
		phase, ok := strings.CutPrefix(strings.ToLower(t), "attack.")
		if !ok || sigmaTechnique.MatchString(strings.ToLower(t)) || !strings.ContainsRune(phase, '-') && !sigmaTactic[phase] {
			continue
		}
		out = append(out, map[string]any{"kill_chain_name": "mitre-attack", "phase_name": phase})
	}
	return out
}

// sigmaTactic lists the one-word ATT&CK tactics; the others have a '-'.
var sigmaTactic = map[string]bool{"reconnaissance": true, "execution": true, "persistence": true,
	"discovery": true, "collection": true, "exfiltration": true, "impact": true}

// SigmaSummary says what converting Sigma rules to STIX made.
type SigmaSummary struct {
	Rules int      `json:"rules"` // indicators
	Links int      `json:"links"` // indicates relationships to ATT&CK objects
	Notes []string `json:"notes"` // tags whose ATT&CK object is not in the store
}

// SigmaSource turns Sigma rules into one STIX bundle to Import: an
// indicator per rule (SigmaIndicator) and, for each attack.tNNNN,
// attack.sNNNN or attack.gNNNN tag whose technique, software or group is
// in store, an "indicates" relationship from the indicator to it. A tag
// whose object is not in the store is a note of the summary. A rule id met
// twice keeps the first rule.
func SigmaSource(ctx context.Context, store accord.Store, name string, rules []*sigma.Rule, now time.Time) (Source, SigmaSummary, error) {
	var (
		sum    SigmaSummary
		objs   []map[string]any
		seen   = map[string]bool{}
		lookup = attackLookup{store: store, cache: map[string][]string{}}
	)
	for _, r := range rules {
		ind := SigmaIndicator(r, now)
		id := ind["id"].(string)
		if seen[id] {
			sum.Notes = append(sum.Notes, fmt.Sprintf("%s: rule %s: same id as a rule before it, left out", r.Path, r.ID))
			continue
		}
		seen[id] = true
		objs = append(objs, ind)
		sum.Rules++
		links, notes, err := lookup.links(ctx, r, id, ind["modified"].(string))
		if err != nil {
			return Source{}, sum, err
		}
		objs, sum.Links, sum.Notes = append(objs, links...), sum.Links+len(links), append(sum.Notes, notes...)
	}
	data, err := json.Marshal(map[string]any{"type": "bundle", "id": "bundle--" + stix.NameUUID(sigmaNamespace, fmt.Sprint(now.UnixNano())), "objects": objs})
	if err != nil {
		return Source{}, sum, accord.Errorf(accord.EINTERNAL, "sigma bundle: %v", err)
	}
	return Source{Name: name, Data: data}, sum, nil
}

// attackLookup finds the ATT&CK objects of tags in a store, once per tag.
type attackLookup struct {
	store accord.Store
	cache map[string][]string // external id (upper case): the ids of its objects
}

// links returns the relationships from indicator id to the ATT&CK objects
// of r's tags, and notes for the tags not in the store.
func (l *attackLookup) links(ctx context.Context, r *sigma.Rule, id, stamp string) ([]map[string]any, []string, error) {
	var out []map[string]any
	var notes []string
	done := map[string]bool{}
	for _, t := range r.Tags {
		m := sigmaTechnique.FindStringSubmatch(strings.ToLower(t))
		if m == nil {
			continue
		}
		ext := strings.ToUpper(m[1])
		targets, err := l.find(ctx, ext)
		if err != nil {
			return nil, nil, err
		}
		if len(targets) == 0 {
			notes = append(notes, fmt.Sprintf("%s: rule %s: tag %s: no ATT&CK object %s in the knowledge base", r.Path, cmpOr(r.ID, r.Title), t, ext))
		}
		for _, target := range targets {
			if done[target] {
				continue
			}
			done[target] = true
			out = append(out, map[string]any{
				"type": "relationship", "spec_version": "2.1",
				"id":      "relationship--" + stix.NameUUID(sigmaNamespace, id+" indicates "+target),
				"created": stamp, "modified": stamp, "relationship_type": "indicates",
				"source_ref": id, "target_ref": target,
				"description": fmt.Sprintf("Sigma rule tag %s", t),
			})
		}
	}
	return out, notes, nil
}

// attackTypes are the types an ATT&CK tag can name.
var attackTypes = []string{"attack-pattern", "malware", "tool", "intrusion-set"}

// find returns the ids of the unrevoked ATT&CK objects with external id
// ext (T1190, S0002, G0125).
func (l *attackLookup) find(ctx context.Context, ext string) ([]string, error) {
	if ids, ok := l.cache[ext]; ok {
		return ids, nil
	}
	objs, err := l.store.Resolve(ctx, ext)
	if err != nil && accord.ErrorCode(err) != accord.ENOTFOUND {
		return nil, err
	}
	var ids []string
	for _, o := range objs {
		if o.Revoked || !slices.Contains(attackTypes, o.Type) || !slices.ContainsFunc(o.ExternalIDs, func(e string) bool {
			return strings.EqualFold(e, ext)
		}) {
			continue
		}
		ids = append(ids, o.ID)
	}
	slices.Sort(ids)
	l.cache[ext] = ids
	return ids, nil
}
