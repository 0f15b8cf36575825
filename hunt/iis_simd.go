package hunt

// iisWindow is the most bytes of the scanner's buffer indexed at once, so
// that the lists of positions stay small (in the processor's first
// caches) however the bytes are: all spaces would give one a byte.
const iisWindow = 16 << 10

// iisIndex is the structural index (simdStage1) of a window of the bytes
// the IIS reader's line scanner holds: the reader takes its lines from
// it, and their fields from the spaces before each line feed, without a
// pass over their bytes, and tells the scanner how far it got only when
// it goes back to it (syncIndex).
type iisIndex struct {
	buf    []byte   // the bytes the scanner had buffered; nil: no index
	at     int      // where the next line starts in buf
	end    int      // the end of the window of buf indexed
	sp, nl []uint32 // where the spaces and line feeds of the window are in buf
	si, ni int      // the first of sp and nl after at
	spRoom []uint32 // the storage of sp and nl: iisWindow+simdSlack each
	nlRoom []uint32
}

// window indexes the bytes of buf from where on, up to iisWindow of them.
func (x *iisIndex) window(from int) {
	if x.spRoom == nil {
		x.spRoom = make([]uint32, iisWindow+simdSlack)
		x.nlRoom = make([]uint32, iisWindow+simdSlack)
	}
	x.end = min(len(x.buf), from+iisWindow)
	x.sp, x.nl = simdStage1(x.buf[from:x.end], uint32(from), x.spRoom, x.nlRoom)
	x.si, x.ni = 0, 0
}

// indexedLine returns the next line from the index, built on the
// scanner's buffered bytes when there is none, with r.ends and r.spaces
// set as checkSplit wants them; false when the index holds no whole line
// (the scanner must read on) or the line is longer than a window.
func (r *iisReader) indexedLine() ([]byte, bool) {
	x := &r.ix
	if x.buf == nil {
		if x.buf = r.sc.buffered(); len(x.buf) == 0 {
			x.buf = nil
			return nil, false
		}
		x.at = 0
		x.window(0)
	}
	if x.ni == len(x.nl) {
		if x.end == len(x.buf) {
			return nil, false
		}
		if x.window(x.at); len(x.nl) == 0 {
			return nil, false
		}
	}
	start, end := x.at, int(x.nl[x.ni])
	x.ni++
	x.at = end + 1
	r.spaces = r.lineSpaces(start, end)
	r.sc.line++
	line := x.buf[start:end]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, true
}

// lineSpaces takes the spaces of the line from start to end from the
// index, writes where the first of them are, counted from start, into
// r.ends, and returns their number. A line with one field fewer spaces
// than the columns, the common case, is told by two comparisons.
func (r *iisReader) lineSpaces(start, end int) int {
	x := &r.ix
	n, si, sp := len(r.cols), x.si, x.sp
	if k := si + n - 1; n > 0 && k <= len(sp) && (n == 1 || int(sp[k-1]) < end) && (k == len(sp) || int(sp[k]) > end) {
		ends := r.ends[:n-1]
		for i, p := range sp[si:k] {
			ends[i] = int32(int(p) - start)
		}
		x.si = k
		return n - 1
	}
	c := 0
	for ; si+c < len(sp) && int(sp[si+c]) < end; c++ {
		if c < n {
			r.ends[c] = int32(int(sp[si+c]) - start)
		}
	}
	x.si = si + c
	return c
}

// syncIndex discards the lines taken from the index from the scanner, and
// drops the index, before a read through the scanner.
func (r *iisReader) syncIndex() {
	if x := &r.ix; x.buf != nil {
		r.sc.discard(x.at)
		x.buf = nil
	}
}

// split cuts a line the line scanner gave (see nextLine) into fields,
// with the index's storage, which the scanner's read has freed, a window
// at a time.
func (r *iisReader) split(line []byte) error {
	if len(r.cols) == 0 {
		return r.malformed("data before any #Fields directive")
	}
	x := &r.ix
	x.buf = nil
	n, c := len(r.cols), 0
	for from := 0; from < len(line); from += iisWindow {
		x.buf = line
		x.window(from)
		x.buf = nil
		for _, p := range x.sp {
			if c < n {
				r.ends[c] = int32(p)
			}
			c++
		}
	}
	r.spaces = c
	return r.checkSplit(line)
}
