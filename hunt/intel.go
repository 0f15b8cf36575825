package hunt

import (
	"bufio"
	"bytes"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/stix"
)

// LoadIntel reads an ad-hoc list of indicators for a hunt (accord hunt
// --intel): a STIX bundle or JSON lines of STIX objects (its indicators
// with STIX patterns), a CSV file with a header row (the column named
// indicator, ioc, value or observable; the first column otherwise), or a
// plain list, one value a line, # starting a comment. A value of a CSV or
// plain list becomes a pattern by its form: an IPv4 or IPv6 address or
// CIDR block, an MD5, SHA-1 or SHA-256 hash, a URL, an e-mail address or a
// domain name, or a Windows file path. Defanged values (hxxp://, [.]) are
// refanged. A value of no such form is an error that names the line.
func LoadIntel(name string, data []byte) ([]Indicator, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
		return stixIntel(name, data)
	}
	return listIntel(name, data)
}

// stixIntel takes the indicators of a STIX document.
func stixIntel(name string, data []byte) ([]Indicator, error) {
	doc, err := stix.Split(data)
	if err != nil {
		return nil, accord.Errorf(accord.EINVALID, "%s: %v", name, err)
	}
	var inds []Indicator
	for _, sp := range doc.Objects {
		v, err := stix.Parse(sp.Data)
		if err != nil {
			return nil, accord.Errorf(accord.EINVALID, "%s: %v", name, stix.ShiftError(err, data, sp))
		}
		if v.GetString("type") != "indicator" || v.GetString("pattern_type") != "stix" {
			continue
		}
		version := "2.1"
		if strings.HasPrefix(v.GetString("pattern_version"), "2.0") || doc.SpecVersion == "2.0" {
			version = "2.0"
		}
		inds = append(inds, Indicator{ID: v.GetString("id"), Name: v.GetString("name"), Pattern: v.GetString("pattern"), Version: version})
	}
	return inds, nil
}

// listIntel reads a plain or CSV list.
func listIntel(name string, data []byte) ([]Indicator, error) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	col, header := 0, false
	inds := make([]Indicator, 0, bytes.Count(data, []byte{'\n'})+1) // a list may hold a million
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, ",")
		if !header && len(fields) > 1 {
			header = true
			if c, ok := intelColumn(fields); ok {
				col = c
				continue
			}
		}
		header = true
		if col >= len(fields) {
			return nil, accord.Errorf(accord.EINVALID, "%s:%d: no column %d", name, n, col+1)
		}
		value := refang(strings.Trim(strings.TrimSpace(fields[col]), `"`))
		p, err := patternOf(value)
		if err != nil {
			return nil, accord.Errorf(accord.EINVALID, "%s:%d: %v", name, n, err)
		}
		inds = append(inds, Indicator{ID: name + ":" + strconv.Itoa(n), Name: value, Pattern: p, Version: "2.1"})
	}
	if err := sc.Err(); err != nil {
		return nil, accord.Errorf(accord.EINVALID, "%s: %v", name, err)
	}
	return inds, nil
}

// intelColumn finds the column of the values in a CSV header row.
func intelColumn(header []string) (int, bool) {
	for i, h := range header {
		switch strings.ToLower(strings.Trim(strings.TrimSpace(h), `"`)) {
		case "indicator", "ioc", "value", "observable":
			return i, true
		}
	}
	return 0, false
}

// patternOf returns the STIX pattern of a value by its form.
func patternOf(v string) (string, error) {
	q := quotePattern(v)
	// Only what looks like an address is parsed as one: a failed parse
	// builds an error, and a list of a million domains made a million.
	if maybeAddr(v) {
		if a, err := netip.ParseAddr(v); err == nil {
			return "[" + addrType(a) + ":value = '" + q + "']", nil
		}
		if p, err := netip.ParsePrefix(v); err == nil {
			return "[" + addrType(p.Addr()) + ":value ISSUBSET '" + q + "']", nil
		}
	}
	if isHex(v) {
		switch len(v) {
		case 32:
			return "[file:hashes.MD5 = '" + strings.ToLower(v) + "']", nil
		case 40:
			return "[file:hashes.'SHA-1' = '" + strings.ToLower(v) + "']", nil
		case 64:
			return "[file:hashes.'SHA-256' = '" + strings.ToLower(v) + "']", nil
		}
	}
	switch {
	case isWindowsPath(v):
		i := strings.LastIndexAny(v, `\/`)
		return fmt.Sprintf("[file:name = '%s' AND file:parent_directory_ref.path = '%s']", quotePattern(v[i+1:]), quotePattern(v[:i])), nil
	case strings.Contains(v, "://"):
		return "[url:value = '" + q + "']", nil
	case strings.Count(v, "@") == 1 && !strings.ContainsAny(v, " /"):
		return "[email-addr:value = '" + q + "']", nil
	case stix.IsDomainName(v):
		return "[domain-name:value = '" + strings.ToLower(q) + "']", nil
	}
	return "", fmt.Errorf("%q is not an address, CIDR block, hash, URL, e-mail address or domain name", v)
}

// maybeAddr reports whether v may be an IP address or CIDR block: only
// hex digits, '.', ':' and '/' before any '%' (a zone).
func maybeAddr(v string) bool {
	if i := strings.IndexByte(v, '%'); i >= 0 {
		v = v[:i]
	}
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F', c == '.', c == ':', c == '/':
		default:
			return false
		}
	}
	return v != ""
}

func addrType(a netip.Addr) string {
	if a.Is4() {
		return "ipv4-addr"
	}
	return "ipv6-addr"
}

// quoter escapes a value for a STIX pattern's string literal.
var quoter = strings.NewReplacer(`\`, `\\`, `'`, `\'`)

// quotePattern escapes a value for a STIX pattern's string literal.
func quotePattern(s string) string {
	if !strings.ContainsAny(s, `\'`) {
		return s
	}
	return quoter.Replace(s)
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return len(s) > 0
}

// refanger undoes the usual defanging of published indicators.
var refanger = strings.NewReplacer("[.]", ".", "(.)", ".", "{.}", ".", "[:]", ":", "hxxp", "http", "hXXp", "http", "[@]", "@")

// refang undoes the usual defanging of published indicators.
func refang(s string) string {
	if !strings.ContainsAny(s, "[({xX") {
		return s
	}
	return refanger.Replace(s)
}

// isWindowsPath reports whether s is an absolute Windows path with a file
// name: C:\dir\file or \\server\share\file.
func isWindowsPath(s string) bool {
	abs := len(s) > 3 && (s[0]|0x20) >= 'a' && (s[0]|0x20) <= 'z' && s[1] == ':' && s[2] == '\\' || strings.HasPrefix(s, `\\`)
	return abs && !strings.HasSuffix(s, `\`)
}
