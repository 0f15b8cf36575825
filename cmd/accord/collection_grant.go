package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/sqlite"
)

// runGrant runs accord grant COLLECTION (--org ORG | --user USER) [--read]
// [--write] [--max-marking LEVEL] [--revoke].
func (m *Main) runGrant(ctx context.Context, args []string) error {
	fs := newFlags("grant")
	org := fs.String("org", "", "the organisation (name or id) granted")
	user := fs.String("user", "", "the user (name or id) granted")
	var g accord.Grant
	fs.BoolVar(&g.Read, "read", false, "may read the collection")
	fs.BoolVar(&g.Write, "write", false, "may add objects to the collection")
	maxMarking := fs.String("max-marking", "", "the most restrictive TLP the collection publishes to the grantee: "+strings.Join(accord.TLPLevels, "|"))
	revoke := fs.Bool("revoke", false, "take the grant away")
	asJSON := fs.Bool("json", false, "print the grant as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) != 1 || (*org == "") == (*user == ""):
		return usageErr("grant: give the collection (id or alias) and one of --org ORG or --user USER")
	case *revoke && (g.Read || g.Write):
		return usageErr("grant: --revoke takes the whole grant away; give it without --read or --write")
	case !*revoke && !g.Read && !g.Write:
		return usageErr("grant: give --read, --write or both")
	case *revoke && *maxMarking != "":
		return usageErr("grant: --revoke takes the whole grant away; give it without --max-marking")
	}
	if g.MaxMarking = strings.ToLower(*maxMarking); g.MaxMarking != "" && !slices.Contains(accord.TLPLevels, g.MaxMarking) {
		return usageErr("grant: --max-marking %q: want one of %s", *maxMarking, strings.Join(accord.TLPLevels, "|"))
	}
	return m.withStore(ctx, func(db *sqlite.DB) error {
		if err := resolveGrant(ctx, db, &g, pos[0], *org, *user); err != nil {
			return err
		}
		if *revoke {
			err = db.Revoke(ctx, g)
		} else {
			err = db.Grant(ctx, g)
		}
		if err != nil || *asJSON {
			return orJSON(m, err, g)
		}
		fmt.Fprintf(m.Stdout, "%s: %s on %s%s\n", g.OrgID+g.UserID, rightsOrNone(g), g.CollectionID, capNote(g))
		return nil
	})
}

// resolveGrant fills g's ids from the names or ids given.
func resolveGrant(ctx context.Context, db *sqlite.DB, g *accord.Grant, coll, org, user string) error {
	c, err := db.Collection(ctx, coll)
	if err != nil {
		return err
	}
	g.CollectionID = c.ID
	if org != "" {
		o, err := db.Org(ctx, org)
		if err != nil {
			return err
		}
		g.OrgID = o.ID
		return nil
	}
	u, err := db.User(ctx, user)
	if err != nil {
		return err
	}
	g.UserID = u.ID
	return nil
}

func rightsOrNone(g accord.Grant) string {
	if !g.Read && !g.Write {
		return "no rights"
	}
	return map[string]string{"r": "read", "w": "write", "rw": "read and write"}[rights(g)]
}

// capNote describes the grant's maximum marking, "" when it has none.
func capNote(g accord.Grant) string {
	if g.MaxMarking == "" {
		return ""
	}
	return ", up to TLP:" + strings.ToUpper(g.MaxMarking)
}
