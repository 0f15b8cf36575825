package hunt

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// zeekWords returns b, of at most 16 bytes, as two little-endian words,
// zero past its end.
func zeekWords(b []byte) (w0, w1 uint64) {
	var t [16]byte
	copy(t[:], b)
	return binary.LittleEndian.Uint64(t[:8]), binary.LittleEndian.Uint64(t[8:])
}

// zeekOrder learns the order of a log's keys, which Zeek keeps from line
// to line, so that fast can take a key for the one that followed the key
// before it last time with a comparison or two, rather than find its end
// and look its act up.
type zeekOrder struct {
	keys  []zeekOrderKey // keys[0] is the empty key, which starts a line
	index map[string]int32
}

type zeekOrderKey struct {
	w0, w1 uint64 // the name, '"' and ':', when they fit in two words
	m0, m1 uint64 // the bits of w0 and w1 that are theirs; 0 when they do not fit
	name   string
	act    zeekAct
	next   int32 // the key that followed it last
}

// zeekOrderMax bounds the keys a log can make zeekOrder keep.
const zeekOrderMax = 1024

func (o *zeekOrder) add(name string, act zeekAct) int32 {
	k := zeekOrderKey{name: name, act: act}
	if n := len(name) + 2; n <= 16 {
		k.w0, k.w1 = zeekWords([]byte(name + `":`))
		k.m0, k.m1 = ^uint64(0)>>(8*max(8-n, 0)), ^uint64(0)>>(8*(16-n))
	}
	o.keys = append(o.keys, k)
	o.index[name] = int32(len(o.keys) - 1)
	return int32(len(o.keys) - 1)
}

// is reports whether the words of k are those at e[at:], false when k has
// none.
func (k *zeekOrderKey) is(e []byte, at int) bool {
	return k.m0 != 0 && at+16 <= len(e) &&
		(binary.LittleEndian.Uint64(e[at:])^k.w0)&k.m0|(binary.LittleEndian.Uint64(e[at+8:])^k.w1)&k.m1 == 0
}

// key reads the key at b[at], after its quote, and its colon, for fast
// when the words of the key expected after prev do not match: a key of
// more than 14 bytes, one near the end of the buffer, or another key. It
// returns the key's act, where its value starts (0 when it is not a key
// of fast's form), and which key it is.
func (o *zeekOrder) key(b []byte, at int, prev int32) (zeekAct, int, int32) {
	next := o.keys[prev].next
	k := &o.keys[next]
	if v := at + len(k.name) + 2; v < len(b) && b[v-2] == '"' && b[v-1] == ':' && string(b[at:v-2]) == k.name {
		return k.act, v, next
	}
	j := jsonlStrEnd(b, at)
	if j+2 >= len(b) || b[j] != '"' || b[j+1] != ':' {
		return zeekSkip, 0, 0
	}
	i, ok := o.index[string(b[at:j])]
	if !ok {
		if len(o.keys) == zeekOrderMax {
			return zeekActOf(b[at:j]), j + 2, 0
		}
		i = o.add(string(b[at:j]), zeekActOf(b[at:j]))
	}
	o.keys[prev].next = i
	return o.keys[i].act, j + 2, i
}

// fast reads line into r, as jsonlScanner.walk and jsonlValue would, if it
// has the form Zeek writes: an object with no space between its tokens,
// keys without escapes, and values that are strings, numbers, booleans,
// null or arrays of them. It knows a key by its order (zeekOrder), and
// skips the value of an act z.on leaves out without looking at it further
// than its end. It returns false for a line of any other form, valid JSON
// or not, having maybe added some of its fields: the caller drops them and
// walks the line with jsonlScanner. s unescapes the strings that need it.
func (z *zeekReader) fast(r *Record, s *jsonlScanner, line []byte) bool {
	s.scratch = s.scratch[:0]
	n := len(line)
	if n < 2 || line[0] != '{' {
		return false
	}
	if line[1] == '}' {
		return n == 2
	}
	if z.order.keys == nil {
		z.order.index = make(map[string]int32)
		z.order.add("", zeekSkip)
	}
	on, prev, e := z.on, int32(0), line[:cap(line)]
	for i := 1; ; i++ {
		if line[i] != '"' {
			return false
		}
		// The key: the one that followed the key before, if its words
		// match, else as zeekOrder.key finds it.
		at, keys := i+1, z.order.keys
		next := keys[prev].next
		k := &keys[next]
		act := k.act
		if i = at + len(k.name) + 2; i < n && k.is(e, at) {
			prev = next
		} else if act, i, prev = z.order.key(line, at, prev); i == 0 {
			return false
		}
		// The value: a string without escapes or a number, here; any
		// other in value.
		var v []byte
		plain := true
		switch c := line[i]; {
		case c == '"':
			// The first eight bytes, which hold the end of most strings
			// and numbers, here; the others in a loop.
			j := i + 1
			if m := uint64(0); j+8 <= len(e) {
				if m = jsonlQuotes(binary.LittleEndian.Uint64(e[j:])); m != 0 {
					j += bits.TrailingZeros64(m) >> 3
				} else {
					j = jsonlStrEnd(line, j+8)
				}
			} else {
				j = jsonlStrEnd(line, j)
			}
			if plain = j < n && line[j] == '"'; plain {
				v, i = line[i+1:j], j+1
			}
		case c >= '0' && c <= '9':
			j := i + 1
			if j+8 <= len(e) {
				if m := zeekNotNum(binary.LittleEndian.Uint64(e[j:])); m != 0 {
					j += bits.TrailingZeros64(m) >> 3
				} else {
					j = zeekNumEnd(line, j+8)
				}
			} else {
				j = zeekNumEnd(line, j)
			}
			j = min(j, n)
			v, i = line[i:j:j], j
		default:
			plain = false
		}
		if m := on[act]; plain && m != 0 {
			zeekApply(r, act, m, v)
		} else if !plain {
			var ok bool
			if i, ok = z.value(r, s, line, i, act, m); !ok {
				return false
			}
		}
		if i >= n {
			return false
		}
		switch line[i] {
		case ',':
			if i+1 >= n {
				return false
			}
		case '}':
			return i+1 == n
		default:
			return false
		}
	}
}

// value reads the value at b[i], for fast, and returns where it ends.
func (z *zeekReader) value(r *Record, s *jsonlScanner, b []byte, i int, act zeekAct, m zeekParts) (int, bool) {
	var v []byte
	switch c := b[i]; {
	case c == '"':
		j := jsonlStrEnd(b, i+1)
		if j >= len(b) {
			return 0, false
		}
		v = b[i+1 : j]
		if b[j] == '\\' {
			var ok bool
			s.b, s.i = b, j
			if v, ok = s.unescape(i + 1); !ok {
				return 0, false
			}
			j = s.i - 1
		}
		i = j + 1
	case c >= '0' && c <= '9' || c == '-' && i+1 < len(b) && b[i+1] >= '0' && b[i+1] <= '9':
		j := zeekNumEnd(b, i+1)
		v, i = b[i:j:j], j
	case c == '[':
		return z.array(r, s, b, i+1, act, m)
	case bytes.HasPrefix(b[i:], []byte("true")):
		v, i = b[i:i+4:i+4], i+4
	case bytes.HasPrefix(b[i:], []byte("false")):
		v, i = b[i:i+5:i+5], i+5
	case bytes.HasPrefix(b[i:], []byte("null")):
		return i + 4, true
	default:
		return 0, false
	}
	if m != 0 {
		zeekApply(r, act, m, v)
	}
	return i, true
}

// array reads the elements of the array whose '[' is before b[i], for
// fast, and returns where it ends.
func (z *zeekReader) array(r *Record, s *jsonlScanner, b []byte, i int, act zeekAct, m zeekParts) (int, bool) {
	if i < len(b) && b[i] == ']' {
		return i + 1, true
	}
	for i < len(b) && b[i] != '[' && b[i] != '{' {
		var ok bool
		if i, ok = z.value(r, s, b, i, act, m); !ok || i >= len(b) {
			return 0, false
		}
		switch b[i] {
		case ',':
			i++
		case ']':
			return i + 1, true
		default:
			return 0, false
		}
	}
	return 0, false
}

// zeekNumEnd returns the index of the first byte of b[i:] that is not a
// digit or '.', or len(b), reading eight bytes at a time as jsonlStrEnd
// does.
func zeekNumEnd(b []byte, i int) int {
	n, e := len(b), b[:cap(b)]
	for ; i < n && i+8 <= len(e); i += 8 {
		if m := zeekNotNum(binary.LittleEndian.Uint64(e[i:])); m != 0 {
			return min(i+bits.TrailingZeros64(m)>>3, n)
		}
	}
	for ; i < n && (b[i] >= '0' && b[i] <= '9' || b[i] == '.'); i++ {
	}
	return i
}

// zeekNotNum returns the high bit of each byte of x that is not a digit
// or '.'. No sum or difference carries from one byte into the next: each
// adds to or takes from seven bits, or a byte with its high bit set.
func zeekNotNum(x uint64) uint64 {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	y := x &^ high
	atLeastDot := (y | high) - '.'*ones // high bit where y >= '.'
	past9 := y + (0x7f-'9')*ones        // high bit where y > '9'
	return (^atLeastDot | past9 | x | bytesOf(x, '/'*ones)) & high
}
