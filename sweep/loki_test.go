package sweep

import (
	"os"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/google/go-cmp/cmp"
)

func TestParseLokiFilenames(t *testing.T) {
	t.Parallel()
	list := "# Header\n\n# HAFNIUM web shells\n\\\\aspnet_client\\\\supp0rt\\.aspx;85\n" +
		"(?i)\\\\procdump(64)?\\.exe;50;(?i)SysInternals\\\\\n  \n# Regin\n\\\\usbclass\\.sys;80  \r\n"
	rules, err := ParseLokiFilenames("list.txt", []byte(list))
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ Source, Regex, FP, Desc string }
	var got []row
	for _, r := range rules {
		fp := ""
		if r.FalsePos != nil {
			fp = r.FalsePos.String()
		}
		got = append(got, row{r.Source, r.Regex.String() + ";" + itoa(r.Score), fp, r.Description})
	}
	want := []row{
		{"list.txt:4", `\\aspnet_client\\supp0rt\.aspx;85`, "", "HAFNIUM web shells"},
		{"list.txt:5", `(?i)\\procdump(64)?\.exe;50`, `(?i)SysInternals\\`, "HAFNIUM web shells"},
		{"list.txt:8", `\\usbclass\.sys;80`, "", "Regin"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	paths := func(p string) []string { return []string{p} }
	for _, tt := range []struct {
		rule int
		path string
		hit  bool
	}{
		{0, `C:\inetpub\wwwroot\aspnet_client\supp0rt.aspx`, true},
		{0, `C:\inetpub\wwwroot\aspnet_client\SUPP0RT.aspx`, false}, // case-sensitive without (?i)
		{1, `C:\Temp\ProcDump64.exe`, true},
		{1, `C:\Tools\SysInternals\procdump.exe`, false}, // the false-positive regex
	} {
		if _, hit := rules[tt.rule].matchAny(paths(tt.path)); hit != tt.hit {
			t.Errorf("rule %d on %s: hit %v, want %v", tt.rule, tt.path, hit, tt.hit)
		}
	}
}

func TestParseLokiFilenamesErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ list, want string }{
		{"# c\n\\\\a\\.exe\n", "l.txt:2: want regex;score"},
		{"a;b;c;d\n", "l.txt:1: want regex;score"},
		{"\\\\a\\.exe;high\n", `l.txt:1: score "high"`},
		{"\\\\a\\.exe;-5\n", `l.txt:1: score "-5"`},
		{"ok;1\n(unclosed;50\n", "l.txt:2: regex (column 1): error parsing regexp: missing closing )"},
		{"abc;50;[z-a]\n", "l.txt:1: false-positive regex (column 8)"},
		{";50\n", "l.txt:1: empty regex"},
	} {
		rules, err := ParseLokiFilenames("l.txt", []byte(tt.list))
		if err == nil || !strings.Contains(err.Error(), tt.want) || accord.ErrorCode(err) != accord.EINVALID || rules != nil {
			t.Errorf("%q: %v, want %q (EINVALID, no rules)", tt.list, err, tt.want)
		}
	}
}

// TestLokiRealList parses signature-base's list and checks, for every
// line, that the prefilter never loses a hit the regex alone would make on
// a set of paths built from the list's own literals and real web-shell
// paths.
func TestLokiRealList(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(sharedtest.Path(t, "data/iocs/signature-base-filename-iocs.txt"))
	if err != nil {
		t.Fatal(err)
	}
	rules, err := ParseLokiFilenames("filename-iocs.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) < 3000 {
		t.Fatalf("%d rules, want the list's 3,800 or so", len(rules))
	}
	var pre prefilter
	withLits := 0
	for i := range rules {
		pre.add(int32(i), rules[i].lits)
		if rules[i].lits != nil {
			withLits++
		}
	}
	if withLits < len(rules)*9/10 {
		t.Errorf("only %d of %d rules have literals to prefilter on", withLits, len(rules))
	}
	paths := []string{
		`C:\inetpub\wwwroot\aspnet_client\supp0rt.aspx`,
		`C:\inetpub\wwwroot\aspnet_client\system_web\abcd1234.aspx`,
		`C:\Program Files\Microsoft\Exchange Server\V15\FrontEnd\HttpProxy\owa\auth\Current\themes\x.aspx`,
		`C:\Windows\Temp\Exchange.aspx`, `C:\Windows\System32\svcstat.exe`, `C:\ProgramData\Mail\MailAg\x`,
		`C:\Users\a\AppData\Local\Temp\word.exe1`, `C:\Temp\procdump64.exe`, `/var/www/html/index.php`,
	}
	for i, r := range rules { // a path that holds each rule's literal
		if r.lits != nil && i%20 == 0 {
			paths = append(paths, `C:\x`+r.lits[0]+`y`, `C:\X\`+strings.ToUpper(r.lits[0]))
		}
	}
	hits := 0
	var cands []int32
	for _, p := range paths {
		cands = pre.candidates(fold(nil, p), cands)
		for i := range rules {
			_, hit := rules[i].matchAny([]string{p})
			if hit {
				hits++
			}
			if hit && !slices.Contains(cands, int32(i)) {
				t.Errorf("%s hits %s (%s) but the prefilter misses it", p, rules[i].Source, rules[i].Regex)
			}
		}
	}
	if hits < 100 {
		t.Errorf("only %d hits on %d paths: the test paths do not exercise the list", hits, len(paths))
	}
}

func TestRequiredLiterals(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		re   string
		want []string
	}{
		{`\\usbclass\.sys`, []string{`\usbclass.sys`}},
		{`(?i)\\PROCDUMP(64)?\.exe`, []string{`\procdump`}},
		{`\\[Ww]indows\\[Tt]emp\\Exchange\.aspx`, []string{`\windows\temp\exchange.aspx`}},
		{`(shell|supp0rt|aspnet)\.aspx`, []string{".aspx"}},
		{`\\(shell|supp0rt|client)\\`, []string{"hell", "upp0rt", "client"}}, // the parser factors out the s
		{`(ab|cdef)x`, nil},
		{`[0-9]{6,12}`, nil},
		{`(?:abc)+def`, []string{"abc"}},
		{`(xyz){2}`, []string{"xyz"}},
		{`a*bcd?`, nil},
	} {
		tree, err := syntax.Parse(tt.re, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, requiredLiterals(tree)); diff != "" {
			t.Errorf("%s: (-want +got):\n%s", tt.re, diff)
		}
	}
}

func TestFold(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"ABC def": "abc def", "\u212A": "k", "ſ": "s", "É": string(foldRune('é')), "\xff": "\uFFFD",
	} {
		if got := string(fold(nil, in)); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}
