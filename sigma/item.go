package sigma

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dlclark/regexp2"
	"gopkg.in/yaml.v3"
)

// item is one field of a search (or its keywords) with its values.
type item struct {
	field   string // the Sigma field; "" for keywords
	all     bool   // every value must match (|all), else any
	neq     bool   // the field must match none of the values
	cased   bool
	ms      []*matcher
	pending []pendingValue // values with placeholders, compiled by Compile
	line    int
	key     string // field|modifiers as written, for messages
}

// lineError is a problem found at Compile on a line of the rule.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return e.msg }

// itemSpec is what the modifiers of an item ask for.
type itemSpec struct {
	typ        string // "", re, cidr, exists, num, fieldref
	op         string // lt, lte, gt, gte for num
	reFlags    string
	transforms []string
}

var transformMods = map[string]bool{
	"contains": true, "startswith": true, "endswith": true, "base64": true, "base64offset": true,
	"utf16le": true, "utf16be": true, "utf16": true, "wide": true, "windash": true, "expand": true,
}

var timeMods = map[string]bool{"minute": true, "hour": true, "day": true, "week": true, "month": true, "year": true}

func (p *docParser) parseItem(at *yaml.Node, field string, mods []string, vals []*yaml.Node) (*item, error) {
	name := field
	if name == "" {
		name = "keywords"
	}
	it := &item{field: field, line: p.offset + at.Line, key: strings.Join(append([]string{name}, mods...), "|")}
	var sp itemSpec
	for _, m := range mods {
		if err := sp.add(it, m); err != nil {
			return nil, p.errf(at, "%s: %v", it.key, err)
		}
	}
	if field == "" && it.neq {
		return nil, p.errf(at, "%s: modifier neq needs a field, keywords have none", it.key)
	}
	for i, v := range vals {
		vals[i] = resolve(v)
		if vals[i].Kind != yaml.ScalarNode {
			return nil, p.errf(vals[i], "%s: a value is text, a number or null, not %s", it.key, kindName(vals[i]))
		}
	}
	if len(vals) == 0 {
		return nil, p.errf(at, "%s: no values", it.key)
	}
	var err error
	if sp.typ == "" {
		err = it.buildStrings(vals, sp.transforms)
	} else {
		err = it.buildTyped(vals, sp)
	}
	if err != nil {
		return nil, p.errf(at, "%s: %v", it.key, err)
	}
	return it, nil
}

func (sp *itemSpec) add(it *item, m string) error {
	switch {
	case m == "all":
		it.all = true
	case m == "cased":
		it.cased = true
	case m == "neq":
		it.neq = true
	case m == "re" || m == "cidr" || m == "exists" || m == "fieldref" || m == "lt" || m == "lte" || m == "gt" || m == "gte":
		if sp.typ != "" {
			return fmt.Errorf("modifiers %s and %s do not combine", sp.typ, m)
		}
		sp.typ = m
		if m[0] == 'l' || m[0] == 'g' {
			sp.typ, sp.op = "num", m
		}
	case m == "i" || m == "m" || m == "s":
		if sp.typ != "re" {
			return fmt.Errorf("modifier %s applies to re only", m)
		}
		sp.reFlags += m
	case transformMods[m]:
		sp.transforms = append(sp.transforms, m)
	case timeMods[m]:
		return fmt.Errorf("time modifier %s is not supported", m)
	default:
		return fmt.Errorf("unknown modifier %q", m)
	}
	return nil
}

// buildStrings compiles string values through the transformations. The
// values one value becomes (windash, base64offset, placeholders) are a
// group, any of which matching is that value matching, even under all.
func (it *item) buildStrings(vals []*yaml.Node, transforms []string) error {
	for k, v := range vals {
		if v.Tag == "!!null" {
			if it.field == "" {
				return fmt.Errorf("a keyword is text, not null")
			}
			if len(transforms) > 0 {
				return fmt.Errorf("null cannot be modified by %s", strings.Join(transforms, "|"))
			}
			it.ms = append(it.ms, &matcher{kind: mNull, group: int32(k)})
			continue
		}
		xs := []sstr{parseWildcards(v.Value)}
		for _, t := range transforms {
			var err error
			if xs, err = transform(t, xs); err != nil {
				return err
			}
		}
		for _, x := range xs {
			if it.field == "" {
				x = x.wrap(true, true) // keywords are searched anywhere
			}
			if x.hasVars() {
				it.pending = append(it.pending, pendingValue{x, int32(k)})
				continue
			}
			m := fromSstr(x, it.cased)
			m.group = int32(k)
			it.ms = append(it.ms, m)
		}
	}
	return nil
}

// pendingValue is a value with placeholders, of group.
type pendingValue struct {
	v     sstr
	group int32
}

// transform applies one transformation modifier to every value.
func transform(t string, vs []sstr) ([]sstr, error) {
	out := vs[:0:0]
	switch t {
	case "contains", "startswith", "endswith":
		for _, v := range vs {
			out = append(out, v.wrap(t != "startswith", t != "endswith"))
		}
		return out, nil
	case "windash":
		for _, v := range vs {
			x, err := expandWindash(v)
			if err != nil {
				return nil, err
			}
			out = append(out, x...)
		}
		return out, nil
	case "expand":
		for _, v := range vs {
			out = append(out, parseVars(v))
		}
		return out, nil
	}
	enc := map[string]func(string) []string{
		"base64": encodeBase64, "base64offset": encodeBase64Offset, "utf16le": encodeUTF16LE,
		"wide": encodeUTF16LE, "utf16be": encodeUTF16BE, "utf16": encodeUTF16,
	}[t]
	return encodePlain(vs, t, enc)
}

// expand compiles the values with placeholders.
func (it *item) expand(vars map[string][]string) error {
	for _, p := range it.pending {
		xs, err := expandVars(p.v, vars)
		if err != nil {
			return &lineError{line: it.line, msg: it.key + ": " + err.Error()}
		}
		for _, x := range xs {
			m := fromSstr(x, it.cased)
			m.group = p.group
			it.ms = append(it.ms, m)
		}
	}
	slices.SortStableFunc(it.ms, func(a, b *matcher) int { return int(a.group - b.group) })
	it.pending = nil
	return nil
}

// buildTyped compiles the values of re, cidr, exists, lt… and fieldref.
func (it *item) buildTyped(vals []*yaml.Node, sp itemSpec) error {
	if len(sp.transforms) > 0 {
		return fmt.Errorf("modifier %s does not combine with %s", sp.typ, strings.Join(sp.transforms, "|"))
	}
	if it.field == "" && (sp.typ == "exists" || sp.typ == "fieldref") {
		return fmt.Errorf("modifier %s needs a field, keywords have none", sp.typ)
	}
	if sp.typ == "exists" && len(vals) != 1 {
		return fmt.Errorf("exists takes one value, true or false")
	}
	for k, v := range vals {
		if v.Tag == "!!null" {
			return fmt.Errorf("modifier %s needs a value, not null", sp.typ)
		}
		m, err := typedMatcher(v, sp)
		if err != nil {
			return err
		}
		m.cased, m.group = it.cased, int32(k)
		it.ms = append(it.ms, m)
	}
	return nil
}

func typedMatcher(v *yaml.Node, sp itemSpec) (*matcher, error) {
	switch sp.typ {
	case "re":
		return regexMatcher(v.Value, sp.reFlags)
	case "cidr":
		pfx, err := netip.ParsePrefix(strings.TrimSpace(v.Value))
		if err != nil {
			a, aerr := netip.ParseAddr(strings.TrimSpace(v.Value))
			if aerr != nil {
				return nil, fmt.Errorf("cidr %q: %v", v.Value, err)
			}
			pfx = netip.PrefixFrom(a, a.BitLen())
		}
		return &matcher{kind: mCIDR, net: pfx.Masked()}, nil
	case "exists":
		b, err := strconv.ParseBool(v.Value)
		if err != nil || v.Tag == "!!str" && v.Style != 0 {
			return nil, fmt.Errorf("exists takes true or false, not %q", v.Value)
		}
		return &matcher{kind: mExists, want: b}, nil
	case "num":
		f, ok := parseNum([]byte(strings.TrimSpace(v.Value)))
		if !ok {
			return nil, fmt.Errorf("%s takes a number, not %q", sp.op, v.Value)
		}
		return &matcher{kind: mNum, op: sp.op, num: f}, nil
	}
	if v.Value == "" {
		return nil, fmt.Errorf("fieldref names a field, not an empty value")
	}
	return &matcher{kind: mFieldRef, ref: v.Value}, nil
}

// regexMatcher compiles a regular expression with Go's regexp (RE2), or
// with regexp2 and a timeout when it needs backtracking (lookaround,
// back-references).
func regexMatcher(expr, flags string) (*matcher, error) {
	prefix := ""
	if flags != "" {
		prefix = "(?" + flags + ")"
	}
	if re, err := regexp.Compile(prefix + expr); err == nil {
		return &matcher{kind: mRegex, re: re, lits: regexLiterals(expr, flags)}, nil
	}
	var opt regexp2.RegexOptions
	for _, f := range flags {
		opt |= map[rune]regexp2.RegexOptions{'i': regexp2.IgnoreCase, 'm': regexp2.Multiline, 's': regexp2.Singleline}[f]
	}
	re2, err := regexp2.Compile(expr, opt)
	if err != nil {
		return nil, fmt.Errorf("regular expression %q: %v", expr, err)
	}
	re2.MatchTimeout = regexTimeout
	return &matcher{kind: mRegex, re2: re2}, nil
}
