package sqlite

import (
	"context"
	"database/sql"
)

// stmt returns query prepared once on db, for use in tx. The paging
// queries are few (one per shape of filter: collectionQuery puts every
// value in an argument), and parsing them for every page cost an eighth of
// the server's CPU. tx.StmtContext reuses the statement on the
// transaction's connection once it has been prepared there. Callers pass
// SQL built from constants only, never from values, so the statements
// kept are few. Preparing takes a second connection for a moment, which
// the pool (no maximum) always has; the DB's connections finalise their
// statements when they close.
func (db *DB) stmt(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	st, err := db.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return tx.StmtContext(ctx, st), nil
}

// prepared returns query prepared once on db (see stmt).
func (db *DB) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := db.stmts.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := db.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if prev, loaded := db.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		st = prev.(*sql.Stmt)
	}
	return st, nil
}

// eachRowAlone runs query, prepared once, with args outside any explicit
// transaction and calls scan on each row. One SELECT is a read
// transaction of its own in SQLite, so a lookup of one statement sees one
// snapshot without the BEGIN and ROLLBACK that db.read costs: the lookups
// every TAXII request makes (authentication, collection, access) use it.
func (db *DB) eachRowAlone(ctx context.Context, query string, args []any, scan func(*sql.Rows) error) error {
	st, err := db.prepared(ctx, query)
	if err != nil {
		return err
	}
	return eachStmtRow(ctx, st, args, scan)
}

// eachStmtRow runs st with args and calls scan on each row.
func eachStmtRow(ctx context.Context, st *sql.Stmt, args []any, scan func(*sql.Rows) error) error {
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// collectionExists is collectionExists with a prepared statement.
func (db *DB) collectionExists(ctx context.Context, tx *sql.Tx, id string) error {
	st, err := db.stmt(ctx, tx, `SELECT count(*) FROM collections WHERE id = ?`)
	if err != nil {
		return err
	}
	var n int
	if err := st.QueryRowContext(ctx, id).Scan(&n); err != nil {
		return err
	}
	return notFound(n == 0, "no collection %q", id)
}
