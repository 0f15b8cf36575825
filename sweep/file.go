package sweep

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"unicode/utf8"

	"github.com/accord-cti/accord/hunt"
	"github.com/accord-cti/accord/pattern"
	"golang.org/x/text/unicode/norm"
)

// worker checks files for one goroutine, reusing its buffers.
type worker struct {
	r       *Rules
	opts    *Options
	hasher  *hasher
	matcher *hunt.Matcher
	rec     hunt.Record
	ev      pattern.Event
	head    []byte // the text the content rules read
	low     []byte // its lower-cased copy
	text    []byte // the folded values the prefilter reads
	cands   []int32
	found   []Finding
}

func newWorker(r *Rules, opts *Options) *worker {
	return &worker{r: r, opts: opts, hasher: newHasher(r.sha512), matcher: r.engine.Matcher(nil)}
}

// check checks one file and returns its findings, and why it was not
// read in full when it was not: a file that cannot be read still has its
// name and path checked.
func (w *worker) check(ctx context.Context, j job, done *atomic.Int64) ([]Finding, *Skip) {
	w.found = w.found[:0]
	paths := pathVariants(j.path, j.root, w.opts.Drive)
	size := j.info.Size()
	sums, skip := w.read(ctx, j, done)
	if ctx.Err() != nil {
		return nil, nil
	}
	w.matchRecord(j.path, paths, sums, size)
	w.matchNames(j.path, paths, size, sums)
	if len(w.head) > 0 {
		var hits []ContentHit
		hits, w.low = w.r.content.scan(w.head, size, w.low)
		for _, h := range hits {
			w.found = append(w.found, Finding{Kind: KindContent, ID: h.Rule.Name, Name: h.Rule.Description,
				Content: h.Rule, File: j.path, Field: "content", Value: h.Text, Score: h.Rule.Score,
				Offset: h.Offset, Line: h.Line, Size: size, Hashes: sums})
		}
	}
	return dedupe(w.found), skip
}

// read hashes the file and keeps its head for the content rules (in
// w.head), or says why it could not.
func (w *worker) read(ctx context.Context, j job, done *atomic.Int64) (Hashes, *Skip) {
	w.head = w.head[:0]
	const named = " (its name and path were checked)"
	// Non-blocking: a file swapped for a named pipe since the walk must
	// not hang the worker (the Stat below then skips it).
	f, err := os.OpenFile(j.path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return Hashes{}, &Skip{Path: j.path, Reason: "cannot be read: " + reason(err) + named}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !os.SameFile(st, j.info) || !st.Mode().IsRegular() {
		return Hashes{}, &Skip{Path: j.path, Reason: "changed while it was swept" + named}
	}
	if w.opts.MaxSize > 0 && st.Size() > w.opts.MaxSize {
		return Hashes{}, &Skip{Path: j.path, Reason: fmt.Sprintf("not read: %d bytes, over the maximum size %d%s", st.Size(), w.opts.MaxSize, named)}
	}
	sums, head, _, err := w.hasher.hash(ctx, f, w.keep(j.path, st.Size()), w.head, done)
	w.head = head
	if err != nil {
		w.head = w.head[:0]
		return Hashes{}, &Skip{Path: j.path, Reason: "read failed: " + reason(err) + named}
	}
	return sums, nil
}

// keep is how much of a file the content rules read: all of a small
// script, the head of a large one, nothing of other files.
func (w *worker) keep(path string, size int64) int64 {
	if w.r.content == nil || len(w.r.content.rules) == 0 || !scriptExts[strings.ToLower(filepath.Ext(path))] {
		return 0
	}
	if size <= w.opts.ScriptMax {
		return size
	}
	return w.opts.ContentHead
}

// matchRecord matches the file's properties against the indexed
// indicators.
func (w *worker) matchRecord(file string, paths []string, sums Hashes, size int64) {
	r := &w.rec
	r.Reset()
	r.File = file
	r.Add("file:name", hunt.KindFileName, 0, []byte(filepath.Base(file)))
	for _, p := range paths {
		r.Add("file:x_path", hunt.KindFilePath, 0, []byte(p))
		if i := strings.LastIndexAny(p, `/\`); i > 0 {
			r.Add("file:parent_directory_ref.path", hunt.KindFilePath, 0, []byte(p[:i]))
		}
	}
	for i, hex := range [...]string{sums.MD5, sums.SHA1, sums.SHA256, sums.SHA512} {
		if hex == "" {
			continue
		}
		for _, path := range w.r.hashPaths[i] {
			r.Add(path, hunt.KindHash, 0, []byte(hex))
			r.Add(path, hunt.KindHash, 0, []byte(strings.ToUpper(hex)))
		}
	}
	w.matcher.Match(r, func(f hunt.Finding) {
		w.found = append(w.found, Finding{Kind: KindIndicator, ID: f.Indicator.ID, Name: f.Indicator.Name,
			Indicator: f.Indicator, File: file, Field: f.Path, Value: f.Value, Score: w.r.score(f.Indicator, f.Path),
			Offset: -1, Size: size, Hashes: sums})
	})
}

// matchNames runs the Loki lines and the unindexed indicators whose
// literals the file's values hold.
func (w *worker) matchNames(file string, paths []string, size int64, sums Hashes) {
	if len(w.r.slow)+len(w.r.names) == 0 {
		return
	}
	w.text = w.text[:0]
	for _, f := range w.rec.Fields {
		if f.Kind != hunt.KindHash {
			w.text = foldValue(w.text, f.Value)
			w.text = append(w.text, 0)
		}
	}
	w.cands = w.r.pre.candidates(w.text, w.cands)
	evBuilt := false
	for _, c := range w.cands {
		if int(c) >= len(w.r.slow) {
			n := &w.r.names[int(c)-len(w.r.slow)]
			if p, ok := n.matchAny(paths); ok {
				w.found = append(w.found, Finding{Kind: KindName, ID: n.Source, Name: n.Regex.String(),
					NameRule: n, File: file, Field: "file:x_path", Value: p, Score: n.Score, Offset: -1, Size: size, Hashes: sums})
			}
			continue
		}
		if !evBuilt {
			w.buildEvent()
			evBuilt = true
		}
		s := &w.r.slow[c]
		if s.c.Match(&w.ev) {
			w.found = append(w.found, Finding{Kind: KindIndicator, ID: s.ind.ID, Name: s.ind.Name, Indicator: s.ind,
				File: file, Field: s.field, Value: w.valueOf(s.field, file), Score: w.r.score(s.ind, s.field), Offset: -1, Size: size, Hashes: sums})
		}
	}
}

// foldValue appends the folded NFC form of v: MATCHES and LIKE compare in
// NFC, so the prefilter must look for their literals there.
func foldValue(dst, v []byte) []byte {
	s := string(v)
	for i := 0; i < len(v); i++ {
		if v[i] >= utf8.RuneSelf {
			s = norm.NFC.String(s)
			break
		}
	}
	return fold(dst, s)
}

func (w *worker) buildEvent() {
	w.ev.Props = w.ev.Props[:0]
	for _, f := range w.rec.Fields {
		w.ev.Props = append(w.ev.Props, pattern.Prop{Obj: f.Obj, Path: f.Path, Value: pattern.StringValue(string(f.Value))})
	}
}

// valueOf returns the first value of the record at path, or def.
func (w *worker) valueOf(path, def string) string {
	for _, f := range w.rec.Fields {
		if f.Path == path {
			return string(f.Value)
		}
	}
	return def
}

// pathVariants returns the paths a file's name and path indicators are
// matched against: as walked, absolute, and each with / turned into \
// (Loki's lists and Windows indicators write \) and \ into /; with drive
// set, also the path below its swept root on that Windows drive
// (C:\inetpub\…).
func pathVariants(path, root, drive string) []string {
	out := []string{path}
	add := func(p string) {
		for _, q := range out {
			if q == p {
				return
			}
		}
		out = append(out, p)
	}
	abs, err := filepath.Abs(path)
	if err == nil {
		add(abs)
	}
	for _, p := range out {
		add(strings.ReplaceAll(p, "/", `\`))
		add(strings.ReplaceAll(p, `\`, "/"))
	}
	if drive != "" {
		if rel, err := filepath.Rel(root, path); err == nil && !strings.HasPrefix(rel, "..") {
			add(strings.TrimSuffix(drive, `\`) + `\` + strings.ReplaceAll(filepath.ToSlash(rel), "/", `\`))
		}
	}
	return out
}

// dedupe keeps the first finding of each rule.
func dedupe(fs []Finding) []Finding {
	if len(fs) < 2 {
		return append([]Finding(nil), fs...)
	}
	out := make([]Finding, 0, len(fs))
	seen := map[string]bool{}
	for _, f := range fs {
		k := string(f.Kind) + "\x00" + f.ID
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}
