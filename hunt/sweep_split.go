package hunt

import (
	"bytes"
	"context"
	"io"
	"os"
	"sync"
	"sync/atomic"
)

// splitMin is the size from which a plain file is cut into chunks that
// several workers read at once; a variable so that tests can cut small
// files.
var splitMin int64 = 64 << 20

// splitPiece is the most a chunk holds: the chunks of a big file and the
// other files then balance over the workers, and a chunk is still big
// enough that its header and setup cost nothing.
var splitPiece int64 = 32 << 20

const (
	// splitHeaderMax bounds the directives replayed before a chunk, and
	// the head of a file searched for its CSV header row: a file that
	// needs more is read whole. It is below lineScannerMax, so that a
	// replayed line is never one a reader skips as too long.
	splitHeaderMax = 256 << 10

	// splitQuoteWindow is how far a quoted CSV field can carry a record
	// over lines. A record that spans lines starts with a line holding
	// an odd number of '"' (csvSplit ends inside a quoted field only
	// then), and the reader gives it up once it passes lineScannerMax
	// bytes, the lines joined by one '\n' each: with "\r\n" ends, at
	// most twice that of the file. A line start this far past the last
	// such line is a record's start.
	splitQuoteWindow = 2*lineScannerMax + 64

	// splitBlock is the size of the reads that plan a split. A line
	// longer than that, in a format whose lines the plan looks at, stops
	// the file from being split.
	splitBlock = lineScannerMax
)

// utf8BOM is the byte order mark the readers drop from a file's first line.
var utf8BOM = []byte("\xEF\xBB\xBF")

// splitMode is what a reader carries from one line to the next, which
// decides what a chunk's reader must read before the chunk.
type splitMode uint8

const (
	splitNever    splitMode = iota // the file is read whole
	splitLines                     // nothing: JSON lines, Windows events, syslog
	splitZeekJSON                  // Zeek JSON: a first line that keeps the reader from taking TSV
	splitZeekTSV                   // Zeek TSV: the '#' lines before the chunk, all of them
	splitIIS                       // IIS: the last "#Fields:" line before the chunk
	splitExchange                  // Exchange CSV: the header in force; quoted fields may span lines
	splitCSV                       // CSV: the header row; quoted fields may span lines
)

// splitFile is a file cut into chunks, open until its last chunk is read
// and its plan is done.
type splitFile struct {
	path   string
	format Format
	f      *os.File
	refs   atomic.Int32 // the plan, and the chunks handed out and not yet read
}

// release drops a reference; the last closes the file.
func (sf *splitFile) release() {
	if sf.refs.Add(-1) == 0 {
		sf.f.Close()
	}
}

// splitChunk is a run of whole lines of a split file.
type splitChunk struct {
	file   *splitFile
	off, n int64  // the chunk's bytes in the file
	header []byte // lines read before the chunk's, that put the reader in the state in force at off
	first  int    // the file's line number of the chunk's first line
}

// splitChunks cuts the file path, of format (or one Detect names), into
// chunks to read at once, and hands each to emit as soon as it is planned,
// so that the plan reads the file just ahead of the workers. It reports
// false, having emitted nothing, for a file to read whole: standard
// input, a file below splitMin, gzip, one worker, a format not split, or
// anything unexpected (sweepFile then says what is wrong). When emit
// returns false the plan stops.
func splitChunks(path string, format Format, workers int, emit func(*splitChunk) bool) bool {
	if workers < 2 || path == "-" {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	sf := &splitFile{path: path, format: format, f: f}
	sf.refs.Store(1)
	defer sf.release()
	p := sf.planner()
	if p == nil {
		return false
	}
	starts, err := p.starts(workers)
	if err != nil || len(starts) < 2 {
		return false
	}
	return p.run(starts, workers, func(c *splitChunk) bool {
		sf.refs.Add(1)
		if !emit(c) {
			sf.release()
			return false
		}
		return true
	})
}

// sweepChunk reads one chunk of a split file.
func sweepChunk(ctx context.Context, e *Engine, c *splitChunk, opts SweepOptions, prog *progress) (SweepResult, error) {
	defer c.file.release()
	// Only the chunk's own bytes count: the header's were counted in the
	// chunk that holds them.
	counted := &countingReader{r: io.NewSectionReader(c.file.f, c.off, c.n), all: &prog.done}
	reader, err := NewReader(c.file.format, c.file.path, statReader{io.MultiReader(bytes.NewReader(c.header), counted), c.file.f})
	if err != nil {
		return SweepResult{}, err
	}
	skip := bytes.Count(c.header, []byte{'\n'})
	res, err := sweepRecords(ctx, e, c.file.path, reader, lineShift{skip: skip, add: c.first - 1 - skip}, opts, prog)
	if err == nil {
		res.Bytes = counted.n
	}
	return res, err
}

// splitPlanner plans the chunks of one file. The fields after mode are
// the state of the plan after the stretches folded in so far.
type splitPlanner struct {
	file     *splitFile
	size     int64
	mode     splitMode
	minStart int64 // no chunk starts before this: the end of the CSV header row

	state []byte // the lines in force, as they were read (CSV: the header row)
	known bool   // whether state is sure
	first int    // the line number of the next stretch's first line
	oddAt int64  // CSV and Exchange: where the last line with an odd number of '"' starts, or -1
}

// planner returns the planner of a file to split, or nil.
func (sf *splitFile) planner() *splitPlanner {
	st, err := sf.f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Size() < splitMin {
		return nil
	}
	head := make([]byte, min(st.Size(), splitHeaderMax))
	if _, err := sf.f.ReadAt(head, 0); err != nil || len(head) < 2 || head[0] == 0x1f && head[1] == 0x8b {
		return nil
	}
	if sf.format == "" {
		// the head sweepFile would give Detect
		if sf.format, err = Detect(sf.path, head[:min(len(head), 4096)]); err != nil {
			return nil
		}
	}
	p := &splitPlanner{file: sf, size: st.Size(), mode: splitModeOf(sf.format, head), known: true, first: 1, oddAt: -1}
	switch p.mode {
	case splitNever:
		return nil
	case splitExchange, splitCSV:
		var ok bool
		if p.state, p.minStart, ok = splitCSVHeader(head); !ok {
			return nil
		}
	}
	return p
}

// splitModeOf says how a file of format is split, head being its first
// bytes (Zeek's first line tells TSV from JSON).
func splitModeOf(format Format, head []byte) splitMode {
	switch format {
	case FormatJSONL, FormatWinEvent, FormatSyslog:
		return splitLines
	case FormatIIS:
		return splitIIS
	case FormatExchange:
		return splitExchange
	case FormatCSV:
		return splitCSV
	case FormatZeek:
		// as the reader decides: by its first line that is not blank
		for first := true; ; first = false {
			text, _, rest, ok := splitCut(head, first)
			switch {
			case !ok:
				return splitNever
			case len(bytes.TrimSpace(text)) == 0:
				head = rest
			case bytes.HasPrefix(text, []byte("#separator")):
				return splitZeekTSV
			default:
				return splitZeekJSON
			}
		}
	}
	return splitNever
}

// splitCut cuts the first whole line off b: text is the line as a reader
// sees it (no end of line and, on the file's first line, no byte order
// mark), raw the line with its end but without the mark. ok is false when
// b holds no whole line.
func splitCut(b []byte, first bool) (text, raw, rest []byte, ok bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return nil, nil, b, false
	}
	raw, rest = b[:i+1], b[i+1:]
	if first {
		raw = bytes.TrimPrefix(raw, utf8BOM)
	}
	return lineScannerTrim(raw), raw, rest, true
}

// splitCSVHeader finds, in the head of a CSV or Exchange log, the line the
// reader takes for its header: the first "#Fields:" line or line not
// starting with '#' whose names parse. It returns the line and where the
// line after it starts.
func splitCSVHeader(head []byte) (line []byte, end int64, ok bool) {
	b := head
	for first := true; ; first = false {
		text, raw, rest, ok := splitCut(b, first)
		if !ok {
			return nil, 0, false
		}
		b = rest
		if spec, ok := bytes.CutPrefix(text, []byte("#Fields:")); ok {
			text = bytes.TrimSpace(spec)
		} else if len(text) == 0 || text[0] == '#' {
			continue
		}
		if csvHeaderOK(text) {
			return raw, int64(len(head) - len(rest)), true
		}
	}
}

// csvHeaderOK reports whether the CSV reader takes line for a header.
func csvHeaderOK(line []byte) bool {
	_, _, open, bad := csvSplit(line, nil, make([]byte, 0, len(line)))
	return !open && bad == ""
}

// starts returns where the chunks start: a line start near each multiple
// of the chunk size. There are as many chunks as workers, or more when a
// chunk would pass splitPiece.
func (p *splitPlanner) starts(workers int) ([]int64, error) {
	n := max(int64(workers), (p.size+splitPiece-1)/splitPiece)
	starts := []int64{0}
	for i := int64(1); i < n; i++ {
		at, err := p.lineStart(i * p.size / n)
		if err != nil {
			return nil, err
		}
		if at > starts[len(starts)-1] && at >= p.minStart && at < p.size {
			starts = append(starts, at)
		}
	}
	return starts, nil
}

// lineStart returns the first line start at or after at: at itself after
// a '\n', else just after the next '\n' (p.size when there is none).
func (p *splitPlanner) lineStart(at int64) (int64, error) {
	buf := make([]byte, 64<<10)
	for pos := at - 1; pos < p.size; pos += int64(len(buf)) {
		n, err := p.file.f.ReadAt(buf, pos)
		if i := bytes.IndexByte(buf[:n], '\n'); i >= 0 {
			return pos + int64(i) + 1, nil
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
	}
	return p.size, nil
}

// splitScan is what the plan learns of one stretch of a file.
type splitScan struct {
	lines     int    // its '\n'
	dirs      []byte // Zeek TSV: its '#' lines, in order
	fields    []byte // IIS and Exchange: its last "#Fields:" line (for Exchange, one whose names parse)
	fieldsAt  int64  // where fields starts
	oddAt     int64  // CSV and Exchange: where its last line with an odd number of '"' starts, or -1
	oddBefore int64  // Exchange: oddAt when fields was met
	unsafe    bool   // the plan cannot go past it: a line too long to look at, too many directives, an error
	buf       []byte // the buffer it was read with
}

// run scans the stretches between starts, a few at once, folds them in
// in order and hands out the chunks they make. A chunk is handed out once
// the next one's start is known, so that a file of one chunk is handed
// out not at all; run reports whether any was.
func (p *splitPlanner) run(starts []int64, workers int, emit func(*splitChunk) bool) bool {
	a := p.ahead(starts, workers)
	defer a.close()
	var (
		pending *splitChunk // planned, its end not yet known
		split   bool
	)
	for i := range starts {
		s := a.take(i)
		if i == 0 || p.startsChunk(starts[i]) {
			if pending != nil {
				pending.n, split = starts[i]-pending.off, true
				if !emit(pending) {
					return true
				}
			}
			pending = &splitChunk{file: p.file, off: starts[i], header: p.replay(i), first: p.first}
		}
		if !p.fold(s) {
			break // the rest is one chunk
		}
	}
	if !split {
		return false
	}
	pending.n = p.size - pending.off
	emit(pending)
	return true
}

// startsChunk reports whether a chunk can start at the stretch at start:
// whether it is sure to start a record, after a header sure to be in
// force.
func (p *splitPlanner) startsChunk(start int64) bool {
	quoted := p.mode == splitExchange || p.mode == splitCSV
	return p.known && (!quoted || p.oddAt < 0 || start-p.oddAt > splitQuoteWindow)
}

// fold adds a stretch to the plan's state, or reports false when the plan
// cannot go on past it.
func (p *splitPlanner) fold(s splitScan) bool {
	if s.unsafe {
		return false
	}
	p.first += s.lines
	switch {
	case p.mode == splitIIS && s.fields != nil:
		p.state = s.fields
	case p.mode == splitZeekTSV:
		if p.state = append(p.state, s.dirs...); len(p.state) > splitHeaderMax {
			return false
		}
	case p.mode == splitExchange && s.fields != nil:
		// A "#Fields:" line near a line with an odd number of quotes may
		// be a line of a quoted field: then the header in force is the
		// one before, which the scan did not keep.
		before := s.oddBefore
		if before < 0 {
			before = p.oddAt
		}
		p.state, p.known = s.fields, before < 0 || s.fieldsAt-before > splitQuoteWindow
	}
	if s.oddAt >= 0 {
		p.oddAt = s.oddAt
	}
	return true
}

// splitAhead scans the stretches of a plan a few at once, at most workers
// ahead of the one the plan takes: the file is read just before the
// workers read it again, while it is still in the page cache.
type splitAhead struct {
	out  []chan splitScan // one per stretch
	free chan []byte      // the buffers of the scans, one per scan at once
	stop chan struct{}
	wg   sync.WaitGroup
}

// ahead starts scanning the stretches between starts; the plan takes
// them in order, and closes it when done.
func (p *splitPlanner) ahead(starts []int64, workers int) *splitAhead {
	a := &splitAhead{out: make([]chan splitScan, len(starts)), free: make(chan []byte, workers), stop: make(chan struct{})}
	for i := range a.out {
		a.out[i] = make(chan splitScan, 1)
	}
	for range workers {
		a.free <- nil
	}
	a.wg.Go(func() {
		for i, off := range starts {
			var buf []byte
			select {
			case buf = <-a.free:
			case <-a.stop:
				return
			}
			end := p.size
			if i+1 < len(starts) {
				end = starts[i+1]
			}
			a.wg.Go(func() {
				if buf == nil {
					buf = make([]byte, splitBlock)
				}
				s, err := p.scan(buf, off, end)
				s.buf, s.unsafe = buf, s.unsafe || err != nil
				a.out[i] <- s
			})
		}
	})
	return a
}

// take waits for the scan of stretch i.
func (a *splitAhead) take(i int) splitScan {
	s := <-a.out[i]
	a.free <- s.buf
	return s
}

// close stops the scans and waits for those under way.
func (a *splitAhead) close() {
	close(a.stop)
	a.wg.Wait()
}

// scan reads the file from off to end in blocks of whole lines.
func (p *splitPlanner) scan(buf []byte, off, end int64) (splitScan, error) {
	s := splitScan{oddAt: -1, oddBefore: -1}
	r := io.NewSectionReader(p.file.f, off, end-off)
	for have := 0; ; {
		n, err := io.ReadFull(r, buf[have:])
		have += n
		cut := have
		switch {
		case err == nil:
			cut = bytes.LastIndexByte(buf[:have], '\n') + 1
			if cut == 0 && p.mode != splitLines && p.mode != splitZeekJSON {
				s.unsafe = true
				return s, nil
			}
			if cut == 0 {
				cut = have // lines are only counted: a line may be cut
			}
		case err != io.EOF && err != io.ErrUnexpectedEOF:
			return s, err
		}
		p.block(&s, buf[:cut], off)
		if err != nil {
			return s, nil
		}
		off += int64(cut)
		have = copy(buf, buf[cut:have])
	}
}

// block scans b, whole lines from the file's offset at.
func (p *splitPlanner) block(s *splitScan, b []byte, at int64) {
	s.lines += bytes.Count(b, []byte{'\n'})
	if at == 0 && bytes.HasPrefix(b, utf8BOM) {
		b, at = b[len(utf8BOM):], at+int64(len(utf8BOM))
	}
	switch p.mode {
	case splitIIS, splitZeekTSV:
		p.directives(s, b, at)
	case splitExchange, splitCSV:
		p.quotes(s, b, at)
	}
}

// directives collects the '#' lines of b for IIS and Zeek TSV.
func (p *splitPlanner) directives(s *splitScan, b []byte, at int64) {
	for i := 0; ; {
		if i < len(b) && b[i] == '#' {
			line := b[i:]
			if j := bytes.IndexByte(line, '\n'); j >= 0 {
				line = line[:j+1]
			}
			switch {
			case p.mode == splitZeekTSV:
				s.dirs = append(s.dirs, line...)
				s.unsafe = s.unsafe || len(s.dirs) > splitHeaderMax
			case bytes.HasPrefix(line, []byte("#Fields:")):
				s.fields, s.fieldsAt = append(s.fields[:0], line...), at+int64(i)
			}
		}
		k := bytes.Index(b[i:], []byte("\n#"))
		if k < 0 {
			return
		}
		i += k + 1
	}
}

// quotes notes, line by line, the lines of b with an odd number of '"'
// and, for Exchange, the "#Fields:" lines whose names parse.
func (p *splitPlanner) quotes(s *splitScan, b []byte, at int64) {
	for len(b) > 0 {
		line := b
		if j := bytes.IndexByte(b, '\n'); j >= 0 {
			line = b[:j+1]
		}
		text := lineScannerTrim(line)
		if p.mode == splitExchange && bytes.HasPrefix(text, []byte("#Fields:")) &&
			csvHeaderOK(bytes.TrimSpace(text[len("#Fields:"):])) {
			s.fields, s.fieldsAt, s.oddBefore = append(s.fields[:0], line...), at, s.oddAt
		}
		if bytes.Count(text, []byte{'"'})%2 == 1 {
			s.oddAt = at
		}
		b, at = b[len(line):], at+int64(len(line))
	}
}

// replay returns the header of a chunk starting at stretch i.
func (p *splitPlanner) replay(i int) []byte {
	switch {
	case i == 0:
		return nil // the file's start: the reader reads it all
	case p.mode == splitZeekJSON:
		return []byte("{}\n")
	case len(p.state) == 0:
		// A blank line, which every reader skips: the chunk's first line
		// is then never the reader's first, which drops a byte order
		// mark that the whole file's reader would keep.
		return []byte("\n")
	}
	h := bytes.Clone(p.state)
	if h[len(h)-1] != '\n' {
		h = append(h, '\n')
	}
	return h
}
