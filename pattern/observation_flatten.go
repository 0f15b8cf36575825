package pattern

import (
	"slices"
	"strings"

	"github.com/accord-cti/accord/stix"
)

// flattenRefDepth is how many references deep Observed.Event follows, and
// flattenRefProps how many properties it gathers before it stops following
// them (lists of references that name each other multiply).
const (
	flattenRefDepth = 3
	flattenRefProps = 1 << 16
)

// Event flattens the observation into an Event: every property of every
// object becomes a Prop, list elements under [*], lists and objects
// themselves as ValueOther, and references are followed (three deep, and
// while the event has fewer than 65,536 properties) into the properties of
// the objects they name. Compiled.Match on the event agrees with Match on
// the observation for patterns without list indexes [n] and with at most
// three references in a path.
func (o *Observed) Event() *Event {
	ev := &Event{First: o.First, Last: o.Last, Count: o.Count}
	for i, obj := range o.Objects {
		typ := obj.GetString("type")
		if typ == "" {
			continue
		}
		f := flattener{o: o, ev: ev, obj: i}
		f.members(ObjectPath{ObjectType: typ}, obj, 0)
	}
	return ev
}

type flattener struct {
	o   *Observed
	ev  *Event
	obj int
}

// members flattens the properties of object v under path.
func (f *flattener) members(path ObjectPath, v *stix.Value, depth int) {
	for _, m := range v.Obj {
		f.value(withStep(path, Step{Kind: StepKey, Key: m.Key}), m.Value, m.Key, depth)
	}
}

// value flattens v, found at path under property key.
func (f *flattener) value(path ObjectPath, v *stix.Value, key string, depth int) {
	f.ev.Props = append(f.ev.Props, Prop{Obj: f.obj, Path: path.String(), Value: jsonValue(v, key)})
	switch v.Kind {
	case stix.Object:
		f.members(path, v, depth)
	case stix.Array:
		elems := withStep(path, Step{Kind: StepAnyIndex})
		for _, e := range v.Arr {
			f.value(elems, e, key, depth)
			if strings.HasSuffix(key, "_refs") {
				f.follow(elems, e, depth)
			}
		}
	case stix.String:
		if strings.HasSuffix(key, "_ref") {
			f.follow(path, v, depth)
		}
	}
}

// follow flattens the object ref names, under path.
func (f *flattener) follow(path ObjectPath, ref *stix.Value, depth int) {
	if depth >= flattenRefDepth || len(f.ev.Props) >= flattenRefProps {
		return
	}
	if obj := f.o.resolve(ref); obj != nil && obj.Kind == stix.Object {
		f.members(path, obj, depth+1)
	}
}

func withStep(p ObjectPath, s Step) ObjectPath {
	return ObjectPath{ObjectType: p.ObjectType, Steps: append(slices.Clip(p.Steps), s)}
}
