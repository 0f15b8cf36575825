package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-cti/accord/ingest"
	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/accord-cti/accord/sigma"
	"github.com/google/go-cmp/cmp"
)

const testRule = `title: Accord Test Encoded PowerShell
id: 5a0f4e52-7d3e-4b8a-9c1e-0d6f2b3a4c5d
status: test
description: PowerShell run with an encoded command.
references:
    - https://example.org/encoded-powershell
author: accord tests
date: 2024-01-02
tags:
    - attack.execution
    - attack.t1059.001
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\powershell.exe'
        CommandLine|contains: '-EncodedCommand'
    condition: selection
level: high
`

// sysmonEvent is a Sysmon process creation as Security-Datasets ship it
// (../shared/data/logs/otrf-sysmon), reduced to the fields that matter.
func sysmonEvent(image, parent, command, target string) string {
	ev := map[string]any{
		"EventID": 1, "SourceName": "Microsoft-Windows-Sysmon", "Channel": "Microsoft-Windows-Sysmon/Operational",
		"Hostname": "EXCH01.corp.example", "UtcTime": "2021-03-03 01:05:09.123", "Image": image,
		"ParentImage": parent, "CommandLine": command, "User": "NT AUTHORITY\\SYSTEM",
	}
	if target != "" {
		ev["EventID"], ev["TargetFilename"] = 11, target
		delete(ev, "CommandLine")
		delete(ev, "ParentImage")
	}
	b, _ := json.Marshal(ev)
	return string(b) + "\n"
}

// writeRuleTestFile writes a file under dir and returns its path.
func writeRuleTestFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// jsonFindings decodes --output json into rule id, title, level and line,
// one string a finding, sorted.
func jsonFindings(t *testing.T, out string) []string {
	t.Helper()
	var got []string
	for line := range strings.SplitSeq(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var f struct {
			RuleID    string `json:"rule_id"`
			RuleTitle string `json:"rule_title"`
			Level     string `json:"level"`
			File      string `json:"file"`
			Line      int    `json:"line"`
			Indicator string `json:"indicator_id"`
		}
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("--output json line %q: %v", line, err)
		}
		got = append(got, f.RuleID+" | "+f.RuleTitle+" | "+f.Level+" | "+filepath.Base(f.File)+":"+strconv.Itoa(f.Line))
	}
	slices.Sort(got)
	return slices.Compact(got)
}

// TestHuntStoredSigmaRule imports a directory of rules (one broken: the
// import stores nothing until --skip-invalid), then hunts a Sysmon log
// whose second line the rule hits, and checks the rule in --output json,
// the text report and the recorded sighting.
func TestHuntStoredSigmaRule(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeRuleTestFile(t, dir, "rules/proc_creation_encoded.yml", testRule)
	writeRuleTestFile(t, dir, "rules/broken.yml", "title: [unclosed\n")
	db := tempDB(t)
	before := stats(t, db)["by_type"].(map[string]any)["indicator"] // the starter pack's
	_, stderr, code := run(t, "", "--db", db, "import", filepath.Join(dir, "rules"))
	if code != 2 || !strings.Contains(stderr, "broken.yml") {
		t.Fatalf("import with a broken rule: exit %d, want 2 naming broken.yml:\n%s", code, stderr)
	}
	if n := stats(t, db)["by_type"].(map[string]any)["indicator"]; n != before {
		t.Fatalf("a failed import changed the indicators from %v to %v", before, n)
	}
	if _, stderr, code := run(t, "", "--db", db, "import", "--skip-invalid", filepath.Join(dir, "rules")); code != 0 || !strings.Contains(stderr, "1 rules as indicators") {
		t.Fatalf("import --skip-invalid: exit %d:\n%s", code, stderr)
	}
	if after := stats(t, db)["by_type"].(map[string]any)["indicator"]; after.(float64) != indicatorCount(before)+1 {
		t.Errorf("indicators %v after importing one rule, before %v", after, before)
	}

	logs := writeRuleTestFile(t, dir, "logs/sysmon.json",
		sysmonEvent(`C:\Windows\System32\cmd.exe`, `C:\Windows\explorer.exe`, `cmd.exe /c dir`, "")+
			sysmonEvent(`C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, `C:\Windows\explorer.exe`, `powershell.exe -nop -EncodedCommand ZQBjAGgAbwA=`, "")+
			sysmonEvent(`C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, `C:\Windows\explorer.exe`, `powershell.exe -File x.ps1`, ""))
	out, stderr, code := run(t, "", "--db", db, "hunt", "--no-record", "--output", "json", logs)
	want := []string{"5a0f4e52-7d3e-4b8a-9c1e-0d6f2b3a4c5d | Accord Test Encoded PowerShell | high | sysmon.json:2"}
	if diff := cmp.Diff(want, jsonFindings(t, out)); code != 1 || diff != "" {
		t.Errorf("--output json: exit %d (-want +got):\n%s\n%s", code, diff, stderr)
	}

	out, stderr, code = run(t, "", "--db", db, "hunt", "--output", "stix", logs)
	if code != 1 {
		t.Fatalf("hunt --output stix: exit %d:\n%s", code, stderr)
	}
	indID := ingest.SigmaIndicatorID(&sigma.Rule{ID: "5a0f4e52-7d3e-4b8a-9c1e-0d6f2b3a4c5d"})
	if !strings.Contains(out, `"sighting_of_ref":"`+indID+`"`) || !strings.Contains(stderr, "recorded 1 sightings") {
		t.Errorf("the sighting does not name the rule's indicator %s:\n%s\n%s", indID, out, stderr)
	}
	out, _, _ = run(t, "", "--db", db, "hunt", "--no-record", logs)
	for _, w := range []string{"Accord Test Encoded PowerShell  (" + indID + ")", "sigma rule 5a0f4e52-7d3e-4b8a-9c1e-0d6f2b3a4c5d, level high", logs + ":2"} {
		if !strings.Contains(out, w) {
			t.Errorf("the text report lacks %q:\n%s", w, out)
		}
	}
}

func indicatorCount(v any) float64 {
	if f, ok := v.(float64); ok {
		return f
	}
	return 0
}

// TestHuntRulesHAFNIUM hunts, with --rules and the real SigmaHQ rules of
// HAFNIUM and CVE-2021-26857/26858, a Sysmon log and an IIS log written to
// hit them, and checks which rules hit which lines, and that the bundle of
// --output stix holds the indicators of the rules.
func TestHuntRulesHAFNIUM(t *testing.T) {
	t.Parallel()
	hafnium := sharedtest.Path(t, "data/sigma/rules-emerging-threats/2021/TA/HAFNIUM")
	cve57 := sharedtest.Path(t, "data/sigma/rules-emerging-threats/2021/Exploits/CVE-2021-26857")
	cve58 := sharedtest.Path(t, "data/sigma/rules-emerging-threats/2021/Exploits/CVE-2021-26858")
	dir := t.TempDir()
	win := writeRuleTestFile(t, dir, "sysmon.json",
		sysmonEvent(`C:\Windows\System32\cmd.exe`, `C:\Program Files\Microsoft\Exchange Server\V15\Bin\UMWorkerProcess.exe`, `cmd.exe /c whoami`, "")+
			sysmonEvent(`C:\Windows\System32\WerFault.exe`, `C:\Program Files\Microsoft\Exchange Server\V15\Bin\UMWorkerProcess.exe`, `WerFault.exe -u`, "")+
			sysmonEvent(`C:\Windows\System32\attrib.exe`, `C:\Windows\System32\cmd.exe`, `attrib.exe +h +s +r C:\inetpub\wwwroot\aspnet_client\shell.aspx`, "")+
			sysmonEvent(`C:\Program Files\Microsoft\Exchange Server\V15\Bin\UMWorkerProcess.exe`, "", "", `C:\inetpub\wwwroot\aspnet_client\shell.aspx`)+
			sysmonEvent(`C:\Program Files\Microsoft\Exchange Server\V15\Bin\UMWorkerProcess.exe`, "", "", `C:\Windows\Temp\CacheCleanup.bin`))
	iis := writeRuleTestFile(t, dir, "u_ex210303.log", "#Software: Microsoft Internet Information Services 10.0\n"+
		"#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n"+
		"2021-03-03 01:05:09 10.0.0.2 GET /owa/ - 443 - 198.51.100.7 Mozilla/5.0 - 200 0 0 5\n"+
		"2021-03-03 01:05:10 10.0.0.2 POST /owa/auth/Current/themes/resources/logon.css - 443 - 203.0.113.66 python-requests/2.25.1 - 200 0 0 7\n"+
		"2021-03-03 01:05:11 10.0.0.2 POST /ecp/DDI/DDIService.svc/SetObject schema=Reset&msExchEcpCanary=x&VirtualDirectory=OAB 443 EXCH01$ 203.0.113.66 Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 9\n")
	db := tempDB(t)
	out, stderr, code := run(t, "", "--db", db, "--empty", "hunt", "--no-record", "--output", "json",
		"--rules", hafnium, "--rules", cve57, "--rules", cve58, win, iis)
	want := []string{
		"67bce556-312f-4c81-9162-c3c9ff2599b2 | Exchange Exploitation Used by HAFNIUM | high | u_ex210303.log:4",
		"b06335b3-55ac-4b41-937e-16b7f5d57dfd | CVE-2021-26858 Exchange Exploitation | high | sysmon.json:4",
		"bbb2dedd-a0e3-46ab-ba6c-6c82ae7a9aa7 | HAFNIUM Exchange Exploitation Activity | critical | sysmon.json:3",
		"cd479ccc-d8f0-4c66-ba7d-e06286f3f887 | Potential CVE-2021-26857 Exploitation Attempt | high | sysmon.json:1",
		"effee1f6-a932-4297-a81f-acb44064fa3a | ProxyLogon Reset Virtual Directories Based On IIS Log | critical | u_ex210303.log:5",
	}
	if diff := cmp.Diff(want, jsonFindings(t, out)); code != 1 || diff != "" {
		t.Errorf("hunt --rules: exit %d (-want +got):\n%s\nstderr:\n%s", code, diff, stderr)
	}

	out, stderr, code = run(t, "", "--db", db, "hunt", "--no-record", "--output", "stix", "--rules", hafnium, win)
	if code != 1 {
		t.Fatalf("--output stix: exit %d:\n%s", code, stderr)
	}
	var bundle struct{ Objects []map[string]any }
	if err := json.Unmarshal([]byte(out), &bundle); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range bundle.Objects {
		switch o["type"] {
		case "indicator":
			got = append(got, "indicator "+o["pattern_type"].(string)+" "+o["name"].(string)+" "+o["id"].(string))
		case "sighting":
			got = append(got, "sighting of "+o["sighting_of_ref"].(string))
		}
	}
	id := ingest.SigmaIndicatorID(&sigma.Rule{ID: "bbb2dedd-a0e3-46ab-ba6c-6c82ae7a9aa7"})
	wantObjs := []string{"indicator sigma HAFNIUM Exchange Exploitation Activity " + id, "sighting of " + id}
	slices.Sort(got)
	if diff := cmp.Diff(wantObjs, got); diff != "" {
		t.Errorf("--output stix (-want +got):\n%s", diff)
	}
	if vout, verr, code := run(t, out, "validate", "-"); code != 0 {
		t.Errorf("the --output stix bundle is not valid STIX: %s %s", vout, verr)
	}
}

// TestHuntRulesNothingLoadable checks that --rules naming no rule that
// loads is a usage error (exit 2) that says why.
func TestHuntRulesNothingLoadable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	broken := writeRuleTestFile(t, dir, "rules/broken.yml", "title: x\ndetection: [\n")
	log := writeRuleTestFile(t, dir, "x.json", sysmonEvent(`C:\x.exe`, `C:\y.exe`, "x", ""))
	db := tempDB(t)
	_, stderr, code := run(t, "", "--db", db, "--empty", "hunt", "--rules", filepath.Dir(broken), log)
	if code != 2 || !strings.Contains(stderr, broken) {
		t.Errorf("--rules with a broken rule only: exit %d, want 2 naming %s:\n%s", code, broken, stderr)
	}
	empty := t.TempDir()
	if _, stderr, code := run(t, "", "--db", db, "hunt", "--rules", empty, log); code != 2 || !strings.Contains(stderr, "no Sigma rule") {
		t.Errorf("--rules with no rule: exit %d, want 2:\n%s", code, stderr)
	}
}

// TestImportSigmaHQ imports ATT&CK, then every SigmaHQ rule: an indicator
// per rule that loads, and indicates links to the ATT&CK techniques of
// their tags (the HAFNIUM rule's to T1546, T1053 and G0125).
func TestImportSigmaHQ(t *testing.T) {
	if testing.Short() {
		t.Skip("imports ATT&CK and 3,754 rules")
	}
	t.Parallel()
	attack := sharedtest.Path(t, "data/attack/enterprise-attack-16.1.json")
	rules := sharedtest.Path(t, "data/sigma")
	files, err := sigmaFiles([]string{rules})
	if err != nil {
		t.Fatal(err)
	}
	loaded, _, err := sigma.Load(files)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, r := range loaded {
		ids[ingest.SigmaIndicatorID(r)] = true
	}
	db := tempDB(t)
	if _, stderr, code := run(t, "", "--db", db, "--empty", "import", attack); code != 0 {
		t.Fatalf("import ATT&CK: exit %d: %s", code, stderr)
	}
	st := stats(t, db)
	rels := st["relationships"].(float64)
	_, stderr, code := run(t, "", "--db", db, "import", "--skip-invalid", rules)
	if code != 0 {
		t.Fatalf("import sigma: exit %d:\n%s", code, stderr)
	}
	st = stats(t, db)
	if n := st["by_type"].(map[string]any)["indicator"].(float64); int(n) != len(ids) {
		t.Errorf("%v indicators, want one per distinct loadable rule: %d", n, len(ids))
	}
	if links := st["relationships"].(float64) - rels; links < float64(len(ids))/2 {
		t.Errorf("%v indicates links for %d rules", links, len(ids))
	}
	id := ingest.SigmaIndicatorID(&sigma.Rule{ID: "bbb2dedd-a0e3-46ab-ba6c-6c82ae7a9aa7"})
	out, _, code := run(t, "", "--db", db, "show", "--json", id)
	var bundle struct{ Objects []map[string]any }
	if err := json.Unmarshal([]byte(out), &bundle); code != 0 || err != nil {
		t.Fatalf("show %s: exit %d: %v", id, code, err)
	}
	var targets []string
	for _, o := range bundle.Objects {
		if o["type"] == "relationship" && o["relationship_type"] == "indicates" && o["source_ref"] == id {
			targets = append(targets, strings.SplitN(o["target_ref"].(string), "--", 2)[0])
		}
	}
	slices.Sort(targets)
	if diff := cmp.Diff([]string{"attack-pattern", "attack-pattern", "intrusion-set"}, targets); diff != "" {
		t.Errorf("the HAFNIUM rule's links (-want +got):\n%s", diff)
	}
	// Importing again adds nothing: the ids and versions are the rules'.
	if out, stderr, code := run(t, "", "--db", db, "import", "--skip-invalid", rules); code != 0 || !strings.Contains(out, " 0 versions added") {
		t.Errorf("re-import: exit %d:\n%s\n%s", code, out, stderr)
	}
}

// TestHuntRulesPlaceholders checks that a rule with a placeholder is left
// out, saying why, until --placeholders gives its values.
func TestHuntRulesPlaceholders(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rules := writeRuleTestFile(t, dir, "rules/admin_tools.yml", `title: Admin Tool Run
id: 6f6e1c1a-0c52-4f0e-9d7b-2a1b3c4d5e6f
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith|expand: '%admin_tools%'
    condition: selection
level: low
`)
	values := writeRuleTestFile(t, dir, "placeholders.yml", "admin_tools:\n    - '\\psexec.exe'\n    - '\\adfind.exe'\n")
	log := writeRuleTestFile(t, dir, "sysmon.json", sysmonEvent(`C:\Tools\cmd.exe`, `C:\Windows\explorer.exe`, "cmd", "")+
		sysmonEvent(`C:\Tools\AdFind.exe`, `C:\Windows\explorer.exe`, "adfind -f x", ""))
	db := tempDB(t)
	_, stderr, code := run(t, "", "--db", db, "--empty", "hunt", "--no-record", "--rules", rules, log)
	if code != 2 || !strings.Contains(stderr, "admin_tools.yml") || !strings.Contains(stderr, "%admin_tools%") {
		t.Errorf("without --placeholders: exit %d, want 2 naming the rule and placeholder:\n%s", code, stderr)
	}
	out, stderr, code := run(t, "", "--db", db, "hunt", "--no-record", "--output", "json", "--rules", rules, "--placeholders", values, log)
	want := []string{"6f6e1c1a-0c52-4f0e-9d7b-2a1b3c4d5e6f | Admin Tool Run | low | sysmon.json:2"}
	if diff := cmp.Diff(want, jsonFindings(t, out)); code != 1 || diff != "" {
		t.Errorf("with --placeholders: exit %d (-want +got):\n%s\n%s", code, diff, stderr)
	}
}
