package sweep

import (
	"slices"
	"testing"
	"time"

	"github.com/accord-cti/accord/hunt"
	"github.com/google/go-cmp/cmp"
)

// TestSightings: findings of one target are one sighting counting files
// once; a content rule without a target gets accord's own indicator, the
// same for every sweep; Loki and --intel findings are not sighted; the
// reporter's identity is the one accord hunt uses.
func TestSightings(t *testing.T) {
	t.Parallel()
	rules := WebShellRules()
	chopper, generic := &rules[0], &rules[8]
	ind := &hunt.Indicator{ID: "indicator--9f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e5f", Name: "payload"}
	sums := Hashes{MD5: "0cc175b9c0f1b6a831c399e269772661", SHA1: "86f7e437faa5a7fce15d1ddcb9eaeb988e4e3d9a",
		SHA256: "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"}
	findings := []Finding{
		{Kind: KindContent, ID: chopper.Name, Content: chopper, File: "/w/a.aspx", Hashes: sums, Size: 1},
		{Kind: KindContent, ID: rules[3].Name, Content: &rules[3], File: "/w/a.aspx", Hashes: sums, Size: 1},
		{Kind: KindContent, ID: chopper.Name, Content: chopper, File: "/w/b.aspx"},
		{Kind: KindContent, ID: generic.Name, Content: generic, File: "/w/a.aspx", Hashes: sums, Size: 1},
		{Kind: KindIndicator, ID: ind.ID, Indicator: ind, File: "/w/p.bin", Hashes: sums, Size: 1},
		{Kind: KindIndicator, ID: "iocs.txt:2", File: "/w/p.bin"},
		{Kind: KindName, ID: "list.txt:9", File: "/w/a.aspx"},
	}
	targets := map[string]string{chopper.Name: "malware--b68ae932-6ff5-471f-9fe0-b6b56b8223af", rules[3].Name: "malware--b68ae932-6ff5-471f-9fe0-b6b56b8223af"}
	now := time.Date(2021, 3, 3, 0, 0, 0, 0, time.UTC)
	objs := Sightings(findings, "CERT Example", targets, now)
	var got []string
	ruleInd := ""
	for _, o := range objs {
		switch o["type"] {
		case "sighting":
			got = append(got, o["sighting_of_ref"].(string)+" "+itoa(o["count"].(int))+" "+itoa(len(o["observed_data_refs"].([]string))))
		case "indicator":
			ruleInd = o["id"].(string)
			if o["name"] != "accord web-shell rule jscript-eval-unsafe" || o["pattern_type"] != "accord-content-rule" {
				t.Errorf("rule indicator %v", o)
			}
		case "file":
			if o["hashes"] == nil && o["name"] != "b.aspx" {
				t.Errorf("file without hashes: %v", o)
			}
		}
	}
	slices.Sort(got)
	want := []string{
		"indicator--9f1e2d3c-4b5a-4c6d-8e7f-0a1b2c3d4e5f 1 1",
		ruleInd + " 1 1",
		"malware--b68ae932-6ff5-471f-9fe0-b6b56b8223af 2 2",
	}
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sightings (-want +got):\n%s", diff)
	}
	if again := Sightings(findings, "CERT Example", targets, now.Add(time.Hour)); ruleIndicator(generic)["id"] != ruleInd || again[1]["id"] != ruleInd {
		t.Errorf("the rule's indicator is not deterministic")
	}
	if huntID := hunt.Sightings(nil, hunt.Reporter{Name: "CERT Example"}, now)[0]["id"]; objs[0]["id"] != huntID {
		t.Errorf("identity %v, accord hunt's is %v", objs[0]["id"], huntID)
	}
}

func TestPathVariants(t *testing.T) {
	t.Parallel()
	got := pathVariants("/mnt/c/inetpub/wwwroot/x.aspx", "/mnt/c", "C:")
	want := []string{"/mnt/c/inetpub/wwwroot/x.aspx", `\mnt\c\inetpub\wwwroot\x.aspx`, `C:\inetpub\wwwroot\x.aspx`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got := pathVariants("/outside/x", "/mnt/c", "C:"); len(got) != 2 {
		t.Errorf("a file outside its root has a drive path: %v", got)
	}
}
