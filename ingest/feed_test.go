package ingest

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// feedTime is the import time the tests convert feeds at.
var feedTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// converted is what a feed became, in short: "LINE PATTERN" per indicator
// made, "LINE: MESSAGE" per entry rejected, and the lines of duplicates.
type converted struct {
	Made     []string
	Rejected []string
	Dups     []int
	Objects  []map[string]any
}

func convertFile(t *testing.T, path, format string) converted {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Base(path)
	if format == "" {
		format = DetectFeed(name, data)
	}
	out, err := convertFeed(Source{Name: name, Data: data}, format, feedTime)
	if err != nil {
		t.Fatal(err)
	}
	if out.fatal != nil {
		t.Fatalf("%s: %v", name, out.fatal)
	}
	var c converted
	for line := range bytes.Lines(out.buf) {
		var obj map[string]any
		if err := json.Unmarshal(line, &obj); err != nil {
			t.Fatalf("made bad JSON %s: %v", line, err)
		}
		c.Objects = append(c.Objects, obj)
		if obj["type"] == "indicator" {
			c.Made = append(c.Made, strconv.Itoa(int(obj["x_feed_line"].(float64)))+" "+obj["pattern"].(string))
		}
	}
	for _, p := range out.problems {
		if p.File != name {
			t.Errorf("problem without its file: %+v", p)
		}
		c.Rejected = append(c.Rejected, strconv.Itoa(p.Line)+": "+p.Message)
	}
	c.Dups = out.dups
	return c
}

func TestFeedSamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want converted
	}{
		{"sample-hash-iocs.txt", converted{
			Made: []string{
				"7 [file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']",
				"8 [file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']",
				"9 [file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']",
				"13 [file:hashes.MD5 = '0123456789abcdef0123456789abcdef']",
			},
			Rejected: []string{
				"11: a hash of 6 hexadecimal digits is none of MD5 (32), SHA-1 (40) or SHA-256 (64)",
				`12: "zzzz8cd98f00b204e9800998ecf8427e" is not a hexadecimal hash`,
			},
			Dups: []int{10},
		}},
		{"sample-filename-iocs.txt", converted{
			Made: []string{
				`7 [file:x_path MATCHES '\\\\owa\\\\auth\\\\[a-z0-9]{16}\\.aspx']`,
				`8 [file:x_path MATCHES '(?i)\\\\aspnet_client\\\\[^\\\\]+\\.aspx$' AND file:x_path NOT MATCHES '(?i)\\\\aspnet_client\\\\system_web\\\\']`,
				`9 [file:x_path MATCHES '\\\\svchost\\.exe']`,
				`16 [file:x_path MATCHES '\\\\(?!legit)evil\\.dll']`, // lookahead: regexp2
			},
			Rejected: []string{
				"12: score -50: a false-positive filter, not an indicator: left out",
				`13: score "high" is not an integer`,
				"14: want REGEX;SCORE[;FALSE-POSITIVE REGEX], found 4 fields",
				"15: pattern [file:x_path MATCHES '(unclosed']: pattern: MATCHES '(unclosed': error parsing regexp: missing closing ): `(unclosed`",
				"17: empty regular expression",
			},
		}},
		{"sample-c2-iocs.txt", converted{
			Made: []string{
				"6 [ipv4-addr:value = '198.51.100.7']",
				"7 [domain-name:value = 'bad.example.com']",
				"8 [ipv6-addr:value = '2001:db8::bad']",
				"9 [ipv4-addr:value ISSUBSET '203.0.113.0/24']",
				"10 [url:value = 'http://203.0.113.9/gate.php']",
				"11 [ipv4-addr:value = '192.0.2.10']",
			},
			Rejected: []string{
				`14: "not a host" is not an IP address, CIDR block, URL or domain name`,
				`15: want VALUE[;SCORE], found "192.0.2.11;sixty"`,
			},
			Dups: []int{16},
		}},
		{"sample-chirp.yaml", converted{
			Made: []string{
				"15 [ipv4-addr:value = '198.51.100.21']",
				"16 [ipv4-addr:value = '203.0.113.66']", // zero-width joiners removed
				"17 [domain-name:value = 'evil.example.net']",
				`20 [process:command_line MATCHES '.*\\\\.exe -f objectcategory.*']`,
				`28 [windows-registry-key:key LIKE 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\%' AND windows-registry-key:values[*].data = 'C:\\Windows\\Temp\\x.exe']`,
				`37 rule webshell { strings: $a = "eval(Request" condition: $a }`,
			},
			Rejected: []string{
				`18: "Exploitation addresses": "not an address" is not an IP address, CIDR block, URL or domain name`,
				`45: "A memory plugin": ioc_type "memory" is none of network, events, registry, yara`,
				`51: "Unsupported event field": events field provider.name: accord has no observable for it (only event.event_data, searched in command lines)`,
				"58: yaml: line 60: found unexpected end of stream",
				`62: confidence: "11" is not a number from 0 to 10`,
			},
		}},
		{"sample-mstic.csv", converted{
			Made: []string{
				"2 [file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']",
				`3 [file:name = 'bob.aspx' AND file:parent_directory_ref.path = 'C:\\Program Files\\Microsoft\\Exchange Server\\V15\\FrontEnd\\HttpProxy\\owa\\auth']`,
				"4 [domain-name:value = 'evil.example.org']",
				"5 [url:value = 'http://203.0.113.5/x']",
			},
			Rejected: []string{
				"6: IndicatorType sha256, but the value is a MD5 hash",
				`7: IndicatorType "mutex" is not one accord imports (sha256, sha1, md5, filepath, filename, ipv4, ipv6, domain, url)`,
				`8: TLP "Purple" is none of White, Clear, Green, Amber, Amber+Strict, Red`,
				"9: wrong number of fields",
				`10: DateAdded "yesterday" is not a date`,
				`12: bare " in non-quoted-field`,
			},
			Dups: []int{11},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			got := convertFile(t, filepath.Join("testdata", "feeds", tt.file), "")
			got.Objects = nil
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
