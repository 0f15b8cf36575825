package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/accord-cti/accord"
)

// AddOrg adds an organisation; see accord.AccessStore.
func (db *DB) AddOrg(ctx context.Context, name string) (*accord.Org, error) {
	if err := checkName("organisation name", name); err != nil {
		return nil, err
	}
	o := &accord.Org{ID: accord.OrgPrefix + accord.NewUUID(), Name: name, Created: now()}
	err := db.write(ctx, func(tx *sql.Tx) error {
		taken, err := exists(ctx, tx, `SELECT count(*) FROM orgs WHERE name = ?`, name)
		if err != nil || taken {
			return errors.Join(err, conflict(taken, "organisation %q already exists", name))
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO orgs (id, name, created) VALUES (?, ?, ?)`, o.ID, o.Name, o.Created.UnixMicro())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("add organisation: %w", err)
	}
	return o, nil
}

// conflict returns an ECONFLICT error when taken, else nil.
func conflict(taken bool, format string, args ...any) error {
	if !taken {
		return nil
	}
	return accord.Errorf(accord.ECONFLICT, format, args...)
}

// Org returns the organisation with the given id or name.
func (db *DB) Org(ctx context.Context, ref string) (*accord.Org, error) {
	orgs, err := db.orgs(ctx, `WHERE id = ? OR name = ? ORDER BY id = ? DESC`, ref, ref, ref)
	if err != nil {
		return nil, err
	}
	if len(orgs) == 0 {
		return nil, accord.Errorf(accord.ENOTFOUND, "no organisation %q", ref)
	}
	return orgs[0], nil
}

// Orgs returns every organisation, by name.
func (db *DB) Orgs(ctx context.Context) ([]*accord.Org, error) {
	return db.orgs(ctx, `ORDER BY name`)
}

func (db *DB) orgs(ctx context.Context, tail string, args ...any) ([]*accord.Org, error) {
	orgs := []*accord.Org{}
	err := db.read(ctx, func(tx *sql.Tx) error {
		return eachRow(ctx, tx, `SELECT id, name, created FROM orgs `+tail, args, func(rows *sql.Rows) error {
			var o accord.Org
			var created int64
			err := rows.Scan(&o.ID, &o.Name, &created)
			o.Created = micros(created)
			orgs = append(orgs, &o)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: organisations: %w", err)
	}
	return orgs, nil
}

// eachRow calls scan for each row query returns.
func eachRow(ctx context.Context, tx *sql.Tx, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
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

// AddUser adds a user to an organisation; see accord.AccessStore.
func (db *DB) AddUser(ctx context.Context, name, orgID string) (*accord.User, error) {
	if err := checkName("user name", name); err != nil {
		return nil, err
	}
	u := &accord.User{ID: accord.UserPrefix + accord.NewUUID(), Name: name, OrgID: orgID, Created: now()}
	err := db.write(ctx, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, `SELECT count(*) FROM orgs WHERE id = ?`, orgID); err != nil || !ok {
			return errors.Join(err, notFound(!ok, "no organisation %q", orgID))
		}
		taken, err := exists(ctx, tx, `SELECT count(*) FROM users WHERE name = ?`, name)
		if err != nil || taken {
			return errors.Join(err, conflict(taken, "user %q already exists", name))
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO users (id, name, org_id, created) VALUES (?, ?, ?, ?)`,
			u.ID, u.Name, u.OrgID, u.Created.UnixMicro())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("add user: %w", err)
	}
	return u, nil
}

// notFound returns an ENOTFOUND error when missing, else nil.
func notFound(missing bool, format string, args ...any) error {
	if !missing {
		return nil
	}
	return accord.Errorf(accord.ENOTFOUND, format, args...)
}

// User returns the user with the given id or name.
func (db *DB) User(ctx context.Context, ref string) (*accord.User, error) {
	users, err := db.users(ctx, `WHERE id = ? OR name = ? ORDER BY id = ? DESC`, ref, ref, ref)
	if err != nil {
		return nil, err
	}
	if len(users) == 0 {
		return nil, accord.Errorf(accord.ENOTFOUND, "no user %q", ref)
	}
	return users[0], nil
}

// Users returns every user, by name.
func (db *DB) Users(ctx context.Context) ([]*accord.User, error) {
	return db.users(ctx, `ORDER BY name`)
}

func (db *DB) users(ctx context.Context, tail string, args ...any) ([]*accord.User, error) {
	users := []*accord.User{}
	err := db.read(ctx, func(tx *sql.Tx) error {
		return eachRow(ctx, tx, `SELECT id, name, org_id, created FROM users `+tail, args, func(rows *sql.Rows) error {
			var u accord.User
			var created int64
			err := rows.Scan(&u.ID, &u.Name, &u.OrgID, &created)
			u.Created = micros(created)
			users = append(users, &u)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: users: %w", err)
	}
	return users, nil
}
