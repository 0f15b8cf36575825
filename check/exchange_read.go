package check

import (
	"cmp"
	"context"
	"errors"
	"io"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/accord-cti/accord/hunt"
)

// fileResult is what reading one log gave.
type fileResult struct {
	findings  []Finding
	skipped   []Skipped
	read      bool // the file was read, to its end or not
	lines     int64
	malformed int64
	oldest    time.Time
	newest    time.Time
}

// saw counts a record read at t (zero when the line has no time).
func (r *fileResult) saw(t time.Time) {
	r.lines++
	if t.IsZero() {
		return
	}
	if r.oldest.IsZero() || t.Before(r.oldest) {
		r.oldest = t
	}
	if t.After(r.newest) {
		r.newest = t
	}
}

// reader reads one log for the checks.
type reader struct {
	opts  Options
	done  *atomic.Int64
	total int64
	res   fileResult
}

// malformed counts a line a reader could not read.
func (rd *reader) malformed(e *hunt.MalformedError) {
	rd.res.malformed++
	if rd.opts.Malformed != nil {
		rd.opts.Malformed(e)
	}
}

// skip records that the file f could not be read (on).
func (rd *reader) skip(f logFile, err error) {
	rd.res.skipped = append(rd.res.skipped, Skipped{Path: f.path, Reason: unwrapPath(err)})
}

// readAll reads the files, several at once, and returns their results in
// the files' order.
func readAll(ctx context.Context, files []logFile, opts Options) ([]fileResult, error) {
	var total int64
	for _, f := range files {
		total += f.size
	}
	workers := cmp.Or(opts.Workers, runtime.GOMAXPROCS(0))
	results := make([]fileResult, len(files))
	next := make(chan int)
	var done atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, max(len(files), 1)) {
		wg.Go(func() {
			for i := range next {
				rd := &reader{opts: opts, done: &done, total: total}
				rd.file(ctx, files[i])
				results[i] = rd.res
			}
		})
	}
	for i := range files {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return results, ctx.Err()
}

// file reads one log and runs its checks.
func (rd *reader) file(ctx context.Context, f logFile) {
	fh, err := os.Open(f.path)
	if err != nil {
		rd.skip(f, err)
		return
	}
	defer fh.Close()
	in := &counting{r: fh, rd: rd}
	switch f.typ {
	case typeHTTPProxy:
		err = rd.httpProxy(ctx, f, in)
	case typeECP, typeOAB:
		err = rd.lines(ctx, f, in)
	case typeEvtx, typeEventJSON:
		err = rd.events(ctx, f, in)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		rd.skip(f, err)
	}
}

// counting counts the bytes read, for Options.Progress.
type counting struct {
	r  io.Reader
	rd *reader
}

func (c *counting) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 && c.rd.opts.Progress != nil {
		c.rd.opts.Progress(c.rd.done.Add(int64(n)), c.rd.total)
	}
	return n, err
}

// ages sums the results by log kind: every kind Test-ProxyLogon reports,
// found or not, then the other HttpProxy folders and the event logs.
func ages(files []logFile, results []fileResult) []LogAge {
	byKind := map[string]*LogAge{}
	var order []string
	add := func(kind string) *LogAge {
		if a, ok := byKind[kind]; ok {
			return a
		}
		byKind[kind] = &LogAge{Kind: kind}
		order = append(order, kind)
		return byKind[kind]
	}
	add(kindOAB)
	add(kindECP)
	for _, p := range slices.Sorted(func(yield func(string) bool) {
		for _, p := range httpProxyProtocols {
			if !yield(p) {
				return
			}
		}
	}) {
		add("HttpProxy/" + p)
	}
	add(kindEvents)
	for i, f := range files {
		r := results[i]
		if !r.read {
			continue
		}
		a := add(f.kind)
		a.Files++
		a.Lines += r.lines
		a.Malformed += r.malformed
		if !r.oldest.IsZero() && (a.Oldest.IsZero() || r.oldest.Before(a.Oldest)) {
			a.Oldest = r.oldest
		}
		if r.newest.After(a.Newest) {
			a.Newest = r.newest
		}
	}
	out := make([]LogAge, len(order))
	for i, k := range order {
		out[i] = *byKind[k]
	}
	return out
}

// eachRecord calls fn with each record next reads, after noting its time in
// the log-age report, until the end of the log. A malformed line is
// counted and skipped; any other error ends the read, and so does ctx
// (looked at every 1,024 records).
func eachRecord[R any](ctx context.Context, rd *reader, next func() (R, time.Time, error), fn func(R)) error {
	rd.res.read = true
	for n := 0; ; n++ {
		if n&1023 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rec, at, err := next()
		var me *hunt.MalformedError
		switch {
		case err == io.EOF:
			return nil
		case errors.As(err, &me):
			rd.malformed(me)
			continue
		case err != nil:
			return err
		}
		rd.res.saw(at)
		fn(rec)
	}
}

// recordsOf turns a hunt reader into eachRecord's next, reusing one record.
func recordsOf(r hunt.Reader) func() (*hunt.Record, time.Time, error) {
	var rec hunt.Record
	return func() (*hunt.Record, time.Time, error) {
		err := r.Next(&rec)
		return &rec, rec.Time, err
	}
}
