package stix

import (
	"math"
	"net/netip"
	"strconv"
	"strings"
)

// The syntax checks of the validator are hand-written rather than regular
// expressions: they run on every property of every object, and these loops
// neither allocate nor backtrack.

// validTypeName reports whether s is a valid object type name: 3 to 250
// characters from a-z, 0-9 and hyphen, starting with a letter and without
// two hyphens in a row (sections 3.1 and 7.3.2).
func validTypeName(s string) bool {
	if len(s) < 3 || len(s) > 250 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-':
			if s[i-1] == '-' {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// validPropertyName reports whether s is a valid property name: 3 to 250
// ASCII letters, digits or underscores (section 11.1), starting with a letter
// (section 3.1).
func validPropertyName(s string) bool {
	if len(s) < 3 || len(s) > 250 || !isAlpha(s[0]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) && s[i] != '_' {
			return false
		}
	}
	return true
}

// validExtensionPropertyName reports whether s may name a property of an
// extension defined by an extension-definition: 3 to 250 characters from
// a-z, 0-9 and underscore (section 7.3.2).
func validExtensionPropertyName(s string) bool {
	if len(s) < 3 || len(s) > 250 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// validDictKey reports whether s may be a dictionary key: at most 250 ASCII
// letters, digits, hyphens or underscores, and at least min of them.
func validDictKey(s string, min int) bool {
	if len(s) < min || len(s) > 250 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) && s[i] != '_' && s[i] != '-' {
			return false
		}
	}
	return true
}

// splitID splits an identifier into its type and UUID parts.
func splitID(id string) (typ, uuid string, ok bool) {
	i := strings.Index(id, "--")
	if i < 0 {
		return "", "", false
	}
	return id[:i], id[i+2:], true
}

// validUUID reports whether s is an RFC 4122 UUID: 8-4-4-4-12 hex digits
// (either case, as RFC 4122 allows on input) with version 1 to 5 and the
// RFC 4122 variant.
func validUUID(s string) bool {
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return false
	}
	if !allHex(s[0:8]) || !allHex(s[9:13]) || !allHex(s[14:18]) || !allHex(s[19:23]) || !allHex(s[24:36]) {
		return false
	}
	if s[14] < '1' || s[14] > '5' {
		return false
	}
	switch s[19] {
	case '8', '9', 'a', 'b', 'A', 'B':
		return true
	}
	return false
}

// hexDigit marks the bytes that are hexadecimal digits, for the loops that
// check thousands of identifiers.
var hexDigit = func() (t [256]bool) {
	for _, c := range "0123456789abcdefABCDEF" {
		t[c] = true
	}
	return t
}()

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !hexDigit[s[i]] {
			return false
		}
	}
	return true
}

// validIdentifier reports whether id is <type>--<UUID> with a valid type.
func validIdentifier(id string) bool {
	typ, uuid, ok := splitID(id)
	return ok && validTypeName(typ) && validUUID(uuid)
}

// uuidVersion returns the version digit of a valid UUID.
func uuidVersion(uuid string) byte { return uuid[14] - '0' }

// validTimestamp reports whether s is YYYY-MM-DDTHH:mm:ss[.s+]Z with a real
// calendar date; a 60th second is accepted only at 23:59 (a leap second).
// frac is the number of digits after the decimal point.
func validTimestamp(s string) (frac int, ok bool) {
	if len(s) < 20 || s[len(s)-1] != 'Z' {
		return 0, false
	}
	if s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return 0, false
	}
	year, ok1 := digits(s, 0, 4)
	month, ok2 := digits(s, 5, 2)
	day, ok3 := digits(s, 8, 2)
	hour, ok4 := digits(s, 11, 2)
	minute, ok5 := digits(s, 14, 2)
	second, ok6 := digits(s, 17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return 0, false
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 {
		return 0, false
	}
	if second > 60 || second == 60 && (hour != 23 || minute != 59) {
		return 0, false
	}
	if len(s) == 20 {
		return 0, true
	}
	if s[19] != '.' || len(s) == 21 {
		return 0, false
	}
	for i := 20; i < len(s)-1; i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	return len(s) - 21, true
}

func digits(s string, at, n int) (int, bool) {
	v := 0
	for i := at; i < at+n; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

func daysIn(year, month int) int {
	switch month {
	case 4, 6, 9, 11:
		return 30
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}

// compareTimestamps orders two valid timestamps: the date and time compare as
// text, then the fractions as decimals of any length.
func compareTimestamps(a, b string) int {
	if c := strings.Compare(a[:19], b[:19]); c != 0 {
		return c
	}
	fa, fb := fraction(a), fraction(b)
	for i := 0; i < len(fa) || i < len(fb); i++ {
		da, db := byte('0'), byte('0')
		if i < len(fa) {
			da = fa[i]
		}
		if i < len(fb) {
			db = fb[i]
		}
		if da != db {
			if da < db {
				return -1
			}
			return 1
		}
	}
	return 0
}

func fraction(ts string) string {
	if len(ts) > 21 {
		return ts[20 : len(ts)-1]
	}
	return ""
}

// parseInteger returns the value of a JSON number literal that denotes an
// integer (1, -3, 1.0, 2e3) within the 54-bit range STIX allows.
func parseInteger(lit string) (n int64, isInt, inRange bool) {
	if len(lit) > 0 && len(lit) <= 16 {
		neg, i := false, 0
		if lit[0] == '-' {
			neg, i = true, 1
		}
		plain := i < len(lit)
		for j := i; j < len(lit); j++ {
			if lit[j] < '0' || lit[j] > '9' {
				plain = false
				break
			}
			n = n*10 + int64(lit[j]-'0')
		}
		if plain {
			if neg {
				n = -n
			}
			return n, true, n <= 1<<53-1 && n >= -(1<<53-1)
		}
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil || f != math.Trunc(f) {
		return 0, false, false
	}
	if math.Abs(f) > 1<<53-1 {
		return 0, true, false
	}
	return int64(f), true, true
}

// checkFormat reports whether s has the syntax format f asks for.
func checkFormat(f format, s string) bool {
	switch f {
	case fmtHex:
		return validHex(s)
	case fmtBinary:
		return validBase64(s)
	case fmtLang:
		return validLang(s)
	case fmtIPv4:
		return validIP(s, true)
	case fmtIPv6:
		return validIP(s, false)
	case fmtMAC:
		return validMAC(s)
	case fmtURL:
		return validURL(s)
	case fmtEmail:
		i := strings.LastIndexByte(s, '@')
		return i > 0 && i < len(s)-1
	case fmtCPE:
		return validCPE(s)
	case fmtRegistryKey:
		return validRegistryKey(s)
	case fmtRelationshipType:
		return validRelationshipType(s)
	case fmtSpecVersion:
		return s == "2.1"
	}
	return true
}

var formatMsgs = [...]string{
	fmtHex:              "must be an even number of hexadecimal digits",
	fmtBinary:           "must be base64-encoded binary (RFC 4648)",
	fmtLang:             "must be an RFC 5646 language code",
	fmtIPv4:             "must be an IPv4 address or CIDR block",
	fmtIPv6:             "must be an IPv6 address or CIDR block",
	fmtMAC:              "must be a colon-delimited, lowercase MAC-48 address with leading zeros",
	fmtURL:              "must be a URL (RFC 3986) starting with a scheme",
	fmtEmail:            "must be an email address (RFC 5322 addr-spec)",
	fmtCPE:              "must be a CPE 2.3 formatted string",
	fmtRegistryKey:      "must start with the full hive name (e.g. HKEY_LOCAL_MACHINE, not HKLM)",
	fmtRelationshipType: "must contain only lowercase ASCII letters, digits and hyphens",
	fmtSpecVersion:      `must be "2.1"`,
}

// formatChecksValue reports whether f constrains an observed value, which a
// defanged SCO may legitimately break (hxxp://, 198.51.100[.]1).
func formatChecksValue(f format) bool {
	switch f {
	case fmtIPv4, fmtIPv6, fmtMAC, fmtURL, fmtEmail:
		return true
	}
	return false
}

func validHex(s string) bool { return len(s)%2 == 0 && allHex(s) }

func validBase64(s string) bool {
	if len(s)%4 != 0 {
		return false
	}
	pad := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '=':
			pad++
		case pad > 0:
			return false
		case isAlnum(c) || c == '+' || c == '/':
		default:
			return false
		}
	}
	return pad <= 2
}

// validLang accepts the syntax of RFC 5646 language tags: subtags of 1 to 8
// letters or digits separated by hyphens, the first of letters (2 to 8, or a
// single x or i for private-use and grandfathered tags).
func validLang(s string) bool {
	if s == "" {
		return false
	}
	first := true
	for len(s) > 0 {
		sub := s
		rest := ""
		if i := strings.IndexByte(s, '-'); i >= 0 {
			sub, rest = s[:i], s[i+1:]
			if rest == "" {
				return false
			}
		}
		if len(sub) < 1 || len(sub) > 8 {
			return false
		}
		for i := 0; i < len(sub); i++ {
			if first && !isAlpha(sub[i]) || !isAlnum(sub[i]) {
				return false
			}
		}
		if first && len(sub) == 1 && sub != "x" && sub != "X" && sub != "i" && sub != "I" {
			return false
		}
		first = false
		s = rest
	}
	return true
}

func validIP(s string, v4 bool) bool {
	if strings.IndexByte(s, '/') >= 0 {
		p, err := netip.ParsePrefix(s)
		return err == nil && p.Addr().Is4() == v4
	}
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is4() == v4
}

func validMAC(s string) bool {
	if len(s) != 17 {
		return false
	}
	for i := 0; i < 17; i++ {
		c := s[i]
		if i%3 == 2 {
			if c != ':' {
				return false
			}
		} else if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// validURL checks the one part of RFC 3986 every URL has: a scheme (a letter,
// then letters, digits, +, - or .) followed by a colon, and no spaces.
func validURL(s string) bool {
	i := strings.IndexByte(s, ':')
	if i < 1 || !isAlpha(s[0]) {
		return false
	}
	for j := 1; j < i; j++ {
		c := s[j]
		if !isAlnum(c) && c != '+' && c != '-' && c != '.' {
			return false
		}
	}
	return strings.IndexAny(s, " \t\r\n") < 0
}

// validCPE checks the formatted-string binding of CPE 2.3: "cpe:2.3:" and
// thirteen colon-separated components in all (escaped colons do not count).
func validCPE(s string) bool {
	if !strings.HasPrefix(s, "cpe:2.3:") {
		return false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case ':':
			n++
		}
	}
	return n == 12
}

// validRegistryKey rejects keys that abbreviate the hive (section 6.17).
func validRegistryKey(s string) bool {
	hive := s
	if i := strings.IndexByte(s, '\\'); i >= 0 {
		hive = s[:i]
	}
	for _, short := range [...]string{"HKLM", "HKCU", "HKCR", "HKU", "HKCC"} {
		if strings.EqualFold(hive, short) {
			return false
		}
	}
	return true
}

func validRelationshipType(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// validHash checks a hash value against the format of its algorithm.
func validHash(alg, value string) (string, bool) {
	if f, ok := hashFormats[alg]; ok {
		return f.msg, len(value) == f.hexLen && validHex(value)
	}
	switch alg {
	case "SSDEEP":
		return "must be an ssdeep hash (blocksize:hash:hash)", validSSDEEP(value)
	case "TLSH":
		return "must be a TLSH digest of 70 hex digits (optionally prefixed T1)", validTLSH(value)
	}
	return "", true
}

func validSSDEEP(s string) bool {
	parts := 0
	start := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != ':' {
			c := s[i]
			if parts == 0 && !(c >= '0' && c <= '9') {
				return false
			}
			if parts > 0 && !isAlnum(c) && c != '+' && c != '/' {
				return false
			}
			continue
		}
		if i == start || parts == 3 {
			return false
		}
		parts++
		start = i + 1
	}
	return parts == 3
}

func validTLSH(s string) bool {
	if len(s) == 72 && (s[:2] == "T1" || s[:2] == "t1") {
		s = s[2:]
	}
	return len(s) == 70 && validHex(s)
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isAlnum(c byte) bool { return isAlpha(c) || c >= '0' && c <= '9' }
