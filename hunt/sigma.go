package hunt

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/accord-cti/accord/sigma"
)

// maxSigmaKept bounds the rule hits a sweep keeps for Sigma correlation
// rules; past it the correlations are matched over the first ones and a
// note says so.
const maxSigmaKept = 1_000_000

// The Path and the longest Value of a finding of a rule that names no
// field: its hit was by keywords, or by fields the event lacks.
const (
	sigmaEventPath = "event"
	sigmaEventMax  = 512
)

// Sigma is the Sigma side of a sweep: the compiled rules, and the
// indicator each rule's findings name.
type Sigma struct {
	Engine *sigma.Engine
	inds   map[*sigma.Rule]*Indicator
	corr   bool            // some rule is a correlation: the hits of the rules it refers to are kept
	refs   map[string]bool // the ids and names the correlations refer to
}

// NewSigma returns the Sigma side of a sweep over the rules compiled into
// e. ind gives the indicator a rule's findings name (the stored STIX
// indicator of a rule from the knowledge base, one made for a rule file);
// it is called once per rule here, never during the sweep. A rule it
// gives nil for is named by an Indicator of id "sigma:"+rule id.
func NewSigma(e *sigma.Engine, ind func(*sigma.Rule) *Indicator) *Sigma {
	rules := e.Rules()
	s := &Sigma{Engine: e, inds: make(map[*sigma.Rule]*Indicator, len(rules)), refs: map[string]bool{}}
	for _, r := range rules {
		if r.Correlation != nil {
			s.corr = true
			for _, ref := range r.Correlation.Rules {
				s.refs[ref] = true
			}
		}
		i := ind(r)
		if i == nil {
			i = &Indicator{ID: "sigma:" + r.ID, Name: r.Title}
		}
		s.inds[r] = i
	}
	return s
}

// referenced reports whether a correlation refers to r, by its id or name.
func (s *Sigma) referenced(r *sigma.Rule) bool {
	return r.ID != "" && s.refs[r.ID] || r.Name != "" && s.refs[r.Name]
}

// indicator returns the indicator of a rule.
func (s *Sigma) indicator(r *sigma.Rule) *Indicator {
	if i := s.inds[r]; i != nil {
		return i
	}
	return &Indicator{ID: "sigma:" + r.ID, Name: r.Title}
}

// sigmaReader is a Reader that matches each record it reads against the
// Sigma rules: wrapped around the reader of a file or chunk when a sweep
// has rules, it leaves the loop of sweepRecords, and so the speed of a
// sweep without rules, as it is.
type sigmaReader struct {
	Reader
	s    *Sigma
	feed *sigmaFeed
	kept *sigmaKept // nil without correlation rules
	sh   lineShift  // the chunk's: its replayed header is skipped, its lines made the file's
	rec  *Record    // the record being matched, for emit
	out  func(Finding)
	hit  func(sigma.Hit)
}

// newSigmaReader wraps reader, of the file path, whose line numbers sh
// shifts; the findings go to out. A Projector must be projected before.
func newSigmaReader(s *Sigma, kept *sigmaKept, reader Reader, path string, sh lineShift, out func(Finding)) *sigmaReader {
	m := &sigmaReader{Reader: reader, s: s, feed: newSigmaFeed(reader, path), sh: sh, out: out}
	if s.corr {
		m.kept = kept
	}
	m.hit = m.emit // one closure per reader, not per record
	return m
}

// Next reads a record and matches it.
func (m *sigmaReader) Next(r *Record) error {
	err := m.Reader.Next(r)
	if err == nil && (m.sh.skip == 0 || r.Line > m.sh.skip) {
		m.match(r)
	}
	return err
}

// match matches one record.
func (m *sigmaReader) match(r *Record) {
	m.rec = r
	m.s.Engine.Match(m.feed.event(r), m.hit)
	m.rec = nil
}

// emit reports a hit as a finding, and keeps it for the correlations. A
// rule that only feeds a correlation (Standalone is false) is kept, not
// reported.
func (m *sigmaReader) emit(h sigma.Hit) {
	r := m.rec
	f := Finding{Indicator: m.s.indicator(h.Rule), Rule: h.Rule, Path: strings.Clone(h.Field),
		Value: strings.Clone(h.Value), File: r.File, Line: r.Line + m.sh.add, Time: r.Time, Host: r.Host}
	if h.Field == "" {
		// A hit by keywords, or by fields the event lacks: the event
		// itself is the evidence.
		f.Path, f.Value = sigmaEventPath, string(r.Raw[:min(len(r.Raw), sigmaEventMax)])
	}
	if m.kept != nil && m.s.referenced(h.Rule) {
		m.kept.add(f, h, &m.feed.ev)
	}
	if m.out != nil && h.Rule.Standalone() {
		m.out(f)
	}
}

// sigmaKept holds the hits of a sweep of the rules its correlation rules
// refer to, with a copy of each hit's event: the workers read files and chunks in any
// order, and the correlator is fed once the sweep is done, in time order.
type sigmaKept struct {
	mu   sync.Mutex
	hits []sigmaKeptHit
	full bool
}

type sigmaKeptHit struct {
	f   Finding
	hit sigma.Hit // Field and Value copied
	ev  sigma.Event
}

// add keeps a copy of a hit, its finding and its event.
func (k *sigmaKept) add(f Finding, h sigma.Hit, ev *sigma.Event) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.hits) >= maxSigmaKept {
		k.full = true
		return
	}
	h.Field, h.Value = strings.Clone(h.Field), strings.Clone(h.Value)
	k.hits = append(k.hits, sigmaKeptHit{f: f, hit: h, ev: copyEvent(ev)})
}

// copyEvent copies an event's values into one buffer; its names are the
// readers' constant or interned strings, and Raw is left out.
func copyEvent(ev *sigma.Event) sigma.Event {
	n := 0
	for _, a := range ev.Attrs {
		n += len(a.Value)
	}
	buf := make([]byte, 0, n)
	attrs := make([]sigma.Attr, len(ev.Attrs))
	for i, a := range ev.Attrs {
		start := len(buf)
		buf = append(buf, a.Value...)
		attrs[i] = sigma.Attr{Name: a.Name, Value: buf[start:len(buf):len(buf)]}
	}
	return sigma.Event{Source: ev.Source, Log: ev.Log, Time: ev.Time, Host: ev.Host, Attrs: attrs}
}

// correlate feeds the kept hits to a correlator in time order (then file
// and line) and reports each correlation hit as a finding. It returns a
// note when hits were left out.
func (k *sigmaKept) correlate(s *Sigma, out func(Finding)) []string {
	if k == nil || !s.corr {
		return nil
	}
	slices.SortStableFunc(k.hits, func(a, b sigmaKeptHit) int {
		return cmp.Or(a.f.Time.Compare(b.f.Time), cmp.Compare(a.f.File, b.f.File), cmp.Compare(a.f.Line, b.f.Line))
	})
	c := s.Engine.NewCorrelator()
	var at *Finding // the hit being observed, which places a correlation hit
	emit := func(ch sigma.CorrelationHit) {
		if out != nil {
			out(correlationFinding(s, ch, at))
		}
	}
	for i := range k.hits {
		at = &k.hits[i].f
		c.Observe(k.hits[i].hit, &k.hits[i].ev, emit)
	}
	at = nil
	c.Flush(emit)
	if k.full {
		return []string{fmt.Sprintf("more than %d Sigma rule hits: correlation rules were matched over the first %d", maxSigmaKept, maxSigmaKept)}
	}
	return nil
}

// correlationFinding is the finding of a correlation hit: its value names
// the group and count; at, when known, is the hit that completed it.
func correlationFinding(s *Sigma, ch sigma.CorrelationHit, at *Finding) Finding {
	var group []string
	for _, k := range slices.Sorted(maps.Keys(ch.Group)) {
		group = append(group, k+"="+ch.Group[k])
	}
	f := Finding{Indicator: s.indicator(ch.Rule), Rule: ch.Rule, Path: "correlation",
		Value: fmt.Sprintf("%d events from %s to %s", ch.Count, ch.First.UTC().Format(time.RFC3339), ch.Last.UTC().Format(time.RFC3339)),
		Time:  ch.First, Count: ch.Count}
	if len(group) > 0 {
		f.Value += " (" + strings.Join(group, ", ") + ")"
	}
	if at != nil {
		f.File, f.Line, f.Host = at.File, at.Line, at.Host
	}
	return f
}
