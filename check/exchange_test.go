package check

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/hunt"
	"github.com/google/go-cmp/cmp"
)

// cleanFiles is a Logging tree with what a clean server logs, including
// what the checks must not take for exploitation: ServerInfo~ anchors of
// Autodiscover and localhost, a Reset…VirtualDirectory that failed is
// only in the Ecp case, OAB downloads under ClientAccess\OAB, a
// Set-OabVirtualDirectory without a script, Unified Messaging errors
// without InvalidCastException, another provider's InvalidCastException,
// an archive outside ProgramData and a text file inside it.
func cleanFiles() map[string]string {
	return map[string]string{
		"Logging/HttpProxy/Autodiscover/HttpProxy_2021030200-1.LOG": httpProxyLog(
			request("2021-03-02T08:00:00.000Z", "Autodiscover", "/autodiscover/autodiscover.xml", "SMTP:alice@example.com", "198.51.100.20", "200"),
			request("2021-03-02T08:00:01.000Z", "Autodiscover", "/autodiscover/autodiscover.xml",
				"ServerInfo~exch02.example.com/autodiscover/autodiscover.xml?#", "198.51.100.21", "200")),
		"Logging/HttpProxy/Ecp/HttpProxy_2021030300-1.LOG": httpProxyLog(
			request("2021-03-03T09:00:00.000Z", "Ecp", "/ecp/default.aspx", "SMTP:admin@example.com", "10.0.0.5", "200"),
			request("2021-03-03T09:00:02.000Z", "Ecp", "/ecp/about.aspx", "ServerInfo~localhost:444/ecp/about.aspx#", "127.0.0.1", "200"),
			request("2021-03-03T09:00:03.000Z", "Ecp", "/ecp/x.js", "serverinfo~EXCH01", "10.0.0.6", "200")),
		"Logging/HttpProxy/Owa/HttpProxy_2021030100-1.LOG": httpProxyLog(
			request("2021-03-01T07:00:00.000Z", "Owa", "/owa/", "SMTP:bob@example.com", "198.51.100.30", "200")),
		"Logging/ECP/Server/ECPServer2021030300-1.LOG": ecpServerLog(
			ecpCmd("2021-03-03T09:10:00.000Z", "Set-OabVirtualDirectory.ExternalUrl=''https://mail.example.com/OAB''.Identity=''EXCH01\\OAB (Default Web Site)''"),
			ecpCmd("2021-03-03T09:11:00.000Z", "Get-Mailbox.Identity=''alice''")),
		"Logging/OABGeneratorLog/OABGenerator2021030300-1.LOG": oabLog(
			"2021-03-03T02:00:00.000Z,Information,27,OABGenerator,\"OAB generation started.\"",
			oabDownload("2021-03-03T02:00:05.000Z", `C:\Program Files\Microsoft\Exchange Server\V15\ClientAccess\OAB\Temp\a1b2c3.tmp`)),
		"Windows/Logs/Application.jsonl": umJSON("2021-03-03T10:00:00.000Z", "MSExchange Unified Messaging", "2", "The UM worker process was recycled.") + "\n" +
			umJSON("2021-03-03T10:00:01.000Z", "Some Other App", "2", umCast) + "\n" +
			umJSON("2021-03-03T10:00:02.000Z", "MSExchange Unified Messaging", "3", umCast) + "\n",
		"ProgramData/Microsoft/readme.txt": "nothing",
		"Users/admin/Downloads/tools.zip":  "PK",
	}
}

// with returns files with more added.
func with(files map[string]string, more map[string]string) map[string]string {
	out := maps.Clone(files)
	maps.Copy(out, more)
	return out
}

// TestExchange plants each sign of exploitation in a clean tree and checks
// that exactly it is reported, with its evidence.
func TestExchange(t *testing.T) {
	t.Parallel()
	evil := request("2021-03-03T01:05:09.123Z", "Ecp", "/ecp/y.js", "ServerInfo~a]@EXCH01.example.com:444/mapi/emsmdb/?#", "203.0.113.66", "200")
	reset := request("2021-03-03T01:06:00.000Z", "Ecp", "/ecp/y.js",
		"ServerInfo~a]@EXCH01.example.com:444/ecp/DDI/DDIService.svc/SetObject?schema=ResetOABVirtualDirectory#", "203.0.113.66", "200")
	resetFailed := maps.Clone(reset)
	resetFailed["HttpStatus"] = "500"
	resetFailed["DateTime"] = "2021-03-03T01:06:30.000Z"
	proxyFile := "Logging/HttpProxy/Ecp/HttpProxy_2021030301-1.LOG"
	evidence := func(anchor, status string) Evidence {
		return Evidence{ClientIP: "203.0.113.66", AnchorMailbox: anchor, URLHost: "mail.example.com", URL: "/ecp/y.js",
			RoutingHint: "X-BEResource-Cookie", UserAgent: evil["UserAgent"],
			Status: status, Method: "POST", Protocol: "Ecp"}
	}
	tests := []struct {
		name  string
		files map[string]string
		want  []Finding
	}{
		{"clean", nil, nil},
		{"CVE-2021-26855", map[string]string{proxyFile: httpProxyLog(request("2021-03-03T01:00:00.000Z", "Ecp", "/ecp/", "", "10.0.0.7", "200"), evil)},
			[]Finding{{CVE: CVE26855, Check: CheckServerInfo, File: proxyFile, Line: 7, Time: at("2021-03-03T01:05:09.123Z"), Host: "EXCH01",
				Evidence: evidence(evil["AnchorMailbox"], "200")}}},
		{"CVE-2021-27065 reset", map[string]string{proxyFile: httpProxyLog(reset, resetFailed)},
			[]Finding{
				{CVE: CVE26855, Check: CheckServerInfo, File: proxyFile, Line: 6, Time: at("2021-03-03T01:06:00Z"), Host: "EXCH01",
					Evidence: evidence(reset["AnchorMailbox"], "200")},
				{CVE: CVE26855, Check: CheckServerInfo, File: proxyFile, Line: 7, Time: at("2021-03-03T01:06:30Z"), Host: "EXCH01",
					Evidence: evidence(reset["AnchorMailbox"], "500")},
				{CVE: CVE27065, Check: CheckResetVDir, File: proxyFile, Line: 6, Time: at("2021-03-03T01:06:00Z"), Host: "EXCH01",
					Evidence: evidence(reset["AnchorMailbox"], "200")},
			}},
		{"CVE-2021-27065 set", map[string]string{"Logging/ECP/Server/ECPServer2021030301-1.LOG": ecpServerLog(
			ecpCmd("2021-03-03T01:07:00.000Z", `Set-OabVirtualDirectory.ExternalUrl=''http://f/<script language="JScript" runat="server">function Page_Load(){eval(Request["exec"],"unsafe");}</script>''.Identity=''EXCH01\OAB (Default Web Site)''`))},
			[]Finding{{CVE: CVE27065, Check: CheckSetVDir, File: "Logging/ECP/Server/ECPServer2021030301-1.LOG", Line: 6,
				Time: at("2021-03-03T01:07:00Z"), Host: "EXCH01", Evidence: Evidence{Cmdlet: "Set-OabVirtualDirectory",
					Script: `<script language="JScript" runat="server">function Page_Load(){eval(Request["exec"],"unsafe");}</script>`}}}},
		{"CVE-2021-26858", map[string]string{"Logging/OABGeneratorLog/OABGenerator2021030301-1.LOG": oabLog(
			oabDownload("2021-03-03T01:08:00.000Z", `C:\Program Files\Microsoft\Exchange Server\V15\ClientAccess\OAB\Temp\x.tmp`),
			oabDownload("2021-03-03T01:09:00.000Z", `C:\inetpub\wwwroot\aspnet_client\discover.aspx`),
			oabDownload("2021-03-03T01:10:00.000Z", `C:\Program Files\Microsoft\Exchange Server\V15\ClientAccess\OAB\..\..\FrontEnd\HttpProxy\owa\auth\x.aspx`))},
			[]Finding{
				{CVE: CVE26858, Check: CheckOABDownload, File: "Logging/OABGeneratorLog/OABGenerator2021030301-1.LOG", Line: 7,
					Time: at("2021-03-03T01:09:00Z"), Evidence: Evidence{Path: `C:\inetpub\wwwroot\aspnet_client\discover.aspx`}},
				{CVE: CVE26858, Check: CheckOABDownload, File: "Logging/OABGeneratorLog/OABGenerator2021030301-1.LOG", Line: 8,
					Time: at("2021-03-03T01:10:00Z"), Evidence: Evidence{Path: `C:\Program Files\Microsoft\Exchange Server\V15\ClientAccess\OAB\..\..\FrontEnd\HttpProxy\owa\auth\x.aspx`}},
			}},
		{"CVE-2021-26857 json", map[string]string{"Windows/Logs/Application-2.json": umJSON("2021-03-03T01:11:00.000Z", "MSExchange Unified Messaging", "2", umCast) + "\n"},
			[]Finding{{CVE: CVE26857, Check: CheckUMCast, File: "Windows/Logs/Application-2.json", Line: 1, Time: at("2021-03-03T01:11:00Z"),
				Evidence: Evidence{Provider: "MSExchange Unified Messaging", EventID: "1040", Message: umCast}}}},
		{"CVE-2021-26857 evtx", map[string]string{"Windows/Logs/Application.evtx": string(evtxFile(
			appEvent(41, at("2021-03-03T01:12:00Z"), "MSExchange Unified Messaging", "2", "Worker process recycled."),
			appEvent(42, at("2021-03-03T01:12:30Z"), "MSExchange Unified Messaging", "2", umCast),
			appEvent(43, at("2021-03-03T01:13:00Z"), "MSExchange Unified Messaging", "4", umCast)))},
			[]Finding{{CVE: CVE26857, Check: CheckUMCast, File: "Windows/Logs/Application.evtx", Line: 42, Time: at("2021-03-03T01:12:30Z"),
				Host: "EXCH01.example.com", Evidence: Evidence{Provider: "MSExchange Unified Messaging", EventID: "1040", Message: umCast}}}},
		{"follow-ups", map[string]string{"Windows/Temp/lsass.DMP": "MDMP", "root/lsass.exe.dmp": "MDMP", "ProgramData/VSN/a.7z": "7z",
			"ProgramData/x.RAR": "Rar!", "programdata/Microsoft/Crypto/keys.zip": "PK"},
			[]Finding{
				{Check: CheckLsassDump, File: "Windows/Temp/lsass.DMP", Evidence: Evidence{Path: "Windows/Temp/lsass.DMP", Size: 4}},
				{Check: CheckLsassDump, File: "root/lsass.exe.dmp", Evidence: Evidence{Path: "root/lsass.exe.dmp", Size: 4}},
				{Check: CheckArchive, File: "ProgramData/VSN/a.7z", Evidence: Evidence{Path: "ProgramData/VSN/a.7z", Size: 2}},
				{Check: CheckArchive, File: "ProgramData/x.RAR", Evidence: Evidence{Path: "ProgramData/x.RAR", Size: 4}},
				{Check: CheckArchive, File: "programdata/Microsoft/Crypto/keys.zip", Evidence: Evidence{Path: "programdata/Microsoft/Crypto/keys.zip", Size: 2}},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := tree(t, with(cleanFiles(), tt.files))
			rep, err := Exchange(context.Background(), root, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := relative(t, root, rep.Findings)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			if len(rep.Skipped) > 0 {
				t.Errorf("skipped: %v", rep.Skipped)
			}
		})
	}
}

// relative makes the findings' paths relative to root, with "/", and
// drops the follow-ups' times (the files' modification times).
func relative(t *testing.T, root string, fs []Finding) []Finding {
	t.Helper()
	var out []Finding
	for _, f := range fs {
		rel := func(p string) string {
			r, err := filepath.Rel(root, p)
			if err != nil {
				t.Fatal(err)
			}
			return filepath.ToSlash(r)
		}
		f.File = rel(f.File)
		if f.Line == 0 {
			if f.Time.IsZero() || time.Since(f.Time) > time.Hour {
				t.Errorf("%s: time %v, want the file's modification time", f.File, f.Time)
			}
			f.Time = time.Time{}
			f.Evidence.Path = rel(f.Evidence.Path)
		}
		out = append(out, f)
	}
	return out
}

// TestExchangeLogAge checks the log-age report: every kind Test-ProxyLogon
// reports, with its files, lines and time span, and the kinds not found.
func TestExchangeLogAge(t *testing.T) {
	t.Parallel()
	files := with(cleanFiles(), map[string]string{
		"Logging/HttpProxy/Ecp/HttpProxy_2021022800-1.LOG": httpProxyLog(
			request("2021-02-28T00:00:01.500Z", "Ecp", "/ecp/", "", "10.0.0.7", "200"),
			proxyLine{"DateTime": "yesterday", "ClientIpAddress": "10.0.0.8"}),
		"Logging/HttpProxy/Rest/HttpProxy_2021030300-1.LOG": httpProxyLog(request("2021-03-03T00:00:00Z", "Rest", "/api/", "", "10.0.0.9", "200")),
	})
	root := tree(t, files)
	var malformed []string
	rep, err := Exchange(context.Background(), root, Options{Malformed: func(e *hunt.MalformedError) {
		malformed = append(malformed, e.Msg)
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := []LogAge{
		{Kind: "OABGeneratorLog", Files: 1, Lines: 2, Oldest: at("2021-03-03T02:00:00Z"), Newest: at("2021-03-03T02:00:05Z")},
		{Kind: "ECP/Server", Files: 1, Lines: 2, Oldest: at("2021-03-03T09:10:00Z"), Newest: at("2021-03-03T09:11:00Z")},
		{Kind: "HttpProxy/Autodiscover", Files: 1, Lines: 2, Oldest: at("2021-03-02T08:00:00Z"), Newest: at("2021-03-02T08:00:01Z")},
		{Kind: "HttpProxy/Eas"},
		{Kind: "HttpProxy/Ecp", Files: 2, Lines: 4, Malformed: 1, Oldest: at("2021-02-28T00:00:01.5Z"), Newest: at("2021-03-03T09:00:03Z")},
		{Kind: "HttpProxy/Ews"},
		{Kind: "HttpProxy/Mapi"},
		{Kind: "HttpProxy/Oab"},
		{Kind: "HttpProxy/Owa", Files: 1, Lines: 1, Oldest: at("2021-03-01T07:00:00Z"), Newest: at("2021-03-01T07:00:00Z")},
		{Kind: "HttpProxy/OwaCalendar"},
		{Kind: "HttpProxy/PowerShell"},
		{Kind: "HttpProxy/RpcHttp"},
		{Kind: "Application", Files: 1, Lines: 3, Oldest: at("2021-03-03T10:00:00Z"), Newest: at("2021-03-03T10:00:02Z")},
		{Kind: "HttpProxy/Rest", Files: 1, Lines: 1, Oldest: at("2021-03-03T00:00:00Z"), Newest: at("2021-03-03T00:00:00Z")},
	}
	if diff := cmp.Diff(want, rep.Logs); diff != "" {
		t.Errorf("log ages (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{`bad time "yesterday"`}, malformed); diff != "" {
		t.Errorf("malformed (-want +got):\n%s", diff)
	}
	if len(rep.Findings) != 0 {
		t.Errorf("findings in a clean tree: %v", rep.Findings)
	}
}

// TestExchangeSkipped checks what cannot be read is said, with why, and
// that the rest is still checked.
func TestExchangeSkipped(t *testing.T) {
	t.Parallel()
	root := tree(t, with(cleanFiles(), map[string]string{
		"Windows/Logs/System.evtx":   "not an event log",
		"Windows/Logs/settings.json": "[1, 2]\n",
		"Logging/OABGeneratorLog/OABGenerator2021030301-1.LOG": oabLog(
			oabDownload("2021-03-03T01:09:00.000Z", `\\198.51.100.9\share\x.aspx`)),
	}))
	rep, err := Exchange(context.Background(), root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []Skipped
	for _, s := range rep.Skipped {
		got = append(got, Skipped{Path: filepath.Base(s.Path), Reason: s.Reason})
	}
	want := []Skipped{
		{"System.evtx", "line 1: unrecognised log format"},
		{"settings.json", "not Windows events (read as csv)"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Evidence.Path != `\\198.51.100.9\share\x.aspx` {
		t.Errorf("findings: %v, want the UNC download", rep.Findings)
	}
}

func TestExchangeBadRoot(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "x.log")
	os.WriteFile(file, []byte("x"), 0o644)
	for _, root := range []string{filepath.Join(t.TempDir(), "missing"), file} {
		_, err := Exchange(context.Background(), root, Options{})
		if accord.ErrorCode(err) != accord.EINVALID || !strings.Contains(err.Error(), root) {
			t.Errorf("Exchange(%s) = %v, want an EINVALID error naming it", root, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Exchange(ctx, tree(t, cleanFiles()), Options{}); err != context.Canceled {
		t.Errorf("cancelled: %v", err)
	}
}

// TestExchangeAlsoAndInstall checks Options.Also (the Application log
// collected apart) and Options.InstallPath (an OAB download under another
// install's ClientAccess\OAB is not benign).
func TestExchangeAlsoAndInstall(t *testing.T) {
	t.Parallel()
	root := tree(t, map[string]string{"Logging/OABGeneratorLog/a.log": oabLog(
		oabDownload("2021-03-03T01:09:00.000Z", `D:\Exchange\ClientAccess\OAB\Temp\x.tmp`),
		oabDownload("2021-03-03T01:09:01.000Z", `E:\Other\ClientAccess\OAB\x.aspx`))})
	events := tree(t, map[string]string{"Application.evtx": string(evtxFile(
		appEvent(7, at("2021-03-03T01:12:30Z"), "MSExchange Unified Messaging", "2", umCast)))})
	var mu sync.Mutex
	var done, total int64
	rep, err := Exchange(context.Background(), root, Options{Also: []string{events}, InstallPath: `D:\Exchange\`,
		Progress: func(d, t int64) {
			mu.Lock()
			defer mu.Unlock()
			done, total = max(done, d), t
		}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.CVE+" "+f.Evidence.Path)
	}
	want := []string{"CVE-2021-26857 ", `CVE-2021-26858 E:\Other\ClientAccess\OAB\x.aspx`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if done != total || total < 65536 {
		t.Errorf("progress %d of %d, want all of the two files", done, total)
	}
}

// TestExchangeRoots checks the same tree from an install folder, its
// Logging folder, one HttpProxy folder and a link to the install folder.
func TestExchangeRoots(t *testing.T) {
	t.Parallel()
	base := tree(t, map[string]string{"V15/Logging/HttpProxy/Mapi/HttpProxy_2021030301-1.LOG": httpProxyLog(
		request("2021-03-03T01:05:09.123Z", "Mapi", "/mapi/", "ServerInfo~a]@EXCH01:444/mapi/emsmdb/?#", "203.0.113.66", "200"))})
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(filepath.Join(base, "V15"), link); err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{filepath.Join(base, "V15"), filepath.Join(base, "V15", "Logging"),
		filepath.Join(base, "V15", "Logging", "HttpProxy", "Mapi"), link} {
		rep, err := Exchange(context.Background(), root, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Findings) != 1 || rep.Findings[0].Check != CheckServerInfo || !strings.HasPrefix(rep.Findings[0].File, root) {
			t.Errorf("root %s: findings %v", root, rep.Findings)
		}
		for _, l := range rep.Logs {
			if (l.Kind == "HttpProxy/Mapi") != (l.Files == 1) {
				t.Errorf("root %s: log age %+v", root, l)
			}
		}
	}
}
