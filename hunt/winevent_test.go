package hunt

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/google/go-cmp/cmp"
)

func TestWinEventSamples(t *testing.T) {
	t.Parallel()
	jsonlTestGoldenRun(t, "winevent", NewWinEvent, "winlogbeat.json")
}

func TestWinEventShared(t *testing.T) {
	t.Parallel()
	const file = "covenant_persistwmi_2019-12-05044734.json"
	data, err := os.ReadFile(sharedtest.Path(t, "data/logs/otrf-sysmon/"+file))
	if err != nil {
		t.Fatal(err)
	}
	if f, err := Detect(file, data[:4096]); err != nil || f != FormatWinEvent {
		t.Errorf("Detect = %q, %v; want winevent", f, err)
	}
	recs, bad := jsonlTestRead(t, NewWinEvent(file, bytes.NewReader(data)))
	for _, e := range bad {
		t.Errorf("malformed: %v", e)
	}
	if len(recs) != 1001 {
		t.Fatalf("%d records, want 1001", len(recs))
	}
	for _, r := range recs {
		if r.Time.IsZero() || r.Host == "" {
			t.Fatalf("line %d: no time or host", r.Line)
		}
	}
	utc := func(s string) time.Time { tm, _ := time.Parse(time.RFC3339Nano, s); return tm }
	tests := []struct {
		line int
		host string
		time time.Time
		want []jsonlTestField
	}{
		{10, "ACCT001.shire.com", utc("2019-12-05T04:47:37.394Z"), []jsonlTestField{
			{"file:name", KindFileName, 1, "svchost.exe"},
			{"file:parent_directory_ref.path", KindOther, 1, `C:\Windows\System32`},
			{"file:x_path", KindFilePath, 1, `C:\Windows\System32\svchost.exe`},
			{"process:image_ref.name", KindOther, 0, "svchost.exe"},
			{"x-windows-event:channel", KindOther, 0, "Microsoft-Windows-Sysmon/Operational"},
			{"x-windows-event:event_id", KindOther, 0, "7"},
			{"file:hashes.'SHA-1'", KindHash, 3, "482A6EE89FB6BC005736A7E8587B75D0D4CE556D"},
			{"file:hashes.MD5", KindHash, 3, "6F282FC01643B8320F44149FD429F46B"},
			{"file:hashes.'SHA-256'", KindHash, 3, "F70AEF15A81547DD078E09BE0214116C7529F2DE6500BB1EDF8FB738EC02C98B"},
			{"file:hashes.IMPHASH", KindHash, 3, "48DEBE1B69F6FE17C14E3502DC3A16A1"},
			{"file:name", KindFileName, 3, "npmproxy.dll"},
			{"file:parent_directory_ref.path", KindOther, 3, `C:\Windows\System32`},
			{"file:x_path", KindFilePath, 3, `C:\Windows\System32\npmproxy.dll`},
		}},
		{96, "HFDC01.shire.com", utc("2019-12-05T04:47:40.113Z"), []jsonlTestField{
			{"network-traffic:src_port", KindOther, 4, "49635"},
			{"x-windows-event:channel", KindOther, 0, "Security"},
			{"ipv6-addr:value", KindIPv6, 5, "fe80::44af:a0ee:c7f9:e9ed"},
			{"network-traffic:src_ref.value", KindIPv6, 4, "fe80::44af:a0ee:c7f9:e9ed"},
			{"user-account:user_id", KindUser, 9, "HFDC01$"},
			{"x-windows-event:event_id", KindOther, 0, "4624"},
		}},
		{184, "ACCT001.shire.com", utc("2019-12-05T04:47:37.032Z"), []jsonlTestField{
			{"file:name", KindFileName, 1, "svchost.exe"},
			{"file:parent_directory_ref.path", KindOther, 1, `C:\Windows\System32`},
			{"file:x_path", KindFilePath, 1, `C:\Windows\System32\svchost.exe`},
			{"process:image_ref.name", KindOther, 0, "svchost.exe"},
			{"x-windows-event:channel", KindOther, 0, "Microsoft-Windows-Sysmon/Operational"},
			{"x-windows-event:event_id", KindOther, 0, "22"},
			{"domain-name:resolves_to_refs[*].value", KindIPv4, 7, "23.67.84.128"},
			{"domain-name:value", KindDomain, 7, "cdn.onenote.net"},
		}},
	}
	for _, tt := range tests {
		r := recs[tt.line-1]
		if r.Line != tt.line || r.Host != tt.host || !r.Time.Equal(tt.time) {
			t.Errorf("line %d: got line %d host %q time %v; want host %q time %v", tt.line, r.Line, r.Host, r.Time, tt.host, tt.time)
		}
		if diff := cmp.Diff(tt.want, jsonlTestTyped(r.Fields)); diff != "" {
			t.Errorf("line %d fields (-want +got):\n%s", tt.line, diff)
		}
	}
	// every key is kept by its own name for Sigma
	want := jsonlTestField{"x-event:QueryName", KindOther, 0, "cdn.onenote.net"}
	found := false
	for _, f := range recs[183].Fields {
		found = found || f == want
	}
	if !found {
		t.Errorf("line 184 lacks %v", want)
	}
}

func TestWinEventAllocs(t *testing.T) {
	data, err := os.ReadFile("testdata/winevent/winlogbeat.json")
	if err != nil {
		t.Fatal(err)
	}
	good := bytes.ReplaceAll(data, []byte("not json at all\n"), nil)
	rd := NewWinEvent("w.json", bytes.NewReader(bytes.Repeat(good, 2000)))
	var r Record
	for range 50 {
		if err := rd.Next(&r); err != nil {
			t.Fatal(err)
		}
	}
	if allocs := testing.AllocsPerRun(1000, func() { _ = rd.Next(&r) }); allocs != 0 {
		t.Errorf("%v allocations per line, want 0", allocs)
	}
}
