package storetest

import (
	"testing"
	"time"

	"github.com/accord-cti/accord"
	"github.com/google/go-cmp/cmp"
)

func testCollectionBadInput(t *testing.T, s AccessStore) {
	ctx := t.Context()
	c := mustCollection(t, s, accord.Collection{Title: "c"})
	noop := func(*accord.Object, time.Time) error { return nil }
	tests := []struct {
		name   string
		collID string
		f      accord.CollectionFilter
		code   string
	}{
		{"bad cursor", c.ID, accord.CollectionFilter{Next: "not a cursor"}, accord.EINVALID},
		{"cursor of another shape", c.ID, accord.CollectionFilter{Next: "AAAA"}, accord.EINVALID},
		{"bad version", c.ID, accord.CollectionFilter{Versions: []string{"yesterday"}}, accord.EINVALID},
		{"unknown collection", "00000000-0000-4000-8000-000000000000", accord.CollectionFilter{}, accord.ENOTFOUND},
	}
	for _, tt := range tests {
		_, _, _, _, err := s.CollectionFind(ctx, tt.collID, tt.f, noop)
		wantCode(t, tt.name, err, tt.code)
	}
}

func testRemoveFromCollection(t *testing.T, s AccessStore) {
	ctx := t.Context()
	w := world()
	mustPut(t, s, w...)
	c := mustCollection(t, s, accord.Collection{Title: "c"})
	mustAdd(t, s, c.ID, w...)
	allOf := func(id string) []string {
		return memberKeys(findPage(t, s, c.ID, accord.CollectionFilter{IDs: []string{id}, Versions: []string{"all"}}).members)
	}
	h := pick(w, idHafnium)
	steps := []struct {
		id       string
		versions []string
		n        int
		left     []*accord.Object
	}{
		{idHafnium, []string{"first"}, 1, h[1:]},
		{idHafnium, []string{day1}, 0, h[1:]}, // gone already: ENOTFOUND
		{idRelChop, []string{day2}, 1, pick(w, idRelChop)[:1]},
		{idHafnium, nil, 1, nil},
		{idAPT29, []string{"last"}, 1, nil},
	}
	for _, st := range steps {
		n, err := s.RemoveFromCollection(ctx, c.ID, st.id, st.versions)
		if st.n == 0 {
			wantCode(t, "RemoveFromCollection of nothing", err, accord.ENOTFOUND)
		} else if err != nil || n != st.n {
			t.Errorf("RemoveFromCollection(%s, %q) = %d, %v; want %d", st.id, st.versions, n, err, st.n)
		}
		if diff := cmp.Diff(keys(st.left), allOf(st.id)); diff != "" {
			t.Errorf("after removing %q of %s (-want +got):\n%s", st.versions, st.id, diff)
		}
	}
	n, err := s.RemoveFromCollection(ctx, c.ID, idOldWeb, []string{"last", "first"})
	if err != nil || n != 2 {
		t.Errorf("RemoveFromCollection(first, last) = %d, %v; want both versions", n, err)
	}
	_, err = s.RemoveFromCollection(ctx, c.ID, idCVE, []string{"soon"})
	wantCode(t, "RemoveFromCollection with a bad version", err, accord.EINVALID)
	_, err = s.RemoveFromCollection(ctx, "nope", idCVE, nil)
	wantCode(t, "RemoveFromCollection from an unknown collection", err, accord.ENOTFOUND)
	if _, err := s.Get(ctx, idHafnium); err != nil {
		t.Errorf("the store lost an object removed from a collection: %v", err)
	}
}

func testStatus(t *testing.T, s AccessStore) {
	ctx := t.Context()
	st := &accord.Status{ID: accord.NewUUID(), Status: "pending", RequestTimestamp: time.Date(2021, 3, 2, 0, 0, 0, 123456000, time.UTC),
		TotalCount: 3, SuccessCount: 1, FailureCount: 1, PendingCount: 1,
		Successes: []accord.StatusDetail{{ID: idHafnium, Version: stamp(day1)}},
		Failures:  []accord.StatusDetail{{ID: idCVE, Version: stamp(day1), Message: "/modified: before created"}},
		Pendings:  []accord.StatusDetail{{ID: idAPT29, Version: stamp(day1)}},
		UserID:    "user--x", CollectionID: "c"}
	if err := s.PutStatus(ctx, st); err != nil {
		t.Fatal(err)
	}
	checkStatus(t, s, st)
	st.Status, st.PendingCount, st.SuccessCount = "complete", 0, 2
	st.Successes, st.Pendings = append(st.Successes, st.Pendings[0]), nil
	if err := s.PutStatus(ctx, st); err != nil {
		t.Fatal(err)
	}
	checkStatus(t, s, st)
	_, err := s.Status(ctx, accord.NewUUID())
	wantCode(t, "Status of an unknown id", err, accord.ENOTFOUND)
	bad := []accord.Status{
		{Status: "complete"},
		{ID: "x", Status: "done"},
		{ID: "x", Status: "complete", TotalCount: 2, SuccessCount: 1},
		{ID: "x", Status: "complete", TotalCount: 1, PendingCount: 1},
		{ID: "x", Status: "pending", TotalCount: 0, SuccessCount: -1, FailureCount: 1},
	}
	for _, b := range bad {
		wantCode(t, "PutStatus", s.PutStatus(ctx, &b), accord.EINVALID)
	}
	_, err = s.Status(ctx, "x")
	wantCode(t, "Status after invalid puts", err, accord.ENOTFOUND)
}

func checkStatus(t *testing.T, s AccessStore, want *accord.Status) {
	t.Helper()
	got, err := s.Status(t.Context(), want.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Status (-want +got):\n%s", diff)
	}
}
