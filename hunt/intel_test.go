package hunt

import (
	"os"
	"strings"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/accord-cti/accord/pattern"
	"github.com/google/go-cmp/cmp"
)

func TestLoadIntelList(t *testing.T) {
	t.Parallel()
	list := `# a plain list
203.0.113.66
2001:db8::1
198.51.100.0/24
avsvmcloud[.]com
hxxps://evil.example/a?b='c'
b75f163ca9b9240bf4b37ad92bc7556b40a17e27c2b8ed5c8991385fe07d17d0
D41D8CD98F00B204E9800998ECF8427E
attacker@example.com
C:\inetpub\wwwroot\aspnet_client\system_web\log.aspx
cafe.be
fe80::1%eth0
`
	inds, err := LoadIntel("iocs.txt", []byte(list))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ind := range inds {
		if _, err := pattern.Parse(ind.Pattern); err != nil {
			t.Errorf("%s: pattern %s: %v", ind.ID, ind.Pattern, err)
		}
		got = append(got, ind.ID+" "+ind.Pattern)
	}
	want := []string{
		"iocs.txt:2 [ipv4-addr:value = '203.0.113.66']",
		"iocs.txt:3 [ipv6-addr:value = '2001:db8::1']",
		"iocs.txt:4 [ipv4-addr:value ISSUBSET '198.51.100.0/24']",
		"iocs.txt:5 [domain-name:value = 'avsvmcloud.com']",
		`iocs.txt:6 [url:value = 'https://evil.example/a?b=\'c\'']`,
		"iocs.txt:7 [file:hashes.'SHA-256' = 'b75f163ca9b9240bf4b37ad92bc7556b40a17e27c2b8ed5c8991385fe07d17d0']",
		"iocs.txt:8 [file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']",
		"iocs.txt:9 [email-addr:value = 'attacker@example.com']",
		`iocs.txt:10 [file:name = 'log.aspx' AND file:parent_directory_ref.path = 'C:\\inetpub\\wwwroot\\aspnet_client\\system_web']`,
		"iocs.txt:11 [domain-name:value = 'cafe.be']", // hex digits and a dot, yet no address
		"iocs.txt:12 [ipv6-addr:value = 'fe80::1%eth0']",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LoadIntel (-want +got):\n%s", diff)
	}
	if _, err := LoadIntel("bad.txt", []byte("203.0.113.1\nnot an indicator\n")); err == nil || !strings.Contains(err.Error(), "bad.txt:2: ") {
		t.Errorf("a line that is no indicator: %v", err)
	}
}

func TestLoadIntelSTIXAndCSV(t *testing.T) {
	t.Parallel()
	bundle := `{"type":"bundle","id":"bundle--1","objects":[{"type":"indicator","id":"indicator--4a1c7e2b-3d5f-4c6a-9b8e-1f2d3c4b5a69","name":"x","pattern":"[url:value LIKE '/x%']","pattern_type":"stix"},{"type":"indicator","id":"indicator--5","pattern":"title: x","pattern_type":"sigma"}]}`
	inds, err := LoadIntel("b.json", []byte(bundle))
	if err != nil || len(inds) != 1 || inds[0].Pattern != "[url:value LIKE '/x%']" {
		t.Errorf("STIX intel: %v %+v", err, inds)
	}
	csv := sharedtest.Path(t, "data/iocs/MSTICIoCs-ExchangeServerVulnerabilitiesDisclosedMarch2021.csv")
	data, err := os.ReadFile(csv)
	if err != nil {
		t.Fatal(err)
	}
	inds, err = LoadIntel(csv, data)
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Count(strings.TrimSpace(string(data)), "\n") // data rows, the header aside
	if len(inds) != rows {
		t.Errorf("%d indicators from %d rows", len(inds), rows)
	}
	if e, errs := NewEngine(inds); len(errs) > 0 || len(e.Unindexed())+len(e.Deferred()) > 0 {
		t.Errorf("engine: %v, %d unindexed, %d deferred", errs, len(e.Unindexed()), len(e.Deferred()))
	}
}
