package feed

import (
	"context"
	"fmt"
	"iter"
	"os"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/ingest"
	"github.com/accord-cti/accord/taxii"
)

// Store is what pulling needs: the objects and the feed records.
type Store interface {
	accord.Store
	accord.FeedStore
}

// Puller pulls feeds into a Store.
type Puller struct {
	Store Store
	// PageSize is the limit asked of the server; 0 lets it choose.
	PageSize int
	// Getenv reads the environment variable a feed's token may be in; nil
	// is os.Getenv.
	Getenv func(string) string
}

// Result says what one pull of a feed did.
type Result struct {
	Feed        string    `json:"feed"`
	Pages       int       `json:"pages"`
	Objects     int       `json:"objects"` // objects received
	Added       int       `json:"added"`   // versions new to the store
	Skipped     int       `json:"skipped"` // versions it already had
	Quarantined int       `json:"quarantined"`
	Position    time.Time `json:"position"`
}

// Pull pulls the feed named name from its position to the end of its
// collection, storing page by page. On error, what the pages before it
// stored stays, and the next pull resumes there.
func (p *Puller) Pull(ctx context.Context, name string) (Result, error) {
	res := Result{Feed: name}
	f, err := p.Store.Feed(ctx, name)
	if err != nil {
		return res, err
	}
	c, err := p.client(ctx, f)
	if err != nil {
		return res, err
	}
	res.Position = f.Position
	q := taxii.Query{AddedAfter: f.Position, Limit: p.PageSize}
	for {
		env, dates, err := c.Objects(ctx, f.Collection, q)
		if err != nil {
			return res, fmt.Errorf("feed %s: page %d: %w", name, res.Pages+1, err)
		}
		if err := p.store(ctx, f, env, dates, &res); err != nil {
			return res, err
		}
		if !env.More {
			return res, nil
		}
		if q, err = nextQuery(q, env, dates); err != nil {
			return res, fmt.Errorf("feed %s: page %d: %w", name, res.Pages, err)
		}
	}
}

// client checks the feed's URL against the allow-list and returns its
// TAXII client.
func (p *Puller) client(ctx context.Context, f *accord.Feed) (*taxii.Client, error) {
	hosts, err := p.Store.AllowedHosts(ctx)
	if err != nil {
		return nil, err
	}
	if err := Allowed(hosts, f.URL); err != nil {
		return nil, fmt.Errorf("feed %s: %w", f.Name, err)
	}
	getenv := p.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	return client(f, hosts, getenv)
}

// nextQuery is the query of the page after env: the server's next token,
// else added_after its last date added. A server that says there is more
// but gives neither would be asked the same page forever: that is an error.
func nextQuery(q taxii.Query, env *taxii.Envelope, dates taxii.PageDates) (taxii.Query, error) {
	switch {
	case env.Next != "":
		q.Next = env.Next
	case !dates.Last.IsZero() && dates.Last.After(q.AddedAfter):
		q.AddedAfter, q.Next = dates.Last, ""
	default:
		return q, accord.Errorf(accord.EINVALID, "the server says there is more but gives no next and no later X-TAXII-Date-Added-Last")
	}
	return q, nil
}

// store validates a page's objects and stores the valid ones with their
// provenance, the quarantined ones and the new position in one transaction.
func (p *Puller) store(ctx context.Context, f *accord.Feed, env *taxii.Envelope, dates taxii.PageDates, res *Result) error {
	res.Pages++
	valid, n, bad := sorted(ctx, f.Name, res.Pages, env.Objects)
	page := accord.FeedPage{Feed: f.Name, Position: dates.Last, Quarantine: bad}
	var put accord.PutResult
	var err error
	if n == 0 {
		put, err = p.Store.PutFeedPage(ctx, page, func(func(*accord.Object, error) bool) {})
	} else {
		var r ingest.Result
		src := ingest.Source{Name: fmt.Sprintf("feed %s page %d", f.Name, res.Pages), Data: valid}
		r, err = ingest.Import(ctx, pageStore{p.Store, page}, src, ingest.Options{Format: ingest.FormatSTIX})
		put = r.PutResult
	}
	if err != nil {
		return fmt.Errorf("feed %s: page %d: %w", f.Name, res.Pages, err)
	}
	res.Objects += len(env.Objects)
	res.Added += put.Added
	res.Skipped += put.Skipped
	res.Quarantined += len(bad)
	if dates.Last.After(res.Position) {
		res.Position = dates.Last
	}
	return nil
}

// pageStore is a Store whose Put writes a feed page: ingest.Import's
// objects together with the page's provenance, quarantine and position.
type pageStore struct {
	Store
	page accord.FeedPage
}

func (s pageStore) Put(ctx context.Context, objs iter.Seq2[*accord.Object, error]) (accord.PutResult, error) {
	return s.Store.PutFeedPage(ctx, s.page, objs)
}
