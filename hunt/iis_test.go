package hunt

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/google/go-cmp/cmp"
)

const (
	iisTestUA     = "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'"
	iisTestMethod = "network-traffic:extensions.'http-request-ext'.request_method"
)

func TestIISTestdata(t *testing.T) {
	t.Parallel()
	const name = "testdata/iis/two-fields.log"
	got, bad := linesReadAll(t, NewIIS(name, linesOpen(t, name)))
	want := []linesRec{{
		Line: 5, Time: linesTime("2021-03-02T00:00:01Z"),
		Fields: []linesField{
			{"ipv4-addr:value", KindIPv4, 2, "10.0.0.5"},
			{"network-traffic:dst_ref.value", KindIPv4, 0, "10.0.0.5"},
			{iisTestMethod, KindOther, 0, "GET"},
			{"network-traffic:dst_port", KindPort, 0, "443"},
			{"ipv4-addr:value", KindIPv4, 1, "203.0.113.7"},
			{"network-traffic:src_ref.value", KindIPv4, 0, "203.0.113.7"},
			{iisTestUA, KindUserAgent, 0, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"},
			{"x-iis:sc-status", KindOther, 0, "200"},
			{"x-iis:time-taken", KindOther, 0, "15"},
			{"url:value", KindURL, 4, "/owa/auth/logon.aspx?url=%2fowa&reason=0"},
			{"network-traffic:extensions.'http-request-ext'.request_value", KindOther, 0, "/owa/auth/logon.aspx?url=%2fowa&reason=0"},
		},
	}, {
		Line: 6, Time: linesTime("2021-03-02T00:00:02Z"),
		Fields: []linesField{
			{"ipv4-addr:value", KindIPv4, 2, "10.0.0.5"},
			{"network-traffic:dst_ref.value", KindIPv4, 0, "10.0.0.5"},
			{iisTestMethod, KindOther, 0, "POST"},
			{"network-traffic:dst_port", KindPort, 0, "443"},
			{"user-account:user_id", KindUser, 5, `CORP\alice`},
			{"ipv6-addr:value", KindIPv6, 1, "2001:db8::1"},
			{"network-traffic:src_ref.value", KindIPv6, 0, "2001:db8::1"},
			{iisTestUA, KindUserAgent, 0, "python-requests/2.25.1"},
			{"network-traffic:extensions.'http-request-ext'.request_header.Referer", KindOther, 0, "https://mail.example.com/owa/"},
			{"x-iis:sc-status", KindOther, 0, "200"},
			{"x-iis:time-taken", KindOther, 0, "3"},
			{"url:value", KindURL, 4, "/aspnet_client/shell.aspx"},
			{"network-traffic:extensions.'http-request-ext'.request_value", KindOther, 0, "/aspnet_client/shell.aspx"},
		},
	}, {
		Line: 13, Time: linesTime("2021-03-03T23:59:59.25Z"), Host: "EXCH01",
		Fields: []linesField{
			{"x-iis:s-computername", KindOther, 0, "EXCH01"},
			{"domain-name:value", KindDomain, 3, "mail.example.com"},
			{"network-traffic:extensions.'http-request-ext'.request_header.Host", KindOther, 0, "mail.example.com"},
			{"ipv4-addr:value", KindIPv4, 1, "198.51.100.9"},
			{"network-traffic:src_ref.value", KindIPv4, 0, "198.51.100.9"},
			{"x-iis:sc-status", KindOther, 0, "404"},
			{"url:value", KindURL, 4, "/ecp/y.js"},
			{"network-traffic:extensions.'http-request-ext'.request_value", KindOther, 0, "/ecp/y.js"},
		},
	}, {
		Line: 14, Time: linesTime("2021-03-03T12:00:00Z"), Host: "EXCH01",
		Fields: []linesField{
			{"x-iis:s-computername", KindOther, 0, "EXCH01"},
			{"ipv4-addr:value", KindIPv4, 1, "198.51.100.10"},
			{"network-traffic:src_ref.value", KindIPv4, 0, "198.51.100.10"},
			{"x-iis:sc-status", KindOther, 0, "200"},
		},
	}, {
		Line: 16,
		Fields: []linesField{
			{"ipv4-addr:value", KindIPv4, 1, "192.0.2.1"},
			{"network-traffic:src_ref.value", KindIPv4, 0, "192.0.2.1"},
		},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	wantBad := []string{
		name + ":8: 8 fields, want 13",
		name + `:9: bad date "2021-13-02"`,
		name + `:10: bad time "00:61:04"`,
	}
	if diff := cmp.Diff(wantBad, bad); diff != "" {
		t.Errorf("malformed (-want +got):\n%s", diff)
	}
}

func TestIISMalformed(t *testing.T) {
	t.Parallel()
	const fields = "#Fields: date time c-ip\n"
	tests := []struct {
		name string
		in   string
		recs int
		bad  []string
	}{
		{"data before fields", "2021-01-01 00:00:00 1.2.3.4\n" + fields + "2021-01-01 00:00:00 1.2.3.4\n", 1,
			[]string{"x:1: data before any #Fields directive"}},
		{"too many", fields + "2021-01-01 00:00:00 1.2.3.4 extra\n2021-01-01 00:00:00 1.2.3.4", 1,
			[]string{"x:2: more than 3 fields"}},
		{"double space", fields + "2021-01-01  00:00:00 1.2.3.4\n", 0,
			[]string{"x:2: more than 3 fields"}},
		{"overlong line", fields + strings.Repeat("a", lineScannerMax+1) + "\n2021-01-01 00:00:00 1.2.3.4\n", 1,
			[]string{fmt.Sprintf("x:2: line longer than %d bytes", lineScannerMax)}},
		{"long line read", fields + "2021-01-01 00:00:00 " + strings.Repeat("1", 600<<10) + "\n", 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			recs, bad := linesReadAll(t, NewIIS("x", strings.NewReader(tt.in)))
			if len(recs) != tt.recs {
				t.Errorf("%d records, want %d", len(recs), tt.recs)
			}
			if diff := cmp.Diff(tt.bad, bad); diff != "" {
				t.Errorf("malformed (-want +got):\n%s", diff)
			}
		})
	}
}

// TestIISSharedLog reads a real IIS log of a Tunna webshell tunnel: 4308
// lines, of which 9 directives, 1 empty and 4298 requests.
func TestIISSharedLog(t *testing.T) {
	t.Parallel()
	path := sharedtest.Path(t, "data/logs/iis-w3c-tunna-webshell-tunnel.log")
	recs, bad := linesReadAll(t, NewIIS("tunna.log", linesOpen(t, path)))
	if len(bad) != 0 {
		t.Errorf("%d malformed lines, first %s", len(bad), bad[0])
	}
	if len(recs) != 4298 {
		t.Errorf("%d records, want 4298", len(recs))
	}
	want := linesRec{Line: 7, Time: linesTime("2019-09-03T10:13:36Z"), Fields: []linesField{
		{"ipv4-addr:value", KindIPv4, 2, "10.0.2.15"},
		{"network-traffic:dst_ref.value", KindIPv4, 0, "10.0.2.15"},
		{iisTestMethod, KindOther, 0, "GET"},
		{"network-traffic:dst_port", KindPort, 0, "80"},
		{"ipv4-addr:value", KindIPv4, 1, "10.0.2.17"},
		{"network-traffic:src_ref.value", KindIPv4, 0, "10.0.2.17"},
		{"x-iis:sc-status", KindOther, 0, "200"},
		{"x-iis:sc-substatus", KindOther, 0, "0"},
		{"x-iis:sc-win32-status", KindOther, 0, "0"},
		{"x-iis:time-taken", KindOther, 0, "7"},
		{"url:value", KindURL, 4, "/erp/conn.aspx?proxy&port=3389&ip=127.0.0.1"},
		{"network-traffic:extensions.'http-request-ext'.request_value", KindOther, 0, "/erp/conn.aspx?proxy&port=3389&ip=127.0.0.1"},
	}}
	if len(recs) > 0 {
		if diff := cmp.Diff(want, recs[0]); diff != "" {
			t.Errorf("first record (-want +got):\n%s", diff)
		}
	}
}

// iisTestLog generates about size bytes of realistic IIS log.
func iisTestLog(size int) []byte {
	var b bytes.Buffer
	b.WriteString("#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n" +
		"#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n")
	uas := []string{
		"Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/120.0.0.0+Safari/537.36",
		"Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.5095;+Pro)", "python-requests/2.31.0", "-",
	}
	stems := []string{"/owa/auth/logon.aspx", "/ecp/default.aspx", "/EWS/Exchange.asmx", "/mapi/emsmdb/", "/Microsoft-Server-ActiveSync/default.eas"}
	queries := []string{"-", "replaceCurrent=1&url=https%3a%2f%2fmail.example.com%2fowa%2f", "-", "Cmd=Ping&User=alice&DeviceId=ABC123&DeviceType=iPhone"}
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "2024-05-%02d %02d:%02d:%02d 10.0.0.5 %s %s %s 443 %s 203.0.%d.%d %s %s %d 0 0 %d\r\n",
			1+i/86400%28, i/3600%24, i/60%60, i%60, []string{"GET", "POST"}[i%2], stems[i%len(stems)],
			queries[i%len(queries)], []string{"-", `EXAMPLE\alice`, "bob@example.com"}[i%3], i/256%256, i%256,
			uas[i%len(uas)], []string{"-", "https://mail.example.com/owa/"}[i%2], []int{200, 302, 401, 404}[i%4], i%997)
	}
	return b.Bytes()
}

func TestIISAllocs(t *testing.T) {
	data := iisTestLog(1 << 20)
	rd := NewIIS("x", bytes.NewReader(data))
	var rec Record
	for range 100 { // grow the record and buffers
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

func BenchmarkIIS(b *testing.B) {
	data := iisTestLog(50 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var rec Record
	for b.Loop() {
		rd := NewIIS("bench.log", bytes.NewReader(data))
		n := 0
		for {
			err := rd.Next(&rec)
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n += len(rec.Fields)
		}
		if n == 0 {
			b.Fatal("no fields")
		}
	}
}

func FuzzIIS(f *testing.F) {
	f.Add([]byte("#Fields: date time c-ip cs(User-Agent) cs-uri-stem cs-uri-query\n2021-01-01 00:00:00 1.2.3.4 a+b / q\n"))
	f.Add([]byte("#Fields: c-ip\r\n::1\r\n#Fields: s-computername time date\r\nh 25:00:00 2021-01-01\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		linesFuzz(t, NewIIS("fuzz", bytes.NewReader(data)), data)
	})
}

// TestIISSplit reads short logs of lines of 1 to 24 fields of 0 to 9
// bytes, spaces packed up to eight in eight bytes, some with the wrong
// number of fields, and compares the fields and errors with iisNaive's:
// read whole, the lines come from the index (lineSpaces); read a byte at
// a time, from the line scanner (split).
func TestIISSplit(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for range 3000 {
		cols := 1 + rng.IntN(24)
		var b strings.Builder
		fmt.Fprintf(&b, "#Fields:%s\n", strings.Repeat(" x", cols))
		for range 1 + rng.IntN(6) {
			n := cols
			if rng.IntN(4) == 0 { // the wrong count: too few or too many fields
				n = max(1, n+rng.IntN(5)-2)
			}
			fields := make([]string, n)
			for i := range fields {
				fields[i] = strings.Repeat("-", rng.IntN(10)*rng.IntN(2))
			}
			b.WriteString(strings.Join(fields, " ") + "\n")
		}
		log := []byte(b.String())
		want := iisNaive(log)
		if diff := cmp.Diff(want, iisSplitAll(t, bytes.NewReader(log))); diff != "" {
			t.Fatalf("%q (-want +got):\n%s", log, diff)
		}
		if diff := cmp.Diff(want, iisSplitAll(t, iotest.OneByteReader(bytes.NewReader(log)))); diff != "" {
			t.Fatalf("%q a byte at a time (-want +got):\n%s", log, diff)
		}
	}
}

// TestIISHasColon compares iisHasColon with bytes.IndexByte on values of
// every length up to 20 with a colon at every place, or none.
func TestIISHasColon(t *testing.T) {
	for n := 0; n <= 20; n++ {
		for at := -1; at < n; at++ {
			v := []byte(strings.Repeat("1", n))
			if at >= 0 {
				v[at] = ':'
			}
			if got, want := iisHasColon(v), bytes.IndexByte(v, ':') >= 0; got != want {
				t.Errorf("iisHasColon(%q) = %v, want %v", v, got, want)
			}
		}
	}
}

// TestIISSame compares iisSame with bytes.Equal on values of every length
// up to 20 that differ in one byte, at every place, or not at all.
func TestIISSame(t *testing.T) {
	for n := 0; n <= 20; n++ {
		a := []byte(strings.Repeat("2", n))
		for at := -1; at < n; at++ {
			b := bytes.Clone(a)
			if at >= 0 {
				b[at] = '3'
			}
			if got, want := iisSame(a, b), bytes.Equal(a, b); got != want {
				t.Errorf("iisSame(%q, %q) = %v, want %v", a, b, got, want)
			}
		}
		if n > 0 && iisSame(a, a[:n-1]) {
			t.Errorf("iisSame(%q, %q) = true", a, a[:n-1])
		}
	}
}
