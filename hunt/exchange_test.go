package hunt

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestExchangeCSVTestdata(t *testing.T) {
	t.Parallel()
	const name = "testdata/exchange/httpproxy.log"
	got, bad := linesReadAll(t, NewExchangeCSV(name, linesOpen(t, name)))
	const hostHdr = "network-traffic:extensions.'http-request-ext'.request_header.Host"
	want := []linesRec{{
		Line: 6, Time: linesTime("2021-03-03T00:01:18.223Z"), Host: "EXCH01",
		Fields: []linesField{
			{"x-exchange:protocol", KindOther, 0, "Owa"},
			{"domain-name:value", KindDomain, 3, "mail.example.com"},
			{hostHdr, KindOther, 0, "mail.example.com"},
			{"user-account:user_id", KindUser, 5, `EXAMPLE\alice`},
			{"x-exchange:anchor_mailbox", KindOther, 0, "SMTP:alice@example.com"},
			{iisTestUA, KindUserAgent, 0, "Mozilla/5.0 (Windows NT 10.0; Win64; x64), like Gecko"},
			{"ipv4-addr:value", KindIPv4, 1, "203.0.113.7"},
			{"network-traffic:src_ref.value", KindIPv4, 0, "203.0.113.7"},
			{"domain-name:value", KindDomain, 7, "EXCH01"},
			{"x-exchange:server_host_name", KindOther, 0, "EXCH01"},
			{"x-exchange:http_status", KindOther, 0, "200"},
			{iisTestMethod, KindOther, 0, "GET"},
			{"x-exchange:target_server", KindOther, 0, "exch01.example.com"},
			{"x-exchange:routing_hint", KindOther, 0, "Cookie-X-BackEndCookie"},
			{"x-exchange:backend_cookie", KindOther, 0, `=Sid~S-1-5-21, "quoted"`},
			{"url:value", KindURL, 4, "/owa/?bO=1"},
			{"network-traffic:extensions.'http-request-ext'.request_value", KindOther, 0, "/owa/?bO=1"},
		},
	}, {
		Line: 7, Time: linesTime("2021-03-03T00:02:45.001Z"), Host: "EXCH01",
		Fields: []linesField{
			{"x-exchange:protocol", KindOther, 0, "Ecp"},
			{"domain-name:value", KindDomain, 3, "mail.example.com"},
			{hostHdr, KindOther, 0, "mail.example.com"},
			{"x-exchange:anchor_mailbox", KindOther, 0, "ServerInfo~a]@localhost:444/autodiscover/autodiscover.xml?#"},
			{iisTestUA, KindUserAgent, 0, "ExchangeServicesClient/0.0.0.0"},
			{"ipv6-addr:value", KindIPv6, 1, "2001:db8::66"},
			{"network-traffic:src_ref.value", KindIPv6, 0, "2001:db8::66"},
			{"domain-name:value", KindDomain, 7, "EXCH01"},
			{"x-exchange:server_host_name", KindOther, 0, "EXCH01"},
			{"x-exchange:http_status", KindOther, 0, "241"},
			{iisTestMethod, KindOther, 0, "POST"},
			{"x-exchange:target_server", KindOther, 0, "localhost"},
			{"x-exchange:routing_hint", KindOther, 0, "X-BEResource-Cookie"},
			{"url:value", KindURL, 4, "/ecp/y.js"},
			{"network-traffic:extensions.'http-request-ext'.request_value", KindOther, 0, "/ecp/y.js"},
		},
	}, {
		Line: 12, Time: linesTime("2021-03-03T00:05:00Z"), Host: "EXCH02",
		Fields: []linesField{
			{"ipv4-addr:value", KindIPv4, 1, "203.0.113.10"},
			{"network-traffic:src_ref.value", KindIPv4, 0, "203.0.113.10"},
			{"domain-name:value", KindDomain, 7, "EXCH02"},
			{"x-exchange:server_host_name", KindOther, 0, "EXCH02"},
			{"url:value", KindURL, 4, "/owa/?a=1"},
			{"network-traffic:extensions.'http-request-ext'.request_value", KindOther, 0, "/owa/?a=1"},
		},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	wantBad := []string{
		name + ":9: a quote inside an unquoted field",
		name + ":10: 3 fields, want 74",
		name + `:11: bad time "yesterday"`,
	}
	if diff := cmp.Diff(wantBad, bad); diff != "" {
		t.Errorf("malformed (-want +got):\n%s", diff)
	}
}

func TestExchangeCSVHeaderRow(t *testing.T) {
	t.Parallel()
	in := "#Software: Microsoft Exchange Server\nDateTime,ClientIpAddress,UrlStem,UrlQuery,HttpStatus\n" +
		"2021-03-03T00:00:00Z,192.0.2.1,/ecp/x.js,,500\n#comment\n"
	got, bad := linesReadAll(t, NewExchangeCSV("x", bytes.NewReader([]byte(in))))
	want := []linesRec{{Line: 3, Time: linesTime("2021-03-03T00:00:00Z"), Fields: []linesField{
		{"ipv4-addr:value", KindIPv4, 1, "192.0.2.1"},
		{"network-traffic:src_ref.value", KindIPv4, 0, "192.0.2.1"},
		{"x-exchange:http_status", KindOther, 0, "500"},
		{"url:value", KindURL, 4, "/ecp/x.js"},
		{"network-traffic:extensions.'http-request-ext'.request_value", KindOther, 0, "/ecp/x.js"},
	}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if len(bad) != 0 {
		t.Errorf("malformed: %v", bad)
	}
}

func FuzzExchangeCSV(f *testing.F) {
	f.Add([]byte("#Fields: DateTime,ClientIpAddress,UrlStem,UrlQuery,UserAgent\n2021-03-03T00:00:00Z,::1,/ecp/y.js,?a,\"x,\"\"y\"\n"))
	f.Add([]byte("DateTime,ServerHostName\n\"2021-03-03T00:00:00Z\",\"a\nb\"\n\"open"))
	f.Fuzz(func(t *testing.T, data []byte) {
		linesFuzz(t, NewExchangeCSV("fuzz", bytes.NewReader(data)), data)
	})
}
