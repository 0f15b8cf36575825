package acts_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/acts"
	"github.com/accord-cti/accord/ingest"
	"github.com/accord-cti/accord/sqlite"
	"github.com/accord-cti/accord/starter"
	"github.com/google/go-cmp/cmp"
)

// openStore returns a new store holding the given STIX documents.
func openStore(t *testing.T, docs ...[]byte) accord.Store {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "accord.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for i, d := range docs {
		if _, err := ingest.Import(context.Background(), db, ingest.Source{Name: fmt.Sprint("doc", i), Data: d}, ingest.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

// summary renders a consensus as lines a test can compare: one per
// position (accused | holders | claims as date kind author) and denial.
func summary(con *acts.Consensus) []string {
	var out []string
	claim := func(c acts.Claim) string { return c.Date + " " + c.Kind + " " + c.Author.Name }
	for _, p := range con.Positions {
		var cs []string
		for _, c := range p.Claims {
			cs = append(cs, claim(c))
		}
		out = append(out, "position "+names(p.Accused)+" from "+names(p.Origin)+" | "+strings.Join(p.Holders, "; ")+" | "+strings.Join(cs, "; "))
	}
	for _, c := range con.Denials {
		out = append(out, "denial "+claim(c)+" denies "+names(c.Accused))
	}
	for _, c := range con.Links {
		out = append(out, "link "+names(c.Activity)+" -> "+names(c.Accused)+" by "+c.Author.Name)
	}
	return out
}

func names(ps []acts.Party) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Name)
	}
	return strings.Join(s, ", ")
}

func TestConsensusHAFNIUM(t *testing.T) {
	t.Parallel()
	db := openStore(t, starter.Bundle())
	con, err := acts.Compute(context.Background(), db, "HAFNIUM")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"position Ministry of State Security (MSS) from  | Government of Australia; Government of Canada; Government of Japan; Government of New Zealand; Government of Norway; The White House; UK Government (NCSC, FCDO); US Department of State | " +
			"2021-07-19 government-statement Government of Australia; 2021-07-19 government-statement Government of Canada; 2021-07-19 government-statement Government of Japan; 2021-07-19 government-statement Government of New Zealand; 2021-07-19 government-statement Government of Norway; 2021-07-19 joint-statement The White House; 2021-07-19 government-statement UK Government (NCSC, FCDO); 2021-07-19 government-statement US Department of State",
		"position  from China | European Union (High Representative, Council of the EU) | 2021-07-19 government-statement European Union (High Representative, Council of the EU)",
		"position  from  | NATO (North Atlantic Council) | 2021-07-19 government-statement NATO (North Atlantic Council)",
		"position HAFNIUM from China | Microsoft Threat Intelligence Center (MSTIC) | 2021-03-02 vendor-attribution Microsoft Threat Intelligence Center (MSTIC)",
		"denial 2021-07-20 denial Ministry of Foreign Affairs of the People's Republic of China denies Ministry of State Security (MSS)",
		"denial 2021-07-19 denial Embassy of the People's Republic of China in the United States denies Ministry of State Security (MSS)",
	}
	if diff := cmp.Diff(want, summary(con)); diff != "" {
		t.Errorf("consensus on HAFNIUM (-want +got):\n%s", diff)
	}
	if got := names(con.Cluster.Activity); got != "Microsoft Exchange Server exploitation (2021)" {
		t.Errorf("activity = %q, want the Exchange campaign", got)
	}
}

func TestListAbout(t *testing.T) {
	t.Parallel()
	db := openStore(t, starter.Bundle())
	ctx := context.Background()
	all, err := acts.List(ctx, db, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 19 {
		t.Errorf("%d acts in the starter pack, want 19", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].Date < all[i].Date {
			t.Errorf("acts not newest first: %s before %s", all[i-1].Date, all[i].Date)
		}
	}
	tests := []struct {
		ref  string
		want []string // date kind author
	}{
		// The campaign the indictment attributes to Wu Shurong brings in
		// the acts about it.
		{"Wu Shurong", []string{"2021-07-19 advisory Cybersecurity and Infrastructure Security Agency (CISA)", "2021-07-19 denial Embassy of the People's Republic of China in the United States", "2021-07-19 indictment US Department of Justice"}},
		{"SVR", []string{"2021-04-15 government-statement The White House", "2021-04-15 government-statement UK Government (NCSC, FCDO)", "2021-04-15 expulsion US Department of State", "2021-04-15 sanction US Department of the Treasury (OFAC)"}},
		{"Ministry of Foreign Affairs of the People's Republic of China", []string{"2021-07-20 denial Ministry of Foreign Affairs of the People's Republic of China"}},
	}
	for _, tt := range tests {
		got, err := acts.List(ctx, db, tt.ref)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, c := range got {
			lines = append(lines, c.Date+" "+c.Kind+" "+c.Author.Name)
		}
		if diff := cmp.Diff(tt.want, lines); diff != "" {
			t.Errorf("acts %s (-want +got):\n%s", tt.ref, diff)
		}
	}
	if _, err := acts.List(ctx, db, "no such actor"); accord.ErrorCode(err) != accord.ENOTFOUND {
		t.Errorf("unknown ref: err = %v, want ENOTFOUND", err)
	}
}

// clusterBundle has two intrusion sets by different authors that share the
// alias "Bravo", a sponsor, a campaign attributed to Alpha by a relationship
// only, a government statement (also recorded as a relationship by the same
// author), a vendor's act on Bravo Team, and a denial.
const clusterBundle = `[
{"type":"identity","spec_version":"2.1","id":"identity--00000000-0000-4000-8000-00000000000a","created":"2021-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","name":"Vendor A","identity_class":"organization"},
{"type":"identity","spec_version":"2.1","id":"identity--00000000-0000-4000-8000-00000000000b","created":"2021-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","name":"Government B","identity_class":"organization"},
{"type":"identity","spec_version":"2.1","id":"identity--00000000-0000-4000-8000-00000000000c","created":"2021-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","name":"Government C","identity_class":"organization"},
{"type":"identity","spec_version":"2.1","id":"identity--00000000-0000-4000-8000-00000000000d","created":"2021-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","name":"Vendor D","identity_class":"organization"},
{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--00000000-0000-4000-8000-000000000001","created_by_ref":"identity--00000000-0000-4000-8000-00000000000a","created":"2021-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","name":"Alpha","aliases":["Bravo"]},
{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--00000000-0000-4000-8000-000000000002","created_by_ref":"identity--00000000-0000-4000-8000-00000000000d","created":"2021-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","name":"Bravo Team","aliases":["Bravo"]},
{"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--00000000-0000-4000-8000-000000000003","created":"2021-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","name":"Charlie","aliases":["Bravo Team"]},
{"type":"threat-actor","spec_version":"2.1","id":"threat-actor--00000000-0000-4000-8000-000000000004","created":"2021-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","name":"Sponsor"},
{"type":"campaign","spec_version":"2.1","id":"campaign--00000000-0000-4000-8000-000000000005","created":"2021-01-01T00:00:00.000Z","modified":"2021-01-01T00:00:00.000Z","name":"Operation K"},
{"type":"relationship","spec_version":"2.1","id":"relationship--00000000-0000-4000-8000-000000000006","created_by_ref":"identity--00000000-0000-4000-8000-00000000000a","created":"2021-02-01T00:00:00.000Z","modified":"2021-02-01T00:00:00.000Z","relationship_type":"attributed-to","source_ref":"campaign--00000000-0000-4000-8000-000000000005","target_ref":"intrusion-set--00000000-0000-4000-8000-000000000001","confidence":50},
{"type":"relationship","spec_version":"2.1","id":"relationship--00000000-0000-4000-8000-000000000007","created_by_ref":"identity--00000000-0000-4000-8000-00000000000b","created":"2021-03-01T00:00:00.000Z","modified":"2021-03-01T00:00:00.000Z","relationship_type":"attributed-to","source_ref":"campaign--00000000-0000-4000-8000-000000000005","target_ref":"threat-actor--00000000-0000-4000-8000-000000000004"},
{"type":"relationship","spec_version":"2.1","id":"relationship--00000000-0000-4000-8000-000000000008","created_by_ref":"identity--00000000-0000-4000-8000-00000000000d","created":"2021-05-01T00:00:00.000Z","modified":"2021-05-01T00:00:00.000Z","relationship_type":"attributed-to","source_ref":"intrusion-set--00000000-0000-4000-8000-000000000002","target_ref":"threat-actor--00000000-0000-4000-8000-000000000004"},
{"type":"x-accord-attribution-act","spec_version":"2.1","id":"x-accord-attribution-act--00000000-0000-4000-8000-000000000009","created_by_ref":"identity--00000000-0000-4000-8000-00000000000b","created":"2021-03-01T00:00:00.000Z","modified":"2021-03-01T00:00:00.000Z","name":"B accuses Sponsor","act_type":"government-statement","issuer_ref":"identity--00000000-0000-4000-8000-00000000000b","act_date":"2021-03-01T00:00:00.000Z","accused_refs":["threat-actor--00000000-0000-4000-8000-000000000004"],"activity_refs":["campaign--00000000-0000-4000-8000-000000000005"],"confidence_phrase":"with high confidence","confidence":85,"extensions":{"extension-definition--0dd9c932-dc1d-4e9f-abe2-e9bb51c8e90c":{"extension_type":"new-sdo"}}},
{"type":"x-accord-attribution-act","spec_version":"2.1","id":"x-accord-attribution-act--00000000-0000-4000-8000-000000000010","created_by_ref":"identity--00000000-0000-4000-8000-00000000000c","created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","name":"C denies","act_type":"denial","issuer_ref":"identity--00000000-0000-4000-8000-00000000000c","act_date":"2021-03-02T00:00:00.000Z","accused_refs":["threat-actor--00000000-0000-4000-8000-000000000004"],"activity_refs":["campaign--00000000-0000-4000-8000-000000000005"],"disputed_act_refs":["x-accord-attribution-act--00000000-0000-4000-8000-000000000009"],"extensions":{"extension-definition--0dd9c932-dc1d-4e9f-abe2-e9bb51c8e90c":{"extension_type":"new-sdo"}}},
{"type":"x-accord-attribution-act","spec_version":"2.1","id":"x-accord-attribution-act--00000000-0000-4000-8000-000000000011","created_by_ref":"identity--00000000-0000-4000-8000-00000000000d","created":"2021-04-01T00:00:00.000Z","modified":"2021-04-01T00:00:00.000Z","name":"D names Bravo Team","act_type":"vendor-attribution","issuer_ref":"identity--00000000-0000-4000-8000-00000000000d","act_date":"2021-04-01T00:00:00.000Z","accused_refs":["intrusion-set--00000000-0000-4000-8000-000000000002"],"activity_refs":["campaign--00000000-0000-4000-8000-000000000005"],"extensions":{"extension-definition--0dd9c932-dc1d-4e9f-abe2-e9bb51c8e90c":{"extension_type":"new-sdo"}}}
]`

func TestConsensusCluster(t *testing.T) {
	t.Parallel()
	db := openStore(t, []byte(clusterBundle))
	con, err := acts.Compute(context.Background(), db, "Alpha")
	if err != nil {
		t.Fatal(err)
	}
	var members []string
	for _, m := range con.Cluster.Members {
		members = append(members, m.Name+" by "+m.Author+" via "+m.Via)
	}
	// Charlie shares "Bravo Team" with Bravo Team, two steps from Alpha:
	// aliases are followed one step only.
	if diff := cmp.Diff([]string{"Alpha by Vendor A via ", "Bravo Team by Vendor D via Bravo"}, members); diff != "" {
		t.Errorf("cluster (-want +got):\n%s", diff)
	}
	want := []string{
		// B's relationship is the same claim as B's act: it is not counted twice.
		"position Sponsor from  | Vendor D; Government B | 2021-05-01 relationship Vendor D; 2021-03-01 government-statement Government B",
		"position Bravo Team from  | Vendor D | 2021-04-01 vendor-attribution Vendor D",
		"position Alpha from  | Vendor A | 2021-02-01 relationship Vendor A",
		"denial 2021-03-02 denial Government C denies Sponsor",
		"link Bravo Team -> Sponsor by Vendor D",
	}
	if diff := cmp.Diff(want, summary(con)); diff != "" {
		t.Errorf("consensus on Alpha (-want +got):\n%s", diff)
	}
	for _, p := range con.Positions {
		for _, c := range p.Claims {
			if c.Author.ID == "" || c.Author.Name == "" {
				t.Errorf("claim %s lost its author", c.ID)
			}
		}
	}
}
