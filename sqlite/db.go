// Package sqlite is accord's embedded Store: one SQLite file, written through
// the pure-Go driver modernc.org/sqlite, with one writer at a time.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/accord-cti/accord"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

var _ accord.Store = (*DB)(nil)

// pragmas are set on every connection. A write transaction begins
// IMMEDIATE, so that a writer in another process waits (busy_timeout) for
// the lock rather than failing midway; read transactions begin deferred.
//
// page_size applies only to a new file. 64 KiB pages (the largest) hold
// about fifty objects each and make the writes of an import fewer and
// larger; measured on ATT&CK, 4 KiB pages import 15% slower than 16 KiB, and
// 16 KiB 3% slower than 64 KiB.
//
// The journal is SQLite's rollback journal, not the WAL: accord's writes are
// mostly large imports, and a WAL writes every page twice (into the log,
// then into the database at the checkpoint), which made a first import of
// ATT&CK a third slower. A rollback journal holds only the pages an import
// changes, not those it adds, and readers still see the last commit while a
// write is under way; they wait only while it commits.
var pragmas = []string{
	"page_size(65536)",
	"busy_timeout(10000)",
	"synchronous(NORMAL)",
	"cache_size(-65536)", // 64 MiB per connection: an import spills less
	"temp_store(MEMORY)",
	"journal_mode(DELETE)",
}

// Option changes how Open opens a database.
type Option func(*[]string)

// MapSize makes reads map up to n bytes of the file rather than copy its
// pages into each connection's cache: fifty TAXII readers with their own
// 64 MiB caches grew the server to 2.3 GB; mapped, the pages are the
// kernel's, shared, and a read makes no system call. It is for servers:
// a command that reads a whole large store once (a hunt loading a million
// indicators) would count the mapped file in its resident memory.
func MapSize(n int64) Option {
	return func(p *[]string) { *p = append(*p, fmt.Sprintf("mmap_size(%d)", n)) }
}

// maxIdle is how many idle connections a DB keeps open.
const maxIdle = 64

// DB is accord's Store on one SQLite file. It is safe for concurrent use;
// its writes (Put) take turns.
type DB struct {
	db   *sql.DB
	path string

	writer  chan struct{} // holds a token while a write transaction runs
	bulkMin int           // objects in a Put before it may bulk load (bulk.go)
	stmts   sync.Map      // query text -> *sql.Stmt prepared once (stmt, access_member.go)

	closeOnce sync.Once
	closeErr  error
}

// Open opens the database at path, creating the file and its directory when
// missing, and applies any migration not yet recorded.
func Open(path string, opts ...Option) (*DB, error) {
	if path == "" {
		return nil, accord.Errorf(accord.EINVALID, "sqlite: database path required")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	prag := slices.Clone(pragmas)
	for _, o := range opts {
		o(&prag)
	}
	sqldb, err := sql.Open("sqlite", dsn(abs, prag))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	// Connections are kept rather than closed after each burst of
	// concurrent readers (database/sql keeps 2 by default): a new one
	// costs its pragmas and loses its prepared statements.
	sqldb.SetMaxIdleConns(maxIdle)
	db := &DB{db: sqldb, path: abs, writer: make(chan struct{}, 1), bulkMin: bulkMin}
	if err := db.migrate(context.Background()); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return db, nil
}

// dsn returns the driver's name for the file at abs with accord's settings,
// as a URI so that any character in the path is escaped.
func dsn(abs string, pragmas []string) string {
	q := url.Values{"_txlock": {"immediate"}, "_pragma": pragmas}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	return u.String()
}

// Path returns the absolute path of the database file.
func (db *DB) Path() string { return db.path }

// Close lets SQLite refresh its query planner statistics and closes the
// database.
func (db *DB) Close() error {
	db.closeOnce.Do(func() {
		_, err := db.db.Exec(`PRAGMA optimize`)
		db.closeErr = errors.Join(err, db.db.Close())
	})
	return db.closeErr
}

// beginRead starts a read-only transaction: a consistent snapshot that does
// not block the writer.
func (db *DB) beginRead(ctx context.Context) (*sql.Tx, error) {
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("sqlite: begin: %w", err)
	}
	return tx, nil
}

// write runs fn in a write transaction, committed when fn returns nil. The
// writers of this DB wait their turn here, for as long as ctx allows;
// those of another process wait up to busy_timeout in SQLite.
func (db *DB) write(ctx context.Context, fn func(*sql.Tx) error) error {
	select {
	case db.writer <- struct{}{}:
		defer func() { <-db.writer }()
	case <-ctx.Done():
		return ctx.Err()
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	return nil
}

// IntegrityCheck runs SQLite's integrity check over the whole file and the
// full-text index. It returns an EINTERNAL error listing the problems found.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	var problems []string
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		if problems, err = integrityProblems(ctx, tx); err != nil {
			return err
		}
		// FTS5 reports a damaged index as the error of this statement.
		if _, err := tx.ExecContext(ctx, `INSERT INTO search (search) VALUES ('integrity-check')`); err != nil {
			problems = append(problems, "search: "+err.Error())
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlite: integrity check: %w", err)
	}
	if len(problems) > 0 {
		return accord.Errorf(accord.EINTERNAL, "sqlite: integrity check of %s: %s", db.path, strings.Join(problems, "; "))
	}
	return nil
}

// integrityProblems returns the lines of PRAGMA integrity_check other than "ok".
func integrityProblems(ctx context.Context, tx *sql.Tx) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	return problems, rows.Err()
}
