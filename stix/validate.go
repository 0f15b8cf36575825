package stix

import (
	"strconv"
	"strings"
)

// Validate checks one STIX 2.1 object (already upgraded from 2.0 if needed)
// against the specification's MUST rules and returns every problem found
// (nil when valid). It leaves File and Line empty; ObjectID is the object's
// id (or "" if it has none).
//
// Types the specification defines are checked against the catalogue of their
// properties; custom types (x-mitre-tactic, ...) get only the common checks.
// Unknown properties are allowed as long as their names are valid. The
// pattern of an indicator is not parsed here.
func Validate(obj *Value) []Problem {
	var v validator
	v.validate(obj)
	return v.problems
}

// maxPath bounds the JSON pointer the validator tracks; deeper values are
// reported at their ancestor of that depth.
const maxPath = 12

// pathSeg is one step of a JSON pointer: a member key, or an array index
// when index >= 0.
type pathSeg struct {
	key   string
	index int
}

// validator collects the problems of one object. It lives on the caller's
// stack and builds a path string only when it reports a problem, so that a
// valid object is checked without allocating.
type validator struct {
	root     *Value
	id       string
	typ      string
	spec     *objSpec
	problems []Problem
	path     [maxPath]pathSeg
	depth    int
	defanged bool
}

func (v *validator) push(key string) {
	if v.depth < maxPath {
		v.path[v.depth] = pathSeg{key: key, index: -1}
	}
	v.depth++
}

func (v *validator) pushIndex(i int) {
	if v.depth < maxPath {
		v.path[v.depth] = pathSeg{index: i}
	}
	v.depth++
}

func (v *validator) pop() { v.depth-- }

// report records a problem at the current path.
func (v *validator) report(msg string) {
	v.problems = append(v.problems, Problem{ObjectID: v.id, Path: v.pointer(""), Message: msg})
}

// reportAt records a problem at member key of the current path.
func (v *validator) reportAt(key, msg string) {
	v.problems = append(v.problems, Problem{ObjectID: v.id, Path: v.pointer(key), Message: msg})
}

// pointer renders the current path, plus key when non-empty, as an RFC 6901
// JSON pointer.
func (v *validator) pointer(key string) string {
	var b strings.Builder
	n := min(v.depth, maxPath)
	for _, s := range v.path[:n] {
		b.WriteByte('/')
		if s.index >= 0 {
			b.WriteString(strconv.Itoa(s.index))
		} else {
			writePointerToken(&b, s.key)
		}
	}
	if key != "" {
		b.WriteByte('/')
		writePointerToken(&b, key)
	}
	return b.String()
}

func writePointerToken(b *strings.Builder, s string) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '~':
			b.WriteString("~0")
		case '/':
			b.WriteString("~1")
		default:
			b.WriteByte(s[i])
		}
	}
}

// validate runs every check on a top-level object.
func (v *validator) validate(obj *Value) {
	v.root = obj
	if obj == nil || obj.Kind != Object {
		v.report("must be a JSON object")
		return
	}
	v.id = obj.GetString("id")
	v.typ = obj.GetString("type")
	v.spec = catalogue[v.typ]
	if v.spec == nil {
		v.spec = customSpec
	}
	v.defanged = v.spec.category == CategorySCO && isTrue(obj.Get("defanged"))
	v.checkType(obj.Get("type"))
	v.checkID(obj.Get("id"))
	v.checkMembers(obj, v.spec, true)
	if v.spec.versioned {
		v.checkOrder(obj, "created", "modified", false, "must be later than or equal to created")
	}
	v.applyRule(v.spec, obj)
	if v.spec.category == CategorySCO && v.id != "" {
		v.checkDeterministicID(obj)
	}
}

func (v *validator) checkType(t *Value) {
	switch {
	case t == nil:
		return // reported as a missing required property
	case t.Kind != String:
		v.reportAt("type", "must be a string")
	case !validTypeName(t.Str):
		v.reportAt("type", "must be 3 to 250 characters of a-z, 0-9 and single hyphens, starting with a letter")
	}
}

func (v *validator) checkID(id *Value) {
	if id == nil {
		return
	}
	if id.Kind != String {
		v.reportAt("id", "must be a string")
		return
	}
	typ, uuid, ok := splitID(id.Str)
	switch {
	case !ok || !validUUID(uuid):
		v.reportAt("id", "must be an identifier of the form <type>--<RFC 4122 UUID>")
	case typ != v.typ && validTypeName(v.typ):
		v.reportAt("id", "must start with the object's type "+strconv.Quote(v.typ)+" followed by --")
	}
}

// checkMembers checks every member of obj against spec, then the required
// properties. At the top level it also checks property names.
func (v *validator) checkMembers(obj *Value, spec *objSpec, top bool) {
	var seen uint64
	for i := range obj.Obj {
		m := &obj.Obj[i]
		p := spec.props[m.Key]
		if p == nil {
			if top {
				v.checkCustomProperty(obj, m)
			}
			continue
		}
		seen |= 1 << p.index
		if p.t.kind == kindAny {
			continue
		}
		v.push(m.Key)
		v.checkValue(m.Value, p.t)
		v.pop()
	}
	if missing := spec.required &^ seen; missing != 0 {
		for _, p := range spec.list {
			if missing&(1<<p.index) != 0 {
				v.reportAt(p.name, "required property is missing")
			}
		}
	}
}

// checkCustomProperty checks a property the catalogue does not define: its
// name, and the value rules implied by the _hex, _bin and _enc suffixes.
func (v *validator) checkCustomProperty(obj *Value, m *Member) {
	if !validPropertyName(m.Key) {
		v.reportAt(m.Key, "property name must be 3 to 250 ASCII letters, digits or underscores, starting with a letter")
		return
	}
	switch {
	case strings.HasSuffix(m.Key, "_hex"):
		v.push(m.Key)
		v.checkValue(m.Value, tHex)
		v.pop()
	case strings.HasSuffix(m.Key, "_bin"):
		v.push(m.Key)
		v.checkValue(m.Value, tBinary)
		v.pop()
	case strings.HasSuffix(m.Key, "_enc"):
		if !obj.Has(strings.TrimSuffix(m.Key, "_enc")) {
			v.reportAt(m.Key, "must not be present without "+strings.TrimSuffix(m.Key, "_enc"))
		}
	}
}

// checkOrder reports at later when both timestamps are valid and later is
// before earlier (or equal to it, when strict).
func (v *validator) checkOrder(obj *Value, earlier, later string, strict bool, msg string) {
	a, b := obj.Get(earlier), obj.Get(later)
	if !isTimestamp(a) || !isTimestamp(b) {
		return
	}
	c := compareTimestamps(b.Str, a.Str)
	if c < 0 || strict && c == 0 {
		v.reportAt(later, msg)
	}
}

func isTimestamp(t *Value) bool {
	if t == nil || t.Kind != String {
		return false
	}
	_, ok := validTimestamp(t.Str)
	return ok
}

func isTrue(b *Value) bool { return b != nil && b.Kind == Bool && b.Bool }
