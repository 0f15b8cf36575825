package check

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"time"
)

var (
	// setVDir is Test-ProxyLogon's Select-String pattern for the ECP
	// server logs, Set-.+VirtualDirectory.+?(?=Url).+<\w+.*>(.*?)<\/\w+>.+?(?=VirtualDirectory),
	// without its look-aheads (which only ask that Url and a last
	// VirtualDirectory follow) and, as Select-String, ignoring case.
	setVDir    = regexp.MustCompile(`(?i)Set-.+VirtualDirectory.+?Url.+<\w+.*>.*?</\w+>.+?VirtualDirectory`)
	setCmdlet  = regexp.MustCompile(`(?i)Set-\w*VirtualDirectory`)
	setScript  = regexp.MustCompile(`(?i)<\w+[^>]*>.*?</\w+>`)
	oabFailed  = regexp.MustCompile(`(?i)Download failed and temporary file (.*?) needs to be removed`)
	oabMarker  = []byte("download failed and temporary file")
	vdirMarker = []byte("virtualdirectory")
)

// lines reads an ECP server or OABGenerator log.
func (rd *reader) lines(ctx context.Context, f logFile, in io.Reader) error {
	l := newLineLog(f.path, in)
	next := func() (logLine, time.Time, error) {
		rec, err := l.next()
		return rec, rec.Time, err
	}
	return eachRecord(ctx, rd, next, func(rec logLine) {
		var found *Finding
		if f.typ == typeECP {
			found = setVDirFinding(rec)
		} else {
			found = oabFinding(rec, rd.opts.InstallPath)
		}
		if found != nil {
			found.File = f.path
			rd.res.findings = append(rd.res.findings, *found)
		}
	})
}

// setVDirFinding checks an ECP server log line for CVE-2021-27065.
func setVDirFinding(rec logLine) *Finding {
	if !containsFold(rec.Text, vdirMarker) || !setVDir.Match(rec.Text) {
		return nil
	}
	text := strings.ReplaceAll(string(rec.Text), `""`, `"`) // the CSV's quoting
	ev := Evidence{Cmdlet: setCmdlet.FindString(text)}
	if i := strings.Index(strings.ToLower(text), "url"); i >= 0 {
		ev.Script = cut(setScript.FindString(text[i:]), 300)
	}
	return &Finding{CVE: CVE27065, Check: CheckSetVDir, Line: rec.Line, Time: rec.Time, Host: rec.Host, Evidence: ev}
}

// oabFinding checks an OABGenerator log line for CVE-2021-26858: a
// download that failed to a path outside ClientAccess\OAB.
func oabFinding(rec logLine, install string) *Finding {
	if !containsFold(rec.Text, oabMarker) {
		return nil
	}
	m := oabFailed.FindSubmatch(rec.Text)
	if m == nil || oabBenign(string(m[1]), install) {
		return nil
	}
	path := strings.Trim(strings.ReplaceAll(string(m[1]), `""`, `"`), `'"`)
	return &Finding{CVE: CVE26858, Check: CheckOABDownload, Line: rec.Line, Time: rec.Time, Host: rec.Host,
		Evidence: Evidence{Path: path}}
}

// oabBenign reports whether an OAB download's temporary file is where
// Exchange puts them: under install\ClientAccess\OAB when the install
// path is known, else under a local drive's ...\ClientAccess\OAB\ (never a
// UNC path). Test-ProxyLogon compares the path as written; this one
// resolves "." and ".." first, so that ClientAccess\OAB\..\..\ leads out.
func oabBenign(path, install string) bool {
	p := strings.ToLower(winClean(strings.Trim(path, `'" `)))
	if install != "" {
		return strings.HasPrefix(p, strings.ToLower(winClean(install))+`\clientaccess\oab\`)
	}
	if len(p) < 3 || p[1] != ':' || p[2] != '\\' || p[0] < 'a' || p[0] > 'z' {
		return false
	}
	return strings.Contains(p, `\clientaccess\oab\`)
}

// winClean resolves "." and ".." in a Windows path and drops a trailing
// backslash; "/" counts as "\".
func winClean(p string) string {
	parts := strings.Split(strings.ReplaceAll(p, "/", `\`), `\`)
	var out []string
	for i, s := range parts {
		switch {
		case s == "." || (s == "" && i > 0 && i == len(parts)-1):
		case s == "..":
			if len(out) > 1 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, s)
		}
	}
	return strings.Join(out, `\`)
}

// containsFold reports whether s holds lower (lower-case ASCII), ignoring
// case.
func containsFold(s, lower []byte) bool {
	for i := 0; i+len(lower) <= len(s); i++ {
		if s[i]|0x20 == lower[0]|0x20 && bytes.EqualFold(s[i:i+len(lower)], lower) {
			return true
		}
	}
	return false
}

// cut shortens s to at most n bytes, on a rune boundary, marking the cut.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
