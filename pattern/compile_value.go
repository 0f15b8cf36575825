package pattern

// The comparison rules of STIX 2.1 section 9.5 as the OASIS reference
// matcher applies them: numbers compare with numbers (integer or not),
// strings with strings by code point, binary values with binary values and
// with strings whose code points are all below 256 (read as bytes),
// timestamps with timestamps (a string property compared with a timestamp
// literal is read as a timestamp), booleans only for equality. Any other
// pairing is unequal and unordered, never an error.

// literalValue converts a literal of the syntax tree into a Value.
func literalValue(l Literal) Value {
	switch l.Kind {
	case KindString:
		return StringValue(l.Str)
	case KindInt:
		return IntValue(l.Int)
	case KindFloat:
		return FloatValue(l.Float)
	case KindBool:
		return BoolValue(l.Bool)
	case KindBinary, KindHex:
		return BinaryValue(l.Bytes)
	case KindTimestamp:
		return TimestampValue(l.Time)
	}
	return Value{Kind: ValueOther}
}

func (v *Value) instant() instant { return instant{sec: v.Int, nsec: v.Nsec} }

// asInstant reads v as a timestamp: a timestamp value, or a string in the
// STIX timestamp form.
func (v *Value) asInstant() (instant, bool) {
	switch v.Kind {
	case ValueTimestamp:
		return v.instant(), true
	case ValueString:
		return parseTimestamp(v.Str)
	}
	return instant{}, false
}

func isNumber(k ValueKind) bool { return k == ValueInt || k == ValueFloat }

func (v *Value) float() float64 {
	if v.Kind == ValueInt {
		return float64(v.Int)
	}
	return v.Float
}

// valuesEqual reports whether property value v equals literal l.
func valuesEqual(v, l *Value) bool {
	switch l.Kind {
	case ValueString:
		switch v.Kind {
		case ValueString:
			return v.Str == l.Str
		case ValueBinary:
			c, ok := cmpLatin1(l.Str, v.Str)
			return ok && c == 0
		case ValueTimestamp:
			t, ok := parseTimestamp(l.Str)
			return ok && t == v.instant()
		}
	case ValueInt, ValueFloat:
		if v.Kind == ValueInt && l.Kind == ValueInt {
			return v.Int == l.Int
		}
		return isNumber(v.Kind) && v.float() == l.float()
	case ValueBool:
		return v.Kind == ValueBool && v.Int == l.Int
	case ValueBinary:
		switch v.Kind {
		case ValueBinary:
			return v.Str == l.Str
		case ValueString:
			c, ok := cmpLatin1(v.Str, l.Str)
			return ok && c == 0
		}
	case ValueTimestamp:
		t, ok := v.asInstant()
		return ok && t == l.instant()
	}
	return false
}

// Results of valuesOrder besides the ordering itself.
const (
	orderNone    = iota // the types have no order: the comparison is false, NOT included
	orderInvalid        // a string with a code point past 255 against binary: false, NOT applies
	orderOK
)

// valuesOrder compares property value v with literal l, returning -1, 0 or
// +1 and whether the pair is ordered at all.
func valuesOrder(v, l *Value) (int, int) {
	switch l.Kind {
	case ValueString:
		switch v.Kind {
		case ValueString:
			return cmpStrings(v.Str, l.Str), orderOK
		case ValueBinary:
			c, ok := cmpLatin1(l.Str, v.Str)
			if !ok {
				return 0, orderInvalid
			}
			return -c, orderOK
		case ValueTimestamp:
			if t, ok := parseTimestamp(l.Str); ok {
				return v.instant().cmp(t), orderOK
			}
		}
	case ValueInt, ValueFloat:
		if v.Kind == ValueInt && l.Kind == ValueInt {
			return cmpInts(v.Int, l.Int), orderOK
		}
		if isNumber(v.Kind) {
			return cmpFloats(v.float(), l.float())
		}
	case ValueBinary:
		switch v.Kind {
		case ValueBinary:
			return cmpStrings(v.Str, l.Str), orderOK
		case ValueString:
			c, ok := cmpLatin1(v.Str, l.Str)
			if !ok {
				return 0, orderInvalid
			}
			return c, orderOK
		}
	case ValueTimestamp:
		if t, ok := v.asInstant(); ok {
			return t.cmp(l.instant()), orderOK
		}
	}
	return 0, orderNone
}

func cmpStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpInts(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// cmpFloats orders two numbers; NaN is unordered.
func cmpFloats(a, b float64) (int, int) {
	switch {
	case a < b:
		return -1, orderOK
	case a > b:
		return 1, orderOK
	case a == b:
		return 0, orderOK
	}
	return 0, orderNone
}

// cmpLatin1 compares string s, read as bytes (each code point one byte),
// with the bytes b. It fails when s has a code point past 255.
func cmpLatin1(s, b string) (int, bool) {
	for _, r := range s {
		if r > 255 {
			return 0, false
		}
	}
	i := 0
	for _, r := range s {
		if i >= len(b) {
			return 1, true
		}
		if c := cmpInts(int64(r), int64(b[i])); c != 0 {
			return c, true
		}
		i++
	}
	if i < len(b) {
		return -1, true
	}
	return 0, true
}
