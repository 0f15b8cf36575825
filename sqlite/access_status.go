package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/accord-cti/accord"
)

// checkStatus checks that a status is one TAXII can serve.
func checkStatus(s *accord.Status) error {
	switch {
	case s == nil || s.ID == "":
		return accord.Errorf(accord.EINVALID, "status: no id")
	case s.Status != "pending" && s.Status != "complete":
		return accord.Errorf(accord.EINVALID, "status %s: status %q, want pending or complete", s.ID, s.Status)
	case s.SuccessCount < 0 || s.FailureCount < 0 || s.PendingCount < 0:
		return accord.Errorf(accord.EINVALID, "status %s: negative count", s.ID)
	case s.TotalCount != s.SuccessCount+s.FailureCount+s.PendingCount:
		return accord.Errorf(accord.EINVALID, "status %s: total_count %d is not success_count + failure_count + pending_count (%d)",
			s.ID, s.TotalCount, s.SuccessCount+s.FailureCount+s.PendingCount)
	case s.Status == "complete" && s.PendingCount > 0:
		return accord.Errorf(accord.EINVALID, "status %s: complete with %d pending", s.ID, s.PendingCount)
	}
	return nil
}

// PutStatus writes a POST's status; see accord.AccessStore.
func (db *DB) PutStatus(ctx context.Context, s *accord.Status) error {
	if err := checkStatus(s); err != nil {
		return err
	}
	body, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("put status %s: %w", s.ID, err)
	}
	err = db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO statuses (id, body) VALUES (?, ?)
			ON CONFLICT (id) DO UPDATE SET body = excluded.body`, s.ID, string(body))
		return err
	})
	if err != nil {
		return fmt.Errorf("put status %s: %w", s.ID, err)
	}
	return nil
}

// Status returns the status with the given id.
func (db *DB) Status(ctx context.Context, id string) (*accord.Status, error) {
	var body string
	err := db.read(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT body FROM statuses WHERE id = ?`, id).Scan(&body)
	})
	if err == sql.ErrNoRows {
		return nil, accord.Errorf(accord.ENOTFOUND, "no status %q", id)
	}
	if err != nil {
		return nil, fmt.Errorf("status %s: %w", id, err)
	}
	var s accord.Status
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		return nil, fmt.Errorf("status %s: %w", id, err)
	}
	return &s, nil
}
