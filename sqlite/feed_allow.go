package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"strings"

	"github.com/accord-cti/accord"
)

// checkHost checks an allow-list entry: a host name or address, with an
// optional port, and nothing else.
func checkHost(host string) error {
	h := host
	if hp, port, err := net.SplitHostPort(host); err == nil {
		if port == "" || strings.Trim(port, "0123456789") != "" {
			return accord.Errorf(accord.EINVALID, "allow %q: the port must be a number", host)
		}
		h = hp
	}
	if h == "" || strings.ContainsAny(h, "/?#@ \t\r\n") || len(host) > maxName {
		return accord.Errorf(accord.EINVALID, "allow %q: want HOST or HOST:PORT (IPv6 as [::1]:PORT)", host)
	}
	return nil
}

// AllowHost adds host to the outbound allow-list; see accord.FeedStore.
func (db *DB) AllowHost(ctx context.Context, host string) error {
	host = strings.ToLower(host)
	if err := checkHost(host); err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO feed_allow (host) VALUES (?)`, host)
		return err
	})
}

// DisallowHost removes host from the allow-list; see accord.FeedStore.
func (db *DB) DisallowHost(ctx context.Context, host string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM feed_allow WHERE host = ?`, strings.ToLower(host))
		if err != nil {
			return fmt.Errorf("sqlite: disallow: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return accord.Errorf(accord.ENOTFOUND, "%q is not in the allow-list", host)
		}
		return nil
	})
}

// AllowedHosts returns the allow-list; see accord.FeedStore.
func (db *DB) AllowedHosts(ctx context.Context) ([]string, error) {
	hosts := []string{}
	err := db.read(ctx, func(tx *sql.Tx) error {
		return eachRow(ctx, tx, `SELECT host FROM feed_allow ORDER BY host`, nil, func(rows *sql.Rows) error {
			var h string
			err := rows.Scan(&h)
			hosts = append(hosts, h)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: allow-list: %w", err)
	}
	return hosts, nil
}
