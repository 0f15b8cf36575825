package check

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/accord-cti/accord/hunt"
)

// FuzzLineLog reads any bytes as an ECP server or OABGenerator log and
// runs both line checks on every record: no panic, records in order with
// lines in range, a finding only on a line with its marker.
func FuzzLineLog(f *testing.F) {
	f.Add([]byte(ecpServerLog(ecpCmd("2021-03-03T01:07:00.000Z",
		`Set-OabVirtualDirectory.ExternalUrl=''http://f/<script>x</script>''`))))
	f.Add([]byte(oabLog(oabDownload("2021-03-03T01:09:00.000Z", `C:\inetpub\wwwroot\aspnet_client\x.aspx`))))
	f.Add([]byte("#Fields: a,\"ServerName\",TimeStamp\n\"x\"\"\",h,2021-03-03T00:00:00Z\n\"open"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l := newLineLog("fuzz", bytes.NewReader(data))
		lines := bytes.Count(data, []byte{'\n'}) + 1
		last := 0
		for n := 0; ; n++ {
			if n > lines {
				t.Fatalf("more than %d records from %d lines", n, lines)
			}
			rec, err := l.next()
			var me *hunt.MalformedError
			if err == io.EOF {
				return
			}
			if errors.As(err, &me) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if rec.Line <= last || rec.Line > lines {
				t.Fatalf("record line %d after %d, of %d", rec.Line, last, lines)
			}
			last = rec.Line
			if f := setVDirFinding(rec); f != nil && !containsFold(rec.Text, []byte("set-")) {
				t.Fatalf("set-vdir finding without Set-: %q", rec.Text)
			}
			if f := oabFinding(rec, ""); f != nil && !containsFold(rec.Text, oabMarker) {
				t.Fatalf("oab finding without its marker: %q", rec.Text)
			}
		}
	})
}

// FuzzLike checks like against the regular expression its pattern means.
func FuzzLike(f *testing.F) {
	f.Add("serverinfo~a]@x:444/ecp/resetoabvirtualdirectory#", likeResetVDir)
	f.Add("serverinfo~localhost/x", likeLocalhost)
	f.Add("aXbXc", "a*x*c")
	f.Fuzz(func(t *testing.T, s, pattern string) {
		parts := strings.Split(pattern, "*")
		for i, p := range parts {
			parts[i] = regexp.QuoteMeta(p)
		}
		re, err := regexp.Compile(`(?s)\A` + strings.Join(parts, ".*") + `\z`)
		if err != nil {
			t.Skip()
		}
		if got, want := like(s, pattern), re.MatchString(s); got != want {
			t.Fatalf("like(%q, %q) = %v, want %v", s, pattern, got, want)
		}
	})
}

// FuzzWinClean checks that a cleaned path has no "." or ".." left to
// lead anywhere and that oabBenign takes any path.
func FuzzWinClean(f *testing.F) {
	f.Add(`C:\Program Files\Microsoft\Exchange Server\V15\ClientAccess\OAB\..\..\x.aspx`)
	f.Add(`\\host\share\..\..\x`)
	f.Fuzz(func(t *testing.T, p string) {
		c := winClean(p)
		for _, s := range strings.Split(c, `\`) {
			if s == ".." || s == "." {
				t.Fatalf("winClean(%q) = %q", p, c)
			}
		}
		oabBenign(p, "")
		oabBenign(p, `C:\Exchange`)
	})
}
