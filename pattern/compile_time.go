package pattern

import (
	"math"
	"time"
)

// instant is a point in time as Unix seconds and nanoseconds. It spans the
// years 0001 to 9999 of STIX timestamps, which time.Duration arithmetic
// cannot, and compares without allocating.
type instant struct {
	sec  int64
	nsec int32
}

func instantOf(t time.Time) instant {
	return instant{sec: t.Unix(), nsec: int32(t.Nanosecond())}
}

func (a instant) cmp(b instant) int {
	switch {
	case a.sec < b.sec:
		return -1
	case a.sec > b.sec:
		return 1
	case a.nsec < b.nsec:
		return -1
	case a.nsec > b.nsec:
		return 1
	}
	return 0
}

func (a instant) before(b instant) bool { return a.cmp(b) < 0 }

// add returns a moved forward by d; d is at most maxWindow, so the sum
// cannot overflow.
func (a instant) add(d instant) instant {
	r := instant{sec: a.sec + d.sec, nsec: a.nsec + d.nsec}
	if r.nsec >= 1e9 {
		r.sec++
		r.nsec -= 1e9
	}
	return r
}

// maxWindow caps WITHIN windows at about 3 million years, far past the span
// of STIX timestamps, so that any larger window behaves as unbounded.
const maxWindow = 1e14

// windowOf converts a WITHIN qualifier's seconds into a duration.
func windowOf(seconds float64) instant {
	if seconds > maxWindow || math.IsNaN(seconds) {
		seconds = maxWindow
	}
	if seconds < 0 {
		seconds = 0
	}
	sec := math.Floor(seconds)
	nsec := math.Round((seconds - sec) * 1e9)
	if nsec >= 1e9 {
		sec++
		nsec -= 1e9
	}
	return instant{sec: int64(sec), nsec: int32(nsec)}
}

// parseTimestamp parses a STIX timestamp, YYYY-MM-DDTHH:MM:SS[.fraction]Z
// with an upper-case T and Z as the reference matcher requires, without
// allocating. Fractions past nanoseconds are truncated.
func parseTimestamp(s string) (instant, bool) {
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[len(s)-1] != 'Z' {
		return instant{}, false
	}
	year, ok1 := digitsAt(s, 0, 4)
	month, ok2 := digitsAt(s, 5, 2)
	day, ok3 := digitsAt(s, 8, 2)
	hour, ok4 := digitsAt(s, 11, 2)
	minute, ok5 := digitsAt(s, 14, 2)
	second, ok6 := digitsAt(s, 17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || year < 1 || month < 1 || month > 12 ||
		day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59 {
		return instant{}, false
	}
	nsec, ok := fraction(s[19 : len(s)-1])
	if !ok {
		return instant{}, false
	}
	days := daysFromCivil(year, month, day)
	return instant{sec: days*86400 + int64(hour*3600+minute*60+second), nsec: nsec}, true
}

// fraction parses "" or "." followed by at least one digit.
func fraction(f string) (int32, bool) {
	if f == "" {
		return 0, true
	}
	if len(f) < 2 || f[0] != '.' {
		return 0, false
	}
	var n, scale int32 = 0, 1e8
	for i := 1; i < len(f); i++ {
		c := f[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n += int32(c-'0') * scale
		scale /= 10
	}
	return n, true
}

func digitsAt(s string, at, n int) (int, bool) {
	v := 0
	for i := at; i < at+n; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian
// date (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}
