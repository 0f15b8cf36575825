package pattern

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestWalk(t *testing.T) {
	t.Parallel()
	p := parseOK(t, "([a:x = 1 OR (a:y = 2 AND a:z = 3)] AND [b:x = 4]) WITHIN 5 SECONDS FOLLOWEDBY [c:x = 5] OR [d:x = 6]")
	var obs, comps []string
	for o := range p.Observations() {
		obs = append(obs, o.String())
	}
	for c := range p.Comparisons() {
		comps = append(comps, c.String())
	}
	wantObs := []string{"[a:x = 1 OR a:y = 2 AND a:z = 3]", "[b:x = 4]", "[c:x = 5]", "[d:x = 6]"}
	wantComps := []string{"a:x = 1", "a:y = 2", "a:z = 3", "b:x = 4", "c:x = 5", "d:x = 6"}
	if diff := cmp.Diff(wantObs, obs); diff != "" {
		t.Errorf("Observations() mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantComps, comps); diff != "" {
		t.Errorf("Comparisons() mismatch (-want +got):\n%s", diff)
	}
}

func TestWalkStopsEarly(t *testing.T) {
	t.Parallel()
	p := parseOK(t, "[a:x = 1 AND a:y = 2] AND [b:x = 3]")
	n := 0
	for range p.Comparisons() {
		n++
		break
	}
	for range p.Observations() {
		n++
		break
	}
	first := p.Root.(*ObsAnd).Operands[0].(*Observation).Comparison
	for c := range Comparisons(first) {
		if c.Path.Steps[0].Key != "x" {
			t.Errorf("first comparison = %s", c)
		}
		n++
		break
	}
	if n != 3 {
		t.Errorf("loop bodies ran %d times, want 3", n)
	}
}
