package feed

import (
	"context"
	"errors"
	"time"
)

// PullAll pulls every feed (those named, or all when none is), one after
// the other, and returns each one's result; errors are joined, naming the
// feed, and do not stop the other feeds.
func (p *Puller) PullAll(ctx context.Context, names ...string) ([]Result, error) {
	if len(names) == 0 {
		feeds, err := p.Store.Feeds(ctx)
		if err != nil {
			return nil, err
		}
		for _, f := range feeds {
			names = append(names, f.Name)
		}
	}
	var out []Result
	var errs []error
	for _, name := range names {
		res, err := p.Pull(ctx, name)
		out = append(out, res)
		errs = append(errs, err)
	}
	return out, errors.Join(errs...)
}

// Due returns the names of the feeds with a period whose last pull is at
// least that long before now, and how long until the next one is due
// (0 when no feed has a period).
func (p *Puller) Due(ctx context.Context, now time.Time) (names []string, wait time.Duration, err error) {
	feeds, err := p.Store.Feeds(ctx)
	if err != nil {
		return nil, 0, err
	}
	for _, f := range feeds {
		if f.Every <= 0 {
			continue
		}
		next := f.LastPull.Add(f.Every)
		if !next.After(now) {
			names = append(names, f.Name)
			next = now.Add(f.Every)
		}
		if d := next.Sub(now); wait == 0 || d < wait {
			wait = d
		}
	}
	return names, wait, nil
}

// Loop pulls each feed with a period whenever it is due, until ctx is
// done; report is called after each round with what it did. It is the
// simplest honest scheduler: one feed at a time, no overlap.
func (p *Puller) Loop(ctx context.Context, report func([]Result, error)) error {
	for {
		names, wait, err := p.Due(ctx, time.Now())
		if err != nil {
			return err
		}
		if len(names) > 0 {
			report(p.PullAll(ctx, names...))
		}
		if wait <= 0 {
			wait = time.Minute // no feed has a period yet: look again later
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
}
