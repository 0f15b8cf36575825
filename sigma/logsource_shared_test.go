package sigma

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/google/go-cmp/cmp"
)

// lsFlatJSON returns the members of a JSON object as attributes, in order:
// nested objects by dotted path, each element of an array under the
// array's name, numbers as written, null left out.
func lsFlatJSON(tb testing.TB, line []byte) []Attr {
	tb.Helper()
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var out []Attr
	if err := lsFlatValue(dec, "", &out); err != nil {
		tb.Fatalf("%s: %v", line, err)
	}
	return out
}

func lsFlatValue(dec *json.Decoder, name string, out *[]Attr) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch v := tok.(type) {
	case json.Delim:
		return lsFlatComposite(dec, name, v, out)
	case string:
		*out = append(*out, Attr{Name: name, Value: []byte(v)})
	case json.Number:
		*out = append(*out, Attr{Name: name, Value: []byte(v)})
	case bool:
		s := "false"
		if v {
			s = "true"
		}
		*out = append(*out, Attr{Name: name, Value: []byte(s)})
	}
	return nil
}

func lsFlatComposite(dec *json.Decoder, name string, d json.Delim, out *[]Attr) error {
	for dec.More() {
		child := name
		if d == '{' {
			tok, err := dec.Token()
			if err != nil {
				return err
			}
			if child != "" {
				child += "."
			}
			child += tok.(string)
		}
		if err := lsFlatValue(dec, child, out); err != nil {
			return err
		}
	}
	_, err := dec.Token()
	return err
}

// TestRouteOTRF routes the first event of each channel and event id of
// the real Security-Datasets (nxlog) export.
func TestRouteOTRF(t *testing.T) {
	t.Parallel()
	path := sharedtest.Path(t, "data/logs/otrf-sysmon/covenant_persistwmi_2019-12-05044734.json")
	sysmon := "Microsoft-Windows-Sysmon/Operational"
	want := map[[2]string][]Logsource{
		{sysmon, "3"}:  {lsWin("network_connection", "sysmon")},
		{sysmon, "7"}:  {lsWin("image_load", "sysmon")},
		{sysmon, "9"}:  {lsWin("raw_access_thread", "sysmon")},
		{sysmon, "10"}: {lsWin("process_access", "sysmon")},
		{sysmon, "11"}: {lsWin("file_event", "sysmon")},
		{sysmon, "12"}: {lsWin("registry_add", "sysmon"), lsWin("registry_delete", "sysmon"), lsWin("registry_event", "sysmon")},
		{sysmon, "13"}: {lsWin("registry_set", "sysmon"), lsWin("registry_event", "sysmon")},
		{sysmon, "18"}: {lsWin("pipe_created", "sysmon")},
		{sysmon, "19"}: {lsWin("wmi_event", "sysmon")},
		{sysmon, "20"}: {lsWin("wmi_event", "sysmon")},
		{sysmon, "21"}: {lsWin("wmi_event", "sysmon")},
		{sysmon, "22"}: {lsWin("dns_query", "sysmon")},
	}
	for _, id := range []string{"5857", "5859", "5861"} {
		want[[2]string{"Microsoft-Windows-WMI-Activity/Operational", id}] = []Logsource{lsWin("", "wmi")}
	}
	for _, id := range []string{"4624", "4627", "4634", "4648", "4672", "4673", "4703", "4769", "5140", "5145", "5156", "5158"} {
		want[[2]string{"Security", id}] = []Logsource{lsWin("", "security")}
		want[[2]string{"security", id}] = []Logsource{lsWin("", "security")}
	}
	r := NewRouter()
	var dst Routed
	seen := map[[2]string]bool{}
	lsEachLine(t, path, func(line []byte) {
		ev := Event{Source: SourceWindows, Attrs: lsFlatJSON(t, line)}
		ch, _ := ev.Get("Channel")
		id, _ := ev.Get("EventID")
		key := [2]string{string(ch), string(id)}
		if seen[key] {
			return
		}
		seen[key] = true
		r.Route(&ev, &dst)
		if diff := cmp.Diff(want[key], dst.Logsources); diff != "" {
			t.Errorf("%v: logsources (-want +got):\n%s", key, diff)
		}
		// nxlog names the provider SourceName and the computer Hostname.
		src, _ := ev.Get("SourceName")
		host, _ := ev.Get("Hostname")
		wantAttrs := append(lsKVs(ev.Attrs), lsKV{"Provider_Name", string(src)}, lsKV{"Computer", string(host)})
		if diff := cmp.Diff(wantAttrs, lsKVs(dst.Attrs)); diff != "" {
			t.Errorf("%v: attrs (-want +got):\n%s", key, diff)
		}
	})
	for key := range want {
		if key[0] != "security" && key[0] != "Security" && !seen[key] {
			t.Errorf("no event %v in the export", key)
		}
	}
}

func lsEachLine(tb testing.TB, path string, f func(line []byte)) {
	tb.Helper()
	file, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) > 0 {
			f(sc.Bytes())
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
}

// TestRouteZeekShared routes the first event of each of the APT29
// evaluation's Zeek logs (JSON with underscored id fields).
func TestRouteZeekShared(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file, log string
		ls        []Logsource
		extra     []string // the names of the aliases
	}{
		{"SCRANTON_dns.log", "dns", []Logsource{{Product: "zeek", Category: "dns", Service: "dns"}},
			[]string{"id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "record_type", "answer"}},
		{"SCRANTON_http.log", "http", []Logsource{{Product: "zeek", Category: "proxy", Service: "http"}, {Product: "zeek", Category: "webserver", Service: "http"}},
			[]string{"id.orig_h", "src_ip", "c-ip", "id.orig_p", "id.resp_h", "dst_ip", "s-ip", "id.resp_p", "dst_port", "s-port",
				"cs-method", "cs-host", "r-dns", "c-uri", "cs-uri", "c-uri-stem", "cs-uri-stem", "cs-uri-query",
				"cs-version", "c-useragent", "cs-user-agent", "sc-status"}},
		{"SCRANTON_conn.log", "conn", []Logsource{{Product: "zeek", Service: "conn"}},
			[]string{"id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p"}},
		{"SCRANTON_ssl.log", "ssl", []Logsource{{Product: "zeek", Service: "ssl"}},
			[]string{"id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p"}},
	} {
		path := sharedtest.Path(t, "data/logs/zeek-apt29-day1/"+tc.file)
		var line []byte
		lsEachLine(t, path, func(l []byte) {
			if line == nil {
				line = append([]byte(nil), l...)
			}
		})
		ev := Event{Source: SourceZeek, Log: tc.log, Attrs: lsFlatJSON(t, line)}
		var dst Routed
		NewRouter().Route(&ev, &dst)
		if diff := cmp.Diff(tc.ls, dst.Logsources); diff != "" {
			t.Errorf("%s: logsources (-want +got):\n%s", tc.file, diff)
		}
		var got []string
		for _, a := range dst.Attrs[len(ev.Attrs):] {
			got = append(got, a.Name)
		}
		if diff := cmp.Diff(tc.extra, got); diff != "" {
			t.Errorf("%s: aliases (-want +got):\n%s", tc.file, diff)
		}
	}
}

// TestRouteWebShared routes the first request of the real IIS log and of
// hunt's Exchange HttpProxy sample.
func TestRouteWebShared(t *testing.T) {
	t.Parallel()
	iis := sharedtest.Path(t, "data/logs/iis-w3c-tunna-webshell-tunnel.log")
	var fields []string
	var ev Event
	lsEachLine(t, iis, func(line []byte) {
		s := string(line)
		if f, ok := strings.CutPrefix(s, "#Fields: "); ok {
			fields = strings.Fields(f)
		}
		if ev.Attrs != nil || strings.HasPrefix(s, "#") {
			return
		}
		ev = Event{Source: SourceWebserver, Attrs: []Attr{}}
		for i, v := range strings.Fields(s) {
			if v != "-" {
				ev.Attrs = append(ev.Attrs, Attr{Name: fields[i], Value: []byte(v)})
			}
		}
	})
	var dst Routed
	r := NewRouter()
	r.Route(&ev, &dst)
	web := []Logsource{{Category: "webserver"}}
	if diff := cmp.Diff(web, dst.Logsources); diff != "" {
		t.Errorf("iis: logsources (-want +got):\n%s", diff)
	}
	if q, _ := ev.Get("cs-uri-query"); string(q) != "proxy&port=3389&ip=127.0.0.1" {
		t.Errorf("iis: cs-uri-query = %q", q)
	}
	want := lsKVs(ev.Attrs)
	for i := range want {
		if want[i].N == "cs-uri-query" {
			want[i].V = "/erp/conn.aspx?" + want[i].V // the request target joined (joinTarget)
		}
	}
	if diff := cmp.Diff(want, lsKVs(dst.Attrs)); diff != "" {
		t.Errorf("iis: attrs (-want +got):\n%s", diff)
	}

	ev = lsHTTPProxyEvent(t, "../hunt/testdata/exchange/httpproxy.log")
	r.Route(&ev, &dst)
	if diff := cmp.Diff(web, dst.Logsources); diff != "" {
		t.Errorf("httpproxy: logsources (-want +got):\n%s", diff)
	}
	got := map[string]string{}
	for _, a := range dst.Attrs[len(ev.Attrs):] {
		got[a.Name] = string(a.Value)
	}
	for _, n := range [][2]string{{"c-ip", "ClientIpAddress"}, {"cs-host", "UrlHost"}, {"cs-uri-stem", "UrlStem"},
		{"cs-user-agent", "UserAgent"}, {"cs-method", "Method"}, {"sc-status", "HttpStatus"}} {
		v, _ := ev.Get(n[1])
		if got[n[0]] != string(v) || len(v) == 0 {
			t.Errorf("httpproxy: %s = %q, want %s's %q", n[0], got[n[0]], n[1], v)
		}
	}
}

// lsHTTPProxyEvent reads the first request of an Exchange HttpProxy log.
func lsHTTPProxyEvent(tb testing.TB, path string) Event {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var header []string
	rd := csv.NewReader(bytes.NewReader(data))
	rd.FieldsPerRecord = -1
	rd.LazyQuotes = true
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			tb.Fatalf("%s: no request", path)
		}
		if err != nil {
			tb.Fatal(err)
		}
		if f, ok := strings.CutPrefix(rec[0], "#Fields: "); ok {
			header = append([]string{f}, rec[1:]...)
			continue
		}
		if strings.HasPrefix(rec[0], "#") || header == nil {
			continue
		}
		ev := Event{Source: SourceWebserver}
		for i, v := range rec {
			if v != "" && i < len(header) {
				ev.Attrs = append(ev.Attrs, Attr{Name: header[i], Value: []byte(v)})
			}
		}
		return ev
	}
}
