// Package ingest turns STIX files into stored objects: it splits a bundle,
// JSON array or JSON lines into objects, parses, upgrades (2.0 to 2.1) and
// validates them on every core, and streams them into a Store in one
// transaction per file, so a file is imported whole or not at all.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/stix"
)

// Options control an import.
type Options struct {
	// SkipInvalid keeps the valid objects of a file that has invalid ones;
	// by default one invalid object rejects the whole file. A file whose
	// JSON is broken is rejected either way.
	SkipInvalid bool
	// Progress, when set, is called as objects are decoded, with the bytes
	// of the source done and in all and the objects done so far; it runs on
	// the importing goroutine.
	Progress func(doneBytes, totalBytes, objects int)
	// Format names the format of the source (one of Formats); "" detects
	// it: an indicator feed (feed.go) is converted to STIX first.
	Format string
	// Strict rejects a whole feed when one of its entries cannot be
	// converted; by default such entries are left out and listed in
	// Result.Invalid.
	Strict bool
}

// Result says what importing one source did.
type Result struct {
	File     string `json:"file"`
	Objects  int    `json:"objects"`  // objects in the source
	Upgraded int    `json:"upgraded"` // objects upgraded from STIX 2.0
	// Duplicates counts the entries of a feed left out as repeats of one
	// converted before.
	Duplicates int `json:"duplicates,omitempty"`
	accord.PutResult
	Invalid  stix.Problems `json:"invalid"`     // problems of the objects left out (with SkipInvalid) or that rejected the file
	Duration time.Duration `json:"duration_ns"` // how long the import took
}

// Import decodes src and writes its objects to store in one transaction. On
// invalid objects without SkipInvalid it writes nothing and returns the
// problems as an error (stix.Problems, code EINVALID); the Result lists them
// too. A syntax error in the file is an error with its line and column. An
// indicator feed (Options.Format, or detected) is converted to STIX first;
// its entries that cannot be converted are listed in Result.Invalid.
func Import(ctx context.Context, store accord.Store, src Source, opts Options) (Result, error) {
	start := time.Now()
	res := Result{File: src.Name}
	src, err := prepareGalaxy(src, opts)
	if err != nil {
		return res, err
	}
	src, fed, err := prepareSource(ctx, store, src, opts, start)
	res.Duplicates = fed.duplicates
	if err != nil {
		res.Invalid, res.Duration = fed.rejected, time.Since(start)
		return res, err
	}
	// One core is left to the store: its writer is the slowest stage, and
	// the decoders keep ahead of it with the rest.
	d := &decoder{src: src, opts: opts, workers: max(1, runtime.GOMAXPROCS(0)-1)}
	put, err := store.Put(ctx, d.objects(ctx, &res))
	res.PutResult = put
	res.Invalid = append(res.Invalid, fed.rejected...)
	res.Duration = time.Since(start)
	return res, err
}

// Check decodes and validates src without storing anything, returning the
// number of objects and every problem found.
func Check(ctx context.Context, src Source, opts Options) (int, stix.Problems, error) {
	src, err := prepareGalaxy(src, opts)
	if err != nil {
		return 0, nil, err
	}
	src, fed, err := prepareSource(ctx, nil, src, opts, time.Now())
	if err != nil {
		return 0, fed.rejected, err
	}
	d := &decoder{src: src, opts: opts, workers: runtime.GOMAXPROCS(0)}
	var res Result
	for _, err := range d.objects(ctx, &res) {
		if err != nil && !errors.As(err, new(stix.Problems)) {
			return res.Objects, append(res.Invalid, fed.rejected...), err
		}
	}
	return res.Objects, append(res.Invalid, fed.rejected...), nil
}

// decoder decodes a document's objects in chunks, on as many workers as it
// is given, while the document is still being split, and hands them out in
// document order.
type decoder struct {
	src     Source
	opts    Options
	doc     stix.Document // kind and spec version, once split
	workers int
}

// chunk is a run of consecutive objects, decoded by one worker.
type chunk struct {
	first       int    // index of the chunk's first object in the document
	end         int    // byte offset just past its last object
	specVersion string // the bundle's spec_version, as known when the chunk was split
	spans       []stix.Span
	objs        []*accord.Object // nil where invalid
	problems    stix.Problems
	upgraded    int
	done        chan struct{}
}

const chunkSize = 256

// chunksAhead is how many chunks may be split or decoded ahead of the
// writer.
const chunksAhead = 32

// objects yields the decoded objects in order; after the last one it
// yields a syntax error in the file, or the file's problems unless
// SkipInvalid is set. res collects counts and problems.
func (d *decoder) objects(ctx context.Context, res *Result) iter.Seq2[*accord.Object, error] {
	return func(yield func(*accord.Object, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		ordered, splitErr := d.start(ctx)
		for c := range ordered {
			select {
			case <-c.done:
			case <-ctx.Done():
				yield(nil, ctx.Err())
				return
			}
			res.Objects += len(c.spans)
			res.Upgraded += c.upgraded
			res.Invalid = append(res.Invalid, c.problems...)
			for _, o := range c.objs {
				if o != nil && !yield(o, nil) {
					return
				}
			}
			if d.opts.Progress != nil {
				d.opts.Progress(c.end, len(d.src.Data), res.Objects)
			}
		}
		switch {
		case *splitErr != nil:
			yield(nil, accord.Errorf(accord.EINVALID, "%s: %v", d.src.Name, *splitErr))
		case len(res.Invalid) > 0 && !d.opts.SkipInvalid:
			yield(nil, res.Invalid)
		}
	}
}

// start splits the document in the background and hands its chunks to the
// workers as they are found, so that decoding, and writing, begin at once.
// It returns the chunks in document order, on a channel closed when
// splitting ends, and where the splitting error will be by then.
//
// The channels hold few chunks: the writer is the slowest stage, and a
// decoder that ran far ahead of it held every decoded object in memory
// (2.6 GiB for a bundle of a million indicators).
func (d *decoder) start(ctx context.Context) (<-chan *chunk, *error) {
	ordered, work := make(chan *chunk, chunksAhead), make(chan *chunk, chunksAhead)
	for range d.workers {
		go func() {
			for c := range work {
				d.decode(c)
				close(c.done)
			}
		}()
	}
	var splitErr error
	go func() {
		defer close(ordered)
		defer close(work)
		var cur *chunk
		n := 0
		send := func() {
			if cur == nil {
				return
			}
			select {
			case ordered <- cur:
				work <- cur
			case <-ctx.Done():
			}
			cur = nil
		}
		splitErr = stix.SplitEach(d.src.Data, &d.doc, func(sp stix.Span) {
			if cur == nil {
				cur = &chunk{first: n, specVersion: d.doc.SpecVersion, spans: make([]stix.Span, 0, chunkSize), done: make(chan struct{})}
			}
			cur.spans = append(cur.spans, sp)
			cur.end = sp.Offset + len(sp.Data)
			if n++; len(cur.spans) == chunkSize {
				send()
			}
		})
		send()
	}()
	return ordered, &splitErr
}

func (d *decoder) decode(c *chunk) {
	c.objs = make([]*accord.Object, len(c.spans))
	for i, sp := range c.spans {
		o, upgraded, problems := d.decodeOne(sp, c.first+i, c.specVersion)
		c.objs[i] = o
		if upgraded {
			c.upgraded++
		}
		c.problems = append(c.problems, problems...)
	}
}

// decodeOne parses, upgrades and validates one object, the index-th of
// the document (which names it in problems when it has no id), in a
// bundle of the given spec_version.
func (d *decoder) decodeOne(sp stix.Span, index int, specVersion string) (*accord.Object, bool, []stix.Problem) {
	v, err := stix.ParseShared(sp.Data)
	if err != nil {
		err = stix.ShiftError(err, d.src.Data, sp)
		return nil, false, []stix.Problem{{File: d.src.Name, Line: sp.Line, Message: err.Error()}}
	}
	if v.Kind != stix.Object {
		return nil, false, []stix.Problem{{File: d.src.Name, Line: sp.Line, Message: fmt.Sprintf("expected a STIX object, found a JSON %s", v.Kind)}}
	}
	original, upgraded, rewrote, n := "2.1", stix.NeedsUpgrade(v, specVersion), false, len(v.Obj)
	if upgraded {
		original = "2.0"
		rewrote = stix.Upgrade20(v)
	}
	problems := append(stix.Validate(v), checkPattern(v)...)
	if len(problems) > 0 {
		for i := range problems {
			problems[i].File, problems[i].Line = d.src.Name, sp.Line
			if problems[i].ObjectID == "" {
				problems[i].ObjectID = fmt.Sprintf("#%d", index)
			}
		}
		return nil, upgraded, problems
	}
	// The stored JSON is the source's own text, compacted, with what the
	// upgrade added; encoding the tree again is the slow way round.
	raw := make([]byte, 0, len(sp.Data)+64)
	if rewrote {
		raw = v.AppendJSON(raw)
	} else {
		raw = stix.AppendMembers(stix.AppendCompact(raw, sp.Data), v.Obj[n:])
	}
	return toObject(v, original, raw), upgraded, nil
}
