package attrib

import (
	"os"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/accord-cti/accord/starter"
)

// proxyLogon is the starter pack's evidence of the 2021 Exchange
// exploitation: the four CVEs, China Chopper and the web-shell paths.
var proxyLogon = Query{
	CVEs:     []string{"CVE-2021-26855", "CVE-2021-26857", "CVE-2021-26858", "CVE-2021-27065"},
	Software: []string{"S0020"},
	Indicators: []string{
		"Web-shell URLs of the Exchange exploitation (IIS paths)",
		`Web-shell names under Exchange FrontEnd\HttpProxy\owa\auth`,
		`ASPX file under C:\inetpub\wwwroot\aspnet_client`,
	},
}

// checkProxyLogon checks that the full evidence names HAFNIUM first and
// that the CVEs alone give no confident attribution.
func checkProxyLogon(t *testing.T, e *Engine) {
	t.Helper()
	res, err := e.Attribute(proxyLogon)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Candidates) == 0 || res.Candidates[0].Name != "HAFNIUM" {
		t.Fatalf("ProxyLogon evidence: top candidate %+v, want HAFNIUM", res.Candidates)
	}
	t.Logf("ProxyLogon: HAFNIUM, probability %.3f (%s), abstained %v", res.Candidates[0].Probability, res.Candidates[0].Phrase, res.Abstained)
	cves, err := e.Attribute(Query{CVEs: proxyLogon.CVEs})
	if err != nil {
		t.Fatal(err)
	}
	if !cves.Abstained {
		t.Errorf("the four CVEs alone: not abstained: %+v", cves.Candidates[0])
	}
	if p := cves.Candidates[0].Probability; p >= res.Candidates[0].Probability {
		t.Errorf("the four CVEs alone give %.3f, no less than the full evidence's %.3f", p, res.Candidates[0].Probability)
	}
}

func TestProxyLogonStarterPack(t *testing.T) {
	t.Parallel()
	checkProxyLogon(t, newTestEngine(t, starter.Bundle()))
}

func TestProxyLogonWithATTACK(t *testing.T) {
	t.Parallel()
	att, err := os.ReadFile(sharedtest.Path(t, "data/attack/enterprise-attack-16.1.json"))
	if err != nil {
		t.Fatal(err)
	}
	e := newTestEngine(t, starter.Bundle(), att)
	checkProxyLogon(t, e)
	checkHAFNIUMOnce(t, e)
}

// TestEvalATTACK is the acceptance check: leave-one-campaign-out on
// ATT&CK 16.1 with the citation hold-out gives top-3 at least 50% and MRR
// at least 0.40, better than the TF-IDF baseline in the same run.
func TestEvalATTACK(t *testing.T) {
	t.Parallel()
	att, err := os.ReadFile(sharedtest.Path(t, "data/attack/enterprise-attack-16.1.json"))
	if err != nil {
		t.Fatal(err)
	}
	e := newTestEngine(t, att)
	rep, err := e.Eval(HoldoutCitation, false)
	if err != nil {
		t.Fatal(err)
	}
	en, base := rep.Engine, rep.Baseline
	t.Logf("%d campaigns: engine top-1 %.3f top-3 %.3f top-5 %.3f MRR %.3f Brier %.3f; tf-idf top-3 %.3f MRR %.3f",
		rep.Attributed, en.Top1, en.Top3, en.Top5, en.MRR, en.Brier, base.Top3, base.MRR)
	if rep.Attributed < 10 {
		t.Errorf("only %d attributed campaigns evaluated", rep.Attributed)
	}
	if en.Top3 < 0.5 || en.MRR < 0.4 {
		t.Errorf("engine top-3 %.3f, MRR %.3f: want at least 0.5 and 0.4", en.Top3, en.MRR)
	}
	if en.MRR <= base.MRR || en.Top3 < base.Top3 {
		t.Errorf("engine (top-3 %.3f, MRR %.3f) not better than tf-idf (top-3 %.3f, MRR %.3f)", en.Top3, en.MRR, base.Top3, base.MRR)
	}
}

// checkHAFNIUMOnce checks that the starter pack's HAFNIUM and ATT&CK's
// G0125 are one group: evidence both hold parts of ranks it once.
func checkHAFNIUMOnce(t *testing.T, e *Engine) {
	t.Helper()
	mixed, err := e.Attribute(Query{CVEs: []string{"CVE-2021-26855"}, Software: []string{"S0020"},
		Techniques: []string{"T1505.003"}, Top: 20})
	if err != nil {
		t.Fatal(err)
	}
	named := 0
	for _, c := range mixed.Candidates {
		if c.Name == "HAFNIUM" {
			named++
		}
	}
	if named != 1 {
		t.Errorf("HAFNIUM ranked %d times of %d candidates, want once", named, len(mixed.Candidates))
	}
}
