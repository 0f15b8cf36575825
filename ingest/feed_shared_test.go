package ingest

import (
	"bytes"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
)

// TestFeedSharedFiles converts the real feeds of ../shared/data/iocs and
// accounts for every entry: made into an indicator, a duplicate of one
// made before, or rejected with its line. The entries are counted here
// without the decoders (Loki: lines that are not blank or comments; MSTIC:
// rows; CHIRP: the values of network blocks and the other documents), and
// each indicator's line must hold its value.
func TestFeedSharedFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file                 string
		made, dups, rejected int
	}{
		{"signature-base-hash-iocs.txt", 3053, 171, 0},
		{"signature-base-filename-iocs.txt", 3711, 117, 0},
		{"signature-base-c2-iocs.txt", 1773, 71, 0},
		{"MSTICIoCs-ExchangeServerVulnerabilitiesDisclosedMarch2021.csv", 56, 5, 0},
		{"CISA-AA21-062A-chirp.yaml", 25, 0, 0},
		{"CISA-AA21-008A-solarwinds-chirp.yaml", 2066, 57, 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			path := sharedtest.Path(t, "data/iocs/"+tt.file)
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			c := convertFile(t, path, "")
			t.Logf("%s: %d indicators, %d duplicates, %d rejected", tt.file, len(c.Made), len(c.Dups), len(c.Rejected))
			for _, r := range c.Rejected {
				t.Log("rejected:", r)
			}
			if len(c.Made) != tt.made || len(c.Dups) != tt.dups || len(c.Rejected) != tt.rejected {
				t.Errorf("%d made, %d duplicates, %d rejected; want %d, %d, %d", len(c.Made), len(c.Dups), len(c.Rejected), tt.made, tt.dups, tt.rejected)
			}
			entries := countEntries(tt.file, data)
			if got := len(c.Made) + len(c.Dups) + len(c.Rejected); got != entries {
				t.Errorf("%d entries accounted for, the file has %d", got, entries)
			}
			checkLines(t, data, c)
		})
	}
}

// countEntries counts a feed's entries by its plain layout.
func countEntries(file string, data []byte) int {
	n := 0
	inIPs := false
	for line := range bytes.Lines(data) {
		s := strings.TrimSpace(string(line))
		switch {
		case strings.HasSuffix(file, ".txt"):
			if s != "" && !strings.HasPrefix(s, "#") {
				n++
			}
		case strings.HasSuffix(file, ".csv"):
			if s != "" {
				n++
			}
		default: // CHIRP
			if inIPs && (len(line) > 0 && line[0] != ' ' || s == "---") {
				inIPs = false
			}
			switch {
			case inIPs && s != "" && !strings.HasPrefix(s, "#"):
				n++
			case strings.HasPrefix(string(line), "  ips: |"):
				inIPs = true
			case strings.HasPrefix(string(line), "ioc_type:") && !strings.Contains(s, "network"):
				n++
			}
		}
	}
	if strings.HasSuffix(file, ".csv") {
		n-- // the header
	}
	return n
}

var firstLiteral = regexp.MustCompile(`(?:=|MATCHES|ISSUBSET|LIKE) '((?:[^'\\]|\\.)*)'`)

// checkLines checks that the line of each indicator holds the value of
// its pattern, and that no line is counted twice.
func checkLines(t *testing.T, data []byte, c converted) {
	t.Helper()
	lines := strings.Split(string(data), "\n")
	seen := map[int]bool{}
	for _, m := range c.Made {
		num, pat, _ := strings.Cut(m, " ")
		n, _ := strconv.Atoi(num)
		seen[n] = true
		if !strings.HasPrefix(pat, "[") {
			continue // a YARA rule, on the lines below
		}
		lit := firstLiteral.FindStringSubmatch(pat)
		if n < 1 || n > len(lines) || lit == nil {
			t.Errorf("indicator %q: no line or value", m)
			continue
		}
		value := strings.NewReplacer(`\\`, `\`, `\'`, `'`).Replace(lit[1])
		if strings.HasPrefix(pat, "[process:") || strings.HasPrefix(pat, "[windows-registry-key:") {
			value = "" // CHIRP's regular expressions are escaped for YAML
		}
		if i := strings.IndexByte(value, '/'); strings.Contains(pat, "ISSUBSET") && i > 0 {
			value = value[:i]
		}
		if !strings.Contains(strings.ToLower(lines[n-1]), strings.ToLower(value)) {
			t.Errorf("line %d %q does not hold %q", n, lines[n-1], value)
		}
	}
	for _, n := range c.Dups {
		if seen[n] {
			t.Errorf("line %d is both made and a duplicate", n)
		}
	}
}
