package hunt

import "time"

// csvNum reads the decimal digits of b, which must all be digits.
func csvNum(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// csvParseDate reads YYYY-MM-DD.
func csvParseDate(b []byte) (y, m, d int, ok bool) {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return 0, 0, 0, false
	}
	y, ok1 := csvNum(b[:4])
	m, ok2 := csvNum(b[5:7])
	d, ok3 := csvNum(b[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// csvParseClock reads hh:mm:ss with an optional fraction of a second, and
// returns it as a duration since midnight.
func csvParseClock(b []byte) (time.Duration, bool) {
	if len(b) < 8 || b[2] != ':' || b[5] != ':' {
		return 0, false
	}
	h, ok1 := csvNum(b[:2])
	mi, ok2 := csvNum(b[3:5])
	s, ok3 := csvNum(b[6:8])
	if !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || s > 60 {
		return 0, false
	}
	d := time.Duration(h*3600+mi*60+s) * time.Second
	if len(b) == 8 {
		return d, true
	}
	frac := b[9:]
	if (b[8] != '.' && b[8] != ',') || len(frac) == 0 || len(frac) > 9 {
		return 0, false
	}
	ns, ok := csvNum(frac)
	if !ok {
		return 0, false
	}
	for i := len(frac); i < 9; i++ {
		ns *= 10
	}
	return d + time.Duration(ns), true
}

// csvParseTime reads the timestamps logs write: RFC 3339 with a "T" or a
// space, with or without a zone (UTC when absent), and Unix seconds (10
// digits) or milliseconds (13 digits). It allocates nothing.
func csvParseTime(b []byte) (time.Time, bool) {
	if n, ok := csvNum(b); ok {
		switch len(b) {
		case 10:
			return time.Unix(int64(n), 0).UTC(), true
		case 13:
			return time.UnixMilli(int64(n)).UTC(), true
		}
		return time.Time{}, false
	}
	if len(b) < 19 || (b[10] != 'T' && b[10] != ' ' && b[10] != 't') {
		return time.Time{}, false
	}
	y, m, d, ok := csvParseDate(b[:10])
	if !ok {
		return time.Time{}, false
	}
	clock, zone := b[11:], 0
	if n := len(clock); clock[n-1] == 'Z' || clock[n-1] == 'z' {
		clock = clock[:n-1]
	} else if n >= 14 && (clock[n-6] == '+' || clock[n-6] == '-') && clock[n-3] == ':' {
		zh, ok1 := csvNum(clock[n-5 : n-3])
		zm, ok2 := csvNum(clock[n-2:])
		if !ok1 || !ok2 || zh > 23 || zm > 59 {
			return time.Time{}, false
		}
		if zone = (zh*60 + zm) * 60; clock[n-6] == '-' {
			zone = -zone
		}
		clock = clock[:n-6]
	}
	c, ok := csvParseClock(clock)
	if !ok {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Add(c - time.Duration(zone)*time.Second), true
}
