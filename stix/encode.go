package stix

import (
	"bytes"
	"unicode/utf8"
)

// AppendJSON appends the compact JSON encoding of v to dst. Member order and
// number literals are kept as parsed.
func (v *Value) AppendJSON(dst []byte) []byte {
	switch v.Kind {
	case Null:
		return append(dst, "null"...)
	case Bool:
		if v.Bool {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case Number:
		return append(dst, v.Str...)
	case String:
		return AppendQuoted(dst, v.Str)
	case Array:
		dst = append(dst, '[')
		for i, e := range v.Arr {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = e.AppendJSON(dst)
		}
		return append(dst, ']')
	}
	dst = append(dst, '{')
	for i, m := range v.Obj {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendQuoted(dst, m.Key)
		dst = append(dst, ':')
		dst = m.Value.AppendJSON(dst)
	}
	return append(dst, '}')
}

// MarshalJSON implements json.Marshaler.
func (v *Value) MarshalJSON() ([]byte, error) { return v.AppendJSON(nil), nil }

// String returns the compact JSON text of v.
func (v *Value) String() string { return string(v.AppendJSON(nil)) }

const hexDigits = "0123456789abcdef"

// AppendQuoted appends s as a JSON string. Only what JSON requires is
// escaped (quote, backslash, control characters), plus U+2028 and U+2029 so
// the output is also safe inside JavaScript; invalid UTF-8 becomes U+FFFD.
func AppendQuoted(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// AppendCompact appends src, a valid JSON text, to dst without the white
// space between tokens. Strings are copied as they are, escapes included.
// It is several times faster than parsing and encoding again, which is how
// the importer keeps an object as its source wrote it.
func AppendCompact(dst, src []byte) []byte {
	for i := 0; i < len(src); {
		switch c := src[i]; c {
		case ' ', '\t', '\n', '\r':
			i++
		case '"':
			end := stringEnd(src, i+1)
			dst = append(dst, src[i:end]...)
			i = end
		default:
			dst = append(dst, c)
			i++
		}
	}
	return dst
}

// stringEnd returns the offset just past the closing quote of the string
// whose content starts at i.
func stringEnd(src []byte, i int) int {
	for {
		q := bytes.IndexByte(src[i:], '"')
		if q < 0 {
			return len(src)
		}
		i += q + 1
		if !escaped(src, i-1) {
			return i
		}
	}
}

// AppendMembers appends members to obj, the compact JSON text of an object,
// inside its closing brace.
func AppendMembers(obj []byte, members []Member) []byte {
	if len(members) == 0 || len(obj) < 2 || obj[len(obj)-1] != '}' {
		return obj
	}
	empty := len(obj) == 2
	obj = obj[:len(obj)-1]
	for i, m := range members {
		if i > 0 || !empty {
			obj = append(obj, ',')
		}
		obj = AppendQuoted(obj, m.Key)
		obj = append(obj, ':')
		obj = m.Value.AppendJSON(obj)
	}
	return append(obj, '}')
}
