package access

import (
	"math/rand/v2"
	"testing"

	"github.com/accord-cti/accord/stix"
)

// allRefs is what the generator draws markings from.
var allRefs = []string{
	stix.TLPClear, stix.TLPGreen, stix.TLPAmber, stix.TLPAmberStrict, stix.TLPRed,
	stix.TLP1White, stix.TLP1Green, stix.TLP1Amber, stix.TLP1Red, unknownMarking, "",
}

// ids are few, so that readers and sharing facts often match.
var (
	orgIDs  = []string{"", "o1", "o2", "o3"}
	userIDs = []string{"", "u1", "u2", "u3"}
)

func pick(rng *rand.Rand, from []string) string { return from[rng.IntN(len(from))] }

func picks(rng *rand.Rand, from []string, max int) []string {
	out := make([]string, rng.IntN(max+1))
	for i := range out {
		out[i] = pick(rng, from)
	}
	return out
}

func randomReader(rng *rand.Rand) Reader {
	return Reader{UserID: pick(rng, userIDs), OrgID: pick(rng, orgIDs), Authenticated: rng.IntN(4) > 0, Community: rng.IntN(2) > 0}
}

func randomSharing(rng *rand.Rand) Sharing {
	return Sharing{Publisher: pick(rng, orgIDs), SharedWith: picks(rng, orgIDs, 3), StrictOrg: pick(rng, orgIDs), Recipients: picks(rng, userIDs, 3)}
}

const propertyRuns = 20000

func TestPropertyMonotonic(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for range propertyRuns {
		r, s, refs := randomReader(rng), randomSharing(rng), picks(rng, allRefs, 4)
		more := append(append([]string(nil), refs...), pick(rng, allRefs))
		if Visible(r, more, s) && !Visible(r, refs, s) {
			t.Fatalf("adding %q made the object visible: reader %+v, sharing %+v, refs %q", more[len(more)-1], r, s, refs)
		}
		before := Visible(r, more, s)
		rng.Shuffle(len(more), func(i, j int) { more[i], more[j] = more[j], more[i] })
		if Visible(r, more, s) != before {
			t.Fatalf("order changed visibility: reader %+v, sharing %+v, refs %q", r, s, more)
		}
	}
}

func TestPropertyAmberStrictOnlyNamedOrg(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	for range propertyRuns {
		r, s := randomReader(rng), randomSharing(rng)
		named := s.StrictOrg
		if named == "" {
			named = s.Publisher
		}
		inNamed := r.Authenticated && named != "" && r.OrgID == named
		if got := Visible(r, []string{stix.TLPAmberStrict}, s); got != inNamed {
			t.Fatalf("AMBER+STRICT visible = %v, want %v: reader %+v, sharing %+v", got, inNamed, r, s)
		}
	}
}

func TestPropertyRedOnlyRecipients(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 6))
	for range propertyRuns {
		r, s := randomReader(rng), randomSharing(rng)
		named := false
		for _, u := range s.Recipients {
			named = named || (u != "" && u == r.UserID)
		}
		want := r.Authenticated && named
		for _, red := range []string{stix.TLPRed, stix.TLP1Red} {
			if got := Visible(r, []string{red}, s); got != want {
				t.Fatalf("RED visible = %v, want %v: reader %+v, sharing %+v", got, want, r, s)
			}
		}
	}
}

func TestPropertySharingWiderNeverHides(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	for range propertyRuns {
		r, s, refs := randomReader(rng), randomSharing(rng), picks(rng, allRefs, 3)
		wider := s
		wider.SharedWith = append(append([]string(nil), s.SharedWith...), pick(rng, orgIDs))
		wider.Recipients = append(append([]string(nil), s.Recipients...), pick(rng, userIDs))
		if Visible(r, refs, s) && !Visible(r, refs, wider) {
			t.Fatalf("sharing wider hid the object: reader %+v, sharing %+v, wider %+v, refs %q", r, s, wider, refs)
		}
	}
}

func TestPropertyAnonymousSeesOnlyClear(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(9, 10))
	for range propertyRuns {
		r, s, refs := randomReader(rng), randomSharing(rng), picks(rng, allRefs, 3)
		r.Authenticated = false
		allClear := true
		for _, ref := range refs {
			allClear = allClear && (ref == stix.TLPClear || ref == stix.TLP1White)
		}
		if got := Visible(r, refs, s); got != allClear {
			t.Fatalf("unauthenticated reader: visible = %v, want %v: reader %+v, refs %q", got, allClear, r, refs)
		}
	}
}
