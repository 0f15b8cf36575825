package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/accord-cti/accord"
	"github.com/google/go-cmp/cmp"
)

// indicators returns n indicators, numbered from 1.
func indicators(n int) []*accord.Object {
	specs := make([]spec, n)
	for i := range specs {
		specs[i] = spec{typ: "indicator", id: stixID("indicator", i+1), created: day1, modified: day1,
			name:  fmt.Sprintf("indicator %d", i+1),
			props: map[string]any{"pattern": "[ipv4-addr:value = '192.0.2.1']", "pattern_type": "stix", "valid_from": day1}}
	}
	return objects(specs...)
}

func testCollectionFilters(t *testing.T, s AccessStore) {
	w := world()
	mustPut(t, s, w...)
	c := mustCollection(t, s, accord.Collection{Title: "c"})
	mustAdd(t, s, c.ID, w...)
	all := findPage(t, s, c.ID, accord.CollectionFilter{Versions: []string{"all"}})
	tests := []struct {
		name string
		f    accord.CollectionFilter
		want []*accord.Object
	}{
		{"ids", accord.CollectionFilter{IDs: []string{idHafnium, idCVE, "nope"}}, pick(latest(w), idHafnium, idCVE)},
		{"ids all versions", accord.CollectionFilter{IDs: []string{idHafnium}, Versions: []string{"all"}}, pick(w, idHafnium)},
		{"types", accord.CollectionFilter{Types: []string{"malware", "file"}}, pick(w, idChopper, idFile)},
		{"spec 2.1", accord.CollectionFilter{SpecVersions: []string{"2.0", "2.1"}}, latest(w)},
		{"spec 2.0", accord.CollectionFilter{SpecVersions: []string{"2.0"}}, nil},
		{"added after", accord.CollectionFilter{AddedAfter: all.members[16].Date, Versions: []string{"all"}}, w[17:]},
		{"added after last", accord.CollectionFilter{AddedAfter: all.last}, nil},
		{"limit", accord.CollectionFilter{Limit: 2, Types: []string{"intrusion-set"}}, pick(latest(w), idAPT29, idAPT40)},
	}
	for _, tt := range tests {
		got := findPage(t, s, c.ID, tt.f)
		if diff := cmp.Diff(keys(tt.want), memberKeys(got.members)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

// pageAll pages through the collection limit at a time, following next,
// and returns every member and the number of pages.
func pageAll(t *testing.T, s AccessStore, collID string, f accord.CollectionFilter) ([]member, int) {
	t.Helper()
	var ms []member
	for pages := 1; ; pages++ {
		p := findPage(t, s, collID, f)
		ms = append(ms, p.members...)
		if len(p.members) > 0 && (!p.first.Equal(p.members[0].Date) || !p.last.Equal(p.members[len(p.members)-1].Date)) {
			t.Errorf("page %d: first %v, last %v; its members were added %v to %v", pages, p.first, p.last,
				p.members[0].Date, p.members[len(p.members)-1].Date)
		}
		if p.more != (p.next != "") || (f.Limit > 0 && p.more && len(p.members) != f.Limit) {
			t.Fatalf("page %d: %d members, more %v, next %q", pages, len(p.members), p.more, p.next)
		}
		if !p.more {
			return ms, pages
		}
		f.Next = p.next
	}
}

func testCollectionPaging(t *testing.T, s AccessStore) {
	objs := indicators(25)
	mustPut(t, s, objs...)
	c := mustCollection(t, s, accord.Collection{Title: "c"})
	mustAdd(t, s, c.ID, objs[:10]...)
	mustAdd(t, s, c.ID, objs[10:]...)
	for _, tt := range []struct{ limit, pages int }{{7, 4}, {5, 5}, {1, 25}, {25, 1}, {100, 1}, {0, 1}} {
		ms, pages := pageAll(t, s, c.ID, accord.CollectionFilter{Limit: tt.limit})
		if diff := cmp.Diff(keys(objs), memberKeys(ms)); diff != "" {
			t.Errorf("limit %d (-want +got):\n%s", tt.limit, diff)
		}
		checkIncreasing(t, fmt.Sprintf("limit %d", tt.limit), ms)
		if pages != tt.pages {
			t.Errorf("limit %d: %d pages, want %d", tt.limit, pages, tt.pages)
		}
	}
	// Paging by added_after = the last date of the page before, as a client
	// does when a server gives no next, sees the same.
	var ms []member
	f := accord.CollectionFilter{Limit: 6}
	for {
		p := findPage(t, s, c.ID, f)
		if len(p.members) == 0 {
			break
		}
		ms = append(ms, p.members...)
		f.AddedAfter = p.last
	}
	if diff := cmp.Diff(keys(objs), memberKeys(ms)); diff != "" {
		t.Errorf("paging by added after (-want +got):\n%s", diff)
	}
}

// testCollectionConcurrent pages through a collection while several
// writers add to it: no version is seen twice, none is missed, and dates
// only increase, across pages and writers.
func testCollectionConcurrent(t *testing.T, s AccessStore) {
	const writers, perWriter, chunk = 4, 60, 5
	objs := indicators(writers * perWriter)
	mustPut(t, s, objs...)
	c := mustCollection(t, s, accord.Collection{Title: "c"})
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := range writers {
		mine := objs[i*perWriter : (i+1)*perWriter]
		wg.Go(func() {
			for j := 0; j < len(mine); j += chunk {
				if _, err := s.AddToCollection(t.Context(), c.ID, refs(mine[j:j+chunk])); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	seen := readWhileWriting(t, s, c.ID, done)
	close(errs)
	for err := range errs {
		t.Fatalf("AddToCollection: %v", err)
	}
	checkIncreasing(t, "pages read during the writes", seen)
	got := map[string]bool{}
	for _, m := range seen {
		if got[m.Key] {
			t.Errorf("%s seen twice", m.Key)
		}
		got[m.Key] = true
	}
	if len(got) != len(objs) {
		t.Errorf("saw %d versions, want %d", len(got), len(objs))
	}
	checkWriterOrder(t, seen, perWriter)
}

// readWhileWriting pages through a collection, 7 at a time, until done is
// closed and a last pass finds nothing more.
func readWhileWriting(t *testing.T, s AccessStore, collID string, done <-chan struct{}) []member {
	var seen []member
	var after time.Time
	finished := false
	for {
		select {
		case <-done:
			finished = true
		default:
		}
		// A cursor cannot outlive the last page: go on from the last date.
		p := findPage(t, s, collID, accord.CollectionFilter{Limit: 7, AddedAfter: after})
		for p.more {
			seen = append(seen, p.members...)
			p = findPage(t, s, collID, accord.CollectionFilter{Limit: 7, Next: p.next})
		}
		seen = append(seen, p.members...)
		if len(seen) > 0 {
			after = seen[len(seen)-1].Date
		}
		if finished && len(p.members) == 0 {
			return seen
		}
	}
}

// checkWriterOrder checks that each writer's versions were added in the
// order it added them: indicator numbers increase within each writer's range.
func checkWriterOrder(t *testing.T, seen []member, perWriter int) {
	t.Helper()
	last := map[int]string{}
	for _, m := range seen {
		var n int
		fmt.Sscanf(m.Key[len("indicator--00000000-0000-4000-8000-"):], "%d", &n)
		w := (n - 1) / perWriter
		if prev, ok := last[w]; ok && prev > m.Key {
			t.Errorf("writer %d: %s came after %s", w, m.Key, prev)
		}
		last[w] = m.Key
	}
}
