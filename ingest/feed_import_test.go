package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/stix"
	"github.com/google/go-cmp/cmp"
)

func TestDetectFeed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data, want string
	}{
		{"x-hash-iocs.txt", "# c\nd41d8cd98f00b204e9800998ecf8427e;x\n", FormatLokiHash},
		{"filename-iocs.txt", `\\x\.exe;80`, FormatLokiFilename},
		{"/a/b/C2-IOCS.TXT", "198.51.100.1\n", FormatLokiC2},
		{"feed.csv", "DateAdded,FirstSeen,Indicator,IndicatorType,TLP\r\n", FormatMSTIC},
		{"feed.csv", "\ufeffdateadded,firstseen,indicator,indicatortype,tlp\n", FormatMSTIC},
		{"feed.csv", "DateAdded,Indicator\n", ""},
		{"a.yaml", "# alert\n---\nname: x\nioc_type: network\nindicator:\n  ips: 1.2.3.4\n", FormatCHIRP},
		{"rule.yml", "title: x\nlogsource:\n  product: windows\ndetection:\n  sel:\n    ioc_type: x\n", ""},
		{"rule.yml", "title: x\nioc_type: x\nindicator: y\ndetection:\n  condition: sel\n", ""},
		{"README.md", "# CHIRP\n------\n```yaml\nioc_type: x\nindicator:\n```\n", ""},
		// JSON is STIX whatever the name says.
		{"hash-iocs.json", `{"type":"bundle","id":"bundle--1","objects":[]}`, ""},
		{"objects.jsonl", `{"type":"indicator"}`, ""},
	}
	for _, tt := range tests {
		if got := DetectFeed(tt.name, []byte(tt.data)); got != tt.want {
			t.Errorf("DetectFeed(%q, %q) = %q, want %q", tt.name, tt.data, got, tt.want)
		}
	}
}

// TestFeedProvenance checks what an indicator of each feed says of where
// it comes from.
func TestFeedProvenance(t *testing.T) {
	t.Parallel()
	type prov struct {
		Name, CreatedBy, Marking, ValidFrom, Created string
		Confidence                                   any
		Refs                                         []string
	}
	tests := []struct {
		file string
		line float64
		want prov
	}{
		{"sample-hash-iocs.txt", 9, prov{
			Name:      "signature-base SHA-256 e3b0c44298fc1c14…: Empty file SHA-256 with a score; and a semicolon",
			CreatedBy: "Nextron Systems / Florian Roth (signature-base)", Marking: stix.TLPClear,
			ValidFrom: "2026-01-02T03:04:05.000000000Z", Created: "2026-01-02T03:04:05.000000000Z", Confidence: 70.0,
			Refs: []string{"signature-base hash-iocs.txt line 9 https://github.com/Neo23x0/signature-base/blob/master/iocs/hash-iocs.txt"},
		}},
		{"sample-filename-iocs.txt", 9, prov{
			Name:      `signature-base file name \\svchost\.exe: Webshells`,
			CreatedBy: "Nextron Systems / Florian Roth (signature-base)", Marking: stix.TLPClear,
			ValidFrom: "2026-01-02T03:04:05.000000000Z", Created: "2026-01-02T03:04:05.000000000Z", Confidence: 100.0, // score 150, clamped
			Refs: []string{"signature-base filename-iocs.txt line 9 https://github.com/Neo23x0/signature-base/blob/master/iocs/filename-iocs.txt"},
		}},
		{"sample-c2-iocs.txt", 6, prov{
			Name:      "signature-base C2 IPv4 198.51.100.7",
			CreatedBy: "Nextron Systems / Florian Roth (signature-base)", Marking: stix.TLPClear,
			ValidFrom: "2026-01-02T03:04:05.000000000Z", Created: "2026-01-02T03:04:05.000000000Z",
			Refs: []string{
				"signature-base c2-iocs.txt line 6 https://github.com/Neo23x0/signature-base/blob/master/iocs/c2-iocs.txt",
				"reference  https://example.com/op-example",
			},
		}},
		{"sample-chirp.yaml", 15, prov{
			Name:      "CISA AA21-062A: IPv4 198.51.100.21",
			CreatedBy: "Cybersecurity and Infrastructure Security Agency (CISA)", Marking: stix.TLPClear,
			ValidFrom: "2026-01-02T03:04:05.000000000Z", Created: "2026-01-02T03:04:05.000000000Z", Confidence: 30.0,
			Refs: []string{"cisa AA21-062A https://us-cert.cisa.gov/ncas/alerts/aa21-062a", "reference  https://example.com/blog/exploitation"},
		}},
		{"sample-mstic.csv", 2, prov{
			Name:      "MSTIC sample-mstic: SHA-256 e3b0c44298fc1c14…",
			CreatedBy: "Microsoft Threat Intelligence Center (MSTIC)", Marking: stix.TLPClear,
			ValidFrom: "2021-03-05T10:07:29.042123200Z", Created: "2021-03-10T00:00:00.000000000Z",
			Refs: []string{"MSTIC line 2 https://github.com/Azure/Azure-Sentinel/tree/master/Sample%20Data/Feeds"},
		}},
		{"sample-mstic.csv", 4, prov{
			Name:      "MSTIC sample-mstic: domain evil.example.org",
			CreatedBy: "Microsoft Threat Intelligence Center (MSTIC)", Marking: stix.TLPGreen,
			ValidFrom: "2021-03-11T00:00:00.000000000Z", Created: "2021-03-11T00:00:00.000000000Z",
			Refs: []string{"MSTIC line 4 https://github.com/Azure/Azure-Sentinel/tree/master/Sample%20Data/Feeds"},
		}},
		{"sample-mstic.csv", 5, prov{
			Name:      "MSTIC sample-mstic: URL http://203.0.113.5/x",
			CreatedBy: "Microsoft Threat Intelligence Center (MSTIC)", Marking: stix.TLPAmber,
			ValidFrom: "2021-03-02T00:00:00.000000000Z", Created: "2021-03-11T00:00:00.000000000Z",
			Refs: []string{"MSTIC line 5 https://github.com/Azure/Azure-Sentinel/tree/master/Sample%20Data/Feeds"},
		}},
	}
	for _, tt := range tests {
		c := convertFile(t, filepath.Join("testdata", "feeds", tt.file), "")
		byID := map[string]map[string]any{}
		for _, o := range c.Objects {
			byID[o["id"].(string)] = o
		}
		var got *prov
		for _, o := range c.Objects {
			if o["type"] != "indicator" || o["x_feed_line"] != tt.line {
				continue
			}
			got = &prov{Name: o["name"].(string), Marking: o["object_marking_refs"].([]any)[0].(string),
				ValidFrom: o["valid_from"].(string), Created: o["created"].(string), Confidence: o["confidence"]}
			if by := byID[o["created_by_ref"].(string)]; by != nil {
				got.CreatedBy = by["name"].(string)
			}
			for _, r := range o["external_references"].([]any) {
				r := r.(map[string]any)
				got.Refs = append(got.Refs, strings.Join([]string{str(r["source_name"]), str(r["description"]) + str(r["external_id"]), str(r["url"])}, " "))
			}
			if byID[got.Marking] == nil {
				t.Errorf("%s:%v: the marking definition %s is not written with the indicator", tt.file, tt.line, got.Marking)
			}
		}
		if got == nil {
			t.Errorf("%s:%v: no indicator", tt.file, tt.line)
			continue
		}
		if diff := cmp.Diff(tt.want, *got); diff != "" {
			t.Errorf("%s:%v: (-want +got):\n%s", tt.file, tt.line, diff)
		}
	}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func TestImportFeed(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("testdata", "feeds", "sample-c2-iocs.txt"))
	if err != nil {
		t.Fatal(err)
	}
	src := Source{Name: "sample-c2-iocs.txt", Data: data}
	var r recorder
	res, err := Import(context.Background(), &r, src, Options{})
	if err != nil {
		t.Fatalf("a feed with bad lines is imported without them: %v", err)
	}
	// 6 indicators, their producer's identity and the TLP:CLEAR marking.
	if res.Objects != 8 || len(r.got) != 8 || res.Duplicates != 1 {
		t.Errorf("objects %d, stored %d, duplicates %d; want 8, 8, 1", res.Objects, len(r.got), res.Duplicates)
	}
	var lines []string
	for _, p := range res.Invalid {
		lines = append(lines, p.String()[:len("sample-c2-iocs.txt:14")])
	}
	if diff := cmp.Diff([]string{"sample-c2-iocs.txt:14", "sample-c2-iocs.txt:15"}, lines); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}

	// The same feed gives the same ids: importing it again updates.
	var again recorder
	if _, err := Import(context.Background(), &again, src, Options{}); err != nil {
		t.Fatal(err)
	}
	for i := range r.got {
		if r.got[i].ID != again.got[i].ID {
			t.Errorf("object %d: id %s, then %s", i, r.got[i].ID, again.got[i].ID)
		}
	}

	var strict recorder
	res, err = Import(context.Background(), &strict, src, Options{Strict: true})
	var problems stix.Problems
	if !errors.As(err, &problems) || accord.ErrorCode(err) != accord.EINVALID || len(problems) != 2 || strict.got != nil {
		t.Errorf("--strict: err %v, stored %d objects; want the 2 problems and nothing stored", err, len(strict.got))
	}

	_, err = Import(context.Background(), &strict, Source{Name: "x.csv", Data: []byte("a,b\n")}, Options{Format: FormatMSTIC})
	if err == nil || !strings.Contains(err.Error(), "x.csv:1: not a MSTIC feed") || strict.got != nil {
		t.Errorf("a CSV without the MSTIC header, as mstic: %v", err)
	}
	// A feed with nothing to convert imports nothing, and is no error.
	res, err = Import(context.Background(), &strict, Source{Name: "c2-iocs.txt", Data: []byte("# c\nnot a host\n")}, Options{})
	if err != nil || res.Objects != 0 || len(res.Invalid) != 1 || strict.got != nil {
		t.Errorf("a feed of one bad line: %d objects, %v, %v", res.Objects, res.Invalid, err)
	}
	_, err = Import(context.Background(), &strict, src, Options{Format: "misp"})
	if err == nil || !strings.Contains(err.Error(), `unknown format "misp"`) {
		t.Errorf("an unknown format: %v", err)
	}
}

// TestCheckFeed runs a feed through Check, as accord validate would.
func TestCheckFeed(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join("testdata", "feeds", "sample-mstic.csv"))
	if err != nil {
		t.Fatal(err)
	}
	n, problems, err := Check(context.Background(), Source{Name: "m.csv", Data: data}, Options{})
	// 4 indicators, the MSTIC identity, and the CLEAR, GREEN and AMBER markings.
	if err != nil || n != 8 || len(problems) != 6 {
		t.Errorf("Check: %d objects, %d problems, %v; want 8, 6, nil", n, len(problems), err)
	}
}
