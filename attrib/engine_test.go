package attrib

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/google/go-cmp/cmp"
)

// ln4 and friends are the idf of items that 1, 2 or 3 of the small store's
// four live groups have.
var (
	idf1 = round(math.Log(4))
	idf2 = round(math.Log(2))
	idf3 = round(math.Log(4.0 / 3))
)

func TestEngineSets(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t, smallStore())
	if got := e.Sets(); got != 4 {
		t.Errorf("Sets() = %d, want 4 (the revoked and the deprecated group left out)", got)
	}
}

func TestAttributeEvidence(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t, smallStore())
	tests := []struct {
		name  string
		q     Query
		top   string
		items []Item
	}{
		{"custom malware outweighs a shared tool", Query{Software: []string{"S9001", "mimikatz"}}, "Alpha", []Item{
			{KindSoftware, "S9001 AlphaRAT", idf1, "used by 1 of 4 groups"},
			{KindSoftware, "S0002 Mimikatz", idf3, "used by 3 of 4 groups"},
		}},
		{"a campaign adds to its group's profile", Query{Software: []string{"BetaLoader"}}, "Beta", []Item{
			{KindSoftware, "BetaLoader", idf1, "used by 1 of 4 groups"},
		}},
		{"a sub-technique rolls up to its parent at half weight", Query{Techniques: []string{"T1059.001"}}, "Beta", []Item{
			{KindTechnique, "T1059 Command and Scripting Interpreter", round(0.5 * math.Log(2)), "used by 2 of 4 groups; parent of T1059.001, half weight"},
		}},
		{"CVEs count once, as a chain any group exploiting one of has", Query{CVEs: []string{"CVE-2099-0001", "cve-2099-0002"}}, "", []Item{
			{KindVulnerability, "CVE-2099-0001 + CVE-2099-0002", idf3, "exploited by 3 of 4 groups (any of them: one exploit chain counts once)"},
		}},
		{"a sector", Query{Sectors: []string{"Energy"}, Software: []string{"mimikatz"}}, "Alpha", []Item{
			{KindSector, "energy", idf1, "targeted by 1 of 4 groups"},
			{KindSoftware, "S0002 Mimikatz", idf3, "used by 3 of 4 groups"},
		}},
		{"a country by ISO code", Query{Countries: []string{"cn"}}, "MSS Team", []Item{
			{KindCountry, "China", idf1, "targeted by 1 of 4 groups"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := e.Attribute(tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Candidates) == 0 || tt.top != "" && res.Candidates[0].Name != tt.top {
				t.Fatalf("top candidate: got %+v, want %s", res.Candidates, tt.top)
			}
			var got []Item
			for _, it := range res.Candidates[0].Evidence {
				if it.Kind != KindUnmatched {
					got = append(got, it)
				}
			}
			if diff := cmp.Diff(tt.items, got); diff != "" {
				t.Errorf("evidence (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAttributeRollsUpInferredProfileAtHalfWeight(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t, smallStore())
	res, err := e.Attribute(Query{Techniques: []string{"T1059"}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, c := range res.Candidates {
		got[c.Name] = c.Score
	}
	// Beta uses T1059; Alpha only its sub-technique T1059.003.
	want := map[string]float64{"Beta": idf2, "Alpha": round(0.5 * math.Log(2)), "Gamma": 0, "MSS Team": 0}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("scores (-want +got):\n%s", diff)
	}
}

func TestSponsorsOnlyThroughAttributedTo(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t, smallStore())
	tests := []struct {
		set  string
		want []Sponsor
	}{
		{"Alpha", []Sponsor{{ID: id("threat-actor", "Ministry of State Security"), Name: "Ministry of State Security",
			Type: "threat-actor", By: "Government B", Confidence: "85", Country: "China"}}},
		{"MSS Team", []Sponsor{}}, // a name like the sponsor's is no attribution
		{"Beta", []Sponsor{}},     // its campaign is attributed to it, not to a sponsor
	}
	for _, tt := range tests {
		got := e.sponsors(id("intrusion-set", tt.set))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s sponsors (-want +got):\n%s", tt.set, diff)
		}
	}
}

func TestAbstain(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t, smallStore())
	tests := []struct {
		name      string
		q         Query
		abstained bool
	}{
		{"a tool three of four groups use", Query{Software: []string{"Mimikatz"}}, true},
		{"evidence no group has", Query{Techniques: []string{"T1059.001"}, Sectors: []string{"mining"}}, true},
		// Unique items count once: AlphaRAT, energy and T1059.003 alone
		// would give 4/(4+3+1) = 0.5, an even chance.
		{"items only one group has", Query{Software: []string{"AlphaRAT"}, Sectors: []string{"energy"}, Techniques: []string{"T1059.003"}}, true},
		// e^(ln4+ln2+ln4/3) = 10.7 against Beta's e^(ln2+ln4/3) = 2.7,
		// Gamma's 4/3, MSS Team's 1 and the unknown actor's 1: 0.64.
		{"custom malware, a CVE two share, a tool three share", Query{Software: []string{"AlphaRAT", "Mimikatz"}, CVEs: []string{"CVE-2099-0001"}}, false},
	}
	for _, tt := range tests {
		res, err := e.Attribute(tt.q)
		if err != nil {
			t.Fatal(err)
		}
		if res.Abstained != tt.abstained {
			t.Errorf("%s: abstained = %v, want %v (%+v)", tt.name, res.Abstained, tt.abstained, res.Candidates)
		}
	}
}

func TestAttributeUnknownRef(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t, smallStore())
	tests := []struct {
		q    Query
		want string
	}{
		{Query{Techniques: []string{"T9999"}}, `--technique "T9999"`},
		{Query{Software: []string{"T1190"}}, `--software "T1190"`}, // a technique is not software
		{Query{CVEs: []string{"CVE-1999-0001"}}, `--cve "CVE-1999-0001"`},
		{Query{Indicators: []string{"indicator--00000000-0000-4000-8000-000000000000"}}, `--indicator`},
		{Query{Countries: []string{"Atlantis"}}, `--country "Atlantis"`},
		{Query{Software: []string{"Old"}}, `--software "Old"`},
	}
	for _, tt := range tests {
		_, err := e.Attribute(tt.q)
		if accord.ErrorCode(err) != accord.EINVALID || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: error %v (code %q), want EINVALID naming %s", tt.q, err, accord.ErrorCode(err), tt.want)
		}
	}
}

func TestResultJSONShape(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t, smallStore())
	res, err := e.Attribute(Query{Software: []string{"AlphaRAT"}, Top: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	shape := func(m map[string]any) []string {
		var keys []string
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return keys
	}
	cands := got["candidates"].([]any)
	if len(cands) != 1 {
		t.Fatalf("--top 1 gave %d candidates", len(cands))
	}
	c := cands[0].(map[string]any)
	ev := c["evidence"].([]any)[0].(map[string]any)
	sp := c["sponsors"].([]any)[0].(map[string]any)
	want := [][]string{
		{"abstained", "candidates"},
		{"confidence", "evidence", "external_id", "id", "name", "phrase", "probability", "score", "sponsors"},
		{"kind", "ref", "weight", "why"},
		{"attributed_by", "confidence", "country", "id", "name", "type"},
	}
	if diff := cmp.Diff(want, [][]string{shape(got), shape(c), shape(ev), shape(sp)}); diff != "" {
		t.Errorf("JSON keys (-want +got):\n%s\n%s", diff, b)
	}
	if c["name"] != "Alpha" || c["external_id"] != "G9001" || c["confidence"] != math.Round(c["probability"].(float64)*100) {
		t.Errorf("candidate %v", c)
	}
}

func TestPhrase(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p    float64
		want string
	}{
		{0, "almost no chance"}, {0.04, "almost no chance"}, {0.05, "very unlikely"}, {0.3, "unlikely"},
		{0.5, "roughly even chance"}, {0.55, "likely"}, {0.9, "very likely"}, {0.97, "almost certain"}, {1, "almost certain"},
	}
	for _, tt := range tests {
		if got := Phrase(tt.p); got != tt.want {
			t.Errorf("Phrase(%g) = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestPosteriorSumsToOneWithTheUnknownActor(t *testing.T) {
	t.Parallel()
	p := DefaultParams
	probs := p.posterior([]float64{math.Log(4), 0, 0})
	// exp(ln 4) = 4 against 1 + 1 + the unknown actor's 1.
	want := []float64{4.0 / 7, 1.0 / 7, 1.0 / 7}
	if diff := cmp.Diff(want, probs, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) < 1e-12 })); diff != "" {
		t.Errorf("posterior (-want +got):\n%s", diff)
	}
}

// TestAttributeConcurrent shares one engine among goroutines, as a server
// would (run with -race).
func TestAttributeConcurrent(t *testing.T) {
	t.Parallel()
	e := newTestEngine(t, smallStore())
	want, err := e.Attribute(Query{Software: []string{"AlphaRAT", "Mimikatz"}})
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			got, err := e.Attribute(Query{Software: []string{"AlphaRAT", "Mimikatz"}})
			if err == nil && !cmp.Equal(want, got) {
				err = fmt.Errorf("concurrent result differs:\n%s", cmp.Diff(want, got))
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
