package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
)

// migrationFS holds the schema as numbered SQL files, applied in name order.
//
//go:embed migration/*.sql
var migrationFS embed.FS

// migrate applies each embedded migration not yet recorded in the
// migrations table, one transaction each.
func (db *DB) migrate(ctx context.Context) error {
	const create = `CREATE TABLE IF NOT EXISTS migrations (
		name    TEXT PRIMARY KEY,
		applied TEXT NOT NULL
	)`
	if _, err := db.db.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("migrations table: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.write(ctx, func(tx *sql.Tx) error { return migrateFile(ctx, tx, name) }); err != nil {
			return fmt.Errorf("migration %s: %w", path.Base(name), err)
		}
	}
	return nil
}

// migrateFile applies one migration unless it is recorded. The check runs
// inside the write transaction, so two processes opening a new file at once
// apply it once.
func migrateFile(ctx context.Context, tx *sql.Tx, name string) error {
	var n int
	const applied = `SELECT count(*) FROM migrations WHERE name = ?`
	if err := tx.QueryRowContext(ctx, applied, path.Base(name)).Scan(&n); err != nil || n > 0 {
		return err
	}
	buf, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(buf)); err != nil {
		return err
	}
	const record = `INSERT INTO migrations (name, applied) VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`
	_, err = tx.ExecContext(ctx, record, path.Base(name))
	return err
}
