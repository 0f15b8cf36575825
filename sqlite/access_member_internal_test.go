package sqlite

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/google/go-cmp/cmp"
)

// TestCollectionMembersOwnCopies checks that the members CollectionMembers
// passes, scanned through one reused memberScan, are each their own: kept
// past the call, every one still holds its own row's values.
func TestCollectionMembersOwnCopies(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "accord.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := t.Context()
	c, err := db.AddCollection(ctx, accord.Collection{Title: "c"})
	if err != nil {
		t.Fatal(err)
	}
	type kept struct {
		ID, Name, Raw, Org string
		Aliases            []string
	}
	var want []kept
	for i := range 3 {
		o := &accord.Object{ID: fmt.Sprintf("threat-actor--00000000-0000-4000-8000-00000000000%d", i), Type: "threat-actor",
			Modified: "2021-03-02T00:00:00.000000000Z", Name: fmt.Sprintf("actor %d", i),
			Aliases: []string{fmt.Sprintf("alias %d", i)}, Raw: fmt.Appendf(nil, `{"n":%d}`, i)}
		if _, err := db.Put(ctx, func(yield func(*accord.Object, error) bool) { yield(o, nil) }); err != nil {
			t.Fatal(err)
		}
		by := accord.Publisher{OrgID: fmt.Sprintf("org-%d", i)}
		if _, err := db.AddToCollectionBy(ctx, c.ID, by, []accord.VersionRef{{ID: o.ID, Modified: o.Modified}}); err != nil {
			t.Fatal(err)
		}
		want = append(want, kept{o.ID, o.Name, string(o.Raw), by.OrgID, o.Aliases})
	}
	var members []accord.Member
	if _, _, _, _, err := db.CollectionMembers(ctx, c.ID, accord.CollectionFilter{}, func(m accord.Member) error {
		members = append(members, m)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var got []kept
	for _, m := range members {
		got = append(got, kept{m.Object.ID, m.Object.Name, string(m.Object.Raw), m.Publisher.OrgID, m.Object.Aliases})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("members kept past CollectionMembers (-want +got):\n%s", diff)
	}
}
