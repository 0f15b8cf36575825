package main

import (
	"context"
	"fmt"

	"github.com/accord-cti/accord/feed"
	"github.com/accord-cti/accord/sqlite"
)

func (m *Main) runFeedPull(ctx context.Context, args []string) error {
	fs := newFlags("feed pull")
	loop := fs.Bool("loop", false, "keep running, pulling each feed with --every whenever it is due")
	pageSize := fs.Int("limit", 0, "objects to ask for per page (0 lets the server choose)")
	asJSON := fs.Bool("json", false, "print what each pull did as JSON")
	names, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *loop && len(names) > 0 {
		return usageErr("feed pull --loop pulls every feed with a period; it takes no names")
	}
	return m.withStore(ctx, func(db *sqlite.DB) error {
		p := &feed.Puller{Store: db, PageSize: *pageSize, Getenv: m.Getenv}
		report := func(results []feed.Result, err error) {
			m.writePulls(results, *asJSON)
			if err != nil {
				fmt.Fprintln(m.Stderr, "accord:", err)
			}
		}
		if *loop {
			return p.Loop(ctx, report)
		}
		results, err := p.PullAll(ctx, names...)
		m.writePulls(results, *asJSON)
		return err
	})
}

// writePulls prints what pulls did.
func (m *Main) writePulls(results []feed.Result, asJSON bool) {
	if asJSON {
		writeJSON(m.Stdout, orEmpty(results))
		return
	}
	for _, r := range results {
		fmt.Fprintf(m.Stdout, "%s: %d pages, %d objects: %d added, %d already known, %d quarantined; position %s\n",
			r.Feed, r.Pages, r.Objects, r.Added, r.Skipped, r.Quarantined, when(r.Position))
	}
}

func (m *Main) runFeedQuarantine(ctx context.Context, args []string) error {
	fs := newFlags("feed quarantine")
	asJSON := fs.Bool("json", false, "print the quarantined objects as JSON, with their JSON")
	pos, err := parse(fs, args)
	if err != nil || len(pos) > 1 {
		return orUsage(err, "feed quarantine: give a feed's name, or none for every feed")
	}
	name := ""
	if len(pos) == 1 {
		name = pos[0]
	}
	return m.withStore(ctx, func(db *sqlite.DB) error {
		if name != "" {
			if _, err := db.Feed(ctx, name); err != nil {
				return err
			}
		}
		q, err := db.Quarantine(ctx, name)
		if err != nil || *asJSON {
			return orJSON(m, err, q)
		}
		for _, o := range q {
			fmt.Fprintf(m.Stdout, "%s  %s  %s  %s\n", o.Feed, when(o.PulledAt), orDash(o.ID), o.Reason)
		}
		return nil
	})
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (m *Main) runFeedProvenance(ctx context.Context, args []string) error {
	fs := newFlags("feed provenance")
	asJSON := fs.Bool("json", false, "print the provenance as JSON")
	pos, err := parse(fs, args)
	if err != nil || len(pos) != 1 {
		return orUsage(err, "feed provenance: give an object's id")
	}
	return m.withStore(ctx, func(db *sqlite.DB) error {
		prov, err := db.Provenance(ctx, pos[0])
		if err != nil || *asJSON {
			return orJSON(m, err, prov)
		}
		if len(prov) == 0 {
			fmt.Fprintf(m.Stdout, "%s: no feed supplied it\n", pos[0])
		}
		for _, p := range prov {
			fmt.Fprintf(m.Stdout, "%s  version %s  from feed %s  pulled %s\n", p.ID, orDash(p.Modified), p.Feed, when(p.PulledAt))
		}
		return nil
	})
}
