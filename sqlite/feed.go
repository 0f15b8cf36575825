package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/accord-cti/accord"
)

var _ accord.FeedStore = (*DB)(nil)

// checkFeed checks what a feed needs before it is stored.
func checkFeed(f accord.Feed) error {
	if err := checkName("feed name", f.Name); err != nil {
		return err
	}
	u, err := url.Parse(f.URL)
	switch {
	case err != nil:
		return accord.Errorf(accord.EINVALID, "feed %s: URL %q: %v", f.Name, f.URL, err)
	case u.Scheme != "https" && u.Scheme != "http", u.Host == "":
		return accord.Errorf(accord.EINVALID, "feed %s: URL %q: want http(s)://host/api-root/", f.Name, f.URL)
	case f.Collection == "":
		return accord.Errorf(accord.EINVALID, "feed %s: no collection", f.Name)
	case f.Every < 0:
		return accord.Errorf(accord.EINVALID, "feed %s: negative period %s", f.Name, f.Every)
	}
	return nil
}

// AddFeed stores a new feed; see accord.FeedStore.
func (db *DB) AddFeed(ctx context.Context, f accord.Feed) (*accord.Feed, error) {
	if err := checkFeed(f); err != nil {
		return nil, err
	}
	f.Created, f.Position, f.LastPull, f.Objects, f.Quarantined = now(), time.Time{}, time.Time{}, 0, 0
	err := db.write(ctx, func(tx *sql.Tx) error {
		taken, err := exists(ctx, tx, `SELECT count(*) FROM feeds WHERE name = ?`, f.Name)
		if err != nil || taken {
			return errors.Join(err, conflict(taken, "feed %q already exists", f.Name))
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO feeds (name, url, collection, user, token, token_env, every_ns, fingerprint, created)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			f.Name, f.URL, f.Collection, f.User, f.Token, f.TokenEnv, int64(f.Every), f.Fingerprint, f.Created.UnixMicro())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("add feed: %w", err)
	}
	return &f, nil
}

// Feed returns a feed by name; see accord.FeedStore.
func (db *DB) Feed(ctx context.Context, name string) (*accord.Feed, error) {
	fs, err := db.feeds(ctx, `WHERE name = ?`, name)
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return nil, accord.Errorf(accord.ENOTFOUND, "no feed %q", name)
	}
	return fs[0], nil
}

// Feeds returns every feed; see accord.FeedStore.
func (db *DB) Feeds(ctx context.Context) ([]*accord.Feed, error) {
	return db.feeds(ctx, `ORDER BY name`)
}

const feedColumns = `SELECT name, url, collection, user, token, token_env, every_ns, fingerprint, position, last_pull, created,
	(SELECT count(*) FROM feed_objects o WHERE o.feed = feeds.name),
	(SELECT count(*) FROM feed_quarantine q WHERE q.feed = feeds.name)
	FROM feeds `

func (db *DB) feeds(ctx context.Context, tail string, args ...any) ([]*accord.Feed, error) {
	var out []*accord.Feed
	err := db.read(ctx, func(tx *sql.Tx) error {
		return eachRow(ctx, tx, feedColumns+tail, args, func(rows *sql.Rows) error {
			var f accord.Feed
			var every, pos, last, created int64
			err := rows.Scan(&f.Name, &f.URL, &f.Collection, &f.User, &f.Token, &f.TokenEnv, &every, &f.Fingerprint,
				&pos, &last, &created, &f.Objects, &f.Quarantined)
			f.Every, f.Position, f.LastPull, f.Created = time.Duration(every), micros(pos), micros(last), micros(created)
			out = append(out, &f)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: feeds: %w", err)
	}
	return out, nil
}

// RemoveFeed removes a feed with its provenance and quarantine; see
// accord.FeedStore.
func (db *DB) RemoveFeed(ctx context.Context, name string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM feeds WHERE name = ?`, name)
		if err != nil {
			return fmt.Errorf("sqlite: remove feed: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return accord.Errorf(accord.ENOTFOUND, "no feed %q", name)
		}
		for _, q := range []string{`DELETE FROM feed_objects WHERE feed = ?`, `DELETE FROM feed_quarantine WHERE feed = ?`} {
			if _, err := tx.ExecContext(ctx, q, name); err != nil {
				return fmt.Errorf("sqlite: remove feed: %w", err)
			}
		}
		return nil
	})
}
