package pattern

import (
	"fmt"
	"strings"
)

// hashRule says what a value of one hash algorithm looks like: lowercase
// or uppercase hex of one of the lengths, or, with ssdeep, 1 to 128
// characters of [a-zA-Z0-9/+:.].
type hashRule struct {
	hexLengths []int
	ssdeep     bool
}

// hashRules are the hash algorithms the reference validator checks, keyed
// by the upper-cased name with hyphens removed, so that 'SHA-256',
// 'sha256' and SHA256 all check alike.
var hashRules = map[string]hashRule{
	"MD5":       {hexLengths: []int{32}},
	"MD6":       {hexLengths: []int{32, 40, 56, 64, 96, 128}},
	"RIPEMD160": {hexLengths: []int{40}},
	"SHA1":      {hexLengths: []int{40}},
	"SHA224":    {hexLengths: []int{56}},
	"SHA256":    {hexLengths: []int{64}},
	"SHA384":    {hexLengths: []int{96}},
	"SHA512":    {hexLengths: []int{128}},
	"SHA3224":   {hexLengths: []int{56}},
	"SHA3256":   {hexLengths: []int{64}},
	"SHA3384":   {hexLengths: []int{96}},
	"SHA3512":   {hexLengths: []int{128}},
	"SSDEEP":    {ssdeep: true},
	"WHIRLPOOL": {hexLengths: []int{128}},
}

// checkComparison returns why c breaks a rule the grammar cannot express,
// or "". The one such rule for a single comparison is the reference
// validator's: a value compared for equality with a known hash algorithm's
// entry of a hashes property must look like that hash.
func checkComparison(c *Comparison) string {
	rule, algo, ok := hashAlgorithm(c.Path)
	if !ok {
		return ""
	}
	values := []Literal{c.Value}
	switch c.Op {
	case OpEqual, OpNotEqual:
	case OpIn:
		values = c.Value.Set
	default:
		return "" // LIKE and MATCHES hold patterns, not hashes
	}
	for _, v := range values {
		if v.Kind == KindString && !rule.matches(v.Str) {
			return fmt.Sprintf("'%s' is not a valid %s hash", v.Str, algo)
		}
	}
	return ""
}

// hashAlgorithm reports whether path selects an entry of a hashes
// dictionary named for a hash algorithm with a known form, and which.
func hashAlgorithm(path ObjectPath) (hashRule, string, bool) {
	n := len(path.Steps)
	if n < 2 || path.Steps[n-1].Kind != StepKey {
		return hashRule{}, "", false
	}
	inHashes := false
	for _, s := range path.Steps[:n-1] {
		inHashes = inHashes || s.Kind == StepKey && s.Key == "hashes"
	}
	algo := path.Steps[n-1].Key
	rule, ok := hashRules[strings.ReplaceAll(strings.ToUpper(algo), "-", "")]
	return rule, algo, inHashes && ok
}

// matches reports whether s has the form of the rule's hash.
func (r hashRule) matches(s string) bool {
	if r.ssdeep {
		return len(s) >= 1 && len(s) <= 128 && strings.Trim(s, ssdeepChars) == ""
	}
	for _, n := range r.hexLengths {
		if len(s) == n && checkHex(s) == "" {
			return true
		}
	}
	return false
}

const ssdeepChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/+:."
