// Package sqlite is accord's embedded Store: one SQLite file, written through
// the pure-Go driver modernc.org/sqlite, in WAL mode with one writer at a time.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/accord-cti/accord"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migration/*.sql
var migrationFS embed.FS

var _ accord.Store = (*DB)(nil)

// pragmas are set on every connection. A write transaction begins
// IMMEDIATE so that a second writer waits (busy_timeout) for the lock
// rather than failing midway; read transactions begin deferred.
//
// page_size applies only to a new file, and only before it is switched to
// WAL, which Open does next (the driver runs journal_mode ahead of the
// other pragmas, so it cannot be in this list). 16 KiB pages hold about ten
// objects each and cut the pages, and so the WAL writes, of an import
// fourfold against the default 4 KiB.
var pragmas = []string{
	"page_size(16384)",
	"busy_timeout(10000)",
	"synchronous(NORMAL)",
	"cache_size(-32768)", // 32 MiB per connection
	"temp_store(MEMORY)",
}

// DB is accord's Store on one SQLite file.
type DB struct {
	db   *sql.DB
	path string
}

// Open opens the database at path, creating the file and its directory when
// missing, and applies any migration not yet recorded.
func Open(path string) (*DB, error) {
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
	sqldb, err := sql.Open("sqlite", dsn(abs))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	db := &DB{db: sqldb, path: abs}
	if os.Getenv("X_NOCKPT") != "" {
		sqldb.SetMaxOpenConns(1)
		sqldb.Exec("PRAGMA wal_autocheckpoint=0")
	}
	if _, err := sqldb.Exec(`PRAGMA journal_mode = WAL`); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := db.migrate(context.Background()); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return db, nil
}

// dsn returns the driver's name for the file at abs with accord's settings,
// as a URI so that any character in the path is escaped.
func dsn(abs string) string {
	q := url.Values{"_txlock": {"immediate"}, "_pragma": pragmas}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	return u.String()
}

// Path returns the absolute path of the database file.
func (db *DB) Path() string { return db.path }

// Close closes the database.
func (db *DB) Close() error { return db.db.Close() }

// beginRead starts a read-only transaction: a consistent snapshot that does
// not block the writer.
func (db *DB) beginRead(ctx context.Context) (*sql.Tx, error) {
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("sqlite: begin: %w", err)
	}
	return tx, nil
}

// beginWrite starts a write transaction, waiting for the write lock.
func (db *DB) beginWrite(ctx context.Context) (*sql.Tx, error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlite: begin: %w", err)
	}
	return tx, nil
}

// migrate applies, in name order, each embedded migration not yet recorded
// in the migrations table, one transaction each.
func (db *DB) migrate(ctx context.Context) error {
	const create = `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)`
	if _, err := db.db.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("migrations table: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

// migrateFile applies one migration unless it is recorded. The check runs
// inside the write transaction, so two processes opening a new file at once
// apply it once.
func (db *DB) migrateFile(ctx context.Context, name string) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return nil
	}
	buf, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(buf)); err != nil {
		return err
	}
	const record = `INSERT INTO migrations (name, applied) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`
	if _, err := tx.ExecContext(ctx, record, name); err != nil {
		return err
	}
	return tx.Commit()
}

// IntegrityCheck runs SQLite's integrity check over the whole file and the
// full-text index. It returns an EINTERNAL error listing the problems found.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	problems, err := integrityProblems(ctx, tx)
	if err != nil {
		return fmt.Errorf("sqlite: integrity check: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO search (search) VALUES ('integrity-check')`); err != nil {
		problems = append(problems, "search: "+err.Error())
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
