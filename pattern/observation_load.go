package pattern

import (
	"fmt"
	"strings"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/stix"
)

// Observed is one observed-data object ready for Match: when and how often
// it was seen, and the Cyber-observable objects it saw.
type Observed struct {
	ID          string
	First, Last time.Time
	// Count is number_observed.
	Count int
	// Objects are the observation's objects: in STIX 2.1 those its
	// object_refs name, and the objects they reference in turn, found in the
	// same bundle (or array); in STIX 2.0 the values of its objects map.
	Objects []*stix.Value
	// refs resolves references: object ids in STIX 2.1, keys of the objects
	// map in STIX 2.0.
	refs map[string]*stix.Value
}

// resolve returns the object a reference names in the observation, or nil.
func (o *Observed) resolve(ref *stix.Value) *stix.Value {
	if ref.Kind != stix.String {
		return nil
	}
	return o.refs[ref.Str]
}

// LoadObserved reads the observed-data objects of a STIX 2.0 or 2.1
// document: a bundle, a JSON array of bundles, a JSON array of objects
// (observed-data and the objects they reference), or JSON lines of those.
// References resolve within a bundle, or within the objects outside any
// bundle. An observed-data object needs first_observed, last_observed (not
// before it) and a positive number_observed; a problem is an
// accord.EINVALID error that says where.
func LoadObserved(data []byte) ([]*Observed, error) {
	doc, err := stix.Split(data)
	if err != nil {
		return nil, accord.Errorf(accord.EINVALID, "observed data: %v", err)
	}
	var out []*Observed
	var loose unit
	for _, sp := range doc.Objects {
		v, err := stix.Parse(sp.Data)
		if err != nil {
			return nil, accord.Errorf(accord.EINVALID, "line %d: %v", sp.Line, err)
		}
		if v.GetString("type") != "bundle" {
			loose.add(v, sp.Line)
			continue
		}
		var u unit
		for _, e := range v.Get("objects").Elems() {
			u.add(e, sp.Line)
		}
		obs, err := u.observed()
		if err != nil {
			return nil, err
		}
		out = append(out, obs...)
	}
	obs, err := loose.observed()
	if err != nil {
		return nil, err
	}
	return append(out, obs...), nil
}

// unit is a set of objects within which references resolve.
type unit struct {
	objs  []*stix.Value
	lines []int
	byID  map[string]*stix.Value
}

func (u *unit) add(v *stix.Value, line int) {
	if u.byID == nil {
		u.byID = map[string]*stix.Value{}
	}
	u.objs = append(u.objs, v)
	u.lines = append(u.lines, line)
	if id := v.GetString("id"); id != "" {
		u.byID[id] = v
	}
}

func (u *unit) observed() ([]*Observed, error) {
	var out []*Observed
	for i, v := range u.objs {
		if v.GetString("type") != "observed-data" {
			continue
		}
		o, err := u.load(v)
		if err != nil {
			return nil, accord.Errorf(accord.EINVALID, "line %d: %s: %v", u.lines[i], v.GetString("id"), err)
		}
		out = append(out, o)
	}
	return out, nil
}

func (u *unit) load(v *stix.Value) (*Observed, error) {
	o := &Observed{ID: v.GetString("id")}
	first, err := timestampField(v, "first_observed")
	if err != nil {
		return nil, err
	}
	last, err := timestampField(v, "last_observed")
	if err != nil {
		return nil, err
	}
	if last.before(first) {
		return nil, fmt.Errorf("/last_observed: before first_observed")
	}
	o.First, o.Last = time.Unix(first.sec, int64(first.nsec)).UTC(), time.Unix(last.sec, int64(last.nsec)).UTC()
	n := v.Get("number_observed")
	if n == nil || n.Kind != stix.Number {
		return nil, fmt.Errorf("/number_observed: missing or not a number")
	}
	if count := numberValue(n.Str); count.Kind != ValueInt || count.Int < 1 {
		return nil, fmt.Errorf("/number_observed: %s is not a positive integer", n.Str)
	} else {
		o.Count = int(min(count.Int, 1<<30))
	}
	if objs := v.Get("objects"); objs != nil && objs.Kind == stix.Object && len(objs.Obj) > 0 {
		o.refs = map[string]*stix.Value{}
		for _, m := range objs.Obj {
			o.Objects = append(o.Objects, m.Value)
			o.refs[m.Key] = m.Value
		}
		return o, nil
	}
	u.collect(o, v.Get("object_refs"))
	return o, nil
}

func timestampField(v *stix.Value, name string) (instant, error) {
	s := v.Get(name)
	if s == nil || s.Kind != stix.String {
		return instant{}, fmt.Errorf("/%s: missing or not a string", name)
	}
	t, ok := parseTimestamp(s.Str)
	if !ok {
		return instant{}, fmt.Errorf("/%s: %q is not a STIX timestamp", name, s.Str)
	}
	return t, nil
}

// collect gathers the objects object_refs names and, breadth first, the
// objects their references name, skipping ids the unit does not hold.
func (u *unit) collect(o *Observed, refs *stix.Value) {
	o.refs = map[string]*stix.Value{}
	queue := refs.Strings()
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		obj := u.byID[id]
		if obj == nil || o.refs[id] != nil {
			continue
		}
		o.refs[id] = obj
		o.Objects = append(o.Objects, obj)
		queue = appendRefs(queue, obj, "")
	}
}

// appendRefs appends the ids of every _ref and _refs property in v, at any
// depth (extensions included).
func appendRefs(ids []string, v *stix.Value, key string) []string {
	switch v.Kind {
	case stix.String:
		if strings.HasSuffix(key, "_ref") {
			ids = append(ids, v.Str)
		}
	case stix.Array:
		if strings.HasSuffix(key, "_refs") {
			ids = append(ids, v.Strings()...)
		}
		for _, e := range v.Arr {
			if e.Kind != stix.String {
				ids = appendRefs(ids, e, "")
			}
		}
	case stix.Object:
		for _, m := range v.Obj {
			ids = appendRefs(ids, m.Value, m.Key)
		}
	}
	return ids
}
