package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/ingest"
)

// writeSightings prints objs (sightings and what they refer to) as a bundle
// when print is set, and records them in the knowledge base when record is
// set, through the importer, so that they are validated like any other
// STIX. source names the command in the import ("hunt sightings").
func (m *Main) writeSightings(ctx context.Context, db accord.Store, source string, objs []map[string]any, org string, print, record bool) error {
	bundle, err := json.Marshal(map[string]any{"type": "bundle", "id": "bundle--" + newUUID(), "objects": objs})
	if err != nil {
		return err
	}
	if print {
		fmt.Fprintf(m.Stdout, "%s\n", bundle)
	}
	if !record {
		return nil
	}
	res, err := ingest.Import(ctx, db, ingest.Source{Name: source, Data: bundle}, ingest.Options{})
	if err != nil {
		return fmt.Errorf("record the sightings: %w", err)
	}
	fmt.Fprintf(m.Stderr, "recorded %d sightings as %q\n", res.ByType["sighting"], org)
	return nil
}
