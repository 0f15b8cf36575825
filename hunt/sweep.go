package hunt

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/accord-cti/accord"
)

// NewReader returns the reader for a log of the given format.
func NewReader(format Format, name string, r io.Reader) (Reader, error) {
	switch format {
	case FormatIIS:
		return NewIIS(name, r), nil
	case FormatExchange:
		return NewExchangeCSV(name, r), nil
	case FormatZeek:
		return NewZeek(name, r), nil
	case FormatWinEvent:
		return NewWinEvent(name, r), nil
	case FormatJSONL:
		return NewJSONLines(name, r), nil
	case FormatCSV:
		return NewCSV(name, r, DefaultCSVMapping), nil
	case FormatSyslog:
		return NewSyslog(name, r), nil
	case FormatEvtx:
		return NewEvtx(name, r)
	}
	return nil, accord.Errorf(accord.EINVALID, "%s: unknown log format %q", name, format)
}

// SweepOptions control a sweep.
type SweepOptions struct {
	Format    Format                       // "" detects each file's format from its first bytes
	Workers   int                          // files, or chunks of a large file, read at once; 0 means one per core
	Finding   func(Finding)                // called for each finding, from several goroutines at once
	Malformed func(*MalformedError)        // called for each malformed line, likewise; may be nil
	Progress  func(done, total int64)      // bytes of all the files read so far, and in all; may be nil
	Skipped   func(file string, err error) // a file met in a directory that is no log accord reads; may be nil
	Stdin     io.Reader                    // read for the path "-"
	Sigma     *Sigma                       // Sigma rules to match every record against too; may be nil

	corr      *Correlator // set by Sweep
	sigmaKept *sigmaKept  // set by Sweep: the rule hits kept for correlation rules
}

// SweepResult counts what a sweep read.
type SweepResult struct {
	Files     int
	Records   int64
	Malformed int64
	Bytes     int64
	Notes     []string // what the sweep could not do in full, for the user
}

// Sweep reads every file in paths (directories recursively, gzip
// transparently) and matches every record against e. A file that cannot be
// opened or read is an error after the others have been swept.
//
// The files are read by a pool of workers, one a core unless
// opts.Workers says otherwise. A large plain file is cut into chunks on
// line boundaries that go through the same pool (see splitChunks), so that
// one big log keeps every core busy.
func Sweep(ctx context.Context, e *Engine, paths []string, opts SweepOptions) (SweepResult, error) {
	files, named, err := expand(paths)
	if err != nil {
		return SweepResult{}, err
	}
	var total int64
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			total += st.Size()
		}
	}
	opts.corr = e.NewCorrelator()
	if opts.Sigma != nil {
		opts.sigmaKept = &sigmaKept{}
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	s := &sweeper{e: e, opts: opts, named: named, prog: &progress{total: total, fn: opts.Progress},
		res: SweepResult{Files: len(files)}}
	var (
		wg   sync.WaitGroup
		next = make(chan sweepJob)
	)
	for range workers {
		wg.Go(func() {
			for j := range next {
				s.run(ctx, j)
			}
		})
	}
	s.dispatch(ctx, files, workers, next)
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return s.res, err
	}
	s.res.Notes = opts.corr.Correlate(opts.Finding)
	if opts.Sigma != nil {
		s.res.Notes = append(s.res.Notes, opts.sigmaKept.correlate(opts.Sigma, opts.Finding)...)
	}
	return s.res, errors.Join(s.errs...)
}

// sweepJob is what a worker reads: a whole file, or a chunk of one.
type sweepJob struct {
	path  string
	chunk *splitChunk // nil for the whole file
}

// sweeper is the state of one sweep that its workers share.
type sweeper struct {
	e     *Engine
	opts  SweepOptions
	named map[string]bool // the files given by name
	prog  *progress

	mu   sync.Mutex
	res  SweepResult
	errs []error
}

// dispatch hands the files to the workers, a large one as its chunks,
// until they are all handed out or ctx is done.
func (s *sweeper) dispatch(ctx context.Context, files []string, workers int, next chan<- sweepJob) {
	send := func(j sweepJob) bool {
		select {
		case next <- j:
			return true
		case <-ctx.Done():
			return false
		}
	}
	for _, f := range files {
		if ctx.Err() != nil {
			return
		}
		split := splitChunks(f, s.opts.Format, workers, func(c *splitChunk) bool {
			return send(sweepJob{path: f, chunk: c})
		})
		if !split && !send(sweepJob{path: f}) {
			return
		}
	}
}

// run reads one job and adds up what it read.
func (s *sweeper) run(ctx context.Context, j sweepJob) {
	var (
		fr  SweepResult
		err error
	)
	if j.chunk != nil {
		fr, err = sweepChunk(ctx, s.e, j.chunk, s.opts, s.prog)
	} else {
		fr, err = sweepFile(ctx, s.e, j.path, s.opts, s.prog)
		var me *MalformedError
		if err != nil && !s.named[j.path] && fr.Records == 0 && errors.As(err, &me) {
			// A file met in a directory walk that no reader knows:
			// a licence, a README. Said, not fatal.
			if s.opts.Skipped != nil {
				s.opts.Skipped(j.path, err)
			}
			fr.Files, err = -1, nil
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.res.Files += fr.Files
	s.res.Records += fr.Records
	s.res.Malformed += fr.Malformed
	s.res.Bytes += fr.Bytes
	if err != nil {
		s.errs = append(s.errs, err)
	}
}

// sweepFile reads one file.
func sweepFile(ctx context.Context, e *Engine, path string, opts SweepOptions, prog *progress) (SweepResult, error) {
	var res SweepResult
	f, err := open(path, opts.Stdin)
	if err != nil {
		return res, accord.Errorf(accord.EINVALID, "%s: %v", path, unwrap(err))
	}
	defer f.Close()
	counted := &countingReader{r: f, all: &prog.done}
	br := bufio.NewReaderSize(counted, 1<<16)
	var r io.Reader = br
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return res, accord.Errorf(accord.EINVALID, "%s: gzip: %v", path, err)
		}
		r = bufio.NewReaderSize(zr, 1<<16)
	}
	format := opts.Format
	if format == "" {
		head, _ := r.(*bufio.Reader).Peek(4096)
		if format, err = Detect(path, head); err != nil {
			return res, err
		}
	}
	if osf, ok := f.(*os.File); ok {
		r = statReader{r, osf} // a syslog reader takes the year from the file
	}
	reader, err := NewReader(format, path, r)
	if err != nil {
		return res, err
	}
	if res, err = sweepRecords(ctx, e, path, reader, lineShift{}, opts, prog); err == nil {
		res.Bytes = counted.n
	}
	return res, err
}

// lineShift turns the line numbers of a chunk's reader into the file's:
// the reader's first skip lines are the header replayed before the chunk
// (read, and counted, where they stand in the file), and add is added to
// the others.
type lineShift struct {
	skip, add int
}

// sweepRecords matches every record reader reads, and reports its
// malformed lines, with line numbers shifted by sh.
func sweepRecords(ctx context.Context, e *Engine, path string, reader Reader, sh lineShift, opts SweepOptions, prog *progress) (SweepResult, error) {
	var (
		res     SweepResult
		rec     Record
		matcher = e.Matcher(opts.corr)
	)
	if p, ok := reader.(Projector); ok {
		matcher.Project(p)
	}
	if opts.Sigma != nil {
		reader = newSigmaReader(opts.Sigma, opts.sigmaKept, reader, path, sh, opts.Finding)
	}
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return res, err
			}
			prog.report()
		}
		if err := reader.Next(&rec); err != nil {
			if err == io.EOF {
				break
			}
			me, ok := err.(*MalformedError)
			if !ok && !errors.As(err, &me) {
				return res, accord.Errorf(accord.EINVALID, "%s: %v", path, err)
			}
			if sh.skip > 0 && me.Line <= sh.skip {
				continue
			}
			me.Line += sh.add
			res.Malformed++
			if opts.Malformed != nil {
				opts.Malformed(me)
			}
			continue
		}
		if sh.skip > 0 && rec.Line <= sh.skip {
			continue
		}
		rec.Line += sh.add
		res.Records++
		matcher.Match(&rec, opts.Finding)
	}
	prog.report()
	return res, nil
}

// open opens a path to sweep: "-" is standard input.
func open(path string, stdin io.Reader) (io.ReadCloser, error) {
	if path != "-" {
		return os.Open(path)
	}
	if stdin == nil {
		return nil, errors.New("no standard input")
	}
	return io.NopCloser(stdin), nil
}

// statReader is a reader of a file's content that can also Stat the file:
// NewSyslog dates RFC 3164 lines, which have no year, by the file's
// modification time.
type statReader struct {
	io.Reader
	f *os.File
}

func (r statReader) Stat() (fs.FileInfo, error) { return r.f.Stat() }

// countingReader counts the bytes read from a file, and into all those of
// the sweep.
type countingReader struct {
	r   io.Reader
	n   int64
	all *atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	c.all.Add(int64(n))
	return n, err
}

// progress reports the bytes a sweep has read, from any of its workers.
type progress struct {
	done  atomic.Int64
	total int64
	fn    func(done, total int64)
}

func (p *progress) report() {
	if p.fn != nil {
		p.fn(p.done.Load(), p.total)
	}
}

// expand turns paths into the files to read: directories recursively, in
// name order, skipping hidden files. named holds the files given by name.
func expand(paths []string) (files []string, named map[string]bool, err error) {
	named = map[string]bool{}
	var out []string
	for _, p := range paths {
		if p == "-" {
			out = append(out, p)
			named[p] = true
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			return nil, nil, accord.Errorf(accord.EINVALID, "%s: %v", p, unwrap(err))
		}
		if !st.IsDir() {
			out = append(out, p)
			named[p] = true
			continue
		}
		var files []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return accord.Errorf(accord.EINVALID, "%s: %v", path, unwrap(err))
			}
			if d.Type().IsRegular() && d.Name()[0] != '.' {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
		sort.Strings(files)
		out = append(out, files...)
	}
	return out, named, nil
}

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
