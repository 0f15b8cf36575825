package hunt

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestCSVTestdata(t *testing.T) {
	t.Parallel()
	const name = "testdata/csv/events.csv"
	got, bad := linesReadAll(t, NewCSV(name, linesOpen(t, name), DefaultCSVMapping))
	want := []linesRec{{
		Line: 3, Time: linesTime("2024-05-01T10:00:00Z"),
		Fields: []linesField{
			{"ipv4-addr:value", KindIPv4, 1, "192.0.2.10"},
			{"network-traffic:src_ref.value", KindIPv4, 0, "192.0.2.10"},
			{"ipv6-addr:value", KindIPv6, 2, "2001:db8::2"},
			{"network-traffic:dst_ref.value", KindIPv6, 0, "2001:db8::2"},
			{"domain-name:value", KindDomain, 3, "evil.example.net"},
			{"url:value", KindURL, 4, "http://evil.example.net/a?b=1"},
			{"file:hashes.'SHA-256'", KindHash, 6, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
			{iisTestUA, KindUserAgent, 0, "Mozilla/5.0, x"},
			{"user-account:user_id", KindUser, 5, "bob"},
			{"file:name", KindFileName, 6, "a.exe"},
			{"file:x_path", KindFilePath, 6, `C:\Temp\a.exe`},
		},
	}, {
		Line: 4, Time: linesTime("2024-05-01T10:00:00Z"),
	}, {
		Line: 5, Time: linesTime("2024-05-01T10:00:02Z"),
		Fields: []linesField{
			{"ipv4-addr:value", KindIPv4, 1, "192.0.2.11"},
			{"network-traffic:src_ref.value", KindIPv4, 0, "192.0.2.11"},
			{iisTestUA, KindUserAgent, 0, "multi\nline"},
		},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	wantBad := []string{
		name + ":7: text after a closing quote",
		name + `:8: bad time "not-a-time"`,
		name + ":9: 2 fields, want 11",
	}
	if diff := cmp.Diff(wantBad, bad); diff != "" {
		t.Errorf("malformed (-want +got):\n%s", diff)
	}
}

func TestCSVSplit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
		open bool
		bad  string
	}{
		{"a,b,,c", []string{"a", "b", "", "c"}, false, ""},
		{"", []string{""}, false, ""},
		{`"a,b","c""d",e`, []string{"a,b", `c"d`, "e"}, false, ""},
		{`"",x,""`, []string{"", "x", ""}, false, ""},
		{`a,"b`, nil, true, ""},
		{`a,"b"c`, nil, false, "text after a closing quote"},
		{`a,b"c`, nil, false, "a quote inside an unquoted field"},
		{`"a",`, []string{"a", ""}, false, ""},
	}
	for _, tt := range tests {
		b := []byte(tt.in)
		vals, _, open, bad := csvSplit(b, nil, make([]byte, 0, len(b)))
		var got []string
		for _, v := range vals {
			got = append(got, string(v))
		}
		if open || bad != "" {
			got = nil
		}
		if diff := cmp.Diff(tt.want, got); diff != "" || open != tt.open || bad != tt.bad {
			t.Errorf("csvSplit(%q): open %v bad %q, want %v %q; fields (-want +got):\n%s", tt.in, open, bad, tt.open, tt.bad, diff)
		}
	}
}

func TestCSVParseTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want string // RFC 3339, or "" for an error
	}{
		{"2021-03-03T00:01:18.223Z", "2021-03-03T00:01:18.223Z"},
		{"2021-03-03 00:01:18", "2021-03-03T00:01:18Z"},
		{"2021-03-03T02:01:18+02:00", "2021-03-03T00:01:18Z"},
		{"2021-03-02T23:01:18.5-01:00", "2021-03-03T00:01:18.5Z"},
		{"1614729678", "2021-03-03T00:01:18Z"},
		{"1614729678223", "2021-03-03T00:01:18.223Z"},
		{"2021-03-03T00:01", ""},
		{"2021-03-03X00:01:18", ""},
		{"2021-00-03T00:01:18", ""},
		{"2021-03-03T24:01:18", ""},
		{"2021-03-03T00:01:18.", ""},
		{"2021-03-03T00:01:18+2:00", ""},
		{"12345", ""},
	}
	for _, tt := range tests {
		got, ok := csvParseTime([]byte(tt.in))
		s := ""
		if ok {
			s = got.Format(time.RFC3339Nano)
		}
		if s != tt.want {
			t.Errorf("csvParseTime(%q) = %q, want %q", tt.in, s, tt.want)
		}
	}
}

func TestCSVAllocs(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("time,src_ip,url,user_agent\n")
	for range 2000 {
		b.WriteString(`2024-05-01T10:00:00Z,192.0.2.1,/a?b=1,"Mozilla/5.0 (X11; ""Linux"")"` + "\n")
	}
	rd := NewCSV("x", &b, DefaultCSVMapping)
	var rec Record
	for range 10 {
		if err := rd.Next(&rec); err != nil {
			t.Fatal(err)
		}
	}
	allocs := testing.AllocsPerRun(1000, func() {
		if err := rd.Next(&rec); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per line, want 0", allocs)
	}
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("# c\ntimestamp,src_ip,Dst_IP,url\n1614729678,1.2.3.4,::1,\"/a,b\"\n"))
	f.Add([]byte("a,\"b\nc\n\"x\"\"\",\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		linesFuzz(t, NewCSV("fuzz", bytes.NewReader(data), DefaultCSVMapping), data)
	})
}

// TestCSVOverlongInQuotes checks that a line past lineScannerMax inside a
// quoted field spanning lines makes the record malformed, and that reading
// goes on with the line after it.
func TestCSVOverlongInQuotes(t *testing.T) {
	t.Parallel()
	data := "src_ip,user_agent\n" +
		"192.0.2.1,\"start of a quoted field\n" + strings.Repeat("x", lineScannerMax+10) + "\n" +
		"192.0.2.2,ok\n"
	recs, bad := linesReadAll(t, NewCSV("t.csv", strings.NewReader(data), DefaultCSVMapping))
	if len(bad) != 1 || !strings.Contains(bad[0], "t.csv:2: ") {
		t.Errorf("malformed = %q, want one at line 2", bad)
	}
	if len(recs) != 1 || recs[0].Line != 4 {
		t.Errorf("records = %+v, want the one of line 4", recs)
	}
}
