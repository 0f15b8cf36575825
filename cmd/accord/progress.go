package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress draws a one-line progress bar on a terminal and nothing
// elsewhere, redrawing at most ten times a second.
type progress struct {
	w     io.Writer // nil when not a terminal
	label string
	start time.Time
	last  time.Time
	drawn bool
}

func newProgress(w io.Writer, label string) *progress {
	if f, ok := w.(*os.File); !ok || !isTerminal(f) {
		w = nil
	}
	return &progress{w: w, label: label, start: time.Now()}
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *progress) update(done, total, objects int) {
	if p.w == nil || total == 0 {
		return
	}
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
	fmt.Fprintf(p.w, "\r\033[K%s [%s%s] %s/%s, %s/s, %d objects%s",
		p.label, strings.Repeat("#", n), strings.Repeat(".", width-n), mib(done), mib(total), mib(int(rate)), objects, eta)
	p.drawn = true
}

func mib(n int) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }

// done clears the bar.
func (p *progress) done() {
	if p.w != nil && p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}
