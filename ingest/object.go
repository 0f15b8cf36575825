package ingest

import (
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/stix"
)

// aliasProperties are the properties whose strings are other names for the
// object: STIX's own and the custom ones of the feeds accord imports.
var aliasProperties = []string{"aliases", "x_mitre_aliases", "x_opencti_aliases", "x_misp_synonyms"}

// toObject extracts the indexed properties of a valid STIX 2.1 object
// whose JSON is raw.
func toObject(v *stix.Value, original string, raw []byte) *accord.Object {
	o := &accord.Object{
		ID:                  v.GetString("id"),
		Type:                v.GetString("type"),
		Created:             normTime(v.GetString("created")),
		Modified:            normTime(v.GetString("modified")),
		OriginalSpecVersion: original,
		Name:                v.GetString("name"),
		Description:         v.GetString("description"),
	}
	if r := v.Get("revoked"); r != nil && r.Kind == stix.Bool {
		o.Revoked = r.Bool
	}
	if o.Name == "" && stix.TypeCategory(o.Type) == stix.CategorySCO {
		o.Name = v.GetString("value")
	}
	o.Aliases = aliases(v, o.Name)
	for _, ref := range v.Get("external_references").Elems() {
		if id := ref.GetString("external_id"); id != "" {
			o.ExternalIDs = append(o.ExternalIDs, id)
		}
	}
	switch o.Type {
	case "relationship":
		o.SourceRef = v.GetString("source_ref")
		o.TargetRef = v.GetString("target_ref")
		o.RelationshipType = v.GetString("relationship_type")
	case "sighting":
		o.SourceRef = v.GetString("sighting_of_ref")
		o.RelationshipType = "sighting"
	}
	o.Raw = raw
	return o
}

func aliases(v *stix.Value, name string) []string {
	var out []string
	seen := map[string]bool{name: true}
	for _, p := range aliasProperties {
		for _, a := range v.Get(p).Strings() {
			if !seen[a] {
				seen[a] = true
				out = append(out, a)
			}
		}
	}
	return out
}

// normTime renders a valid RFC 3339 timestamp in accord.TimeLayout; "" stays "".
func normTime(s string) string {
	if s == "" {
		return ""
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return accord.FormatTime(t)
}
