package hunt

import "bytes"

// csvSplit cuts the CSV record b (RFC 4180) at its commas into vals. The
// fields without quotes are slices of b; a quoted one is unquoted into buf,
// which must have room for len(b) bytes so that it never grows. It returns
// open when b ends inside a quoted field (the record goes on on the next
// line), and a non-empty bad for malformed quoting.
func csvSplit(b []byte, vals [][]byte, buf []byte) (_ [][]byte, _ []byte, open bool, bad string) {
	vals = vals[:0]
	if bytes.IndexByte(b, '"') < 0 {
		for {
			j := bytes.IndexByte(b, ',')
			if j < 0 {
				return append(vals, b), buf, false, ""
			}
			vals, b = append(vals, b[:j]), b[j+1:]
		}
	}
	for {
		if len(b) > 0 && b[0] == '"' {
			var f []byte
			f, b, buf, open = csvQuoted(b[1:], buf)
			if open {
				return vals, buf, true, ""
			}
			vals = append(vals, f)
			if len(b) == 0 {
				return vals, buf, false, ""
			}
			if b[0] != ',' {
				return vals, buf, false, "text after a closing quote"
			}
			b = b[1:]
			continue
		}
		j := bytes.IndexByte(b, ',')
		f := b
		if j >= 0 {
			f = b[:j]
		}
		if bytes.IndexByte(f, '"') >= 0 {
			return vals, buf, false, "a quote inside an unquoted field"
		}
		vals = append(vals, f)
		if j < 0 {
			return vals, buf, false, ""
		}
		b = b[j+1:]
	}
}

// csvQuoted reads a quoted field's text after its opening quote into buf,
// turning "" into ", and returns the field and the rest of b after the
// closing quote, or open when there is none.
func csvQuoted(b, buf []byte) (f, rest, _ []byte, open bool) {
	start := len(buf)
	for {
		j := bytes.IndexByte(b, '"')
		if j < 0 {
			return nil, nil, buf, true
		}
		buf = append(buf, b[:j]...)
		b = b[j+1:]
		if len(b) > 0 && b[0] == '"' {
			buf = append(buf, '"')
			b = b[1:]
			continue
		}
		return buf[start:len(buf):len(buf)], b, buf, false
	}
}
