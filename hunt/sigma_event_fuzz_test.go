package hunt

import (
	"bytes"
	"io"
	"testing"
)

// sigmaFuzzFormats are the formats FuzzSigmaFeed reads its input as.
var sigmaFuzzFormats = []Format{FormatWinEvent, FormatIIS, FormatExchange, FormatCSV, FormatZeek, FormatSyslog, FormatJSONL}

// FuzzSigmaFeed reads any input as each log format and builds the Sigma
// event of every record: it must not panic, and every attribute must be
// named and be a value of the record's line (or of its reader's scratch
// space, for unescaped JSON strings, which are no longer than the line).
func FuzzSigmaFeed(f *testing.F) {
	f.Add(uint8(0), []byte(`{"EventID":1,"Image":"C:\\x.exe","winlog":{"channel":"Security"}}`+"\n"))
	f.Add(uint8(1), []byte("#Fields: date time cs-method cs-uri-stem\n2021-03-03 01:05:09 POST /a\n"))
	f.Add(uint8(2), []byte("#Fields: DateTime,UrlStem\n2021-03-03T01:05:09Z,\"/a,b\"\n"))
	f.Add(uint8(4), []byte("#separator \\x09\n#fields\tts\tquery\n1.0\tx.example\n"))
	f.Add(uint8(4), []byte(`{"ts":1.0,"query":"x\u0041"}`+"\n"))
	f.Add(uint8(6), []byte(`{"a":{"b":[1,"x\"y"]}}`+"\n"))
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		format := sigmaFuzzFormats[int(which)%len(sigmaFuzzFormats)]
		reader, err := NewReader(format, "fuzz.log", bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		feed := newSigmaFeed(reader, "fuzz.log")
		var rec Record
		for n := 0; n < 1000; n++ {
			err := reader.Next(&rec)
			if err == io.EOF {
				return
			}
			if err != nil {
				if _, ok := err.(*MalformedError); ok {
					continue
				}
				return
			}
			ev := feed.event(&rec)
			for _, a := range ev.Attrs {
				if a.Name == "" {
					t.Fatalf("an attribute without a name in %q", rec.Raw)
				}
				if len(a.Value) > len(rec.Raw) {
					t.Fatalf("attribute %s = %q longer than its line %q", a.Name, a.Value, rec.Raw)
				}
			}
		}
	})
}
