package hunt

import (
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/Velocidex/ordereddict"
)

// Bounds on rendering one event, which a hostile chunk could otherwise make
// exponential: the library shares expanded templates between elements.
const (
	evtxMaxDepth  = 16 // well under the JSON scanner's jsonlMaxDepth
	evtxMaxValues = 1 << 16
	evtxMaxRaw    = 4 << 20
)

// render writes event as the flat JSON line NewEvtx documents into e.raw,
// returning why it could not ("" when it could).
func (e *evtxReader) render(event *ordereddict.Dict) string {
	e.raw, e.budget, e.fail = append(e.raw[:0], '{'), evtxMaxValues, ""
	for _, k := range event.Keys() {
		v, _ := event.Get(k)
		switch k {
		case "System":
			e.lift(k, v, false)
		case "EventData":
			e.lift(k, v, true)
		case "UserData":
			if d, ok := v.(*ordereddict.Dict); ok {
				for _, ck := range d.Keys() {
					cv, _ := d.Get(ck)
					e.lift(ck, cv, false)
				}
			} else {
				e.member("", k, v, 1)
			}
		default:
			e.member("", k, v, 1)
		}
	}
	e.raw = append(e.raw, '}')
	return e.fail
}

// lift writes the children of element k (value v) as top-level members;
// with data, its <Data Name="n"> children as n.
func (e *evtxReader) lift(k string, v any, data bool) {
	d, ok := v.(*ordereddict.Dict)
	if !ok {
		e.member("", k, v, 1)
		return
	}
	for _, ck := range d.Keys() {
		cv, _ := d.Get(ck)
		if data && ck == "Data" {
			e.data(cv)
		} else {
			e.member("", ck, cv, 1)
		}
	}
}

// data writes EventData's Data elements. The library turns them into
// name: value only when every one has a value, so an event with an empty
// optional value (or a single Data) still has them as {Name, Value}.
func (e *evtxReader) data(v any) {
	items, ok := v.([]any)
	if !ok {
		items = []any{v}
	}
	for _, it := range items {
		if d, ok := it.(*ordereddict.Dict); ok {
			n, _ := d.Get("Name")
			if name, ok := n.(string); ok {
				val, _ := d.Get("Value")
				if val == nil {
					val = ""
				}
				e.member("", name, val, 1)
				continue
			}
		}
		e.member("", "Data", it, 1)
	}
}

// member writes the member prefix+k: v, unless v is nil. An element with
// text and attributes (the library's {attrs…, Value: text}) is its text,
// and its attributes k.attr.
func (e *evtxReader) member(prefix, k string, v any, depth int) {
	if v == nil || e.fail != "" {
		return
	}
	if d, ok := v.(*ordereddict.Dict); ok {
		if text, ok := d.Get("Value"); ok && text != nil && prefix == "" {
			e.member("", k, text, depth+1)
			for _, ak := range d.Keys() {
				if ak != "Value" {
					av, _ := d.Get(ak)
					e.member(k+".", ak, av, depth+1)
				}
			}
			return
		}
	}
	if c := e.raw[len(e.raw)-1]; c != '{' {
		e.raw = append(e.raw, ',')
	}
	e.raw = evtxAppendString(e.raw, prefix, k)
	e.raw = append(e.raw, ':')
	e.value(v, depth)
}

// value writes v as JSON.
func (e *evtxReader) value(v any, depth int) {
	e.budget--
	switch {
	case e.budget < 0 || len(e.raw) > evtxMaxRaw:
		e.fail = "event too large to render"
	case depth > evtxMaxDepth:
		e.fail = "event nested too deeply"
	}
	if e.fail != "" {
		e.raw = append(e.raw, "null"...)
		return
	}
	b := e.raw
	switch t := v.(type) {
	case nil:
		b = append(b, "null"...)
	case string:
		b = evtxAppendString(b, "", t)
	case float64: // the library's FILETIME
		if tm, ok := evtxTime(t); ok {
			b = append(tm.AppendFormat(append(b, '"'), "2006-01-02T15:04:05.0000000Z"), '"')
		} else {
			b = strconv.AppendFloat(b, t, 'f', -1, 64)
		}
	case bool:
		b = strconv.AppendBool(b, t)
	case uint8:
		b = strconv.AppendUint(b, uint64(t), 10)
	case uint16:
		b = strconv.AppendUint(b, uint64(t), 10)
	case uint32:
		b = strconv.AppendUint(b, uint64(t), 10)
	case uint64:
		b = strconv.AppendUint(b, t, 10)
	case []byte:
		b = append(b, '"')
		for _, c := range t {
			b = append(b, "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
		}
		b = append(b, '"')
	case []string:
		b = append(b, '[')
		for i, s := range t {
			if i > 0 {
				b = append(b, ',')
			}
			b = evtxAppendString(b, "", s)
		}
		b = append(b, ']')
	case []any:
		e.raw = append(b, '[')
		for i, x := range t {
			if i > 0 {
				e.raw = append(e.raw, ',')
			}
			e.value(x, depth+1)
		}
		b = append(e.raw, ']')
	case *ordereddict.Dict:
		e.raw = append(b, '{')
		for _, k := range t.Keys() {
			x, _ := t.Get(k)
			e.member("", k, x, depth+1)
		}
		b = append(e.raw, '}')
	default:
		b = evtxAppendString(b, "", fmt.Sprint(t))
	}
	e.raw = b
}

// evtxTime turns the library's FILETIME back into a time. The library
// computes (float64(ticks since 1601) - 1970's ticks) / 1e7; multiplying
// back and adding 1970's ticks lands on that float64 again (the error is
// a few ticks, its step 16 or more), which is then exact in integers.
func evtxTime(sec float64) (time.Time, bool) {
	if !(sec > -11644473600 && sec < 253402300800) { // the years 1601 to 9999
		return time.Time{}, false
	}
	const epoch = 116444736000000000 // 1970 in 100 ns ticks since 1601
	ticks := int64(sec*1e7+epoch) - epoch
	return time.Unix(ticks/1e7, ticks%1e7*100).UTC(), true
}

// evtxAppendString appends prefix+s as a JSON string; invalid UTF-8
// becomes U+FFFD, so that the JSON scanner reads back what it was given.
func evtxAppendString(b []byte, prefix, s string) []byte {
	b = append(b, '"')
	for _, part := range [2]string{prefix, s} {
		for i := 0; i < len(part); {
			c := part[i]
			switch {
			case c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf:
				b = append(b, c)
				i++
				continue
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', "0123456789abcdef"[c>>4], "0123456789abcdef"[c&15])
			default:
				r, n := utf8.DecodeRuneInString(part[i:])
				if r == utf8.RuneError && n == 1 {
					b = append(b, "\\ufffd"...)
				} else {
					b = append(b, part[i:i+n]...)
				}
				i += n
				continue
			}
			i++
		}
	}
	return append(b, '"')
}
