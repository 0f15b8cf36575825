package main

import (
	"context"
	"fmt"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/sqlite"
)

// subcommands maps the names of a command's subcommands (org add, org
// list) to what they run.
type subcommands map[string]func(m *Main, ctx context.Context, args []string) error

// dispatch runs the subcommand that args name.
func (m *Main) dispatch(ctx context.Context, cmd, usage string, subs subcommands, args []string) error {
	if len(args) == 0 {
		return usageErr("%s: want %s", cmd, usage)
	}
	run, ok := subs[args[0]]
	if !ok {
		return usageErr("%s: unknown subcommand %q: want %s", cmd, args[0], usage)
	}
	return run(m, ctx, args[1:])
}

// withStore opens the database, runs fn with it and closes it.
func (m *Main) withStore(ctx context.Context, fn func(db *sqlite.DB) error) error {
	db, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db)
}

// runOrg runs accord org add|list.
func (m *Main) runOrg(ctx context.Context, args []string) error {
	return m.dispatch(ctx, "org", "add NAME | list", subcommands{"add": (*Main).runOrgAdd, "list": (*Main).runOrgList}, args)
}

func (m *Main) runOrgAdd(ctx context.Context, args []string) error {
	fs := newFlags("org add")
	asJSON := fs.Bool("json", false, "print the new organisation as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("org add: give the organisation's name (quoted if it has spaces)")
	}
	return m.withStore(ctx, func(db *sqlite.DB) error {
		o, err := db.AddOrg(ctx, pos[0])
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(m.Stdout, o)
		}
		fmt.Fprintf(m.Stdout, "%s  %s\n", o.ID, o.Name)
		return nil
	})
}

func (m *Main) runOrgList(ctx context.Context, args []string) error {
	fs := newFlags("org list")
	asJSON := fs.Bool("json", false, "print the organisations as JSON")
	if pos, err := parse(fs, args); err != nil || len(pos) > 0 {
		return orUsage(err, "org list takes no arguments")
	}
	return m.withStore(ctx, func(db *sqlite.DB) error {
		orgs, err := db.Orgs(ctx)
		if err != nil || *asJSON {
			return orJSON(m, err, orgs)
		}
		for _, o := range orgs {
			fmt.Fprintf(m.Stdout, "%s  %s\n", o.ID, o.Name)
		}
		return nil
	})
}

// orUsage returns err, or else a usage error saying msg.
func orUsage(err error, msg string) error {
	if err != nil {
		return err
	}
	return usageErr("%s", msg)
}

// orJSON returns err, or else writes v as JSON.
func orJSON(m *Main, err error, v any) error {
	if err != nil {
		return err
	}
	return writeJSON(m.Stdout, v)
}

// runUser runs accord user add|list.
func (m *Main) runUser(ctx context.Context, args []string) error {
	return m.dispatch(ctx, "user", "add NAME --org ORG | list", subcommands{"add": (*Main).runUserAdd, "list": (*Main).runUserList}, args)
}

func (m *Main) runUserAdd(ctx context.Context, args []string) error {
	fs := newFlags("user add")
	org := fs.String("org", "", "the organisation (name or id) the user belongs to")
	asJSON := fs.Bool("json", false, "print the new user as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *org == "" {
		return usageErr("user add: give the user's name and --org ORG")
	}
	return m.withStore(ctx, func(db *sqlite.DB) error {
		o, err := db.Org(ctx, *org)
		if err != nil {
			return err
		}
		u, err := db.AddUser(ctx, pos[0], o.ID)
		if err != nil || *asJSON {
			return orJSON(m, err, u)
		}
		fmt.Fprintf(m.Stdout, "%s  %s  (%s)\n", u.ID, u.Name, o.Name)
		return nil
	})
}

func (m *Main) runUserList(ctx context.Context, args []string) error {
	fs := newFlags("user list")
	asJSON := fs.Bool("json", false, "print the users as JSON")
	if pos, err := parse(fs, args); err != nil || len(pos) > 0 {
		return orUsage(err, "user list takes no arguments")
	}
	return m.withStore(ctx, func(db *sqlite.DB) error {
		users, err := db.Users(ctx)
		if err != nil || *asJSON {
			return orJSON(m, err, users)
		}
		names, err := orgNames(ctx, db)
		if err != nil {
			return err
		}
		for _, u := range users {
			fmt.Fprintf(m.Stdout, "%s  %s  (%s)\n", u.ID, u.Name, names[u.OrgID])
		}
		return nil
	})
}

// orgNames maps organisation ids to names.
func orgNames(ctx context.Context, db accord.AccessStore) (map[string]string, error) {
	orgs, err := db.Orgs(ctx)
	names := map[string]string{}
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	return names, err
}
