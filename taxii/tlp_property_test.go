package taxii_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/accord-cti/accord/access"
	"github.com/accord-cti/accord/stix"
	"github.com/accord-cti/accord/taxii"
	"github.com/google/go-cmp/cmp"
)

// TestTLPRandom posts objects with random markings and sharing facts and
// checks, for every reader, that the objects endpoint returns exactly
// those the policy allows, computed object by object with access.Visible.
func TestTLPRandom(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	coll := f.addCollection(t, "random", "", map[string][2]bool{"cert": {true, true}, "partner": {true, false}, "outsider": {true, false}})
	rng := rand.New(rand.NewPCG(7, uint64(len(t.Name()))))
	markings := []string{stix.TLPClear, stix.TLPGreen, stix.TLPAmber, stix.TLPAmberStrict, stix.TLPRed,
		stix.TLP1White, stix.TLP1Amber, "marking-definition--00000000-0000-4000-8000-0000000000aa"}
	orgs := []string{f.orgs["cert"].ID, f.orgs["partner"].ID, f.orgs["outsider"].ID}
	users := []string{f.users["alice"].ID, f.users["bob"].ID, f.users["carol"].ID, f.users["dave"].ID}
	var objs []string
	sharing := map[string]access.Sharing{}
	refs := map[string][]string{}
	for i := range 120 {
		id := identityID(100 + i)
		m := pick(rng, markings, 3)
		s := access.Sharing{Publisher: pick(rng, orgs, 1)[0], SharedWith: pick(rng, orgs, 2), Recipients: pick(rng, users, 2)}
		if rng.IntN(3) == 0 {
			s.StrictOrg = pick(rng, orgs, 1)[0]
		}
		extra := fmt.Sprintf(`,"x_accord_publisher":%q%s%s`, s.Publisher, list("x_accord_shared_with", s.SharedWith), list("x_accord_recipients", s.Recipients))
		if s.StrictOrg != "" {
			extra += fmt.Sprintf(`,"x_accord_strict_org":%q`, s.StrictOrg)
		}
		if len(m) > 0 {
			extra += marked(m...)
		}
		objs = append(objs, identity(100+i, 0, extra))
		// What the server makes of the claims: alice (of cert) posts, so
		// cert publishes and alice is a recipient; every org may read.
		s.Publisher, s.Recipients = f.orgs["cert"].ID, append(s.Recipients, f.users["alice"].ID)
		if len(s.SharedWith) == 0 {
			s.SharedWith = orgs
		}
		sharing[id], refs[id] = s, m
	}
	if st := f.post(t, "alice", coll.ID, objs...); st.SuccessCount != len(objs) {
		t.Fatalf("POST: %d of %d: %+v", st.SuccessCount, len(objs), st.Failures)
	}
	for _, name := range []string{"alice", "bob", "carol", "dave"} {
		u := f.users[name]
		r := access.Reader{UserID: u.ID, OrgID: u.OrgID, Authenticated: true, Community: true}
		var want []string
		for i := range objs {
			id := identityID(100 + i)
			if access.Visible(r, refs[id], sharing[id]) {
				want = append(want, id)
			}
		}
		if len(want) == 0 || len(want) == len(objs) {
			t.Fatalf("%s may see %d of %d objects: the random data tests nothing", name, len(want), len(objs))
		}
		var env taxii.Envelope
		f.get(t, name, objectsPath(coll.ID), &env)
		if diff := cmp.Diff(want, ids(t, env)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}

// pick returns up to n distinct random elements of from.
func pick(rng *rand.Rand, from []string, n int) []string {
	k := rng.IntN(n + 1)
	if n == 1 {
		k = 1
	}
	var out []string
	for _, i := range rng.Perm(len(from))[:min(k, len(from))] {
		out = append(out, from[i])
	}
	slices.Sort(out)
	return out
}

// list returns a JSON member of a list of strings, or nothing when empty.
func list(key string, vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	b, _ := json.Marshal(vs)
	return "," + strings.Join([]string{fmt.Sprintf("%q", key), string(b)}, ":")
}
