package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progress draws a one-line progress bar on a terminal and nothing
// elsewhere, redrawing at most ten times a second.
type progress struct {
	mu    sync.Mutex // update may be called from several goroutines
	w     io.Writer  // nil when not a terminal
	label string
	noun  string // what the count counts: "objects", "findings"
	start time.Time
	last  time.Time
	drawn bool
}

func newProgress(w io.Writer, label, noun string) *progress {
	if f, ok := w.(*os.File); !ok || !isTerminal(f) {
		w = nil
	}
	return &progress{w: w, label: label, noun: noun, start: time.Now()}
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *progress) update(done, total, count int) {
	if p.w == nil || total == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.last) < 100*time.Millisecond && done < total {
		return
	}
	p.last = now
	const width = 30
	n := width * done / total
	elapsed := now.Sub(p.start).Seconds()
	rate := float64(done) / elapsed
	eta := ""
	if rate > 0 && done < total {
		eta = fmt.Sprintf(" ETA %s", time.Duration(float64(total-done)/rate*float64(time.Second)).Round(time.Second))
	}
	fmt.Fprintf(p.w, "\r\033[K%s [%s%s] %s/%s, %s/s, %d %s%s",
		p.label, strings.Repeat("#", n), strings.Repeat(".", width-n), mib(done), mib(total), mib(int(rate)), count, p.noun, eta)
	p.drawn = true
}

func mib(n int) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// done clears the bar.
func (p *progress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.w != nil && p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}
