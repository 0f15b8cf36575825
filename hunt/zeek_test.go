package hunt

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/accord-cti/accord/stix"
	"github.com/google/go-cmp/cmp"
)

func TestZeekSamples(t *testing.T) {
	t.Parallel()
	jsonlTestGoldenRun(t, "zeek", NewZeek, "conn.log", "dns.log", "http.log", "files.log", "ssl.log", "conn_bad.log", "bad.json")
}

func TestZeekMalformed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		records  int
		bad      []int // lines reported malformed
	}{
		{"json", "{\"ts\":1}\n{bad\n{\"ts\":2}\n", 2, []int{2}},
		{"json cut", "{\"ts\":1,\"uid\":\"C", 0, []int{1}},
		{"tsv before fields", "#separator \\x09\n1\t2\n#fields\ta\tb\n1\t2\n1\t2\t3\n", 1, []int{2, 5}},
		{"tsv bad separator", "#separator xyz\n", 0, []int{1}},
		{"blank lines", "\n\n{\"ts\":1}\n\n", 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, bad := jsonlTestRead(t, NewZeek("x.log", strings.NewReader(tt.in)))
			var lines []int
			for _, e := range bad {
				if e.File != "x.log" {
					t.Errorf("File = %q", e.File)
				}
				lines = append(lines, e.Line)
			}
			if len(recs) != tt.records {
				t.Errorf("%d records, want %d", len(recs), tt.records)
			}
			if diff := cmp.Diff(tt.bad, lines); diff != "" {
				t.Errorf("malformed lines (-want +got):\n%s", diff)
			}
		})
	}
}

func TestZeekShared(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file    string
		records int
		line    int              // a record to check
		want    []jsonlTestField // its fields
		time    time.Time
	}{
		{"NASHUA_dns.log", 21, 1, []jsonlTestField{
			{"ipv4-addr:value", KindIPv4, 1, "10.0.1.6"}, {"network-traffic:src_ref.value", KindIPv4, 0, "10.0.1.6"},
			{"network-traffic:src_port", KindOther, 0, "54243"},
			{"ipv4-addr:value", KindIPv4, 2, "10.0.0.4"}, {"network-traffic:dst_ref.value", KindIPv4, 0, "10.0.0.4"},
			{"network-traffic:dst_port", KindPort, 0, "53"}, {"network-traffic:protocols[*]", KindOther, 0, "udp"},
			{"domain-name:value", KindDomain, 3, "newyork.dmevals.local"},
			{"domain-name:resolves_to_refs[*].value", KindIPv4, 3, "10.0.0.4"},
		}, time.Unix(1588205199, 824370000).UTC()},
		{"SCRANTON_conn.log", 134, 0, nil, time.Time{}},
		{"SCRANTON_dns.log", 32, 0, nil, time.Time{}},
		{"SCRANTON_files.log", 69, 1, []jsonlTestField{
			{"file:mime_type", KindOther, 5, "text/ini"},
			{"file:name", KindFileName, 5, "gpt.ini"},
			{"file:x_path", KindFilePath, 5, `dmevals.local\Policies\{31B2F340-016D-11D2-945F-00C04FB984F9}\gpt.ini`},
			{"file:hashes.MD5", KindHash, 5, "cc85d7649546d3c0b1607f761b73fec2"},
			{"file:hashes.'SHA-1'", KindHash, 5, "1a1a10b819f321b91b47d7dd73668406a15992db"},
		}, time.Unix(1588205521, 662286000).UTC()},
		{"SCRANTON_http.log", 62, 2, []jsonlTestField{
			{"ipv4-addr:value", KindIPv4, 1, "10.0.1.4"}, {"network-traffic:src_ref.value", KindIPv4, 0, "10.0.1.4"},
			{"network-traffic:src_port", KindOther, 0, "60759"},
			{"ipv4-addr:value", KindIPv4, 2, "192.168.0.4"}, {"network-traffic:dst_ref.value", KindIPv4, 0, "192.168.0.4"},
			{"network-traffic:dst_port", KindPort, 0, "80"},
			{zeekPathMet, KindOther, 0, "OPTIONS"},
			{zeekPathHdr, KindOther, 0, "192.168.0.4"},
			{"url:value", KindURL, 4, "/webdav"},
			{zeekPathUA, KindUserAgent, 0, "Microsoft-WebDAV-MiniRedir/10.0.18362"},
		}, time.Unix(1588206741, 422844000).UTC()},
		{"SCRANTON_ssl.log", 2, 0, nil, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			p := sharedtest.Path(t, "data/logs/zeek-apt29-day1/"+tt.file)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if f, err := Detect(tt.file, data[:min(len(data), 4096)]); err != nil || f != FormatZeek {
				t.Errorf("Detect = %q, %v; want zeek", f, err)
			}
			recs, bad := jsonlTestRead(t, NewZeek(tt.file, bytes.NewReader(data)))
			for _, e := range bad {
				t.Errorf("malformed: %v", e)
			}
			if len(recs) != tt.records {
				t.Fatalf("%d records, want %d", len(recs), tt.records)
			}
			for _, r := range recs {
				if r.Time.IsZero() || len(r.Fields) == 0 {
					t.Fatalf("line %d: no time or no fields: %+v", r.Line, r)
				}
			}
			if tt.line > 0 {
				r := recs[tt.line-1]
				if diff := cmp.Diff(tt.want, r.Fields); diff != "" {
					t.Errorf("line %d fields (-want +got):\n%s", tt.line, diff)
				}
				if !r.Time.Equal(tt.time) {
					t.Errorf("line %d time %v, want %v", tt.line, r.Time, tt.time)
				}
			}
		})
	}
}

// zeekTestLog generates about size bytes of Zeek conn and http JSON lines.
func zeekTestLog(size int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < size; i++ {
		if i%3 == 0 {
			fmt.Fprintf(&b, `{"ts":%d.%06d,"uid":"CHhAvVGS1DHFjwGM9","id.orig_h":"10.%d.%d.%d","id.orig_p":%d,"id.resp_h":"93.184.%d.%d","id.resp_p":80,"trans_depth":1,"method":"GET","host":"www%d.example.com","uri":"/path/%d/index.php?q=%d","version":"1.1","user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36","request_body_len":0,"response_body_len":%d,"status_code":200,"status_msg":"OK","tags":[],"resp_fuids":["FakNcS1Jfe01uljb3"],"resp_mime_types":["text/html"]}`+"\n",
				1588205198+i, i%1000000, i%256, (i/7)%256, (i/13)%256, 1024+i%60000, i%256, (i/3)%256, i%5000, i, i%77, i%100000)
		} else {
			fmt.Fprintf(&b, `{"ts":%d.%06d,"uid":"Cw1Hz43UWS4qXFei8f","id.orig_h":"10.%d.%d.%d","id.orig_p":%d,"id.resp_h":"192.0.%d.%d","id.resp_p":443,"proto":"tcp","service":"ssl","duration":1.0015780925750732,"orig_bytes":%d,"resp_bytes":%d,"conn_state":"SF","missed_bytes":0,"history":"ShADadFf","orig_pkts":12,"orig_ip_bytes":1067,"resp_pkts":10,"resp_ip_bytes":8383,"tunnel_parents":[]}`+"\n",
				1588205198+i, i%1000000, i%256, (i/7)%256, (i/13)%256, 1024+i%60000, i%256, (i/3)%256, i%9000, i%90000)
		}
	}
	return b.Bytes()
}

func BenchmarkZeekJSON(b *testing.B) {
	data := zeekTestLog(50 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var r Record
	for b.Loop() {
		rd := NewZeek("bench.log", bytes.NewReader(data))
		for rd.Next(&r) == nil {
		}
	}
}

// zeekTestWant is the projection of BenchmarkZeekJSONProjected: the paths
// a list of addresses, domains, URLs and SHA-256 hashes makes the engine
// look up.
func zeekTestWant(p string) bool {
	return p == "ipv4-addr:value" || p == "domain-name:value" || p == "url:value" || p == "file:hashes.'SHA-256'"
}

func BenchmarkZeekJSONProjected(b *testing.B) {
	data := zeekTestLog(50 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var r Record
	for b.Loop() {
		rd := NewZeek("bench.log", bytes.NewReader(data))
		rd.(Projector).Project(zeekTestWant)
		for rd.Next(&r) == nil {
		}
	}
}

func BenchmarkZeekTSV(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n" +
		"#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\n" +
		"#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\n")
	for i := 0; buf.Len() < 10<<20; i++ {
		fmt.Fprintf(&buf, "%d.%06d\tC%d\t10.0.%d.%d\t%d\t192.0.2.%d\t443\ttcp\tssl\t1.25\n", 1588205198+i, i%1000000, i, i%256, (i/256)%256, 1024+i%60000, i%256)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var r Record
	for b.Loop() {
		rd := NewZeek("bench.log", bytes.NewReader(data))
		for rd.Next(&r) == nil {
		}
	}
}

// TestZeekAllocs checks that a line costs no allocation once the record
// and the reader's buffers have grown.
func TestZeekAllocs(t *testing.T) {
	data := zeekTestLog(4 << 20)
	tsv, _ := os.ReadFile("testdata/zeek/http.log")
	tsvBody := tsv[:bytes.LastIndex(tsv, []byte("#close"))]
	for i := 0; i < 12; i++ {
		tsvBody = append(tsvBody, tsvBody[bytes.Index(tsvBody, []byte("1709287205.25")):]...)
		if len(tsvBody) > 4<<20 {
			break
		}
	}
	for name, in := range map[string][]byte{"json": data, "tsv": tsvBody} {
		rd := NewZeek("a.log", bytes.NewReader(in))
		var r Record
		for range 100 {
			if err := rd.Next(&r); err != nil {
				t.Fatal(err)
			}
		}
		allocs := testing.AllocsPerRun(1000, func() {
			if err := rd.Next(&r); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per line, want 0", name, allocs)
		}
	}
}

// BenchmarkZeekStixParse measures accord's STIX JSON parser over the same
// log, the alternative to jsonlScanner: it builds a tree per line.
func BenchmarkZeekStixParse(b *testing.B) {
	data := zeekTestLog(50 << 20)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		for line := range bytes.Lines(data) {
			if _, err := stix.ParseShared(line); err != nil {
				b.Fatal(err)
			}
		}
	}
}
