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

func (p *progress) update(done, total int) {
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
	rate := float64(done) / now.Sub(p.start).Seconds()
	eta := ""
	if rate > 0 && done < total {
		eta = fmt.Sprintf(" ETA %s", (time.Duration(float64(total-done)/rate) * time.Second).Round(time.Second))
	}
	fmt.Fprintf(p.w, "\r\033[K%s [%s%s] %d/%d objects, %.0f/s%s",
		p.label, strings.Repeat("#", n), strings.Repeat(".", width-n), done, total, rate, eta)
	p.drawn = true
}

// done clears the bar.
func (p *progress) done() {
	if p.w != nil && p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}
