package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/sqlite"
)

// putResult is what collection put --json prints.
type putResult struct {
	CollectionID string              `json:"collection_id"`
	DateAdded    time.Time           `json:"date_added,omitzero"` // of the first version newly added
	Versions     []accord.VersionRef `json:"versions"`            // the versions named, in order
}

func (m *Main) runCollectionPut(ctx context.Context, args []string) error {
	fs := newFlags("collection put")
	asJSON := fs.Bool("json", false, "print the versions added as JSON")
	org := fs.String("org", "", "the organisation (id or name) publishing the versions, for TLP:AMBER and above; "+
		"without it the objects' x_accord_publisher is believed")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) < 2 {
		return usageErr("collection put: give the collection (id or alias) and at least one object (id, name or external id)")
	}
	return m.withStore(ctx, func(db *sqlite.DB) error {
		c, err := db.Collection(ctx, pos[0])
		if err != nil {
			return err
		}
		var by accord.Publisher
		if *org != "" {
			o, err := db.Org(ctx, *org)
			if err != nil {
				return fmt.Errorf("--org: %w", err)
			}
			by.OrgID = o.ID
		}
		res := putResult{CollectionID: c.ID}
		for _, ref := range pos[1:] {
			o, err := resolveOne(ctx, db, ref)
			if err != nil {
				return err
			}
			res.Versions = append(res.Versions, accord.VersionRef{ID: o.ID, Modified: o.Modified})
		}
		if res.DateAdded, err = db.AddToCollectionBy(ctx, c.ID, by, res.Versions); err != nil || *asJSON {
			return orJSON(m, err, res)
		}
		fmt.Fprintf(m.Stdout, "%d objects in %s (%s); versions already there keep their date\n", len(res.Versions), c.Title, c.ID)
		return nil
	})
}

// resolveOne returns the latest version of the one object ref names.
func resolveOne(ctx context.Context, db *sqlite.DB, ref string) (*accord.Object, error) {
	objs, err := db.Resolve(ctx, ref)
	if err != nil {
		return nil, err
	}
	if len(objs) > 1 {
		ids := make([]string, len(objs))
		for i, o := range objs {
			ids[i] = o.ID
		}
		return nil, accord.Errorf(accord.EINVALID, "%q names %d objects (%s): give an id", ref, len(objs), strings.Join(ids, ", "))
	}
	return objs[0], nil
}
