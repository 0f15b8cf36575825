// Package sweep checks the files of a directory tree against file
// indicators (hashes, names and paths, from the knowledge base, ad-hoc
// lists and Loki filename lists) and web-shell content rules, as an
// incident responder sweeps an Exchange or IIS server for the 2021 web
// shells.
//
// Each regular file is read once, streamed: MD5, SHA-1 and SHA-256 are
// computed in that one pass and, for server-side scripts, its text is kept
// for the content rules. Files are read by one worker a core. Indicators
// an index can look up go through a hunt.Engine with one record per file;
// Loki's regexes and case-insensitive MATCHES patterns, which no index
// takes, are run only on the files whose paths hold their literals.
package sweep

import (
	"context"
	"errors"
	"io/fs"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/accord-cti/accord/hunt"
)

// Kind is what a finding comes from.
type Kind string

// The kinds of finding.
const (
	KindIndicator Kind = "indicator" // a STIX indicator (knowledge base or --intel)
	KindName      Kind = "name"      // a line of a Loki filename list
	KindContent   Kind = "content"   // a web-shell content rule
)

// Finding is one rule that one file hit.
type Finding struct {
	Kind      Kind
	ID        string // the indicator's id, the Loki line's file:line, or the content rule's name
	Name      string // the indicator's name, the Loki regex, or the content rule's description
	Indicator *hunt.Indicator
	NameRule  *NameRule
	Content   *ContentRule
	File      string // the path as walked
	Field     string // what matched: file:hashes.'SHA-256', file:name, file:x_path, … or content
	Value     string // the value that matched, or the content's evidence
	Score     int
	Offset    int64 // content: the evidence's byte offset; -1 otherwise
	Line      int   // content: the evidence's line; 0 otherwise
	Size      int64
	Hashes    Hashes // empty when the file could not be read
}

// Skip is a file, directory or link the sweep could not read in full, and
// why.
type Skip struct {
	Path, Reason string
}

// Options control a sweep.
type Options struct {
	Workers     int    // files read at once; 0 means one a core
	MaxSize     int64  // files larger are not read (their names are checked); 0 for no limit
	ScriptMax   int64  // scripts up to this size have all their text checked; default 1 MiB
	ContentHead int64  // of larger scripts, the first bytes checked; default 256 KiB
	Drive       string // when set (C:), a file is also matched as if its root were this Windows drive
	Finding     func(Finding)
	Skipped     func(Skip)
	Progress    func(done, total int64) // bytes read so far, and the size of the files walked so far; called by several goroutines at once; may be nil
}

// Result counts what a sweep did.
type Result struct {
	Files    int   // regular files checked
	Bytes    int64 // bytes read
	Skipped  int
	Findings int
}

// Sweep walks roots (files or directories), checks every regular file
// against rules, and reports findings and skips through opts; both may be
// called from several goroutines, never at once. The walk runs alongside
// the workers, so memory does not grow with the tree. What cannot be read
// is skipped and said, never fatal; a root that does not exist is an error
// (EINVALID), as is ctx's end.
func Sweep(ctx context.Context, rules *Rules, roots []string, opts Options) (Result, error) {
	if opts.ScriptMax <= 0 {
		opts.ScriptMax = 1 << 20
	}
	if opts.ContentHead <= 0 {
		opts.ContentHead = 256 << 10
	}
	rs, err := checkRoots(roots)
	if err != nil {
		return Result{}, err
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	s := &sweeper{opts: &opts}
	next := make(chan job, 4*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			w := newWorker(rules, &opts)
			for j := range next {
				s.report(w.check(ctx, j, &s.done))
				if opts.Progress != nil {
					opts.Progress(s.done.Load(), s.total.Load())
				}
			}
		})
	}
	files := 0
	s.walk(rs, func(j job) bool {
		s.total.Add(j.info.Size())
		select {
		case next <- j:
			files++
			return true
		case <-ctx.Done():
			return false
		}
	})
	close(next)
	wg.Wait()
	s.res.Files, s.res.Bytes = files, s.done.Load()
	return s.res, ctx.Err()
}

// sweeper is the state its workers share.
type sweeper struct {
	opts  *Options
	done  atomic.Int64 // bytes read
	total atomic.Int64 // bytes of the files walked so far
	mu    sync.Mutex
	res   Result
}

func (s *sweeper) report(fs []Finding, skip *Skip) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if skip != nil {
		s.skip(*skip)
	}
	s.res.Findings += len(fs)
	if s.opts.Finding != nil {
		for _, f := range fs {
			s.opts.Finding(f)
		}
	}
}

// skip reports a skip; s.mu is held.
func (s *sweeper) skip(k Skip) {
	s.res.Skipped++
	if s.opts.Skipped != nil {
		s.opts.Skipped(k)
	}
}

// reason is an error as a skip's reason, without the path it names.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return err.Error()
}
