package stix

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"sort"
	"strconv"
	"unicode/utf16"
)

// SCONamespace is the UUIDv5 namespace of deterministic SCO identifiers
// (section 2.9).
const SCONamespace = "00abedb4-aa42-466c-9c01-fed23315a9b7"

var scoNamespace = mustParseUUID(SCONamespace)

// DeterministicID computes the UUIDv5 id of an SCO from its id-contributing
// properties (STIX 2.1 section 2.9, namespace 00abedb4-aa42-466c-9c01-
// fed23315a9b7, canonical JSON per RFC 8785 of the contributing properties),
// ok=false when the type has none or none are present.
//
// As section 6 asks, only one hash of a hashes property contributes: the
// first of MD5, SHA-1, SHA-256 and SHA-512 present, else the first listed
// (the choice python-stix2 makes, which produced the specification's
// examples). ok is also false when a contributing value cannot be
// canonicalised (a number beyond the range of a double).
func DeterministicID(obj *Value) (id string, ok bool) {
	spec := catalogue[obj.GetString("type")]
	if spec == nil || spec.category != CategorySCO {
		return "", false
	}
	id, status := deterministicID(obj, spec)
	return id, status == idOK
}

// SetDeterministicID gives sco, an SCO as a Go map (the form in which
// accord builds the objects it reports), its deterministic id, and
// reports whether it has one: false when the map does not make a valid
// object of a type with ID contributing properties present.
func SetDeterministicID(sco map[string]any) bool {
	data, err := json.Marshal(sco)
	if err != nil {
		return false
	}
	v, err := Parse(data)
	if err != nil {
		return false
	}
	id, ok := DeterministicID(v)
	if ok {
		sco["id"] = id
	}
	return ok
}

type idStatus uint8

const (
	idOK      idStatus = iota
	idNone             // the type has ID contributing properties but none is present
	idInvalid          // a contributing value cannot be canonicalised
)

func deterministicID(obj *Value, spec *objSpec) (string, idStatus) {
	name := &Value{Kind: Object}
	for _, p := range spec.idContrib {
		val := obj.Get(p)
		if val == nil {
			continue
		}
		if p == "hashes" {
			if val = chooseHash(val); val == nil {
				continue
			}
		}
		name.Obj = append(name.Obj, Member{Key: p, Value: val})
	}
	if len(name.Obj) == 0 {
		return "", idNone
	}
	canon, err := appendCanonical(nil, name)
	if err != nil {
		return "", idInvalid
	}
	return spec.name + "--" + uuid5(scoNamespace, canon), idOK
}

// chooseHash keeps one hash of a hashes dictionary, by idHashPreference.
func chooseHash(hashes *Value) *Value {
	if hashes.Kind != Object || len(hashes.Obj) == 0 {
		return hashes
	}
	for _, alg := range idHashPreference {
		if h := hashes.Get(alg); h != nil {
			return &Value{Kind: Object, Obj: []Member{{Key: alg, Value: h}}}
		}
	}
	return &Value{Kind: Object, Obj: hashes.Obj[:1:1]}
}

// uuid5 returns the RFC 4122 version 5 UUID of name in namespace ns.
func uuid5(ns [16]byte, name []byte) string {
	h := sha1.New()
	h.Write(ns[:])
	h.Write(name)
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return formatUUID(u)
}

func formatUUID(u [16]byte) string {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:])
}

func mustParseUUID(s string) [16]byte {
	var u [16]byte
	clean := s[0:8] + s[9:13] + s[14:18] + s[19:23] + s[24:]
	if _, err := hex.Decode(u[:], []byte(clean)); err != nil {
		panic("stix: bad UUID " + s)
	}
	return u
}

var errNotCanonical = errors.New("stix: number cannot be represented in canonical JSON")

// appendCanonical appends the RFC 8785 (JCS) serialisation of v: members
// sorted by their UTF-16 code units, minimal string escapes and numbers in
// the ECMAScript shortest form.
func appendCanonical(dst []byte, v *Value) ([]byte, error) {
	switch v.Kind {
	case Null:
		return append(dst, "null"...), nil
	case Bool:
		return strconv.AppendBool(dst, v.Bool), nil
	case Number:
		return appendES6Number(dst, v.Str)
	case String:
		return appendJCSString(dst, v.Str), nil
	case Array:
		return appendCanonicalArray(dst, v.Arr)
	}
	return appendCanonicalObject(dst, v.Obj)
}

func appendCanonicalArray(dst []byte, arr []*Value) ([]byte, error) {
	dst = append(dst, '[')
	for i, e := range arr {
		if i > 0 {
			dst = append(dst, ',')
		}
		var err error
		if dst, err = appendCanonical(dst, e); err != nil {
			return nil, err
		}
	}
	return append(dst, ']'), nil
}

func appendCanonicalObject(dst []byte, members []Member) ([]byte, error) {
	sorted := make([]Member, len(members))
	copy(sorted, members)
	sort.Slice(sorted, func(i, j int) bool { return lessUTF16(sorted[i].Key, sorted[j].Key) })
	dst = append(dst, '{')
	for i, m := range sorted {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJCSString(dst, m.Key)
		dst = append(dst, ':')
		var err error
		if dst, err = appendCanonical(dst, m.Value); err != nil {
			return nil, err
		}
	}
	return append(dst, '}'), nil
}

// lessUTF16 orders strings by their UTF-16 code units, as RFC 8785 requires.
func lessUTF16(a, b string) bool {
	ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
	for i := 0; i < len(ua) && i < len(ub); i++ {
		if ua[i] != ub[i] {
			return ua[i] < ub[i]
		}
	}
	return len(ua) < len(ub)
}

// appendJCSString escapes only what RFC 8785 requires: quote, backslash and
// control characters (with the short forms where JSON has them).
func appendJCSString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\b':
			dst = append(dst, '\\', 'b')
		case c == '\f':
			dst = append(dst, '\\', 'f')
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c == '\r':
			dst = append(dst, '\\', 'r')
		case c == '\t':
			dst = append(dst, '\\', 't')
		case c < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}

// appendES6Number writes a JSON number literal as ECMAScript's
// Number.prototype.toString would write the double it denotes.
func appendES6Number(dst []byte, lit string) ([]byte, error) {
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, errNotCanonical
	}
	if f == 0 {
		return append(dst, '0'), nil
	}
	if f < 0 {
		dst = append(dst, '-')
		f = -f
	}
	// Shortest round-trip digits d1.d2d3...e±x; n is the decimal point's
	// position relative to the digits.
	e := strconv.AppendFloat(nil, f, 'e', -1, 64)
	mant, exp := e, 0
	for i, c := range e {
		if c == 'e' {
			mant = e[:i]
			exp, _ = strconv.Atoi(string(e[i+1:]))
			break
		}
	}
	digits := make([]byte, 0, len(mant))
	for _, c := range mant {
		if c != '.' {
			digits = append(digits, c)
		}
	}
	k, n := len(digits), exp+1
	switch {
	case k <= n && n <= 21:
		dst = append(dst, digits...)
		for i := k; i < n; i++ {
			dst = append(dst, '0')
		}
	case 0 < n && n <= 21:
		dst = append(dst, digits[:n]...)
		dst = append(dst, '.')
		dst = append(dst, digits[n:]...)
	case -6 < n && n <= 0:
		dst = append(dst, '0', '.')
		for i := n; i < 0; i++ {
			dst = append(dst, '0')
		}
		dst = append(dst, digits...)
	default:
		dst = append(dst, digits[0])
		if k > 1 {
			dst = append(dst, '.')
			dst = append(dst, digits[1:]...)
		}
		dst = append(dst, 'e')
		if n-1 >= 0 {
			dst = append(dst, '+')
		}
		dst = strconv.AppendInt(dst, int64(n-1), 10)
	}
	return dst, nil
}

// NameUUID returns the name-based (version 5, SHA-1) UUID of name in the
// namespace ns, a UUID in its text form: the same name always gives the
// same id. It panics when ns is not a UUID.
func NameUUID(ns, name string) string { return uuid5(mustParseUUID(ns), []byte(name)) }
