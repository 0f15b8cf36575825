package storetest

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func testFind(t *testing.T, s accord.Store) {
	objs := world()
	mustPut(t, s, objs...)
	cur := latest(objs)
	notRevoked := slices.DeleteFunc(slices.Clone(cur), func(o *accord.Object) bool { return o.ID == idOldWeb })
	for _, tt := range []struct {
		name string
		f    accord.Filter
		want []*accord.Object
	}{
		{"Zero", accord.Filter{}, cur},
		{"Type", accord.Filter{Types: []string{"intrusion-set"}}, pick(cur, idHafnium, idAPT29, idAPT40)},
		{"Types", accord.Filter{Types: []string{"malware", "vulnerability"}}, pick(cur, idChopper, idCVE)},
		{"UnknownType", accord.Filter{Types: []string{"x-nothing"}}, nil},
		{"IDs", accord.Filter{IDs: []string{idChopper, idHafnium}}, pick(cur, idHafnium, idChopper)},
		{"UnknownID", accord.Filter{IDs: []string{stixID("malware", 99)}}, nil},
		{"AllVersions", accord.Filter{AllVersions: true}, objs},
		{"IDAllVersions", accord.Filter{IDs: []string{idRelChop}, AllVersions: true}, pick(objs, idRelChop)},
		{"ExcludeRevoked", accord.Filter{ExcludeRevoked: true}, notRevoked},
		{"ExcludeRevokedAll", accord.Filter{ExcludeRevoked: true, AllVersions: true, Types: []string{"attack-pattern"}},
			pick(objs, idT1190, idWebShel)},
		{"Limit", accord.Filter{Limit: 3}, cur[:3]},
		{"TypeLimit", accord.Filter{Types: []string{"relationship"}, Limit: 2}, pick(cur, idRelExpl, idRelAPT)},
		{"LimitAbove", accord.Filter{Types: []string{"malware"}, Limit: 5}, pick(cur, idChopper)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := find(t, s, tt.f)
			if diff := cmp.Diff(keys(tt.want), keys(got)); diff != "" {
				t.Errorf("Find(%+v) (-want +got):\n%s", tt.f, diff)
			}
		})
	}
}

func testFindStops(t *testing.T, s accord.Store) {
	mustPut(t, s, world()...)
	errStop := errors.New("stop")
	n := 0
	err := s.Find(t.Context(), accord.Filter{}, func(*accord.Object) error {
		if n++; n == 2 {
			return errStop
		}
		return nil
	})
	if !errors.Is(err, errStop) || n != 2 {
		t.Errorf("Find with fn failing on the 2nd call: %d calls, error %v; want 2 calls, %v", n, err, errStop)
	}
}

// testFindRawOnly checks that a RawOnly Find gives the same objects, by
// their ID, Type and Raw, as a full one, under every filter.
func testFindRawOnly(t *testing.T, s accord.Store) {
	mustPut(t, s, world()...)
	type slim struct{ ID, Type, Raw string }
	for _, f := range []accord.Filter{{}, {AllVersions: true}, {Types: []string{"intrusion-set"}}, {Limit: 3}} {
		var want, got []slim
		for _, o := range find(t, s, f) {
			want = append(want, slim{o.ID, o.Type, string(o.Raw)})
		}
		f.RawOnly = true
		// The object and its text are valid only during the call: copy.
		if err := s.Find(t.Context(), f, func(o *accord.Object) error {
			got = append(got, slim{strings.Clone(o.ID), strings.Clone(o.Type), string(o.Raw)})
			return nil
		}); err != nil {
			t.Fatalf("Find(%+v): %v", f, err)
		}
		if len(want) == 0 {
			t.Fatalf("Find(%+v) found nothing: the test needs objects", f)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Find(%+v) (-full +raw only):\n%s", f, diff)
		}
	}
}

func testResolve(t *testing.T, s accord.Store) {
	objs := world()
	mustPut(t, s, objs...)
	cur := latest(objs)
	for _, tt := range []struct {
		ref  string
		want []string // ids
	}{
		{idHafnium, []string{idHafnium}},
		{"G0125", []string{idHafnium}},
		{"g0125", []string{idHafnium}},
		{" G0125 ", []string{idHafnium}},
		{"hafnium", []string{idHafnium}}, // the name and an alias: once
		{"Silk Typhoon", []string{idHafnium}},
		{"SILK TYPHOON", []string{idHafnium}},
		{"nobelium", []string{idAPT29}},
		{"Cozy Bear", []string{idAPT29}},
		{"temp.periscope", []string{idAPT40}},
		{"cve-2021-26855", []string{idCVE}}, // external id and name
		{"T1505.003", []string{idWebShel}},
		{"t1190", []string{idT1190}},
		{"Web Shell", []string{idWebShel, idOldWeb}}, // two objects, one revoked
		{"tlp:white", []string{idTLP}},
		{"china chopper", []string{idChopper}},
		{"nobody", nil},
		{"", nil},
		{"%", nil},
		{"G012_", nil},
		{"Silk", nil}, // no prefix or substring matching
	} {
		got, err := s.Resolve(t.Context(), tt.ref)
		if tt.want == nil {
			if accord.ErrorCode(err) != accord.ENOTFOUND {
				t.Errorf("Resolve(%q) = %v, %v; want not found", tt.ref, keysOrNil(got), err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Resolve(%q): %v", tt.ref, err)
			continue
		}
		if diff := cmp.Diff(sortedKeys(pick(cur, tt.want...)), sortedKeys(got)); diff != "" {
			t.Errorf("Resolve(%q) (-want +got):\n%s", tt.ref, diff)
		}
	}
}

func search(t *testing.T, s accord.Store, query string, limit int) []*accord.Object {
	t.Helper()
	got, err := s.Search(t.Context(), query, limit)
	if err != nil {
		t.Fatalf("Search(%q, %d): %v", query, limit, err)
	}
	return got
}

func testSearch(t *testing.T, s accord.Store) {
	objs := world()
	mustPut(t, s, objs...)
	cur := latest(objs)
	for _, tt := range []struct {
		query string
		limit int
		best  []string // the ids of the first results, in any order
		all   []string // every id found, when given
	}{
		{query: "HAFNIUM", best: []string{idHafnium}, all: []string{idHafnium}},
		{query: "hafn", best: []string{idHafnium}},      // the last word is a prefix
		{query: "Nobel", best: []string{idAPT29}},       // an alias
		{query: "Silk Typh", best: []string{idHafnium}}, // words in any field
		{query: "cozy bear", best: []string{idAPT29}},
		// A name match ranks above a description that says it twice.
		{query: "web shell", best: []string{idWebShel, idOldWeb}, all: []string{idWebShel, idOldWeb, idChopper}},
		{query: "China Chopper", best: []string{idChopper}, all: []string{idChopper, idInd}},
		// Relationships are not searched, though their descriptions match.
		{query: "ProxyLogon", best: []string{idCVE}, all: []string{idCVE}},
		{query: "CVE-2021-26855", best: []string{idCVE}, all: []string{idCVE}},
		{query: "group", limit: 2, all: nil},
		{query: "Exchange", all: []string{idHafnium, idT1190, idCVE}},
		{query: "nothing-matches-this", all: []string{}},
	} {
		got := search(t, s, tt.query, tt.limit)
		if tt.limit > 0 && len(got) != tt.limit {
			t.Errorf("Search(%q, %d): %d results, want %d", tt.query, tt.limit, len(got), tt.limit)
		}
		for _, o := range got {
			if o.Type == "relationship" || o.Type == "sighting" {
				t.Errorf("Search(%q) returned %s", tt.query, key(o))
			}
		}
		if len(got) < len(tt.best) {
			t.Errorf("Search(%q) = %v, want %v first", tt.query, keys(got), tt.best)
			continue
		}
		if diff := cmp.Diff(sortedKeys(pick(cur, tt.best...)), sortedKeys(got[:len(tt.best)])); diff != "" {
			t.Errorf("Search(%q) best results (-want +got):\n%s", tt.query, diff)
		}
		if tt.all == nil {
			continue
		}
		if diff := cmp.Diff(sortedKeys(pick(cur, tt.all...)), sortedKeys(got), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("Search(%q) (-want +got):\n%s", tt.query, diff)
		}
	}
}

// testSearchHostile checks that search text is text: full-text query syntax
// in it neither fails nor changes what is found.
func testSearchHostile(t *testing.T, s accord.Store) {
	mustPut(t, s, world()...)
	for _, q := range []string{
		`"`, `""`, `*`, `AND`, `OR`, `NOT`, `(`, `)`, `()`, `-`, `+`, `^`, `:`, `\`, `'`, `''`,
		`{name}`, `NEAR(a b)`, `a AND`, `OR hafnium`, `NOT hafnium`, `name:hafnium`, `hafnium*`,
		`"hafnium`, `hafnium"`, `*hafnium`, `haf"nium`, `%`, `_`, `;--`, "   ", "", "\x00", "\t\n", "0\x00", "a\x00b\x00",
	} {
		if _, err := s.Search(t.Context(), q, 10); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
	}
	for _, q := range []string{`"hafnium`, `hafnium"`, `(hafnium)`, `hafnium*`} {
		got := search(t, s, q, 10)
		if len(got) == 0 || got[0].ID != idHafnium {
			t.Errorf("Search(%q) = %v, want HAFNIUM first", q, keys(got))
		}
	}
}

func testRelationships(t *testing.T, s accord.Store) {
	objs := world()
	mustPut(t, s, objs...)
	cur := latest(objs)
	for _, tt := range []struct {
		id   string
		dir  accord.Direction
		want []string
	}{
		{idHafnium, accord.Outgoing, []string{idRelExpl, idRelChop}}, // idRelChop once, its latest
		{idHafnium, accord.Incoming, nil},
		{idHafnium, accord.Both, []string{idRelExpl, idRelChop}},
		{idT1190, accord.Incoming, []string{idRelExpl, idRelAPT}},
		{idT1190, accord.Outgoing, nil},
		{idChopper, accord.Outgoing, []string{idRelWeb}},
		{idChopper, accord.Incoming, []string{idRelChop}},
		{idChopper, accord.Both, []string{idRelChop, idRelWeb}},
		{idWebShel, accord.Incoming, []string{idRelWeb, idRelRev}},
		{idOldWeb, accord.Outgoing, []string{idRelRev}},
		{idInd, accord.Outgoing, []string{idSight}}, // a sighting's sighting_of_ref
		{stixID("malware", 99), accord.Both, nil},
	} {
		got, err := s.Relationships(t.Context(), tt.id, tt.dir)
		if err != nil {
			t.Errorf("Relationships(%s, %d): %v", tt.id, tt.dir, err)
			continue
		}
		if diff := cmp.Diff(pick(cur, tt.want...), got, objectOpts, byID); diff != "" {
			t.Errorf("Relationships(%s, %d) (-want +got):\n%s", tt.id, tt.dir, diff)
		}
	}
}

// byID compares lists of objects whose order is not part of the contract.
var byID = cmpopts.SortSlices(func(a, b *accord.Object) bool { return key(a) < key(b) })

func testStats(t *testing.T, s accord.Store) {
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(accord.Stats{}, st, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Stats of an empty store (-want +got):\n%s", diff)
	}
	objs := world()
	mustPut(t, s, objs...)
	st, err = s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := accord.Stats{
		Objects:       len(latest(objs)),
		Versions:      len(objs),
		Relationships: 5,
		Revoked:       1,
		ByType:        countTypes(latest(objs)),
	}
	if diff := cmp.Diff(want, st); diff != "" {
		t.Errorf("Stats (-want +got):\n%s", diff)
	}
}

func testNotFound(t *testing.T, s accord.Store) {
	mustPut(t, s, world()...)
	missing := stixID("malware", 99)
	o, err := s.Get(t.Context(), missing)
	wantCode(t, "Get of a missing id", err, accord.ENOTFOUND)
	if o != nil {
		t.Errorf("Get of a missing id returned %v", key(o))
	}
	vs, err := s.Versions(t.Context(), missing)
	wantCode(t, "Versions of a missing id", err, accord.ENOTFOUND)
	if vs != nil {
		t.Errorf("Versions of a missing id returned %v", keys(vs))
	}
}
