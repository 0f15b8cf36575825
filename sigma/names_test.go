package sigma

import (
	"fmt"
	"math/rand"
	"testing"
)

// TestNameIndex checks first and next against a search through the
// attributes, for events of repeated names, of names whose hashes collide,
// and of more attributes than the index takes (searched one by one), one
// after another in one scratch.
func TestNameIndex(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	e := &Engine{}
	s := e.newScratch()
	pool := []string{"Image", "image", "CommandLine", "EventID", "a", "b", "ab", "ba", "x.y", ""}
	for k := range 200 { // names of one length and ends: the same hash but for the middle byte
		pool = append(pool, fmt.Sprintf("n%03dz", k))
	}
	for round := range 300 {
		n := rng.Intn(40)
		if round%10 == 0 {
			n = maxIndexed + rng.Intn(10) - 5
		}
		ev := &Event{}
		for range n {
			ev.Attrs = append(ev.Attrs, Attr{Name: pool[rng.Intn(len(pool))]})
		}
		s.reset(ev)
		s.routed.Attrs = ev.Attrs
		for _, name := range append(pool, "absent") {
			var got, want []int
			for i := s.first(name); i >= 0; i = s.next(i) {
				got = append(got, i)
			}
			for i := s.find(name, 0); i >= 0; i = s.find(name, i+1) {
				want = append(want, i)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("round %d, %d attributes, %q: got %v, want %v", round, n, name, got, want)
			}
		}
	}
}
