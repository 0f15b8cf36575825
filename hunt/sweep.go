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
	}
	return nil, accord.Errorf(accord.EINVALID, "%s: unknown log format %q", name, format)
}

// SweepOptions control a sweep.
type SweepOptions struct {
	Format    Format                       // "" detects each file's format from its first bytes
	Workers   int                          // files read at once; 0 means one per core
	Finding   func(Finding)                // called for each finding, from several goroutines at once
	Malformed func(*MalformedError)        // called for each malformed line, likewise; may be nil
	Progress  func(done, total int64)      // bytes of all the files read so far, and in all; may be nil
	Skipped   func(file string, err error) // a file met in a directory that is no log accord reads; may be nil
	Stdin     io.Reader                    // read for the path "-"

	corr *Correlator // set by Sweep
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
	prog := &progress{total: total, fn: opts.Progress}
	opts.corr = e.NewCorrelator()
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var (
		mu   sync.Mutex
		res  = SweepResult{Files: len(files)}
		errs []error
		wg   sync.WaitGroup
		next = make(chan string)
	)
	for range workers {
		wg.Go(func() {
			for f := range next {
				fr, err := sweepFile(ctx, e, f, opts, prog)
				var me *MalformedError
				if err != nil && !named[f] && fr.Records == 0 && errors.As(err, &me) {
					// A file met in a directory walk that no reader knows:
					// a licence, a README. Said, not fatal.
					if opts.Skipped != nil {
						opts.Skipped(f, err)
					}
					fr.Files, err = -1, nil
				}
				mu.Lock()
				res.Files += fr.Files
				res.Records += fr.Records
				res.Malformed += fr.Malformed
				res.Bytes += fr.Bytes
				if err != nil {
					errs = append(errs, err)
				}
				mu.Unlock()
			}
		})
	}
	for _, f := range files {
		select {
		case next <- f:
		case <-ctx.Done():
		}
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return res, err
	}
	res.Notes = opts.corr.Correlate(opts.Finding)
	return res, errors.Join(errs...)
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
	reader, err := NewReader(format, path, r)
	if err != nil {
		return res, err
	}
	var rec Record
	matcher := e.Matcher(opts.corr)
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return res, err
			}
			prog.report()
		}
		err := reader.Next(&rec)
		if err == io.EOF {
			break
		}
		var me *MalformedError
		if errors.As(err, &me) {
			res.Malformed++
			if opts.Malformed != nil {
				opts.Malformed(me)
			}
			continue
		}
		if err != nil {
			return res, accord.Errorf(accord.EINVALID, "%s: %v", path, err)
		}
		res.Records++
		matcher.Match(&rec, opts.Finding)
	}
	res.Bytes = counted.n
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
