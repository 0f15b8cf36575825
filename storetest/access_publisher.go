package storetest

import (
	"testing"

	"github.com/accord-cti/accord"
	"github.com/google/go-cmp/cmp"
)

// testPublisher checks that AddToCollectionBy records who added each
// version, that a version keeps its first publisher, and that
// CollectionMembers and Publisher return it.
func testPublisher(t *testing.T, s AccessStore) {
	ctx := t.Context()
	w := world()
	mustPut(t, s, w...)
	h1, apt29, file := pick(w, idHafnium)[0], pick(w, idAPT29)[0], pick(w, idFile)[0]
	c := mustCollection(t, s, accord.Collection{Title: "c"})
	a := accord.Publisher{UserID: "user--a1", OrgID: "org--a"}
	b := accord.Publisher{UserID: "user--b1", OrgID: "org--b"}
	if _, err := s.AddToCollectionBy(ctx, c.ID, a, refs([]*accord.Object{h1, apt29})); err != nil {
		t.Fatalf("AddToCollectionBy: %v", err)
	}
	// h1 is there: b does not become its publisher.
	if _, err := s.AddToCollectionBy(ctx, c.ID, b, refs([]*accord.Object{h1, file})); err != nil {
		t.Fatalf("AddToCollectionBy: %v", err)
	}
	want := map[string]accord.Publisher{key(h1): a, key(apt29): a, key(file): b}
	got := map[string]accord.Publisher{}
	f := accord.CollectionFilter{Versions: []string{accord.VersionAll}}
	_, _, _, _, err := s.CollectionMembers(ctx, c.ID, f, func(m accord.Member) error {
		got[key(m.Object)] = m.Publisher
		return nil
	})
	if err != nil {
		t.Fatalf("CollectionMembers: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CollectionMembers publishers (-want +got):\n%s", diff)
	}
	for _, o := range []*accord.Object{h1, apt29, file} {
		p, err := s.Publisher(ctx, c.ID, o.ID, o.Modified)
		if err != nil || p != want[key(o)] {
			t.Errorf("Publisher(%s) = %+v, %v; want %+v", key(o), p, err, want[key(o)])
		}
	}
	testPublisherUnknown(t, s, c.ID, w)
}

// testPublisherUnknown checks the zero publisher of AddToCollection and
// the errors of Publisher.
func testPublisherUnknown(t *testing.T, s AccessStore, collID string, w []*accord.Object) {
	ctx := t.Context()
	h2 := pick(w, idHafnium)[1]
	mustAdd(t, s, collID, h2)
	if p, err := s.Publisher(ctx, collID, h2.ID, h2.Modified); err != nil || p != (accord.Publisher{}) {
		t.Errorf("Publisher of a version AddToCollection added = %+v, %v; want the zero Publisher", p, err)
	}
	_, err := s.Publisher(ctx, collID, h2.ID, "1999-01-01T00:00:00.000000000Z")
	wantCode(t, "Publisher of a version the collection lacks", err, accord.ENOTFOUND)
	_, err = s.Publisher(ctx, "00000000-0000-4000-8000-000000000000", h2.ID, h2.Modified)
	wantCode(t, "Publisher in an unknown collection", err, accord.ENOTFOUND)
	_, err = s.AddToCollectionBy(ctx, "00000000-0000-4000-8000-000000000000", accord.Publisher{OrgID: "org--a"}, refs(w[:1]))
	wantCode(t, "AddToCollectionBy to an unknown collection", err, accord.ENOTFOUND)
}
