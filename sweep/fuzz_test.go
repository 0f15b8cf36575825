package sweep

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParseLokiFilenames: any list parses or fails with an error that
// names a line, never panics; every rule it returns has a regex and a
// score, and its literals are found (folded) in any path its regex
// matches.
func FuzzParseLokiFilenames(f *testing.F) {
	f.Add([]byte("# c\n\\\\supp0rt\\.aspx;85\n(?i)\\\\procdump(64)?\\.exe;50;(?i)SysInternals\\\\\n"))
	f.Add([]byte("a;b\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rules, err := ParseLokiFilenames("f.txt", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.txt:") {
				t.Fatalf("error does not say where: %v", err)
			}
			return
		}
		for _, r := range rules {
			if r.Regex == nil || r.Score < 0 || !strings.HasPrefix(r.Source, "f.txt:") {
				t.Fatalf("rule %+v", r)
			}
		}
	})
}

// FuzzContentScan: the scanner never panics, and every hit's evidence
// lies in the text at its offset, on its line.
func FuzzContentScan(f *testing.F) {
	for _, s := range shellSamples {
		f.Add([]byte(s))
	}
	f.Add([]byte("\xff\xfeE\x00x\x00t\x00"))
	s, err := NewContentScanner(WebShellRules())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, h := range s.Scan(data, int64(len(data))) {
			if h.Offset < 0 || h.Offset > int64(len(data)) {
				t.Fatalf("%s: offset %d of %d bytes", h.Rule.Name, h.Offset, len(data))
			}
			if want := strings.Count(string(data[:h.Offset]), "\n") + 1; h.Line != want {
				t.Fatalf("%s: line %d, want %d", h.Rule.Name, h.Line, want)
			}
			if utf8.ValidString(string(data)) && !strings.HasPrefix(strings.ToLower(string(data[h.Offset:])), strings.ToLower(h.Text)) {
				t.Fatalf("%s: evidence %q is not at %d", h.Rule.Name, h.Text, h.Offset)
			}
		}
	})
}

// FuzzPrefilter: whenever a regex matches a text, the prefilter built from
// its required literals names it as a candidate for that text. A prefilter
// that lost a hit would make the sweep miss a Loki line.
func FuzzPrefilter(f *testing.F) {
	f.Add(`(?i)\\procdump(64)?\.exe`, `C:\Temp\ProcDump64.EXE`)
	f.Add(`\\(shell|supp0rt)\.aspx`, `C:\x\supp0rt.aspx`)
	f.Add(`(?i)straße`, `STRASSE strasse Straße`)
	f.Add(`(?i)k{2}elvin`, "\u212Akelvin")
	f.Fuzz(func(t *testing.T, expr, text string) {
		re, err := regexp.Compile(expr)
		if err != nil {
			return
		}
		tree, err := syntax.Parse(expr, syntax.Perl)
		if err != nil {
			return
		}
		var p prefilter
		p.add(7, requiredLiterals(tree))
		if re.MatchString(text) && !slices.Contains(p.candidates(fold(nil, text), nil), 7) {
			t.Fatalf("%q matches %q but its literals %q are not found", expr, text, requiredLiterals(tree))
		}
	})
}
