package hunt

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/accord-cti/accord/sigma"
	"github.com/google/go-cmp/cmp"
)

// sweepSigmaRules are a rule, and a correlation of the failed logons of
// one user (generate false: the failed logons are not reported alone).
const sweepSigmaRules = `title: Whoami
id: 11111111-1111-4111-8111-111111111111
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\whoami.exe'
    condition: selection
level: medium
---
title: Many failed logons
id: 22222222-2222-4222-8222-222222222222
correlation:
    type: event_count
    rules:
        - failed_logon
    group-by:
        - TargetUserName
    timespan: 10m
    condition:
        gte: 3
level: high
---
title: Failed logon
id: 33333333-3333-4333-8333-333333333333
name: failed_logon
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4625
    condition: selection
level: low
`

func securityLogon(minute int, user string) string {
	return fmt.Sprintf(`{"EventID":4625,"Channel":"Security","SourceName":"Microsoft-Windows-Security-Auditing","Hostname":"DC1","TimeCreated":"2021-03-03T01:%02d:00Z","TargetUserName":%q,"IpAddress":"198.51.100.9"}`+"\n", minute, user)
}

// TestSweepSigma sweeps a Windows log with a STIX indicator and Sigma
// rules at once: the indicator's finding, the rule's, and the
// correlation's (three failed logons of alice within ten minutes; bob's
// two and alice's later one do not count), but none of the failed logons
// on their own.
func TestSweepSigma(t *testing.T) {
	t.Parallel()
	rules, err := sigma.Parse("rules.yml", []byte(sweepSigmaRules))
	if err != nil {
		t.Fatal(err)
	}
	engine, rejected := sigma.Compile(rules, sigma.Options{})
	if len(rejected) > 0 {
		t.Fatal(rejected)
	}
	log := securityLogon(0, "alice") + securityLogon(1, "bob") + securityLogon(2, "alice") +
		`{"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","SourceName":"Microsoft-Windows-Sysmon","UtcTime":"2021-03-03 01:03:00.000","Image":"C:\\Windows\\System32\\whoami.exe","CommandLine":"whoami /all"}` + "\n" +
		securityLogon(4, "alice") + securityLogon(5, "bob") + securityLogon(40, "alice")
	path := filepath.Join(t.TempDir(), "events.json")
	if err := os.WriteFile(path, []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	ioc, errs := NewEngine([]Indicator{{ID: "indicator--1", Name: "whoami", Pattern: "[process:command_line = 'whoami /all']"}})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var (
		mu  sync.Mutex
		got []string
	)
	s := NewSigma(engine, func(r *sigma.Rule) *Indicator {
		return &Indicator{ID: "indicator--for-" + r.ID[:8], Name: r.Title}
	})
	res, err := Sweep(context.Background(), ioc, []string{path}, SweepOptions{Sigma: s, Finding: func(f Finding) {
		mu.Lock()
		defer mu.Unlock()
		rule := ""
		if f.Rule != nil {
			rule = f.Rule.ID[:8] + " " + f.Rule.Level + " "
		}
		got = append(got, fmt.Sprintf("%s%s line %d %s=%s count %d", rule, f.Indicator.ID, f.Line, f.Path, f.Value, f.Count))
	}})
	if err != nil || res.Records != 7 {
		t.Fatalf("sweep: %d records, %v", res.Records, err)
	}
	slices.Sort(got)
	want := []string{
		`11111111 medium indicator--for-11111111 line 4 Image=C:\Windows\System32\whoami.exe count 0`,
		`22222222 high indicator--for-22222222 line 5 correlation=3 events from 2021-03-03T01:00:00Z to 2021-03-03T01:04:00Z (TargetUserName=alice) count 3`,
		`indicator--1 line 4 process:command_line=whoami /all count 0`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// TestNewSigmaIndicators checks the indicator a rule's findings name when
// the caller gives none.
func TestNewSigmaIndicators(t *testing.T) {
	t.Parallel()
	rules, err := sigma.Parse("rules.yml", []byte(sweepSigmaRules))
	if err != nil {
		t.Fatal(err)
	}
	engine, _ := sigma.Compile(rules, sigma.Options{})
	s := NewSigma(engine, func(*sigma.Rule) *Indicator { return nil })
	if ind := s.indicator(rules[0]); ind.ID != "sigma:"+rules[0].ID || ind.Name != "Whoami" {
		t.Errorf("indicator %+v", ind)
	}
	if !strings.HasPrefix(s.indicator(&sigma.Rule{ID: "x"}).ID, "sigma:x") {
		t.Error("a rule unknown to NewSigma has no indicator")
	}
}

// sweepSigmaWebRule hits POSTs to .aspx pages in web server logs.
const sweepSigmaWebRule = `
---
title: Aspx Post
id: 44444444-4444-4444-8444-444444444444
logsource:
    category: webserver
detection:
    selection:
        cs-method: POST
        cs-uri-stem|endswith: '.aspx'
    condition: selection
level: high
`

// TestSweepSigmaSplit sweeps a Windows log and an IIS log, each cut into
// chunks by four workers, and whole by one, and wants the same rule and
// correlation findings on the same lines. It changes splitMin and
// splitPiece, so it does not run in parallel with other tests.
func TestSweepSigmaSplit(t *testing.T) {
	oldMin, oldPiece := splitMin, splitPiece
	splitMin, splitPiece = 64<<10, 32<<10
	t.Cleanup(func() { splitMin, splitPiece = oldMin, oldPiece })
	rules, err := sigma.Parse("rules.yml", []byte(sweepSigmaRules+sweepSigmaWebRule))
	if err != nil {
		t.Fatal(err)
	}
	engine, rejected := sigma.Compile(rules, sigma.Options{})
	if len(rejected) > 0 {
		t.Fatal(rejected)
	}
	dir := t.TempDir()
	var win, iis strings.Builder
	iis.WriteString("#Fields: date time cs-method cs-uri-stem c-ip\n")
	for i := 0; win.Len() < 300<<10; i++ {
		switch {
		case i%97 == 0:
			win.WriteString(`{"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Image":"C:\\Windows\\System32\\whoami.exe"}` + "\n")
		case i%13 == 0:
			win.WriteString(fmt.Sprintf(`{"EventID":4625,"Channel":"Security","TimeCreated":"2021-03-03T%02d:%02d:00Z","TargetUserName":"alice"}`+"\n", i/60%24, i%60))
		default:
			win.WriteString(fmt.Sprintf(`{"EventID":4624,"Channel":"Security","TargetUserName":"u%d"}`+"\n", i))
		}
	}
	for i := 0; iis.Len() < 300<<10; i++ {
		method, page := "GET", "/owa/x.js"
		if i%89 == 0 {
			method, page = "POST", "/aspnet_client/s.aspx"
		}
		fmt.Fprintf(&iis, "2021-03-03 01:%02d:%02d %s %s 198.51.100.%d\n", i/60%60, i%60, method, page, i%250)
		if i%5000 == 4999 {
			iis.WriteString("#Fields: date time c-ip cs-method cs-uri-stem\n#Fields: date time cs-method cs-uri-stem c-ip\n")
		}
	}
	paths := []string{filepath.Join(dir, "events.json"), filepath.Join(dir, "u_ex.log")}
	os.WriteFile(paths[0], []byte(win.String()), 0o644)
	os.WriteFile(paths[1], []byte(iis.String()), 0o644)
	if c := splitTestChunks(paths[0], "", 4); len(c) < 4 {
		t.Fatalf("the Windows log is cut into %d chunks", len(c))
	} else {
		splitTestRelease(c)
	}
	ioc, _ := NewEngine(nil)
	sweep := func(workers int) []string {
		var (
			mu  sync.Mutex
			got []string
		)
		s := NewSigma(engine, func(*sigma.Rule) *Indicator { return nil })
		_, err := Sweep(context.Background(), ioc, paths, SweepOptions{Workers: workers, Sigma: s, Finding: func(f Finding) {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, fmt.Sprintf("%s:%d %s %s=%s", filepath.Base(f.File), f.Line, f.Rule.ID[:8], f.Path, f.Value))
		}})
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		return got
	}
	whole, split := sweep(1), sweep(4)
	kinds := map[string]bool{}
	for _, f := range whole {
		kinds[strings.Fields(f)[1]] = true
	}
	if len(kinds) != 3 {
		t.Fatalf("the whole sweep found rules %v, want the three", kinds)
	}
	if diff := cmp.Diff(whole, split); diff != "" {
		t.Errorf("split sweep differs from the whole (-whole +split):\n%s", diff)
	}
}
