package hunt

import (
	"strings"
	"testing"

	"github.com/accord-cti/accord/sigma"
	"github.com/google/go-cmp/cmp"
)

// TestSigmaFeed reads the first record of a log of each format and checks
// the event the Sigma engine is given: its source, log and attributes.
func TestSigmaFeed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file string
		format     Format
		log        string
		source     sigma.Source
		logName    string
		want       []string // Name=Value, in order
	}{
		{
			name: "sysmon nxlog", file: "sysmon.json", format: FormatWinEvent, source: sigma.SourceWindows,
			log: `{"EventID":1,"SourceName":"Microsoft-Windows-Sysmon","Channel":"Microsoft-Windows-Sysmon/Operational","Image":"C:\\Windows\\System32\\cmd.exe","CommandLine":"cmd /c \"whoami\""}` + "\n",
			want: []string{`EventID=1`, `Provider_Name=Microsoft-Windows-Sysmon`, `Channel=Microsoft-Windows-Sysmon/Operational`,
				`Image=C:\Windows\System32\cmd.exe`, `CommandLine=cmd /c "whoami"`},
		},
		{
			name: "winlogbeat", file: "beat.json", format: FormatWinEvent, source: sigma.SourceWindows,
			log:  `{"winlog":{"channel":"Security","event_id":4688,"event_data":{"NewProcessName":"C:\\x.exe"}}}` + "\n",
			want: []string{`Channel=Security`, `EventID=4688`, `NewProcessName=C:\x.exe`},
		},
		{
			name: "iis", file: "u_ex210303.log", format: FormatIIS, source: sigma.SourceWebserver,
			log: "#Fields: date time cs-method cs-uri-stem cs-uri-query cs-username c-ip cs(User-Agent) sc-status\n" +
				"2021-03-03 01:05:09 POST /ecp/x.js a=1 - 203.0.113.66 python-requests/2.25.1+(x) 200\n",
			want: []string{`date=2021-03-03`, `time=01:05:09`, `cs-method=POST`, `cs-uri-stem=/ecp/x.js`, `cs-uri-query=a=1`,
				`c-ip=203.0.113.66`, `cs(User-Agent)=python-requests/2.25.1+(x)`, `sc-status=200`},
		},
		{
			name: "exchange", file: "HttpProxy.log", format: FormatExchange, source: sigma.SourceWebserver,
			log: "#Fields: DateTime,Method,UrlStem,UrlQuery,UserAgent\n" +
				`2021-03-03T01:05:09.000Z,POST,/ecp/y.js,"?a=1,b",ExchangeServicesClient/0.0.0.0` + "\n",
			want: []string{`DateTime=2021-03-03T01:05:09.000Z`, `Method=POST`, `UrlStem=/ecp/y.js`, `UrlQuery=?a=1,b`, `UserAgent=ExchangeServicesClient/0.0.0.0`},
		},
		{
			name: "csv", file: "export.csv", format: FormatCSV, source: sigma.SourceOther,
			log:  "src_ip,Note\n192.0.2.1,hello\n",
			want: []string{`src_ip=192.0.2.1`, `Note=hello`},
		},
		{
			name: "zeek tsv", file: "dns.04:00:00-05:00:00.log", format: FormatZeek, source: sigma.SourceZeek, logName: "dns",
			log: "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tdns\n" +
				"#fields\tts\tid.orig_h\tquery\tanswers\trcode_name\n#types\ttime\taddr\tstring\tvector[string]\tstring\n" +
				"1614733509.0\t10.0.0.5\tevil.example\t(empty)\t-\n",
			want: []string{`ts=1614733509.0`, `id.orig_h=10.0.0.5`, `query=evil.example`, `answers=`},
		},
		{
			name: "zeek json", file: "http.log", format: FormatZeek, source: sigma.SourceZeek, logName: "http",
			log:  `{"ts":1614733509.0,"id.orig_h":"10.0.0.5","uri":"/a?b","user_agent":"curl"}` + "\n",
			want: []string{`ts=1614733509.0`, `id.orig_h=10.0.0.5`, `uri=/a?b`, `user_agent=curl`},
		},
		{
			name: "syslog", file: "auth.log", format: FormatSyslog, source: sigma.SourceSyslog,
			log:  "<34>Mar  3 01:05:09 host1 sshd[42]: Failed password for root\n",
			want: []string{`message=<34>Mar  3 01:05:09 host1 sshd[42]: Failed password for root`},
		},
		{
			name: "json lines", file: "app.jsonl", format: FormatJSONL, source: sigma.SourceOther,
			log:  `{"source":{"ip":"192.0.2.9"},"event":{"action":"login","tags":["a","b"]}}` + "\n",
			want: []string{`source.ip=192.0.2.9`, `event.action=login`, `event.tags=a`, `event.tags=b`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			reader, err := NewReader(tt.format, tt.file, strings.NewReader(tt.log))
			if err != nil {
				t.Fatal(err)
			}
			var rec Record
			if err := reader.Next(&rec); err != nil {
				t.Fatal(err)
			}
			feed := newSigmaFeed(reader, "/logs/"+tt.file)
			ev := feed.event(&rec)
			if ev.Source != tt.source || ev.Log != tt.logName || string(ev.Raw) != string(rec.Raw) {
				t.Errorf("source %d log %q raw %q, want %d %q %q", ev.Source, ev.Log, ev.Raw, tt.source, tt.logName, rec.Raw)
			}
			var got []string
			for _, a := range ev.Attrs {
				got = append(got, a.Name+"="+string(a.Value))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("attributes (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSigmaFeedReuses checks that the feed of a Windows log allocates
// nothing per record once its storage has grown.
func TestSigmaFeedReuses(t *testing.T) {
	line := `{"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Image":"C:\\x.exe","CommandLine":"x"}` + "\n"
	reader := NewWinEvent("x.json", strings.NewReader(line))
	var rec Record
	if err := reader.Next(&rec); err != nil {
		t.Fatal(err)
	}
	feed := newSigmaFeed(reader, "x.json")
	feed.event(&rec)
	if n := testing.AllocsPerRun(100, func() { feed.event(&rec) }); n != 0 {
		t.Errorf("%v allocations per record, want 0", n)
	}
}
