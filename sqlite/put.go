package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"iter"

	"github.com/accord-cti/accord"
)

// Put writes the objects objs yields in one transaction; see accord.Store.
// Nothing is committed before objs is exhausted, so a failure, a
// cancellation or a crash midway leaves the database as it was.
//
// Put reads up to batchSize objects ahead of writing them, so objs must
// yield a new Object (and Raw) each time rather than reuse one.
func (db *DB) Put(ctx context.Context, objs iter.Seq2[*accord.Object, error]) (accord.PutResult, error) {
	var res accord.PutResult
	err := db.write(ctx, func(tx *sql.Tx) error {
		w, err := newWriter(ctx, tx, db.bulkMin)
		if err != nil {
			return fmt.Errorf("sqlite: put: %w", err)
		}
		defer w.close()
		if err := w.putAll(ctx, objs); err != nil {
			return err
		}
		res = w.res
		return nil
	})
	if err != nil {
		return accord.PutResult{}, err
	}
	return res, nil
}

// putAll writes what objs yields. An error objs yields, or ctx's, is
// returned as it is.
func (w *writer) putAll(ctx context.Context, objs iter.Seq2[*accord.Object, error]) error {
	n := 0
	for o, err := range objs {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := validate(o, n); err != nil {
			return err
		}
		n++
		if err := w.add(o); err != nil {
			return fmt.Errorf("sqlite: put: %w", err)
		}
	}
	if err := w.flush(); err != nil {
		return fmt.Errorf("sqlite: put: %w", err)
	}
	if w.bulk {
		return w.leaveBulk()
	}
	return nil
}

// validate checks what the store needs of the n-th (0-based) object.
func validate(o *accord.Object, n int) error {
	switch {
	case o == nil:
		return accord.Errorf(accord.EINVALID, "object %d: nil", n)
	case o.ID == "":
		return accord.Errorf(accord.EINVALID, "object %d: no id", n)
	case o.Type == "":
		return accord.Errorf(accord.EINVALID, "object %d (%s): no type", n, o.ID)
	case len(o.Raw) == 0:
		return accord.Errorf(accord.EINVALID, "object %d (%s): no JSON", n, o.ID)
	}
	return nil
}

// batchSize is how many objects a Put reads before it looks their ids up
// in one query: a query per object, and the garbage each leaves, cost more
// than the B-tree work. (Multi-row INSERTs would not help: SQLite keeps a
// statement journal for them, which costs more than it saves.)
const batchSize = 256

// writer writes the objects of one Put in batches, in the order given.
type writer struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt // prepared once per Put, run without ctx
	batch []*accord.Object
	cur   map[string]version // latest version of the ids of the batch
	res   accord.PutResult
	last  int64 // the added of the last version written

	// Bulk loading (bulk.go): after bulkAt objects the writer drops the
	// indexes; cur then holds the latest version of every id and versions
	// every stored version, in place of the indexes.
	n        int
	bulkAt   int
	bulk     bool
	versions map[string]struct{}
}

// version locates a stored version.
type version struct {
	added    int64
	modified string
}

func newWriter(ctx context.Context, tx *sql.Tx, least int) (*writer, error) {
	w := &writer{
		tx:    tx,
		stmts: map[string]*sql.Stmt{},
		cur:   map[string]version{},
		res:   accord.PutResult{ByType: map[string]int{}},
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(added), 0) FROM objects`).Scan(&w.last); err != nil {
		return nil, err
	}
	stored, err := w.countVersions(least)
	w.bulkAt = bulkThreshold(stored, least)
	return w, err
}

// stmt returns the statement for query, prepared on first use. Statements
// run with a background context: Put checks ctx between objects, which
// spares the driver a watcher goroutine per statement.
func (w *writer) stmt(query string) (*sql.Stmt, error) {
	if st, ok := w.stmts[query]; ok {
		return st, nil
	}
	st, err := w.tx.Prepare(query)
	if err != nil {
		return nil, err
	}
	w.stmts[query] = st
	return st, nil
}

func (w *writer) exec(query string, args ...any) (sql.Result, error) {
	st, err := w.stmt(query)
	if err != nil {
		return nil, err
	}
	return st.Exec(args...)
}

func (w *writer) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

// add queues o, writing the batch when it is full, and switches to bulk
// loading when the Put has grown large enough.
func (w *writer) add(o *accord.Object) error {
	w.batch = append(w.batch, o)
	if w.n++; w.n == w.bulkAt {
		if err := w.flush(); err != nil {
			return err
		}
		return w.enterBulk()
	}
	if len(w.batch) < batchSize {
		return nil
	}
	return w.flush()
}

// flush writes the queued objects.
func (w *writer) flush() error {
	if len(w.batch) == 0 {
		return nil
	}
	if err := w.lookup(); err != nil {
		return err
	}
	for _, o := range w.batch {
		if err := w.put(o); err != nil {
			return fmt.Errorf("%s: %w", o.ID, err)
		}
	}
	clear(w.batch)
	w.batch = w.batch[:0]
	return nil
}

// lookup fills cur with the latest stored version of each id in the batch,
// in one query over the (id, modified) index.
func (w *writer) lookup() error {
	if w.bulk {
		return nil // cur knows every id
	}
	clear(w.cur)
	args := make([]any, batchSize)
	for i := range args {
		args[i] = "" // no object has the empty id
		if i < len(w.batch) {
			args[i] = w.batch[i].ID
		}
	}
	st, err := w.stmt(`SELECT id, max(modified), added FROM objects WHERE id IN (` + placeholders(batchSize) + `) GROUP BY id`)
	if err != nil {
		return err
	}
	rows, err := st.Query(args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var v version
		if err := rows.Scan(&id, &v.modified, &v.added); err != nil {
			return err
		}
		w.cur[id] = v
	}
	return rows.Err()
}
