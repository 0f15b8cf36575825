package stix

import "strconv"

// checkValue checks val against the property type t, at the current path.
func (v *validator) checkValue(val *Value, t *ptype) {
	switch t.kind {
	case kindAny:
	case kindString:
		v.checkString(val, t)
	case kindInteger:
		v.checkInteger(val, t)
	case kindFloat:
		v.checkFloat(val, t)
	case kindBoolean:
		if val.Kind != Bool {
			v.report("must be a boolean")
		}
	case kindTimestamp:
		v.checkTimestamp(val, t)
	case kindIdentifier:
		v.checkIdentifier(val, t.targets)
	case kindEnum:
		if val.Kind != String {
			v.report("must be a string")
		} else if !t.enum.has(val.Str) {
			v.report(t.enum.msg)
		}
	case kindList:
		v.checkList(val, t.elem)
	case kindDictionary:
		v.checkDictionary(val, t.elem)
	case kindHashes:
		v.checkHashes(val)
	case kindObject:
		if val.Kind != Object {
			v.report("must be an object")
			return
		}
		v.checkMembers(val, t.obj, false)
		v.applyRule(t.obj, val)
	case kindIntOrString:
		if val.Kind != String && !isInteger(val) {
			v.report("must be an integer or a string")
		}
	case kindExtensions:
		v.checkExtensions(val)
	case kindForbidden:
		v.report(t.msg)
	}
}

func (v *validator) checkString(val *Value, t *ptype) {
	if val.Kind != String {
		v.report("must be a string")
		return
	}
	if t.format == fmtNone || v.defanged && formatChecksValue(t.format) {
		return
	}
	if !checkFormat(t.format, val.Str) {
		v.report(formatMsgs[t.format])
	}
}

func (v *validator) checkInteger(val *Value, t *ptype) {
	if val.Kind != Number {
		v.report("must be an integer")
		return
	}
	n, isInt, inRange := parseInteger(val.Str)
	switch {
	case !isInt:
		v.report("must be an integer")
	case !inRange:
		v.report("must be an integer between -(2^53-1) and 2^53-1")
	case t.ranged && (float64(n) < t.min || float64(n) > t.max):
		v.report(t.rangeMsg)
	}
}

func isInteger(val *Value) bool {
	if val.Kind != Number {
		return false
	}
	_, isInt, inRange := parseInteger(val.Str)
	return isInt && inRange
}

func (v *validator) checkFloat(val *Value, t *ptype) {
	if val.Kind != Number {
		v.report("must be a number")
		return
	}
	if !t.ranged {
		return
	}
	f, err := strconv.ParseFloat(val.Str, 64)
	if err != nil || f < t.min || f > t.max {
		v.report(t.rangeMsg)
	}
}

func (v *validator) checkTimestamp(val *Value, t *ptype) {
	if val.Kind != String {
		v.report("must be a string")
		return
	}
	frac, ok := validTimestamp(val.Str)
	switch {
	case !ok:
		v.report("must be an RFC 3339 timestamp in UTC (YYYY-MM-DDTHH:mm:ss[.s+]Z)")
	case t.millis && frac < 3:
		v.report("must have at least millisecond precision (YYYY-MM-DDTHH:mm:ss.sssZ)")
	case t.seconds && frac > 0:
		v.report("must be precise to the second, without a fraction (YYYY-MM-DDTHH:mm:ssZ)")
	}
}

func (v *validator) checkIdentifier(val *Value, t *targets) {
	if val.Kind != String {
		v.report("must be a string")
		return
	}
	typ, uuid, ok := splitID(val.Str)
	if !ok || !validTypeName(typ) || !validUUID(uuid) {
		v.report("must be an identifier of the form <type>--<RFC 4122 UUID>")
		return
	}
	if !t.allows(typ) {
		v.report(t.msg)
	}
}

func (v *validator) checkList(val *Value, elem *ptype) {
	if val.Kind != Array {
		v.report("must be a list")
		return
	}
	if len(val.Arr) == 0 {
		v.report("must not be an empty list")
		return
	}
	if elem.kind == kindAny {
		return
	}
	for i, e := range val.Arr {
		v.pushIndex(i)
		v.checkValue(e, elem)
		v.pop()
	}
}

// nonEmptyDictionary reports whether val is a JSON object with members,
// and reports the problem when it is not; what names the kind expected.
func (v *validator) nonEmptyDictionary(val *Value, what string) bool {
	switch {
	case val.Kind != Object:
		v.report("must be " + what + " (a JSON object)")
		return false
	case len(val.Obj) == 0:
		v.report("must not be an empty dictionary")
		return false
	}
	return true
}

// checkDictionary checks keys and, when elem is set, values; a dictionary
// value MUST be a valid property type, so null is never allowed.
func (v *validator) checkDictionary(val *Value, elem *ptype) {
	if !v.nonEmptyDictionary(val, "a dictionary") {
		return
	}
	for i := range val.Obj {
		m := &val.Obj[i]
		if !validDictKey(m.Key, 0) {
			v.reportAt(m.Key, "dictionary key must be at most 250 ASCII letters, digits, hyphens or underscores")
		}
		switch {
		case m.Value.Kind == Null:
			v.reportAt(m.Key, "must not be null")
		case elem != nil:
			v.push(m.Key)
			v.checkValue(m.Value, elem)
			v.pop()
		}
	}
}

func (v *validator) checkHashes(val *Value) {
	if !v.nonEmptyDictionary(val, "a hashes dictionary") {
		return
	}
	for i := range val.Obj {
		m := &val.Obj[i]
		if !validDictKey(m.Key, 3) {
			v.reportAt(m.Key, "hash algorithm name must be 3 to 250 ASCII letters, digits, hyphens or underscores")
			continue
		}
		if m.Value.Kind != String {
			v.reportAt(m.Key, "must be a string")
			continue
		}
		if msg, ok := validHash(m.Key, m.Value.Str); !ok {
			v.reportAt(m.Key, msg)
		}
	}
}
