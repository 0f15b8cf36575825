package stix

import "strings"

// IsDomainName reports whether s has the form of a domain name (the value
// of a domain-name object, without a trailing dot or with one): at least
// two labels of letters, digits, hyphens and underscores, none starting or
// ending with a hyphen, the last not all digits (so that an IPv4 address
// is none).
func IsDomainName(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if len(s) > 253 || strings.Count(s, ".") < 1 {
		return false
	}
	tld := s[strings.LastIndexByte(s, '.')+1:]
	for l := range strings.SplitSeq(s, ".") {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i] | 0x20
			if !(c >= 'a' && c <= 'z' || l[i] >= '0' && l[i] <= '9' || l[i] == '-' || l[i] == '_') {
				return false
			}
		}
	}
	return strings.Trim(tld, "0123456789") != ""
}
