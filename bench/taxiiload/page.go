package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// pager is one client paging through the collection.
type pager struct {
	c         *config
	limit     int
	latencies []time.Duration
	pages     int
	objects   int
	errors    []string
}

// runPage runs clients pagers for duration and reports pages per second,
// the latency of a page (p50, p99, max) and the errors.
func runPage(c *config, args []string) error {
	fs := flag.NewFlagSet("page", flag.ExitOnError)
	clients := fs.Int("clients", 50, "concurrent clients")
	duration := fs.Duration("duration", 60*time.Second, "how long to page")
	limit := fs.Int("limit", 100, "objects per page")
	fs.Parse(args)
	deadline := time.Now().Add(*duration)
	pagers := make([]*pager, *clients)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range pagers {
		p := &pager{c: c, limit: *limit}
		pagers[i] = p
		wg.Go(func() { p.run(deadline) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	var all []time.Duration
	pages, objects := 0, 0
	var errs []string
	for _, p := range pagers {
		all = append(all, p.latencies...)
		pages += p.pages
		objects += p.objects
		errs = append(errs, p.errors...)
	}
	slices.Sort(all)
	fmt.Printf("page: %d clients, %.1f s, limit %d: %d pages (%.0f pages/s, %.0f objects/s); latency p50 %s p99 %s max %s; %d errors\n",
		*clients, elapsed.Seconds(), *limit, pages, float64(pages)/elapsed.Seconds(), float64(objects)/elapsed.Seconds(),
		pct(all, 50), pct(all, 99), pct(all, 100), len(errs))
	for i, e := range errs {
		if i == 10 {
			fmt.Printf("  … and %d more\n", len(errs)-10)
			break
		}
		fmt.Println("  error:", e)
	}
	if len(errs) > 0 {
		return fmt.Errorf("%d requests failed", len(errs))
	}
	return nil
}

// run pages through the collection until the deadline, from the start
// again whenever it reaches the end.
func (p *pager) run(deadline time.Time) {
	next := ""
	for time.Now().Before(deadline) {
		q := url.Values{"limit": {fmt.Sprint(p.limit)}}
		if next != "" {
			q.Set("next", next)
		}
		var env struct {
			More    bool              `json:"more"`
			Next    string            `json:"next"`
			Objects []json.RawMessage `json:"objects"`
		}
		r, err := p.c.request(http.MethodGet, p.c.url+"objects/?"+q.Encode(), nil)
		if err == nil {
			t := time.Now()
			err = p.c.do(r, http.StatusOK, &env)
			p.latencies = append(p.latencies, time.Since(t))
		}
		if err != nil {
			p.errors = append(p.errors, err.Error())
			next = ""
			continue
		}
		p.pages++
		p.objects += len(env.Objects)
		next = ""
		if env.More {
			next = env.Next
		}
	}
}

// pct returns the p-th percentile of sorted durations, rounded to 0.1 ms.
func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := min(len(sorted)-1, (len(sorted)*p+99)/100-1)
	return sorted[max(i, 0)].Round(100 * time.Microsecond)
}
