package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/stix"
)

// A MISP galaxy threat-actor cluster (misp-galaxy's clusters/threat-actor.json)
// is converted to one intrusion-set per actor, created by a MISP-galaxy
// identity, with the synonyms as aliases and the rest of the actor's meta
// kept as x_misp_* properties. Nothing is merged with ATT&CK's objects:
// `accord consensus` links them through their names and aliases.

// galaxyTime is the created time of the objects made from a galaxy; their
// modified time adds the galaxy's version in seconds, so that importing the
// same version again adds nothing and a newer version adds new versions.
var galaxyTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// galaxyFile is the part of a MISP galaxy cluster file accord reads.
type galaxyFile struct {
	Type    string        `json:"type"`
	Name    string        `json:"name"`
	Source  string        `json:"source"`
	UUID    string        `json:"uuid"`
	Version int           `json:"version"`
	Values  []galaxyValue `json:"values"`
	Authors []string      `json:"authors"`
}

// galaxyValue is one actor of the cluster.
type galaxyValue struct {
	Value       string                     `json:"value"`
	UUID        string                     `json:"uuid"`
	Description string                     `json:"description"`
	Meta        map[string]json.RawMessage `json:"meta"`
	Related     json.RawMessage            `json:"related"`
}

// IsMISPGalaxy reports whether data is a MISP galaxy threat-actor cluster:
// a JSON object whose "type" is "threat-actor" with a "values" list. It
// reads the top-level keys only as far as needed, so that a STIX bundle
// (type "bundle") is told apart at once.
func IsMISPGalaxy(data []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	var typ, values bool
	for dec.More() && !(typ && values) {
		k, err := dec.Token()
		if err != nil {
			return false
		}
		switch k {
		case "type":
			var s string
			if dec.Decode(&s) != nil || s != "threat-actor" {
				return false
			}
			typ = true
		case "values":
			values = true
			var skip json.RawMessage
			if !typ && dec.Decode(&skip) != nil {
				return false
			}
		case "objects", "spec_version", "id":
			return false // STIX
		default:
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return false
			}
		}
	}
	return typ && values
}

// prepareGalaxy converts a MISP galaxy source to STIX JSON lines; any other
// source is returned as it is. A galaxy that cannot be read is an error
// that says where (EINVALID).
func prepareGalaxy(src Source, opts Options) (Source, error) {
	if opts.Format != "" || !IsMISPGalaxy(src.Data) {
		return src, nil
	}
	out, err := ConvertGalaxy(src.Name, src.Data)
	if err != nil {
		return src, err
	}
	return Source{Name: src.Name, Data: out}, nil
}

// ConvertGalaxy converts a MISP galaxy threat-actor cluster to STIX 2.1
// JSON lines: the TLP:CLEAR marking, the galaxy's identity and one
// intrusion-set per actor. Ids are UUIDv5 of the MISP uuids, so that every
// import of the same actor finds the same object. An actor without a name
// or uuid is an error naming it by its index (/values/N).
func ConvertGalaxy(name string, data []byte) ([]byte, error) {
	if line := invalidUTF8Line(data); line > 0 {
		// encoding/json passes invalid bytes through a RawMessage (the
		// meta kept verbatim), and STIX must be UTF-8.
		return nil, accord.Errorf(accord.EINVALID, "%s:%d: MISP galaxy: invalid UTF-8", name, line)
	}
	var g galaxyFile
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, accord.Errorf(accord.EINVALID, "%s: MISP galaxy: %v", name, err)
	}
	if g.Type != "threat-actor" {
		return nil, accord.Errorf(accord.EINVALID, "%s: /type: MISP galaxy of type %q, want threat-actor", name, g.Type)
	}
	marking, _ := stix.TLPMarkingJSON("clear")
	buf := append(append([]byte{}, marking...), '\n')
	ident, err := json.Marshal(galaxyIdentity(g))
	if err != nil {
		return nil, err
	}
	buf = append(append(buf, ident...), '\n')
	seen := map[string]int{}
	for i, v := range g.Values {
		o, err := galaxyActor(g, v)
		if err == nil && seen[v.UUID] > 0 {
			err = fmt.Errorf("uuid %s repeats /values/%d", v.UUID, seen[v.UUID]-1)
		}
		if err != nil {
			return nil, accord.Errorf(accord.EINVALID, "%s: /values/%d: %v", name, i, err)
		}
		seen[v.UUID] = i + 1
		raw, err := json.Marshal(o)
		if err != nil {
			return nil, accord.Errorf(accord.EINVALID, "%s: /values/%d: %v", name, i, err)
		}
		buf = append(append(buf, raw...), '\n')
	}
	return buf, nil
}

// galaxyIdentityID is the id of the identity a galaxy's objects are created by.
func galaxyIdentityID(galaxyUUID string) string {
	return "identity--" + stix.NameUUID(feedNamespace, "misp-galaxy:"+galaxyUUID)
}

func galaxyTimes(g galaxyFile) (created, modified string) {
	return accord.FormatTime(galaxyTime)[:23] + "Z", accord.FormatTime(galaxyTime.Add(time.Duration(max(g.Version, 0)) * time.Second))[:23] + "Z"
}

func galaxyIdentity(g galaxyFile) map[string]any {
	created, modified := galaxyTimes(g)
	desc := "The MISP project's galaxy of threat actors (" + strings.Join(g.Authors, ", ") + "), as author of the objects made from it."
	return map[string]any{
		"type": "identity", "spec_version": "2.1", "id": galaxyIdentityID(g.UUID), "created": created, "modified": modified,
		"name": "MISP galaxy: " + cmpOr(g.Name, "Threat Actor"), "description": desc, "identity_class": "organization",
		"external_references": []extRef{{SourceName: "misp-galaxy", URL: "https://github.com/MISP/misp-galaxy", ExternalID: g.UUID}},
		"object_marking_refs": []string{stix.TLPClear},
	}
}

// galaxyActor converts one actor to an intrusion-set.
func galaxyActor(g galaxyFile, v galaxyValue) (map[string]any, error) {
	if strings.TrimSpace(v.Value) == "" {
		return nil, fmt.Errorf("actor without a value (name)")
	}
	if !validGalaxyUUID(v.UUID) {
		return nil, fmt.Errorf("%s: uuid %q is not a UUID", v.Value, v.UUID)
	}
	created, modified := galaxyTimes(g)
	o := map[string]any{
		"type": "intrusion-set", "spec_version": "2.1", "id": "intrusion-set--" + stix.NameUUID(feedNamespace, "misp-galaxy-actor:"+v.UUID),
		"created": created, "modified": modified, "created_by_ref": galaxyIdentityID(g.UUID),
		"name": v.Value, "object_marking_refs": []string{stix.TLPClear}, "x_misp_galaxy_version": g.Version,
	}
	if v.Description != "" {
		o["description"] = v.Description
	}
	if aliases := galaxyAliases(v); len(aliases) > 0 {
		o["aliases"] = aliases
	}
	refs := []extRef{{SourceName: "misp-galaxy", ExternalID: v.UUID, Description: "MISP galaxy threat-actor cluster value"}}
	for _, u := range metaStrings(v.Meta["refs"]) {
		refs = append(refs, extRef{SourceName: "misp-galaxy-ref", URL: u})
	}
	o["external_references"] = refs
	for key, prop := range galaxyProps {
		if s := metaStrings(v.Meta[key]); len(s) == 1 && !galaxyLists[key] {
			o[prop] = s[0]
		} else if len(s) > 0 {
			o[prop] = s
		}
	}
	if len(v.Meta) > 0 {
		o["x_misp_meta"] = v.Meta // everything the galaxy said, verbatim
	}
	if len(v.Related) > 0 && string(v.Related) != "null" {
		o["x_misp_related"] = v.Related
	}
	return o, nil
}

// galaxyProps are the meta entries promoted to properties of their own.
var galaxyProps = map[string]string{
	"country":                     "x_misp_country",
	"cfr-suspected-state-sponsor": "x_misp_suspected_state_sponsor",
	"cfr-suspected-victims":       "x_misp_suspected_victims",
	"cfr-target-category":         "x_misp_target_category",
	"cfr-type-of-incident":        "x_misp_type_of_incident",
	"attribution-confidence":      "x_misp_attribution_confidence",
}

// galaxyLists are the promoted entries kept as lists even with one value.
var galaxyLists = map[string]bool{"cfr-suspected-victims": true, "cfr-target-category": true}

// galaxyAliases are the synonyms, without the name itself or repeats.
func galaxyAliases(v galaxyValue) []string {
	var out []string
	for _, s := range metaStrings(v.Meta["synonyms"]) {
		s = strings.TrimSpace(s)
		if s != "" && !strings.EqualFold(s, v.Value) && !slices.ContainsFunc(out, func(o string) bool { return strings.EqualFold(o, s) }) {
			out = append(out, s)
		}
	}
	return out
}

// metaStrings reads a meta entry that is a string or a list of strings;
// anything else reads as nothing (it is kept in x_misp_meta).
func metaStrings(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	var l []string
	if json.Unmarshal(raw, &l) == nil {
		return slices.DeleteFunc(l, func(s string) bool { return s == "" })
	}
	return nil
}

func validGalaxyUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'):
			return false
		}
	}
	return true
}

// invalidUTF8Line returns the line of the first byte of data that is not
// UTF-8, or 0 when data is valid.
func invalidUTF8Line(data []byte) int {
	if utf8.Valid(data) {
		return 0
	}
	line := 1
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		i += n
	}
	return line
}
