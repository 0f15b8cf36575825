package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/accord-cti/accord"
)

func (m *Main) runSearch(ctx context.Context, args []string) error {
	fs := newFlags("search")
	limit := fs.Int("limit", 20, "at most this many results")
	asJSON := fs.Bool("json", false, "print the matching objects as a STIX bundle")
	words, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(words) == 0 {
		return usageErr("search: give the text to look for")
	}
	db, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	found, err := db.Search(ctx, strings.Join(words, " "), *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeBundle(ctx, m.Stdout, eachOf(found))
	}
	for _, o := range found {
		fmt.Fprintf(m.Stdout, "%-18s %-10s %s  %s\n", o.Type, firstOr(o.ExternalIDs, "-"), o.Name, o.ID)
	}
	if len(found) == 0 {
		fmt.Fprintln(m.Stderr, "no matches")
	}
	return nil
}

func eachOf(objs []*accord.Object) func(func(*accord.Object) error) error {
	return func(fn func(*accord.Object) error) error {
		for _, o := range objs {
			if err := fn(o); err != nil {
				return err
			}
		}
		return nil
	}
}

func firstOr(ss []string, def string) string {
	if len(ss) > 0 {
		return ss[0]
	}
	return def
}

func (m *Main) runStats(ctx context.Context, args []string) error {
	fs := newFlags("stats")
	asJSON := fs.Bool("json", false, "print the counts as JSON")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usageErr("stats: unexpected argument %q", rest[0])
	}
	db, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.Stats(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(m.Stdout, st)
	}
	path, _ := m.dbPath()
	fmt.Fprintf(m.Stdout, "database:      %s\nobjects:       %d\nversions:      %d\nrelationships: %d\nrevoked:       %d\nby type:\n",
		path, st.Objects, st.Versions, st.Relationships, st.Revoked)
	for _, t := range slices.Sorted(maps.Keys(st.ByType)) {
		fmt.Fprintf(m.Stdout, "  %-28s %7d\n", t, st.ByType[t])
	}
	return nil
}
