package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"iter"

	"github.com/accord-cti/accord"
)

// PutFeedPage writes a pulled page, its provenance, quarantine and the
// feed's position in one transaction; see accord.FeedStore.
func (db *DB) PutFeedPage(ctx context.Context, page accord.FeedPage, objs iter.Seq2[*accord.Object, error]) (accord.PutResult, error) {
	var res accord.PutResult
	err := db.write(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, `SELECT count(*) FROM feeds WHERE name = ?`, page.Feed); err != nil || !ok {
			return fmt.Errorf("sqlite: feed page: %w", errorsOr(err, accord.Errorf(accord.ENOTFOUND, "no feed %q", page.Feed)))
		}
		w, err := newWriter(ctx, tx, db.bulkMin)
		if err != nil {
			return fmt.Errorf("sqlite: feed page: %w", err)
		}
		defer w.close()
		var got []accord.FeedObject
		if err := w.putAll(ctx, recordObjects(objs, &got)); err != nil {
			return err
		}
		res = w.res
		if err := recordPage(ctx, tx, page, got); err != nil {
			return fmt.Errorf("sqlite: feed page: %w", err)
		}
		return nil
	})
	if err != nil {
		return accord.PutResult{}, err
	}
	return res, nil
}

// errorsOr returns err when not nil, else alt.
func errorsOr(err, alt error) error {
	if err != nil {
		return err
	}
	return alt
}

// recordObjects yields what objs yields, noting the version of each.
func recordObjects(objs iter.Seq2[*accord.Object, error], got *[]accord.FeedObject) iter.Seq2[*accord.Object, error] {
	return func(yield func(*accord.Object, error) bool) {
		for o, err := range objs {
			if err == nil && o != nil {
				*got = append(*got, accord.FeedObject{ID: o.ID, Modified: o.Modified})
			}
			if !yield(o, err) {
				return
			}
		}
	}
}

// recordPage writes the provenance of got, the page's quarantine, and the
// position and time of the pull.
func recordPage(ctx context.Context, tx *sql.Tx, page accord.FeedPage, got []accord.FeedObject) error {
	at := now().UnixMicro()
	for _, o := range got {
		const q = `INSERT OR IGNORE INTO feed_objects (feed, id, modified, pulled_at) VALUES (?, ?, ?, ?)`
		if _, err := tx.ExecContext(ctx, q, page.Feed, o.ID, o.Modified, at); err != nil {
			return err
		}
	}
	for _, q := range page.Quarantine {
		digest := sha256.Sum256(q.Raw)
		const ins = `INSERT OR IGNORE INTO feed_quarantine (feed, digest, id, reason, raw, pulled_at) VALUES (?, ?, ?, ?, ?, ?)`
		if _, err := tx.ExecContext(ctx, ins, page.Feed, digest[:], q.ID, q.Reason, []byte(q.Raw), at); err != nil {
			return err
		}
	}
	query, args := `UPDATE feeds SET last_pull = ? WHERE name = ?`, []any{at, page.Feed}
	if !page.Position.IsZero() {
		query, args = `UPDATE feeds SET last_pull = ?, position = max(position, ?) WHERE name = ?`, []any{at, page.Position.UnixMicro(), page.Feed}
	}
	_, err := tx.ExecContext(ctx, query, args...)
	return err
}

// Quarantine lists a feed's refused objects; see accord.FeedStore.
func (db *DB) Quarantine(ctx context.Context, feed string) ([]accord.Quarantined, error) {
	out := []accord.Quarantined{}
	err := db.read(ctx, func(tx *sql.Tx) error {
		const q = `SELECT feed, id, reason, raw, pulled_at FROM feed_quarantine WHERE ? = '' OR feed = ? ORDER BY pulled_at, feed, id`
		return eachRow(ctx, tx, q, []any{feed, feed}, func(rows *sql.Rows) error {
			var r accord.Quarantined
			var raw []byte
			var at int64
			err := rows.Scan(&r.Feed, &r.ID, &r.Reason, &raw, &at)
			r.Raw, r.PulledAt = raw, micros(at)
			out = append(out, r)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: quarantine: %w", err)
	}
	return out, nil
}

// Provenance lists the feeds that supplied versions of id; see
// accord.FeedStore.
func (db *DB) Provenance(ctx context.Context, id string) ([]accord.FeedObject, error) {
	out := []accord.FeedObject{}
	err := db.read(ctx, func(tx *sql.Tx) error {
		const q = `SELECT feed, id, modified, pulled_at FROM feed_objects WHERE id = ? ORDER BY modified, feed`
		return eachRow(ctx, tx, q, []any{id}, func(rows *sql.Rows) error {
			var o accord.FeedObject
			var at int64
			err := rows.Scan(&o.Feed, &o.ID, &o.Modified, &at)
			o.PulledAt = micros(at)
			out = append(out, o)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: provenance: %w", err)
	}
	return out, nil
}
