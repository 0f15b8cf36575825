package main

import (
	"context"
	"fmt"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/feed"
	"github.com/accord-cti/accord/sqlite"
)

const feedUsage = "add NAME URL --collection ID | list | remove NAME | pull [NAME...] [--loop] | quarantine [NAME] | provenance ID | allow [HOST[:PORT]] [--remove]"

// runFeed runs accord feed: the TAXII collections this server pulls.
func (m *Main) runFeed(ctx context.Context, args []string) error {
	subs := subcommands{"add": (*Main).runFeedAdd, "list": (*Main).runFeedList, "remove": (*Main).runFeedRemove,
		"pull": (*Main).runFeedPull, "quarantine": (*Main).runFeedQuarantine, "provenance": (*Main).runFeedProvenance,
		"allow": (*Main).runFeedAllow}
	return m.dispatch(ctx, "feed", feedUsage, subs, args)
}

func (m *Main) runFeedAdd(ctx context.Context, args []string) error {
	fs := newFlags("feed add")
	var f accord.Feed
	fs.StringVar(&f.Collection, "collection", "", "the collection's id on the server (required)")
	fs.StringVar(&f.User, "user", "", "user name for HTTP Basic (else the token is sent as a Bearer token)")
	fs.StringVar(&f.Token, "token", "", "the API token; kept in the database in the clear (prefer --token-env)")
	fs.StringVar(&f.TokenEnv, "token-env", "", "name of an environment variable to read the token from at each pull")
	fs.DurationVar(&f.Every, "every", 0, "pull period for accord feed pull --loop (e.g. 15m); 0 is never")
	fs.StringVar(&f.Fingerprint, "insecure-tls-fingerprint", "", "trust only the server certificate with this SHA-256 fingerprint (self-signed servers)")
	asJSON := fs.Bool("json", false, "print the new feed as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || f.Collection == "" {
		return usageErr("feed add: want NAME URL --collection ID (URL is the server's API root)")
	}
	if f.Token != "" && f.TokenEnv != "" {
		return usageErr("feed add: give --token or --token-env, not both")
	}
	if f.Fingerprint != "" {
		if _, err := feed.ParseFingerprint(f.Fingerprint); err != nil {
			return err
		}
	}
	f.Name, f.URL = pos[0], pos[1]
	return m.withStore(ctx, func(db *sqlite.DB) error {
		if err := allowed(ctx, db, f.URL); err != nil {
			return err
		}
		added, err := db.AddFeed(ctx, f)
		if err != nil || *asJSON {
			return orJSON(m, err, added)
		}
		if f.Token != "" {
			fmt.Fprintln(m.Stderr, "accord: warning: the token is kept in the database in the clear; --token-env keeps it out")
		}
		fmt.Fprintf(m.Stdout, "%s  %s  collection %s\n", added.Name, added.URL, added.Collection)
		return nil
	})
}

// allowed checks url against the database's outbound allow-list.
func allowed(ctx context.Context, db *sqlite.DB, url string) error {
	hosts, err := db.AllowedHosts(ctx)
	if err != nil {
		return err
	}
	return feed.Allowed(hosts, url)
}

func (m *Main) runFeedList(ctx context.Context, args []string) error {
	fs := newFlags("feed list")
	asJSON := fs.Bool("json", false, "print the feeds as JSON (without their tokens)")
	if pos, err := parse(fs, args); err != nil || len(pos) > 0 {
		return orUsage(err, "feed list takes no arguments")
	}
	return m.withStore(ctx, func(db *sqlite.DB) error {
		feeds, err := db.Feeds(ctx)
		if err != nil || *asJSON {
			return orJSON(m, err, orEmpty(feeds))
		}
		for _, f := range feeds {
			fmt.Fprintf(m.Stdout, "%s  %s  collection %s  %d objects, %d quarantined, position %s, last pull %s",
				f.Name, f.URL, f.Collection, f.Objects, f.Quarantined, when(f.Position), when(f.LastPull))
			if f.Every > 0 {
				fmt.Fprintf(m.Stdout, ", every %s", f.Every)
			}
			fmt.Fprintln(m.Stdout)
		}
		return nil
	})
}

// orEmpty returns an empty list for nil, so that JSON says [] not null.
func orEmpty[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

// when renders a time for the feed commands; zero is "never".
func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(time.RFC3339Nano)
}

func (m *Main) runFeedRemove(ctx context.Context, args []string) error {
	pos, err := parse(newFlags("feed remove"), args)
	if err != nil || len(pos) != 1 {
		return orUsage(err, "feed remove: give the feed's name")
	}
	return m.withStore(ctx, func(db *sqlite.DB) error { return db.RemoveFeed(ctx, pos[0]) })
}

func (m *Main) runFeedAllow(ctx context.Context, args []string) error {
	fs := newFlags("feed allow")
	remove := fs.Bool("remove", false, "take the host off the allow-list")
	asJSON := fs.Bool("json", false, "print the allow-list as JSON")
	pos, err := parse(fs, args)
	if err != nil || len(pos) > 1 || (*remove && len(pos) == 0) {
		return orUsage(err, "feed allow: want HOST[:PORT] to allow, --remove HOST[:PORT], or nothing to list")
	}
	return m.withStore(ctx, func(db *sqlite.DB) error {
		switch {
		case *remove:
			err = db.DisallowHost(ctx, pos[0])
		case len(pos) == 1:
			err = db.AllowHost(ctx, pos[0])
		}
		if err != nil {
			return err
		}
		hosts, err := db.AllowedHosts(ctx)
		if err != nil || *asJSON {
			return orJSON(m, err, hosts)
		}
		for _, h := range hosts {
			fmt.Fprintln(m.Stdout, h)
		}
		return nil
	})
}
