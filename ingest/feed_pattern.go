package ingest

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/accord-cti/accord/stix"
)

// literalQuoter escapes a STIX pattern's string literal; built once, as a
// Replacer is costly to make.
var literalQuoter = strings.NewReplacer(`\`, `\\`, `'`, `\'`)

// quoteLiteral escapes s for a STIX pattern's string literal.
func quoteLiteral(s string) string { return literalQuoter.Replace(s) }

// hashPattern returns the pattern of a file hash and the name of its
// algorithm, chosen by length: MD5, SHA-1 or SHA-256.
func hashPattern(h string) (pat, alg string, err error) {
	if !isHexString(h) {
		return "", "", fmt.Errorf("%q is not a hexadecimal hash", h)
	}
	h = strings.ToLower(h)
	switch len(h) {
	case 32:
		return "[file:hashes.MD5 = '" + h + "']", "MD5", nil
	case 40:
		return "[file:hashes.'SHA-1' = '" + h + "']", "SHA-1", nil
	case 64:
		return "[file:hashes.'SHA-256' = '" + h + "']", "SHA-256", nil
	}
	return "", "", fmt.Errorf("a hash of %d hexadecimal digits is none of MD5 (32), SHA-1 (40) or SHA-256 (64)", len(h))
}

func isHexString(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if !(s[i] >= '0' && s[i] <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return s != ""
}

// networkPattern returns the pattern of an IP address, CIDR block, URL or
// domain name, and what kind of value it is ("IPv4", "domain", ...).
func networkPattern(v string) (pat, kind string, err error) {
	if a, err := netip.ParseAddr(v); err == nil {
		typ, kind := addrKind(a)
		return "[" + typ + ":value = '" + quoteLiteral(a.String()) + "']", kind, nil
	}
	if p, err := netip.ParsePrefix(v); err == nil {
		typ, kind := addrKind(p.Addr())
		return "[" + typ + ":value ISSUBSET '" + p.Masked().String() + "']", kind + " range", nil
	}
	if i := strings.Index(v, "://"); i > 0 && i+3 < len(v) && !strings.ContainsAny(v, " \t") {
		return "[url:value = '" + quoteLiteral(v) + "']", "URL", nil
	}
	if stix.IsDomainName(v) {
		return "[domain-name:value = '" + strings.ToLower(strings.TrimSuffix(v, ".")) + "']", "domain", nil
	}
	return "", "", fmt.Errorf("%q is not an IP address, CIDR block, URL or domain name", v)
}

func addrKind(a netip.Addr) (typ, kind string) {
	if a.Is4() {
		return "ipv4-addr", "IPv4"
	}
	return "ipv6-addr", "IPv6"
}

// filePathPattern returns the pattern of a full Windows or POSIX file path:
// its name and its directory, the observables the hunt readers give a file
// (file:name and file:parent_directory_ref.path).
func filePathPattern(p string) (string, error) {
	i := strings.LastIndexAny(p, `\/`)
	if i <= 0 || i == len(p)-1 || strings.ContainsAny(p, "\x00\r\n") {
		return "", fmt.Errorf("%q is not a full file path", p)
	}
	return fmt.Sprintf("[file:name = '%s' AND file:parent_directory_ref.path = '%s']",
		quoteLiteral(p[i+1:]), quoteLiteral(p[:i])), nil
}

// short shortens a value for an indicator's name.
func short(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
