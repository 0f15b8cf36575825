package hunt

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
)

func TestDetect(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, head string
		want       Format
	}{
		{"iis", "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n", FormatIIS},
		{"iis fields", "#Version: 1.0\n#Date: 2024-03-01 00:00:00\n#Fields: date time s-ip cs-method\n", FormatIIS},
		{"exchange", "#Software: Microsoft Exchange Server\n#Version: 15.01\n#Log-type: HttpProxy Logs\n", FormatExchange},
		{"exchange log-type", "#Version: 15.01\n#Log-type: HttpProxy Logs\n#Fields: DateTime,RequestId\n", FormatExchange},
		{"zeek tsv", "#separator \\x09\n#set_separator\t,\n", FormatZeek},
		{"zeek json", `{"ts":1588205199.82437,"uid":"Cvf4XX17hSAgXDdGEd","id.orig_h":"10.0.1.6"}` + "\n", FormatZeek},
		{"zeek json cut", `{"@stream":"dns","ts":1588205199.82437,"uid":"Cvf4XX17h`, FormatZeek},
		{"winevent", `{"EventID":4624,"Channel":"Security"}`, FormatWinEvent},
		{"winlogbeat", `{"@timestamp":"2024-03-01T10:00:00Z","winlog":{"event_id":1}}`, FormatWinEvent},
		{"jsonl", "\xEF\xBB\xBF{\"@timestamp\":\"2024-03-01T10:00:00Z\",\"source\":{\"ip\":\"10.0.0.1\"}}", FormatJSONL},
		{"json with ts only", `{"ts":1,"msg":"x"}`, FormatJSONL},
		{"csv", "timestamp,src_ip,dst_ip,url\n2024-03-01,1.2.3.4,5.6.7.8,/\n", FormatCSV},
		{"csv after comment", "# exported\nTimestamp,Source.IP\n", FormatCSV},
		{"csv quoted", "\"Time\",\"Source\",\"Destination\"\r\n", FormatCSV},
		{"syslog pri", "<34>Oct 11 22:14:15 mymachine su: x\n", FormatSyslog},
		{"syslog 5424", "<165>1 2003-10-11T22:14:15.003Z host app - - - msg\n", FormatSyslog},
		{"syslog file", "Mar  1 10:00:00 web01 sshd[1]: x\n", FormatSyslog},
		{"evtx", string(evtxTestSample()[:4096]), FormatEvtx},
		{"evtx magic only", "ElfFile\x00", FormatEvtx}, // NewEvtx reports the header cut short
	}
	for _, tt := range tests {
		got, err := Detect(tt.name, []byte(tt.head))
		if err != nil || got != tt.want {
			t.Errorf("%s: Detect = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
	for _, head := range []string{"", "hello world", "\x00\x01\x02", "a,,b", "Mar 99 10:00:00 x", "ElfFile", "ElfChnk\x00"} {
		_, err := Detect("x.log", []byte(head))
		var me *MalformedError
		if !errors.As(err, &me) || me.Line != 1 || me.File != "x.log" {
			t.Errorf("Detect(%q) error = %v, want a MalformedError on x.log:1", head, err)
		}
	}
}

// TestDetectSamples detects every sample of these readers' testdata.
func TestDetectSamples(t *testing.T) {
	t.Parallel()
	tests := map[string]Format{
		"zeek/conn.log": FormatZeek, "zeek/dns.log": FormatZeek, "zeek/http.log": FormatZeek,
		"zeek/files.log": FormatZeek, "zeek/ssl.log": FormatZeek, "zeek/conn_bad.log": FormatZeek, "zeek/bad.json": FormatZeek,
		"winevent/winlogbeat.json": FormatWinEvent, "jsonl/ecs.json": FormatJSONL,
		"syslog/rfc3164.log": FormatSyslog, "syslog/rfc5424.log": FormatSyslog, "syslog/bad.log": FormatSyslog,
		// the other readers' samples
		"iis/two-fields.log": FormatIIS, "exchange/httpproxy.log": FormatExchange, "csv/events.csv": FormatCSV,
	}
	for file, want := range tests {
		data, err := os.ReadFile(filepath.Join("testdata", filepath.FromSlash(file)))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := Detect(file, data); err != nil || got != want {
			t.Errorf("%s: Detect = %q, %v; want %q", file, got, err, want)
		}
	}
}

func TestDetectSharedIIS(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(sharedtest.Path(t, "data/logs/iis-w3c-tunna-webshell-tunnel.log"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := Detect("iis.log", data[:min(len(data), 4096)]); err != nil || got != FormatIIS {
		t.Errorf("Detect = %q, %v; want iis", got, err)
	}
}
