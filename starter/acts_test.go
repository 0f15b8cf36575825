package starter

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/accord-cti/accord/acts"
	"github.com/google/go-cmp/cmp"
)

// phraseConfidence maps the verbatim confidence phrases of the pack's acts
// to the STIX 0-100 scale (STIX 2.1 appendix A: "High" is 85 on the
// High/Medium/Low scale, "Highly Likely" 90 on the WEP scale).
var phraseConfidence = map[string]int{
	"with high confidence":             85,
	"high confidence":                  85,
	"with a high degree of confidence": 85,
	"highly likely":                    90,
}

// refTypes are the types each reference property of an act may name.
var refTypes = map[string][]string{
	"issuer_ref":        {"identity"},
	"co_signer_refs":    {"identity"},
	"accused_refs":      {"intrusion-set", "threat-actor", "identity"},
	"activity_refs":     {"campaign", "incident", "intrusion-set"},
	"origin_refs":       {"location"},
	"source_refs":       {"report"},
	"disputed_act_refs": {acts.Type},
}

// TestPackActs checks every attribution act against the extension: it
// parses, is created by its issuer, names the extension-definition, refers
// to objects of the right types, and states a confidence exactly when it
// quotes one.
func TestPackActs(t *testing.T) {
	ids := byID(t)
	def := ids[acts.ExtensionID]
	if str(def, "type") != "extension-definition" || !slices.Equal(def["extension_types"].([]any), []any{"new-sdo"}) ||
		!strings.HasSuffix(str(def, "schema"), "/acts/schema.json") || str(def, "version") == "" || str(ids[str(def, "created_by_ref")], "name") != "accord" {
		t.Fatalf("extension-definition %s is missing or not accord's new-sdo definition: %v", acts.ExtensionID, def)
	}
	n := 0
	for id, o := range ids {
		if str(o, "type") != acts.Type {
			continue
		}
		n++
		raw, _ := json.Marshal(o)
		a, err := acts.Parse(raw)
		if err != nil {
			t.Error(err)
			continue
		}
		if a.CreatedByRef != a.IssuerRef {
			t.Errorf("%s: created_by_ref %s is not the issuer %s", id, a.CreatedByRef, a.IssuerRef)
		}
		ext, _ := o["extensions"].(map[string]any)
		if e, _ := ext[acts.ExtensionID].(map[string]any); str(e, "extension_type") != "new-sdo" {
			t.Errorf("%s: extensions lacks %s with extension_type new-sdo", id, acts.ExtensionID)
		}
		checkActRefs(t, ids, id, o)
		want, quoted := phraseConfidence[a.ConfidencePhrase]
		switch {
		case a.ConfidencePhrase != "" && !quoted:
			t.Errorf("%s: confidence phrase %q has no mapping to the STIX scale", id, a.ConfidencePhrase)
		case quoted && (a.Confidence == nil || *a.Confidence != want):
			t.Errorf("%s: confidence %v for %q, want %d", id, a.Confidence, a.ConfidencePhrase, want)
		case !quoted && a.Confidence != nil:
			t.Errorf("%s: confidence %d without a stated phrase", id, *a.Confidence)
		}
	}
	if n == 0 {
		t.Fatal("the pack has no attribution acts")
	}
}

func checkActRefs(t *testing.T, ids map[string]object, id string, o object) {
	t.Helper()
	for prop, types := range refTypes {
		var refs []any
		switch v := o[prop].(type) {
		case string:
			refs = []any{v}
		case []any:
			refs = v
		}
		for _, r := range refs {
			if target := ids[r.(string)]; !slices.Contains(types, str(target, "type")) {
				t.Errorf("%s: %s names %v, a %q; want one of %v", id, prop, r, str(target, "type"), types)
			}
		}
	}
}

// TestPackActsRecord checks that the pack records the 2021 acts of
// CONTEXT.md: who, what, when, and whom they accuse.
func TestPackActsRecord(t *testing.T) {
	ids := byID(t)
	var got []string
	for _, o := range ids {
		if str(o, "type") != acts.Type {
			continue
		}
		var accused []string
		refs, _ := o["accused_refs"].([]any)
		for _, r := range refs {
			accused = append(accused, str(ids[r.(string)], "name"))
		}
		slices.Sort(accused)
		got = append(got, str(o, "act_date")[:10]+" "+str(o, "act_type")+" "+str(ids[str(o, "issuer_ref")], "name")+": "+strings.Join(accused, ", "))
	}
	slices.Sort(got)
	const mss, svr = "Ministry of State Security (MSS)", "Foreign Intelligence Service of the Russian Federation (SVR)"
	want := []string{
		"2021-03-02 vendor-attribution Microsoft Threat Intelligence Center (MSTIC): HAFNIUM",
		"2021-04-15 expulsion US Department of State: " + svr,
		"2021-04-15 government-statement The White House: " + svr,
		"2021-04-15 government-statement UK Government (NCSC, FCDO): " + svr,
		"2021-04-15 sanction US Department of the Treasury (OFAC): " + svr,
		"2021-07-19 advisory Cybersecurity and Infrastructure Security Agency (CISA): Hainan State Security Department (HSSD)",
		"2021-07-19 denial Embassy of the People's Republic of China in the United States: " + mss,
		"2021-07-19 government-statement European Union (High Representative, Council of the EU): ",
		"2021-07-19 government-statement Government of Australia: " + mss,
		"2021-07-19 government-statement Government of Canada: " + mss,
		"2021-07-19 government-statement Government of Japan: " + mss,
		"2021-07-19 government-statement Government of New Zealand: " + mss,
		"2021-07-19 government-statement Government of Norway: " + mss,
		"2021-07-19 government-statement NATO (North Atlantic Council): ",
		"2021-07-19 government-statement UK Government (NCSC, FCDO): " + mss,
		"2021-07-19 government-statement US Department of State: " + mss,
		"2021-07-19 indictment US Department of Justice: Cheng Qingmin, Ding Xiaoyang, Hainan State Security Department (HSSD), Hainan Xiandun Technology Development Co., Ltd., Wu Shurong, Zhu Yunmin",
		"2021-07-19 joint-statement The White House: " + mss,
		"2021-07-20 denial Ministry of Foreign Affairs of the People's Republic of China: " + mss,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("acts (-want +got):\n%s", diff)
	}
}

// TestActSchema checks acts/schema.json against the acts package and the
// pack: the same act types, and every required property present.
func TestActSchema(t *testing.T) {
	data, err := os.ReadFile("../acts/schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Required   []string
		Properties struct {
			ActType struct{ Enum []string } `json:"act_type"`
		}
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatalf("acts/schema.json: %v", err)
	}
	if diff := cmp.Diff(acts.ActTypes, schema.Properties.ActType.Enum); diff != "" {
		t.Errorf("act_type enum (-acts.ActTypes +schema):\n%s", diff)
	}
	for id, o := range byID(t) {
		if str(o, "type") != acts.Type {
			continue
		}
		for _, k := range schema.Required {
			if _, ok := o[k]; !ok {
				t.Errorf("%s: lacks %s, which the schema requires", id, k)
			}
		}
	}
}
