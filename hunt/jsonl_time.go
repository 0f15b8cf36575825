package hunt

import "time"

// jsonlTime reads a timestamp as logs write it: epoch seconds with an
// optional fraction, or ISO 8601 ("2006-01-02T15:04:05.999Z", a space for
// the T, an offset or none, which is taken as UTC). It allocates nothing.
func jsonlTime(b []byte) (time.Time, bool) {
	if len(b) >= 19 && b[4] == '-' {
		return jsonlISOTime(b)
	}
	return jsonlEpoch(b)
}

func jsonlEpoch(b []byte) (time.Time, bool) {
	sec, nsec, ok := jsonlEpochWords(b)
	if !ok {
		sec, nsec, ok = jsonlEpochBytes(b)
	}
	if !ok {
		return time.Time{}, false
	}
	return time.Unix(sec, nsec).UTC(), true
}

func jsonlEpochBytes(b []byte) (sec, nsec int64, ok bool) {
	i := 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		if i >= 12 {
			return 0, 0, false
		}
		sec = sec*10 + int64(b[i]-'0')
	}
	if i == 0 {
		return 0, 0, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		scale := int64(100000000)
		for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			nsec += int64(b[i]-'0') * scale
			scale /= 10
		}
	}
	if i != len(b) {
		return 0, 0, false
	}
	return sec, nsec, true
}

// jsonlDigits reads n decimal digits at b[i:].
func jsonlDigits(b []byte, i, n int) (int, bool) {
	if i+n > len(b) {
		return 0, false
	}
	v := 0
	for _, c := range b[i : i+n] {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

func jsonlISOTime(b []byte) (time.Time, bool) {
	y, ok1 := jsonlDigits(b, 0, 4)
	mo, ok2 := jsonlDigits(b, 5, 2)
	d, ok3 := jsonlDigits(b, 8, 2)
	h, ok4 := jsonlDigits(b, 11, 2)
	mi, ok5 := jsonlDigits(b, 14, 2)
	s, ok6 := jsonlDigits(b, 17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || b[7] != '-' || b[10] != 'T' && b[10] != ' ' && b[10] != 't' ||
		b[13] != ':' || b[16] != ':' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 {
		return time.Time{}, false
	}
	i, ns := 19, 0
	if i < len(b) && (b[i] == '.' || b[i] == ',') {
		i++
		scale := 100000000
		for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
			ns += int(b[i]-'0') * scale
			scale /= 10
		}
	}
	off := 0
	switch {
	case i == len(b):
	case b[i] == 'Z' || b[i] == 'z':
		i++
	case b[i] == '+' || b[i] == '-':
		oh, ok := jsonlDigits(b, i+1, 2)
		if !ok {
			return time.Time{}, false
		}
		j := i + 3
		if j < len(b) && b[j] == ':' {
			j++
		}
		om, ok := jsonlDigits(b, j, 2)
		if !ok || oh > 23 || om > 59 {
			return time.Time{}, false
		}
		off = (oh*60 + om) * 60
		if b[i] == '-' {
			off = -off
		}
		i = j + 2
	}
	if i != len(b) {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, s, ns, time.UTC)
	return t.Add(-time.Duration(off) * time.Second), true
}

// jsonlIPKind says whether b is an IPv4 or IPv6 address (KindOther when
// neither), checking the form without allocating as netip would.
func jsonlIPKind(b []byte) Kind {
	if jsonlIPv4(b) {
		return KindIPv4
	}
	if jsonlIPv6(b) {
		return KindIPv6
	}
	return KindOther
}

func jsonlIPv6(b []byte) bool {
	if len(b) < 2 || len(b) > 45 {
		return false
	}
	groups, double, hex := 0, false, 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == ':':
			if i+1 < len(b) && b[i+1] == ':' {
				if double {
					return false
				}
				double = true
				if hex > 0 {
					groups++
				}
				hex = 0
				i++
				continue
			}
			if hex == 0 {
				return false
			}
			groups++
			hex = 0
		case c == '.':
			// an embedded IPv4 tail counts as two groups
			start := i - hex
			if !jsonlIPv4(b[start:]) {
				return false
			}
			groups += 2
			hex = 0
			i = len(b)
		case c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F':
			hex++
			if hex > 4 {
				return false
			}
		default:
			return false
		}
	}
	if hex > 0 {
		groups++
	} else if b[len(b)-1] == ':' && !double {
		return false
	}
	if double {
		return groups < 8
	}
	return groups == 8
}

// jsonlIPPath is the STIX path of an address's own object.
func jsonlIPPath(k Kind) string {
	if k == KindIPv6 {
		return "ipv6-addr:value"
	}
	return "ipv4-addr:value"
}

// jsonlSplitPath splits a Windows or Unix file path into its directory
// (without the last separator) and its base name.
func jsonlSplitPath(b []byte) (dir, base []byte) {
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] == '\\' || b[i] == '/' {
			return b[:i], b[i+1:]
		}
	}
	return nil, b
}

// jsonlIntern turns the key bytes of a line into strings made once: a
// record's Path and Host are strings, and a log repeats the same few keys
// and hosts on every line. Past jsonlInternMax distinct keys (a hostile or
// very wide log) a string is made per use instead of kept.
type jsonlIntern struct {
	prefix string
	m      map[string]string
}

const jsonlInternMax = 4096

func (in *jsonlIntern) get(key []byte) string {
	if s, ok := in.m[string(key)]; ok {
		return s
	}
	s := in.prefix + string(key)
	if in.m == nil {
		in.m = make(map[string]string)
	}
	if len(in.m) < jsonlInternMax {
		in.m[string(key)] = s
	}
	return s
}
