package hunt

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestJSONLinesSamples(t *testing.T) {
	t.Parallel()
	jsonlTestGoldenRun(t, "jsonl", NewJSONLines, "ecs.json")
}

func TestJSONLinesNestedAndFlat(t *testing.T) {
	t.Parallel()
	want := []jsonlTestField{
		{"ipv4-addr:value", KindIPv4, 1, "192.0.2.1"}, {"network-traffic:src_ref.value", KindIPv4, 0, "192.0.2.1"},
		{"network-traffic:dst_port", KindPort, 0, "8443"},
	}
	for _, in := range []string{
		`{"source":{"ip":"192.0.2.1"},"destination":{"port":8443}}`,
		`{"source.ip":"192.0.2.1","destination.port":8443}`,
		`{"source":{"ip":"192.0.2.1"},"destination.port":"8443"}`,
		` { "source" : { "ip" : "\u0031\u0039\u0032.0.2.1" } , "destination" : { "port" : 8443 } } `,
	} {
		recs, bad := jsonlTestRead(t, NewJSONLines("x", strings.NewReader(in)))
		if len(bad) != 0 || len(recs) != 1 {
			t.Fatalf("%s: %d records, malformed %v", in, len(recs), bad)
		}
		if diff := cmp.Diff(want, recs[0].Fields); diff != "" {
			t.Errorf("%s (-want +got):\n%s", in, diff)
		}
	}
}

func TestJSONLTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"1588205199.82437", time.Unix(1588205199, 824370000).UTC(), true},
		{"1588205199", time.Unix(1588205199, 0).UTC(), true},
		{"2019-12-05T04:47:36.046Z", time.Date(2019, 12, 5, 4, 47, 36, 46000000, time.UTC), true},
		{"2019-12-05 04:47:34.019", time.Date(2019, 12, 5, 4, 47, 34, 19000000, time.UTC), true},
		{"2024-03-01T10:00:00+01:00", time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC), true},
		{"2024-03-01T10:00:00-0530", time.Date(2024, 3, 1, 15, 30, 0, 0, time.UTC), true},
		{"2024-13-01T10:00:00Z", time.Time{}, false},
		{"1.5e9", time.Time{}, false},
		{"1767225600.000206", time.Unix(1767225600, 206000).UTC(), true},
		{"1767225600.99999999", time.Unix(1767225600, 999999990).UTC(), true},
		{"1767225600.123456789", time.Unix(1767225600, 123456789).UTC(), true},
		{"1767225600.1", time.Unix(1767225600, 100000000).UTC(), true},
		{"1767225600.", time.Unix(1767225600, 0).UTC(), true},
		{"176722560012.5", time.Unix(176722560012, 500000000).UTC(), true},
		{"1767225600.00a206", time.Time{}, false},
		{"17672256/0.000206", time.Time{}, false},
		{"176722560:.000206", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := jsonlTime([]byte(tt.in))
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("jsonlTime(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestJSONLIPKind(t *testing.T) {
	t.Parallel()
	tests := map[string]Kind{
		"10.0.0.1": KindIPv4, "255.255.255.255": KindIPv4, "256.1.1.1": KindOther, "1.2.3": KindOther,
		"1.2.3.4.5": KindOther, "01.2.3.4": KindIPv4, "::1": KindIPv6, "::": KindIPv6, "2001:db8::1": KindIPv6,
		"fe80::44af:a0ee:c7f9:e9ed": KindIPv6, "::ffff:1.2.3.4": KindIPv6, "1:2:3:4:5:6:7:8": KindIPv6,
		"1:2:3:4:5:6:7": KindOther, "12:34:56": KindOther, "1::2::3": KindOther, "example.com": KindOther, "": KindOther,
	}
	for in, want := range tests {
		if got := jsonlIPKind([]byte(in)); got != want {
			t.Errorf("jsonlIPKind(%q) = %v, want %v", in, got, want)
		}
	}
}

func FuzzJSONLEpoch(f *testing.F) {
	for _, s := range []string{"1767225600.000206", "1767225600.1", "1767225600.12345678", "17672256001.5", "1767225600.00a206"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		sec, nsec, ok := jsonlEpochWords(b)
		if !ok {
			return
		}
		if bsec, bnsec, bok := jsonlEpochBytes(b); !bok || bsec != sec || bnsec != nsec {
			t.Fatalf("%q: words read %d.%09d, bytes %d.%09d (%v)", b, sec, nsec, bsec, bnsec, bok)
		}
	})
}

// jsonlTestIPv4 is jsonlIPv4 byte by byte, to check it against.
func jsonlTestIPv4(b []byte) bool {
	parts, n, digits := 0, 0, 0
	for i := 0; i <= len(b); i++ {
		if i == len(b) || b[i] == '.' {
			if digits == 0 || n > 255 {
				return false
			}
			parts++
			n, digits = 0, 0
			continue
		}
		c := b[i]
		if c < '0' || c > '9' || digits == 3 {
			return false
		}
		n, digits = n*10+int(c-'0'), digits+1
	}
	return parts == 4
}

func TestJSONLIPv4(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	alpha := []byte("0123456789....259a/:\x00\xae")
	for i := range 200000 {
		b := make([]byte, rng.IntN(18), 32)
		for j := range b {
			b[j] = alpha[rng.IntN(len(alpha))]
		}
		if i%2 == 0 {
			b = fmt.Appendf(b[:0], "%d.%d.%d.%d", rng.IntN(300), rng.IntN(300), rng.IntN(1000), rng.IntN(260))
		}
		for _, in := range [][]byte{b, bytes.Clone(b)[:len(b):len(b)]} {
			if got, want := jsonlIPv4(in), jsonlTestIPv4(in); got != want {
				t.Fatalf("jsonlIPv4(%q) = %v, want %v", in, got, want)
			}
		}
	}
}

func FuzzJSONLIPv4(f *testing.F) {
	for _, s := range []string{"10.0.0.1", "255.255.255.255", "256.1.1.1", "1.2.3", "01.2.3.4", "1..2.3", "1.2.3.4."} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := jsonlIPv4(b), jsonlTestIPv4(b); got != want {
			t.Fatalf("jsonlIPv4(%q) = %v, want %v", b, got, want)
		}
	})
}

func TestJSONLinesAllocs(t *testing.T) {
	data, err := os.ReadFile("testdata/jsonl/ecs.json")
	if err != nil {
		t.Fatal(err)
	}
	good := data[:bytes.Index(data, []byte(`{"broken"`))]
	rd := NewJSONLines("e.json", bytes.NewReader(bytes.Repeat(good, 5000)))
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

func TestJSONLLongLine(t *testing.T) {
	t.Parallel()
	long := `{"url.full":"http://x/` + strings.Repeat("a", 200<<10) + `"}`
	in := long + "\n" + `{"url.full":"http://y/"}` + "\n"
	recs, bad := jsonlTestRead(t, NewJSONLines("x", strings.NewReader(in)))
	if len(bad) != 0 || len(recs) != 2 || len(recs[0].Fields[0].Value) != len(long)-len(`{"url.full":""}`) || recs[1].Line != 2 {
		t.Errorf("long line: %d records, %v", len(recs), bad)
	}
}
