package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/sqlite"
)

// runCollection runs accord collection add|list|put.
func (m *Main) runCollection(ctx context.Context, args []string) error {
	subs := subcommands{"add": (*Main).runCollectionAdd, "list": (*Main).runCollectionList, "put": (*Main).runCollectionPut}
	return m.dispatch(ctx, "collection", "add TITLE | list | put COLLECTION REF...", subs, args)
}

func (m *Main) runCollectionAdd(ctx context.Context, args []string) error {
	fs := newFlags("collection add")
	var c accord.Collection
	fs.StringVar(&c.Alias, "alias", "", "a short name for the collection, unique")
	fs.StringVar(&c.Description, "description", "", "what the collection holds")
	fs.StringVar(&c.MaxMarking, "max-marking", "", "the most restrictive TLP a partner may publish into it: "+strings.Join(accord.TLPLevels, "|"))
	asJSON := fs.Bool("json", false, "print the new collection as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErr("collection add: give the collection's title (quoted if it has spaces)")
	}
	c.Title = pos[0]
	return m.withStore(ctx, func(db *sqlite.DB) error {
		added, err := db.AddCollection(ctx, c)
		if err != nil || *asJSON {
			return orJSON(m, err, added)
		}
		fmt.Fprintf(m.Stdout, "%s  %s\n", added.ID, added.Title)
		return nil
	})
}

// collectionInfo is a collection as collection list --json prints it.
type collectionInfo struct {
	*accord.Collection
	Grants []accord.Grant `json:"grants"`
}

func (m *Main) runCollectionList(ctx context.Context, args []string) error {
	fs := newFlags("collection list")
	asJSON := fs.Bool("json", false, "print the collections and their grants as JSON")
	if pos, err := parse(fs, args); err != nil || len(pos) > 0 {
		return orUsage(err, "collection list takes no arguments")
	}
	return m.withStore(ctx, func(db *sqlite.DB) error {
		cs, err := db.Collections(ctx)
		if err != nil {
			return err
		}
		infos := []collectionInfo{}
		for _, c := range cs {
			grants, err := db.Grants(ctx, c.ID)
			if err != nil {
				return err
			}
			infos = append(infos, collectionInfo{c, grants})
		}
		if *asJSON {
			return writeJSON(m.Stdout, infos)
		}
		return m.writeCollections(ctx, db, infos)
	})
}

// writeCollections lists collections and who may read and write them.
func (m *Main) writeCollections(ctx context.Context, db *sqlite.DB, infos []collectionInfo) error {
	names, err := principalNames(ctx, db)
	if err != nil {
		return err
	}
	for _, c := range infos {
		fmt.Fprintf(m.Stdout, "%s  %s", c.ID, c.Title)
		if c.Alias != "" {
			fmt.Fprintf(m.Stdout, "  (alias %s)", c.Alias)
		}
		if c.MaxMarking != "" {
			fmt.Fprintf(m.Stdout, "  max TLP:%s", strings.ToUpper(c.MaxMarking))
		}
		fmt.Fprintln(m.Stdout)
		for _, g := range c.Grants {
			fmt.Fprintf(m.Stdout, "    %-5s %s\n", rights(g), names[g.OrgID+g.UserID])
		}
	}
	return nil
}

// rights renders what a grant allows.
func rights(g accord.Grant) string {
	switch {
	case g.Read && g.Write:
		return "rw"
	case g.Read:
		return "r"
	}
	return "w"
}

// principalNames maps organisation and user ids to "org NAME" and "user NAME".
func principalNames(ctx context.Context, db *sqlite.DB) (map[string]string, error) {
	names := map[string]string{}
	orgs, err := db.Orgs(ctx)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		names[o.ID] = "org " + o.Name
	}
	users, err := db.Users(ctx)
	for _, u := range users {
		names[u.ID] = "user " + u.Name
	}
	return names, err
}
