package sigma

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
)

// taxonomyRow is a row of a table of the taxonomy appendix: a logsource
// and, for Windows, the channels and event ids its description gives.
type taxonomyRow struct {
	ls       Logsource
	channels []string
	ids      []string
	line     int
}

// readTaxonomy reads the logsource rows of the taxonomy appendix's tables.
func readTaxonomy(tb testing.TB) []taxonomyRow {
	tb.Helper()
	data, err := os.ReadFile(sharedtest.Path(tb, "specs/sigma/specification/sigma-appendix-taxonomy.md"))
	if err != nil {
		tb.Fatal(err)
	}
	var rows []taxonomyRow
	for i, line := range strings.Split(string(data), "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 5 || !strings.Contains(cells[2], ": ") {
			continue
		}
		row := taxonomyRow{line: i + 1}
		for _, pair := range strings.Split(cells[2], "<br>") {
			k, v, _ := strings.Cut(strings.TrimSpace(pair), ":")
			v = strings.TrimSpace(v)
			switch k {
			case "product":
				row.ls.Product = v
			case "category":
				row.ls.Category = v
			case "service":
				row.ls.Service = v
			}
		}
		if row.ls == (Logsource{}) {
			continue // a field's example value
		}
		row.channels, row.ids = taxonomyDescription(cells[3])
		rows = append(rows, row)
	}
	if len(rows) < 100 {
		tb.Fatalf("read %d logsource rows of the taxonomy: its tables have changed form", len(rows))
	}
	return rows
}

// taxonomyDescription reads the channels and event ids of a row's
// description: "EventID: 1<br>Channel: X", or lists "Channel:<br> - X<br> - Y".
func taxonomyDescription(cell string) (channels, ids []string) {
	var list *[]string
	for _, part := range strings.Split(cell, "<br>") {
		part = strings.TrimSpace(part)
		if item, ok := strings.CutPrefix(part, "- "); ok && list != nil {
			*list = append(*list, strings.TrimSpace(item))
			continue
		}
		k, v, _ := strings.Cut(part, ":")
		v = strings.TrimSpace(v)
		switch k {
		case "Channel":
			list = &channels
		case "EventID", "EventIDs":
			list = &ids
		default:
			list = nil
			continue
		}
		if v != "" {
			*list = append(*list, v)
		}
	}
	return channels, ids
}

// TestTaxonomyWindows routes an event of each channel and event id the
// taxonomy gives a Windows logsource, and checks that the logsource
// covers it and is Known.
func TestTaxonomyWindows(t *testing.T) {
	t.Parallel()
	r := NewRouter()
	var dst Routed
	n := 0
	for _, row := range readTaxonomy(t) {
		if row.ls.Product != "windows" || len(row.channels) == 0 {
			continue
		}
		ids := row.ids
		if len(ids) == 0 {
			ids = []string{""}
		}
		for _, ch := range row.channels {
			ch = strings.TrimPrefix(ch, "WinEventLog:")
			for _, id := range ids {
				ev := Event{Source: SourceWindows, Attrs: lsAttrs("Channel", ch)}
				if id != "" {
					ev.Attrs = append(ev.Attrs, lsAttrs("EventID", id)...)
				}
				r.Route(&ev, &dst)
				n++
				if !dst.Covers(row.ls) {
					t.Errorf("taxonomy line %d: %+v does not cover an event of channel %q, id %q, routed to %+v",
						row.line, row.ls, ch, id, dst.Logsources)
				}
			}
		}
		if !Known(row.ls) {
			t.Errorf("taxonomy line %d: %+v is not Known", row.line, row.ls)
		}
	}
	if n < 80 {
		t.Errorf("routed %d events of the taxonomy's Windows rows, want at least 80", n)
	}
}

// lsReaderFamily reports whether accord has a reader whose events may
// belong to ls: Windows event logs (but Kernel-File ETW, which no reader
// takes), Zeek, web server access logs (and Zeek's dns and http.log for
// categories dns and proxy), and syslog's linux services.
func lsReaderFamily(ls Logsource) bool {
	switch {
	case ls.Product == "windows":
		return ls.Category != "file_access" && ls.Category != "file_rename"
	case ls.Product == "zeek":
		return true
	case ls.Product == "" && ls.Service == "":
		return ls.Category == "webserver" || ls.Category == "dns" || ls.Category == "proxy"
	case ls.Product == "linux" && ls.Category == "":
		return slices.Contains([]string{"", "syslog", "auth", "sshd", "sudo", "cron", "vsftpd", "clamav", "guacamole"}, ls.Service)
	}
	return false
}

// TestSigmaHQLogsources lists the distinct logsources of SigmaHQ's rules
// and checks that Known accepts every one that the taxonomy defines and an
// accord reader produces. The others are logged with their rule counts:
// those rules load but never fire.
func TestSigmaHQLogsources(t *testing.T) {
	t.Parallel()
	root := sharedtest.Path(t, "data/sigma")
	taxonomy := map[Logsource]bool{}
	for _, row := range readTaxonomy(t) {
		taxonomy[row.ls] = true
	}
	counts := map[Logsource]int{}
	rules := 0
	for _, dir := range []string{"rules", "rules-emerging-threats", "rules-threat-hunting"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yml") {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, ls := range lsRuleLogsources(string(data)) {
				counts[ls]++
				rules++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if rules < 3000 {
		t.Fatalf("read the logsource of %d rules, want the 3,000 and more of SigmaHQ", rules)
	}
	var unknown []Logsource
	known := 0
	for ls, n := range counts {
		switch {
		case Known(ls):
			known += n
		case taxonomy[ls] && lsReaderFamily(ls):
			t.Errorf("%+v (%d rules): in the taxonomy and of a reader accord has, but not Known", ls, n)
		default:
			unknown = append(unknown, ls)
		}
	}
	slices.SortFunc(unknown, func(a, b Logsource) int {
		return cmp.Or(cmp.Compare(counts[b], counts[a]), strings.Compare(fmt.Sprint(a), fmt.Sprint(b)))
	})
	t.Logf("%d rules, %d logsources: %d rules of a Known logsource; not Known:", rules, len(counts), known)
	for _, ls := range unknown {
		t.Logf("%5d  product=%s category=%s service=%s  taxonomy=%v", counts[ls], ls.Product, ls.Category, ls.Service, taxonomy[ls])
	}
}

// lsRuleLogsources returns the logsource of each document of a rule file:
// the scalar members of a top-level "logsource:" mapping, lower-cased.
func lsRuleLogsources(text string) []Logsource {
	var out []Logsource
	var cur *Logsource
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "logsource:" || strings.HasPrefix(line, "logsource: ") {
			out = append(out, Logsource{})
			cur = &out[len(out)-1]
			continue
		}
		if cur == nil || strings.TrimSpace(line) == "" {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			cur = nil
			continue
		}
		k, v, _ := strings.Cut(strings.TrimSpace(line), ":")
		if i := strings.Index(v, " #"); i >= 0 {
			v = v[:i]
		}
		v = strings.ToLower(strings.Trim(strings.TrimSpace(v), `'"`))
		switch k {
		case "product":
			cur.Product = v
		case "category":
			cur.Category = v
		case "service":
			cur.Service = v
		}
	}
	return out
}
