package check

import "strings"

// like reports whether s matches pattern as PowerShell's -like does for
// the patterns Test-ProxyLogon uses: "*" stands for any run of characters
// (none included) and everything else for itself (its patterns use no "?"
// or "[…]"). Callers fold case beforehand: s and pattern lower-case.
//
// It finds the pieces between stars from the left, each at its first place
// (enough: a later place leaves less for the rest), with the first piece
// anchored at the start and the last at the end.
func like(s, pattern string) bool {
	pieces := strings.Split(pattern, "*")
	if len(pieces) == 1 {
		return s == pattern
	}
	first, last := pieces[0], pieces[len(pieces)-1]
	if !strings.HasPrefix(s, first) {
		return false
	}
	s = s[len(first):]
	for _, p := range pieces[1 : len(pieces)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, last)
}
