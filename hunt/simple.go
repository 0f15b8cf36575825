package hunt

import (
	"net/netip"
	"strings"

	"github.com/accord-cti/accord/pattern"
)

// simplePaths are the object paths of the feed indicators that come by the
// million: one equality of one of these, written as the printer writes it.
// The value is the length of a hash's hex digits, which the parser checks.
var simplePaths = map[string]int{
	"ipv4-addr:value": 0, "ipv6-addr:value": 0, "domain-name:value": 0, "url:value": 0,
	"email-addr:value": 0, "file:name": 0, "file:hashes.MD5": 32, "file:hashes.'SHA-1'": 40,
	"file:hashes.'SHA-256'": 64, "file:hashes.'SHA-512'": 128,
}

// simpleAtom reads a pattern of the form [path = 'value'], path one of
// simplePaths, into its one equality atom, without the parser and the
// compiler: a million of them took seconds to parse and compile only to be
// filed under their value (they are exact: an index hit is a match). It
// declines anything else, which then takes the full path; for what it
// accepts, it gives the atom the compiler would (FuzzSimpleAtom checks).
func simpleAtom(p string) (pattern.Atom, bool) {
	rest, ok := strings.CutPrefix(p, "[")
	if !ok {
		return pattern.Atom{}, false
	}
	path, rest, ok := strings.Cut(rest, " = '")
	if !ok {
		return pattern.Atom{}, false
	}
	hexLen, ok := simplePaths[path]
	if !ok {
		return pattern.Atom{}, false
	}
	value, ok := strings.CutSuffix(rest, "']")
	if !ok {
		return pattern.Atom{}, false
	}
	// A quote or backslash in the value takes the full path, which knows
	// the escapes; so does any byte past ASCII printables, which the
	// parser may normalise.
	for i := 0; i < len(value); i++ {
		if c := value[i]; c == '\'' || c == '\\' || c < ' ' || c > '~' {
			return pattern.Atom{}, false
		}
	}
	if hexLen > 0 && (len(value) != hexLen || strings.Trim(value, "0123456789abcdefABCDEF") != "") {
		return pattern.Atom{}, false
	}
	if strings.HasPrefix(path, "ipv") {
		// The compiler reads addresses and blocks in its own way.
		if a, err := netip.ParseAddr(value); err != nil || a.Zone() != "" || a.Is4() != (path == "ipv4-addr:value") {
			return pattern.Atom{}, false
		}
	}
	return pattern.Atom{Op: pattern.AtomEqual, Path: path, Text: value}, true
}
