package attrib

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/stix"
)

// SightedIndicators returns the ids of the indicators that the store's
// sightings (such as those a hunt records) saw, sorted, counting only the
// sightings last seen at or after since (when they say; otherwise when they
// were created). A zero since counts them all.
func SightedIndicators(ctx context.Context, db accord.Store, since time.Time) ([]string, error) {
	seen := map[string]bool{}
	f := accord.Filter{Types: []string{"sighting"}, ExcludeRevoked: true, RawOnly: true}
	err := db.Find(ctx, f, func(o *accord.Object) error {
		v, err := stix.Parse(o.Raw)
		if err != nil {
			return fmt.Errorf("attrib: stored sighting %s: %w", o.ID, err)
		}
		ref := v.GetString("sighting_of_ref")
		if !strings.HasPrefix(ref, "indicator--") || !sightedSince(v, since) {
			return nil
		}
		seen[ref] = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, nil
}

// sightedSince reports whether sighting v was last seen (or, lacking that,
// first seen or created) at or after since.
func sightedSince(v *stix.Value, since time.Time) bool {
	if since.IsZero() {
		return true
	}
	for _, k := range []string{"last_seen", "first_seen", "created"} {
		if t, err := time.Parse(time.RFC3339Nano, v.GetString(k)); err == nil {
			return !t.Before(since)
		}
	}
	return false
}
