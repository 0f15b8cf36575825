package pattern

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/accord-cti/accord/stix"
)

// holdsOn reports whether the comparison expression holds on some object of
// the observation, every comparison joined by AND on that same object (the
// object the object paths start from; STIX 2.1 section 9.5).
func (x *cexpr) holdsOn(o *Observed) bool {
	for _, obj := range o.Objects {
		if x.holdsOnObject(obj, o) {
			return true
		}
	}
	return false
}

func (x *cexpr) holdsOnObject(obj *stix.Value, o *Observed) bool {
	if x.cmp != nil {
		return x.cmp.holdsOnObject(obj, o)
	}
	for i := range x.kids {
		if x.kids[i].holdsOnObject(obj, o) != x.and {
			return !x.and
		}
	}
	return x.and
}

// holdsOnObject applies the comparison to the values its path selects from
// obj: it holds when the test holds for any of them, and never when there
// are none, whatever the operator (so != and NOT need the property).
// EXISTS holds when there is a value (NOT EXISTS when there is none).
func (c *comparison) holdsOnObject(obj *stix.Value, o *Observed) bool {
	if obj.GetString("type") != c.path.ObjectType {
		return false
	}
	held := false
	w := walker{o: o, budget: maxWalk, fn: func(v *stix.Value, key string) bool {
		if c.pred.kind == predExists {
			held = true
		} else {
			val := jsonValue(v, key)
			held = c.pred.test(&val)
		}
		return held
	}}
	w.path(obj, c.path.Steps, "")
	if c.pred.kind == predExists {
		return held != c.pred.neg
	}
	return held
}

// maxWalk bounds the values one object path visits in one object: a path
// through lists of references fans out (each _refs[*] step multiplies), and
// past the bound the remaining values are not looked at.
const maxWalk = 1 << 16

// walker selects the values of an object path, calling fn on each until fn
// returns true.
type walker struct {
	o      *Observed
	budget int
	fn     func(v *stix.Value, key string) bool
}

// path calls fn on each value the steps select from cur, and reports
// whether fn returned true. key is the last property name stepped through
// (list elements keep their list's). A reference followed by more steps is
// replaced by the object it names in the observation: a _ref property, or
// an element of a _refs list, holding an id (or, in STIX 2.0, a key); a
// reference to nothing selects nothing. [*] selects every element of a list
// and [n] the n-th, from 0 (negative indexes select nothing). Steps that do
// not apply to a value (a key of a list, an index of an object) select
// nothing.
func (w *walker) path(cur *stix.Value, steps []Step, key string) bool {
	if w.budget--; w.budget < 0 {
		return false
	}
	if len(steps) == 0 {
		return w.fn(cur, key)
	}
	st, rest := steps[0], steps[1:]
	switch st.Kind {
	case StepKey:
		v := cur.Get(st.Key)
		if v == nil {
			return false
		}
		if len(rest) > 0 && strings.HasSuffix(st.Key, "_ref") && v.Kind == stix.String {
			if v = w.o.resolve(v); v == nil {
				return false
			}
		}
		return w.path(v, rest, st.Key)
	case StepIndex:
		elems := cur.Elems()
		if st.Index < 0 || st.Index >= int64(len(elems)) {
			return false
		}
		return w.elem(elems[st.Index], rest, key)
	case StepAnyIndex:
		for _, e := range cur.Elems() {
			if w.elem(e, rest, key) {
				return true
			}
		}
	}
	return false
}

// elem walks on from an element of the list named key, dereferencing it
// first when the list is a _refs list and more steps follow.
func (w *walker) elem(e *stix.Value, rest []Step, key string) bool {
	if len(rest) > 0 && strings.HasSuffix(key, "_refs") && e.Kind == stix.String {
		if e = w.o.resolve(e); e == nil {
			return false
		}
	}
	return w.path(e, rest, key)
}

// jsonValue converts a JSON value into a Value; the string of a property
// whose name ends in _hex or _bin is decoded into a binary value (an
// undecodable one compares unequal to everything).
func jsonValue(v *stix.Value, key string) Value {
	switch v.Kind {
	case stix.String:
		switch {
		case strings.HasSuffix(key, "_hex"):
			if b, err := hex.DecodeString(v.Str); err == nil {
				return BinaryValue(b)
			}
			return Value{Kind: ValueOther}
		case strings.HasSuffix(key, "_bin"):
			if b, err := base64.StdEncoding.DecodeString(v.Str); err == nil {
				return BinaryValue(b)
			}
			return Value{Kind: ValueOther}
		}
		return StringValue(v.Str)
	case stix.Number:
		return numberValue(v.Str)
	case stix.Bool:
		return BoolValue(v.Bool)
	case stix.Null:
		return Value{Kind: ValueNull}
	}
	return Value{Kind: ValueOther}
}

// numberValue reads a JSON number as written: an integer when it has no
// fraction or exponent and fits, a float otherwise.
func numberValue(lit string) Value {
	if !strings.ContainsAny(lit, ".eE") {
		if i, err := strconv.ParseInt(lit, 10, 64); err == nil {
			return IntValue(i)
		}
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil {
		return Value{Kind: ValueOther}
	}
	return FloatValue(f)
}
