package pattern

import (
	"fmt"
	"regexp"
	"sync/atomic"
	"time"

	"github.com/dlclark/regexp2"
)

// regex is a compiled MATCHES operand (STIX 2.1 section 9.5: a PCRE
// regular expression, searched for anywhere in the value, both sides in
// Unicode NFC). Go's RE2 engine runs every expression it can compile, in
// time linear in the input; only expressions that need backtracking
// (backreferences, lookaround, possessive or atomic groups) go to regexp2,
// bounded by a timeout; a comparison that times out is false, with or
// without NOT, and after maxTimeouts time-outs the expression is given up
// on (every later test is false), so that one hostile pattern cannot cost a
// hunt the timeout on every event.
type regex struct {
	re       *regexp.Regexp
	bt       *regexp2.Regexp
	timeouts atomic.Int32
	src      string // NFC
	// latin1 is true when every code point of the expression is below 256:
	// only then is a binary value matched, as a string of code points 0-255
	// (one per byte), as the reference matcher does.
	latin1 bool
}

func compileRegex(s string, timeout time.Duration) (*regex, error) {
	r := &regex{src: nfc(s), latin1: allBelow256(s)}
	re, err := regexp.Compile(r.src)
	if err == nil {
		r.re = re
		return r, nil
	}
	bt, err2 := regexp2.Compile(r.src, regexp2.None)
	if err2 != nil {
		return nil, fmt.Errorf("MATCHES '%s': %v", s, err)
	}
	bt.MatchTimeout = timeout
	r.bt = bt
	return r, nil
}

// match reports whether the expression is found in the value; non-text
// values never match. known is false when the backtracking engine timed
// out, and then the comparison is false, NOT included.
func (r *regex) match(v *Value) (matched, known bool) {
	var s string
	switch {
	case v.Kind == ValueString:
		s = nfc(v.Str)
	case v.Kind == ValueBinary && r.latin1:
		s = latin1String(v.Str)
	default:
		return false, true
	}
	if r.re != nil {
		return r.re.MatchString(s), true
	}
	if r.timeouts.Load() >= maxTimeouts {
		return false, false
	}
	ok, err := r.bt.MatchString(s)
	if err != nil {
		r.timeouts.Add(1)
		return false, false
	}
	return ok, true
}

// maxTimeouts is how many times a backtracking expression may time out
// before it is given up on.
const maxTimeouts = 3
