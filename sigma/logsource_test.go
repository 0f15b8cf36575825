package sigma

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// lsKV is an attribute in a form cmp.Diff prints readably.
type lsKV struct{ N, V string }

func lsKVs(attrs []Attr) []lsKV {
	out := make([]lsKV, len(attrs))
	for i, a := range attrs {
		out[i] = lsKV{a.Name, string(a.Value)}
	}
	return out
}

func lsAttrs(pairs ...string) []Attr {
	out := make([]Attr, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, Attr{Name: pairs[i], Value: []byte(pairs[i+1])})
	}
	return out
}

func lsWin(cat, service string) Logsource {
	return Logsource{Product: "windows", Category: cat, Service: service}
}

type routeCase struct {
	name string
	ev   Event
	ls   []Logsource
	// attrs is the whole of Routed.Attrs when set; else extra is what
	// follows the event's attributes, kept as they are.
	attrs []lsKV
	extra []lsKV
}

var routeCases = []routeCase{
	{
		name: "sysmon 1 evtx",
		ev: Event{Source: SourceWindows, Attrs: lsAttrs("Provider.Name", "Microsoft-Windows-Sysmon", "EventID", "1",
			"Channel", "Microsoft-Windows-Sysmon/Operational", "Computer", "WS01", "Image", `C:\x.exe`)},
		ls:    []Logsource{lsWin("process_creation", "sysmon")},
		extra: []lsKV{{"Provider_Name", "Microsoft-Windows-Sysmon"}},
	},
	{
		name: "security 4688 nxlog",
		ev: Event{Source: SourceWindows, Attrs: lsAttrs("EventID", "4688", "SourceName", "Microsoft-Windows-Security-Auditing",
			"Channel", "Security", "Hostname", "DC01", "SubjectUserName", "alice", "SubjectLogonId", "0x3e7",
			"NewProcessId", "0x1a2c", "NewProcessName", `C:\Windows\System32\cmd.exe`, "ProcessId", "0x10c",
			"CommandLine", "cmd /c whoami", "ParentProcessName", `C:\Windows\explorer.exe`, "MandatoryLabel", "S-1-16-12288")},
		ls: []Logsource{lsWin("process_creation", "security")},
		attrs: []lsKV{
			{"EventID", "4688"}, {"SourceName", "Microsoft-Windows-Security-Auditing"}, {"Channel", "Security"},
			{"Hostname", "DC01"}, {"SubjectUserName", "alice"}, {"SubjectLogonId", "0x3e7"}, {"NewProcessId", "0x1a2c"},
			{"NewProcessName", `C:\Windows\System32\cmd.exe`}, {"ParentProcessId", "0x10c"}, {"CommandLine", "cmd /c whoami"},
			{"ParentProcessName", `C:\Windows\explorer.exe`}, {"MandatoryLabel", "S-1-16-12288"},
			{"Provider_Name", "Microsoft-Windows-Security-Auditing"}, {"Computer", "DC01"},
			{"User", "alice"}, {"LogonId", "0x3e7"}, {"ProcessId", "0x1a2c"}, {"Image", `C:\Windows\System32\cmd.exe`},
			{"ParentImage", `C:\Windows\explorer.exe`}, {"IntegrityLevel", "S-1-16-12288"},
		},
	},
	{
		name: "powershell 4104 winlogbeat",
		ev: Event{Source: SourceWindows, Attrs: lsAttrs("winlog.channel", "Microsoft-Windows-PowerShell/Operational",
			"winlog.event_id", "4104", "winlog.provider_name", "Microsoft-Windows-PowerShell",
			"winlog.computer_name", "WS02", "ScriptBlockText", "IEX (New-Object Net.WebClient)", "Path", "")},
		ls: []Logsource{lsWin("ps_script", "powershell")},
		extra: []lsKV{{"EventID", "4104"}, {"Channel", "Microsoft-Windows-PowerShell/Operational"},
			{"Provider_Name", "Microsoft-Windows-PowerShell"}, {"Computer", "WS02"}},
	},
	{
		name:  "powershell core 4103",
		ev:    Event{Source: SourceWindows, Attrs: lsAttrs("EventID", "4103", "Channel", "PowerShellCore/Operational", "Payload", "x")},
		ls:    []Logsource{lsWin("ps_module", "powershell")},
		extra: []lsKV{},
	},
	{
		name: "windows powershell 400",
		ev: Event{Source: SourceWindows, Attrs: lsAttrs("EventID", "400", "Channel", "Windows PowerShell",
			"param1", "Available", "param2", "None", "param3", "HostName=ConsoleHost")},
		ls:    []Logsource{lsWin("ps_classic_start", "powershell-classic")},
		extra: []lsKV{{"Data", "Available"}, {"Data", "None"}, {"Data", "HostName=ConsoleHost"}},
	},
	{
		name:  "windows powershell 403 has no category",
		ev:    Event{Source: SourceWindows, Attrs: lsAttrs("EventID", "403", "Channel", "Windows PowerShell", "param1", "Stopped")},
		ls:    []Logsource{lsWin("", "powershell-classic")},
		extra: []lsKV{},
	},
	{
		name:  "sysmon 12 CreateKey",
		ev:    Event{Source: SourceWindows, Attrs: lsAttrs("EventID", "12", "Channel", "Microsoft-Windows-Sysmon/Operational", "EventType", "CreateKey")},
		ls:    []Logsource{lsWin("registry_add", "sysmon"), lsWin("registry_event", "sysmon")},
		extra: []lsKV{},
	},
	{
		name:  "sysmon 12 DeleteValue",
		ev:    Event{Source: SourceWindows, Attrs: lsAttrs("EventID", "12", "Channel", "Microsoft-Windows-Sysmon/Operational", "EventType", "DeleteValue")},
		ls:    []Logsource{lsWin("registry_delete", "sysmon"), lsWin("registry_event", "sysmon")},
		extra: []lsKV{},
	},
	{
		name: "sysmon 12 EventType overwritten by nxlog",
		ev:   Event{Source: SourceWindows, Attrs: lsAttrs("EventID", "12", "Channel", "Microsoft-Windows-Sysmon/Operational", "EventType", "INFO")},
		ls: []Logsource{lsWin("registry_add", "sysmon"), lsWin("registry_delete", "sysmon"),
			lsWin("registry_event", "sysmon")},
		extra: []lsKV{},
	},
	{
		name:  "sysmon 26",
		ev:    Event{Source: SourceWindows, Attrs: lsAttrs("EventID", "26", "Channel", "microsoft-windows-sysmon/operational")},
		ls:    []Logsource{lsWin("file_delete", "sysmon"), lsWin("file_delete_detected", "sysmon")},
		extra: []lsKV{},
	},
	{
		name:  "sysmon 255",
		ev:    Event{Source: SourceWindows, Attrs: lsAttrs("EventID", "255", "Channel", "Microsoft-Windows-Sysmon/Operational")},
		ls:    []Logsource{lsWin("sysmon_error", "sysmon")},
		extra: []lsKV{},
	},
	{
		name:  "lower-case security channel",
		ev:    Event{Source: SourceWindows, Attrs: lsAttrs("EventID", "4624", "Channel", "security", "LogonType", "3")},
		ls:    []Logsource{lsWin("", "security")},
		extra: []lsKV{},
	},
	{
		name:  "canonical name wins over exporter's",
		ev:    Event{Source: SourceWindows, Attrs: lsAttrs("winlog.event_id", "1", "EventID", "4688", "winlog.channel", "System", "Channel", "Security")},
		ls:    []Logsource{lsWin("process_creation", "security")},
		extra: []lsKV{},
	},
	{
		name:  "no channel: service from provider",
		ev:    Event{Source: SourceWindows, Attrs: lsAttrs("EventID", "4688", "ProviderName", "microsoft-windows-security-auditing", "NewProcessName", "a.exe")},
		ls:    []Logsource{lsWin("process_creation", "security")},
		extra: []lsKV{{"Provider_Name", "microsoft-windows-security-auditing"}, {"Image", "a.exe"}},
	},
	{
		name:  "unknown channel",
		ev:    Event{Source: SourceWindows, Attrs: lsAttrs("EventID", "1", "Channel", "Microsoft-Windows-Foo/Operational")},
		ls:    []Logsource{lsWin("", "")},
		extra: []lsKV{},
	},
	{
		name:  "event id not a number",
		ev:    Event{Source: SourceWindows, Attrs: lsAttrs("EventID", "1x", "Channel", "Microsoft-Windows-Sysmon/Operational")},
		ls:    []Logsource{lsWin("", "sysmon")},
		extra: []lsKV{},
	},
	{
		name: "iis",
		ev: Event{Source: SourceWebserver, Attrs: lsAttrs("date", "2019-09-03", "time", "10:13:36", "s-ip", "10.0.2.15",
			"cs-method", "GET", "cs-uri-stem", "/erp/conn.aspx", "cs-uri-query", "proxy&port=3389", "c-ip", "10.0.2.17",
			"cs(User-Agent)", "Mozilla/5.0", "cs(Referer)", "http://x/", "sc-status", "200")},
		ls: []Logsource{{Category: "webserver"}},
		attrs: []lsKV{{"date", "2019-09-03"}, {"time", "10:13:36"}, {"s-ip", "10.0.2.15"}, {"cs-method", "GET"},
			{"cs-uri-stem", "/erp/conn.aspx"}, {"cs-uri-query", "/erp/conn.aspx?proxy&port=3389"}, {"c-ip", "10.0.2.17"},
			{"cs(User-Agent)", "Mozilla/5.0"}, {"cs(Referer)", "http://x/"}, {"sc-status", "200"},
			{"cs-user-agent", "Mozilla/5.0"}, {"cs-referer", "http://x/"}},
	},
	{
		name: "exchange httpproxy",
		ev: Event{Source: SourceWebserver, Attrs: lsAttrs("DateTime", "2021-03-03T00:01:18.223Z", "Protocol", "Ecp",
			"UrlHost", "mail.example.com", "UrlStem", "/ecp/y.js", "AuthenticatedUser", "", "UserAgent", "ExchangeServicesClient/0.0.0.0",
			"ClientIpAddress", "203.0.113.9", "ServerHostName", "EX01", "HttpStatus", "241", "Method", "POST",
			"UrlQuery", "?a=b")},
		ls: []Logsource{{Category: "webserver"}},
		extra: []lsKV{{"cs-host", "mail.example.com"}, {"cs-uri-stem", "/ecp/y.js"}, {"cs-username", ""},
			{"cs-user-agent", "ExchangeServicesClient/0.0.0.0"}, {"c-ip", "203.0.113.9"}, {"s-computername", "EX01"},
			{"sc-status", "241"}, {"cs-method", "POST"}, {"cs-uri-query", "/ecp/y.js?a=b"}},
	},
	{
		name: "zeek dns underscored",
		ev: Event{Source: SourceZeek, Log: "dns", Attrs: lsAttrs("id_orig_h", "10.0.1.4", "id_resp_p", "53",
			"query", "wpad.dmevals.local", "qtype_name", "TXT", "answers", "10.0.0.4", "answers", "10.0.0.5")},
		ls: []Logsource{{Product: "zeek", Category: "dns", Service: "dns"}},
		extra: []lsKV{{"id.orig_h", "10.0.1.4"}, {"id.resp_p", "53"}, {"record_type", "TXT"},
			{"answer", "10.0.0.4"}, {"answer", "10.0.0.5"}},
	},
	{
		name: "zeek http",
		ev: Event{Source: SourceZeek, Log: "http", Attrs: lsAttrs("id.orig_h", "10.0.1.4", "id.resp_h", "192.168.0.4",
			"id.resp_p", "80", "method", "GET", "host", "192.168.0.4", "uri", "/a/b.php?x=1.2", "user_agent", "curl",
			"status_code", "200", "referrer", "http://r/")},
		ls: []Logsource{{Product: "zeek", Category: "proxy", Service: "http"}, {Product: "zeek", Category: "webserver", Service: "http"}},
		extra: []lsKV{{"src_ip", "10.0.1.4"}, {"c-ip", "10.0.1.4"}, {"dst_ip", "192.168.0.4"}, {"s-ip", "192.168.0.4"},
			{"dst_port", "80"}, {"s-port", "80"}, {"cs-method", "GET"}, {"cs-host", "192.168.0.4"}, {"r-dns", "192.168.0.4"},
			{"c-uri", "/a/b.php?x=1.2"}, {"cs-uri", "/a/b.php?x=1.2"}, {"c-uri-stem", "/a/b.php"}, {"c-uri-query", "x=1.2"},
			{"c-uri-extension", "php"}, {"cs-uri-stem", "/a/b.php"}, {"cs-uri-query", "/a/b.php?x=1.2"},
			{"c-useragent", "curl"}, {"cs-user-agent", "curl"}, {"sc-status", "200"},
			{"cs-referrer", "http://r/"}, {"cs-referer", "http://r/"}},
	},
	{
		name: "zeek http uri without query nor extension",
		ev:   Event{Source: SourceZeek, Log: "http", Attrs: lsAttrs("uri", "/v1.2/webdav")},
		ls:   []Logsource{{Product: "zeek", Category: "proxy", Service: "http"}, {Product: "zeek", Category: "webserver", Service: "http"}},
		extra: []lsKV{{"c-uri", "/v1.2/webdav"}, {"cs-uri", "/v1.2/webdav"}, {"c-uri-stem", "/v1.2/webdav"},
			{"cs-uri-stem", "/v1.2/webdav"}, {"cs-uri-query", "/v1.2/webdav"}},
	},
	{
		name:  "zeek conn",
		ev:    Event{Source: SourceZeek, Log: "conn", Attrs: lsAttrs("id.orig_h", "10.0.1.4", "proto", "tcp")},
		ls:    []Logsource{{Product: "zeek", Service: "conn"}},
		extra: []lsKV{},
	},
	{
		name:  "zeek unnamed log with a query",
		ev:    Event{Source: SourceZeek, Attrs: lsAttrs("ts", "1", "query", "a.example")},
		ls:    []Logsource{{Product: "zeek", Category: "dns", Service: "dns"}},
		extra: []lsKV{},
	},
	{
		name:  "zeek upper-case log name",
		ev:    Event{Source: SourceZeek, Log: "SMB_Files", Attrs: lsAttrs("name", "x")},
		ls:    []Logsource{{Product: "zeek", Service: "smb_files"}},
		extra: []lsKV{},
	},
	{
		name:  "syslog sshd",
		ev:    Event{Source: SourceSyslog, Log: "sshd[1234]", Attrs: lsAttrs("msg", "Accepted password")},
		ls:    []Logsource{{Product: "linux", Service: "syslog"}, {Product: "linux", Service: "sshd"}, {Product: "linux", Service: "auth"}},
		extra: []lsKV{},
	},
	{
		name:  "syslog cron from attr",
		ev:    Event{Source: SourceSyslog, Attrs: lsAttrs("program", "/usr/sbin/CRON:")},
		ls:    []Logsource{{Product: "linux", Service: "syslog"}, {Product: "linux", Service: "cron"}},
		extra: []lsKV{},
	},
	{
		name:  "syslog su",
		ev:    Event{Source: SourceSyslog, Log: "su"},
		ls:    []Logsource{{Product: "linux", Service: "syslog"}, {Product: "linux", Service: "auth"}},
		extra: []lsKV{},
	},
	{
		name:  "syslog other program",
		ev:    Event{Source: SourceSyslog, Log: "kernel"},
		ls:    []Logsource{{Product: "linux", Service: "syslog"}},
		extra: []lsKV{},
	},
	{
		name:  "other",
		ev:    Event{Source: SourceOther, Attrs: lsAttrs("Image", "x", "uri", "/y")},
		ls:    []Logsource{{}},
		extra: []lsKV{},
	},
}

func TestRoute(t *testing.T) {
	t.Parallel()
	r := NewRouter()
	var dst Routed
	for _, tc := range routeCases {
		r.Route(&tc.ev, &dst)
		if diff := cmp.Diff(tc.ls, dst.Logsources); diff != "" {
			t.Errorf("%s: logsources (-want +got):\n%s", tc.name, diff)
		}
		want := tc.attrs
		if want == nil {
			want = append(lsKVs(tc.ev.Attrs), tc.extra...)
		}
		if diff := cmp.Diff(want, lsKVs(dst.Attrs)); diff != "" {
			t.Errorf("%s: attrs (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestRouteShares checks that aliases share their values with the event's
// attributes rather than copying them.
func TestRouteShares(t *testing.T) {
	t.Parallel()
	r := NewRouter()
	var dst Routed
	for _, tc := range routeCases {
		r.Route(&tc.ev, &dst)
		for _, a := range dst.Attrs {
			if a.Name == "cs-uri-query" && tc.ev.Source == SourceWebserver {
				continue // the stem and query joined (joinTarget): TestRoute checks it
			}
			if len(a.Value) > 0 && !lsWithin(a.Value, tc.ev.Attrs) {
				t.Errorf("%s: %s=%q is not a part of an attribute of the event", tc.name, a.Name, a.Value)
			}
		}
	}
}

func lsWithin(v []byte, attrs []Attr) bool {
	for _, a := range attrs {
		for i := 0; i+len(v) <= len(a.Value); i++ {
			if &a.Value[i] == &v[0] {
				return true
			}
		}
	}
	return false
}

func TestRouteNoAlloc(t *testing.T) {
	if routeRaceEnabled {
		t.Skip("the race detector allocates")
	}
	r := NewRouter()
	var dst Routed
	for _, tc := range routeCases {
		r.Route(&tc.ev, &dst) // grow dst
	}
	for _, tc := range routeCases {
		n := testing.AllocsPerRun(20, func() { r.Route(&tc.ev, &dst) })
		if n != 0 {
			t.Errorf("%s: %v allocations per Route", tc.name, n)
		}
	}
}

func TestCovers(t *testing.T) {
	t.Parallel()
	ev := Logsource{Product: "windows", Category: "process_creation", Service: "sysmon"}
	for _, tc := range []struct {
		rule Logsource
		want bool
	}{
		{Logsource{}, true},
		{Logsource{Product: "windows"}, true},
		{Logsource{Product: "windows", Category: "process_creation"}, true},
		{Logsource{Product: "windows", Service: "sysmon"}, true},
		{ev, true},
		{Logsource{Product: "windows", Service: "security"}, false},
		{Logsource{Product: "linux", Category: "process_creation"}, false},
		{Logsource{Category: "image_load"}, false},
		{Logsource{Product: "Windows"}, false}, // rules are lower-cased by the loader
	} {
		if got := ev.Covers(tc.rule); got != tc.want {
			t.Errorf("%+v.Covers(%+v) = %v, want %v", ev, tc.rule, got, tc.want)
		}
	}
	if (Logsource{}).Covers(Logsource{Product: "windows"}) {
		t.Error("the empty logsource is covered by a rule for product windows")
	}
}

func TestRoutedCovers(t *testing.T) {
	t.Parallel()
	d := Routed{Logsources: []Logsource{
		{Product: "zeek", Category: "proxy", Service: "http"}, {Product: "zeek", Category: "webserver", Service: "http"},
	}}
	for _, tc := range []struct {
		rule Logsource
		want bool
	}{
		{Logsource{Category: "webserver"}, true},
		{Logsource{Category: "proxy"}, true},
		{Logsource{Product: "zeek", Service: "http"}, true},
		{Logsource{Product: "zeek", Service: "dns"}, false},
		{Logsource{Category: "dns"}, false},
	} {
		if got := d.Covers(tc.rule); got != tc.want {
			t.Errorf("Covers(%+v) = %v, want %v", tc.rule, got, tc.want)
		}
	}
}

func TestKnown(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		rule Logsource
		want bool
	}{
		{Logsource{}, true},
		{Logsource{Product: "windows"}, true},
		{Logsource{Product: "Windows", Category: "Process_Creation"}, true},
		{Logsource{Product: "windows", Category: "ps_script"}, true},
		{Logsource{Product: "windows", Category: "registry_rename"}, true},
		{Logsource{Product: "windows", Service: "msexchange-management"}, true},
		{Logsource{Product: "windows", Service: "dns-client"}, true},
		{Logsource{Category: "webserver"}, true},
		{Logsource{Category: "proxy"}, true},
		{Logsource{Category: "dns"}, true},
		{Logsource{Product: "zeek", Service: "kerberos"}, true},
		{Logsource{Product: "zeek", Service: "http"}, true},
		{Logsource{Product: "linux"}, true},
		{Logsource{Product: "linux", Service: "sshd"}, true},
		{Logsource{Product: "linux", Service: "auth"}, true},
		{Logsource{Product: "windows", Category: "file_access"}, false},
		{Logsource{Product: "windows", Category: "webserver"}, false},
		{Logsource{Product: "windows", Service: "security", Category: "ps_script"}, false},
		{Logsource{Product: "linux", Category: "process_creation"}, false},
		{Logsource{Product: "linux", Service: "auditd"}, false},
		{Logsource{Product: "aws", Service: "cloudtrail"}, false},
		{Logsource{Category: "firewall"}, false},
		{Logsource{Product: "zeek", Service: "nosuchlog"}, false},
	} {
		if got := Known(tc.rule); got != tc.want {
			t.Errorf("Known(%+v) = %v, want %v", tc.rule, got, tc.want)
		}
	}
}

// TestKnownMatchesRoute checks that every logsource Known accepts is one
// Route gives some event, by routing an event built for each Windows
// channel and Sysmon event id.
func TestKnownMatchesRoute(t *testing.T) {
	t.Parallel()
	r := NewRouter()
	got := map[Logsource]bool{}
	var dst Routed
	route := func(ev Event) {
		r.Route(&ev, &dst)
		for _, ls := range dst.Logsources {
			got[ls] = true
		}
	}
	for _, c := range windowsChannels {
		for _, id := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16",
			"17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "255", "400", "600", "800",
			"4103", "4104", "4688"} {
			route(Event{Source: SourceWindows, Attrs: lsAttrs("EventID", id, "Channel", c.channel)})
		}
	}
	route(Event{Source: SourceWindows})
	for l := range zeekLogs {
		route(Event{Source: SourceZeek, Log: l})
	}
	route(Event{Source: SourceWebserver})
	for _, p := range syslogPrograms {
		route(Event{Source: SourceSyslog, Log: p.name})
	}
	route(Event{Source: SourceOther})
	want := map[Logsource]bool{}
	for _, ls := range routable {
		want[ls] = true
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("routable (-want) and what Route gives (+got) differ:\n%s", diff)
	}
}

// TestScanWindowsNames checks that scanWindows has a case for every name
// its filter lets through.
func TestScanWindowsNames(t *testing.T) {
	t.Parallel()
	for _, name := range winSystemNameList {
		s := scanWindows(lsAttrs(name, "1"))
		if s.eventID != 0 && s.channel != 0 && s.provider != 0 && s.computer != 0 && s.eventType != 0 {
			t.Errorf("scanWindows does not find %s", name)
		}
	}
}
