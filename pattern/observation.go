package pattern

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// Event is one observation as the hunt sees it: the properties of the Cyber
// Observable objects a log line or a telemetry record describes, flattened
// into (object, path, value) triples. It is the compact counterpart of an
// observed-data object for Compiled.Match; the hunt's log readers fill it.
//
// (The name Observation is the syntax tree's bracketed observation
// expression, hence Event.)
type Event struct {
	// First and Last are when the event was first and last seen; START/STOP,
	// WITHIN and FOLLOWEDBY compare them. For a single log line both are its
	// time.
	First, Last time.Time
	// Count is how many times the event was seen (number_observed); zero
	// counts as one. REPEATS and AND may be satisfied by a count above one.
	Count int
	// Props are the properties, in any order. Several may share a path:
	// the elements of a list, or the same property of different objects.
	Props []Prop
}

// Prop is one property value of one object of an Event.
type Prop struct {
	// Obj numbers the object the property belongs to, from 0. Comparisons
	// joined by AND inside one observation expression must hold on the same
	// object (STIX 2.1 section 9.5); Obj says which properties share one.
	// Objects past 63 share one number.
	Obj int
	// Path is the property's object path in the canonical form
	// ObjectPath.String prints, such as "ipv4-addr:value",
	// "file:hashes.'SHA-256'" or "network-traffic:dst_ref.value". List
	// elements are written with [*] (one Prop per element; an index [n] in
	// a pattern matches any of them), and references are followed in the
	// path, as patterns write them.
	Path  string
	Value Value
}

// ValueKind is the type of a Value.
type ValueKind uint8

// The value kinds. ValueNull and ValueOther (a JSON object or list) compare
// unequal to every literal.
const (
	ValueNull ValueKind = iota
	ValueString
	ValueInt
	ValueFloat
	ValueBool
	ValueBinary
	ValueTimestamp
	ValueOther
)

// Value is a typed property value. Only the fields of its Kind are set.
type Value struct {
	Kind ValueKind
	// Str is the text of a ValueString and the bytes of a ValueBinary.
	Str string
	// Int is a ValueInt, 1 or 0 for a ValueBool, and the Unix seconds of a
	// ValueTimestamp.
	Int int64
	// Float is a ValueFloat.
	Float float64
	// Nsec is the nanoseconds of a ValueTimestamp.
	Nsec int32
}

// StringValue returns a string value.
func StringValue(s string) Value { return Value{Kind: ValueString, Str: s} }

// IntValue returns an integer value.
func IntValue(i int64) Value { return Value{Kind: ValueInt, Int: i} }

// FloatValue returns a floating-point value.
func FloatValue(f float64) Value { return Value{Kind: ValueFloat, Float: f} }

// BoolValue returns a boolean value.
func BoolValue(b bool) Value {
	if b {
		return Value{Kind: ValueBool, Int: 1}
	}
	return Value{Kind: ValueBool}
}

// BinaryValue returns a binary value (a _bin or _hex property, decoded).
func BinaryValue(b []byte) Value { return Value{Kind: ValueBinary, Str: string(b)} }

// TimestampValue returns a timestamp value.
func TimestampValue(t time.Time) Value {
	return Value{Kind: ValueTimestamp, Int: t.Unix(), Nsec: int32(t.Nanosecond())}
}

// Key returns the text under which an index files v for the equality atoms
// of Compiled.Atoms: values that a pattern's = or IN may find equal get the
// same key. Strings are themselves; binary values are their bytes read as
// code points 0-255 (STIX compares a binary value with a string that way);
// numbers are written the shortest way, so that 12 and 12.0 agree; booleans
// are "true" and "false". Different values may share a key (the index is a
// filter, Match decides). Null and object values have the empty key.
func (v Value) Key() string {
	switch v.Kind {
	case ValueString:
		return v.Str
	case ValueBinary:
		return latin1String(v.Str)
	case ValueInt:
		return intKey(v.Int)
	case ValueFloat:
		return floatKey(v.Float)
	case ValueBool:
		if v.Int != 0 {
			return "true"
		}
		return "false"
	case ValueTimestamp:
		return time.Unix(v.Int, int64(v.Nsec)).UTC().Format(time.RFC3339Nano)
	}
	return ""
}

// exactFloat is 2⁵³: integers up to it convert to float64 exactly.
const exactFloat = 1 << 53

func intKey(i int64) string {
	if i > exactFloat || i < -exactFloat {
		return strconv.FormatFloat(float64(i), 'g', -1, 64)
	}
	return strconv.FormatInt(i, 10)
}

func floatKey(f float64) string {
	if f == float64(int64(f)) && f <= exactFloat && f >= -exactFloat {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// latin1String reads the bytes of b as code points 0-255 and returns them
// as UTF-8. ASCII comes back unchanged, without allocating.
func latin1String(b string) string {
	ascii := true
	for i := 0; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return b
	}
	buf := make([]byte, 0, len(b)*2)
	for i := 0; i < len(b); i++ {
		buf = utf8.AppendRune(buf, rune(b[i]))
	}
	return string(buf)
}
