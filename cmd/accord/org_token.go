package main

import (
	"context"
	"fmt"

	"github.com/accord-cti/accord/sqlite"
)

// runToken runs accord token create|revoke|list.
func (m *Main) runToken(ctx context.Context, args []string) error {
	subs := subcommands{"create": (*Main).runTokenCreate, "revoke": (*Main).runTokenRevoke, "list": (*Main).runTokenList}
	return m.dispatch(ctx, "token", "create USER | revoke ID | list USER", subs, args)
}

func (m *Main) runTokenCreate(ctx context.Context, args []string) error {
	fs := newFlags("token create")
	asJSON := fs.Bool("json", false, "print the token, with its secret, as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("token create: give the user (name or id)")
	}
	return m.withStore(ctx, func(db *sqlite.DB) error {
		u, err := db.User(ctx, pos[0])
		if err != nil {
			return err
		}
		tok, err := db.CreateToken(ctx, u.ID)
		if err != nil || *asJSON {
			return orJSON(m, err, tok)
		}
		fmt.Fprintf(m.Stdout, "%s  for %s\n%s\n", tok.ID, u.Name, tok.Secret)
		fmt.Fprintln(m.Stderr, "The secret is shown once: accord keeps only its hash.")
		return nil
	})
}

func (m *Main) runTokenRevoke(ctx context.Context, args []string) error {
	fs := newFlags("token revoke")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("token revoke: give the token's id")
	}
	return m.withStore(ctx, func(db *sqlite.DB) error {
		if err := db.RevokeToken(ctx, pos[0]); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "revoked %s\n", pos[0])
		return nil
	})
}

func (m *Main) runTokenList(ctx context.Context, args []string) error {
	fs := newFlags("token list")
	asJSON := fs.Bool("json", false, "print the tokens (never their secrets) as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("token list: give the user (name or id)")
	}
	return m.withStore(ctx, func(db *sqlite.DB) error {
		u, err := db.User(ctx, pos[0])
		if err != nil {
			return err
		}
		toks, err := db.Tokens(ctx, u.ID)
		if err != nil || *asJSON {
			return orJSON(m, err, toks)
		}
		for _, t := range toks {
			state := "never used"
			if !t.LastUsed.IsZero() {
				state = "last used " + t.LastUsed.Format("2006-01-02 15:04Z")
			}
			if t.Revoked {
				state = "revoked"
			}
			fmt.Fprintf(m.Stdout, "%s  created %s  %s\n", t.ID, t.Created.Format("2006-01-02 15:04Z"), state)
		}
		return nil
	})
}
