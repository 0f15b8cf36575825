package hunt

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// jsonlFuzzSeed adds every sample of dir as a seed.
func jsonlFuzzSeed(f *testing.F, dirs ...string) {
	for _, dir := range dirs {
		paths, _ := filepath.Glob(filepath.Join("testdata", dir, "*"))
		for _, p := range paths {
			if filepath.Ext(p) == ".golden" {
				continue
			}
			if data, err := os.ReadFile(p); err == nil {
				f.Add(data)
			}
		}
	}
}

// jsonlFuzzRead reads all of data, failing on a malformed line numbered
// below 1, a fatal error, or a reader that does not end.
func jsonlFuzzRead(t *testing.T, rd Reader, data []byte) {
	var r Record
	for n := 0; ; n++ {
		if n > len(data)+2 {
			t.Fatalf("more records than lines")
		}
		err := rd.Next(&r)
		if err == io.EOF {
			return
		}
		var me *MalformedError
		if errors.As(err, &me) {
			if me.Line < 1 {
				t.Fatalf("malformed line %d", me.Line)
			}
			continue
		}
		if err != nil {
			t.Fatalf("fatal error %v", err)
		}
		if r.Line < 1 {
			t.Fatalf("record line %d", r.Line)
		}
		for _, fl := range r.Fields {
			if fl.Path == "" {
				t.Fatalf("field without a path")
			}
		}
	}
}

func FuzzZeek(f *testing.F) {
	jsonlFuzzSeed(f, "zeek")
	f.Fuzz(func(t *testing.T, data []byte) { jsonlFuzzRead(t, NewZeek("f", bytes.NewReader(data)), data) })
}

func FuzzWinEvent(f *testing.F) {
	jsonlFuzzSeed(f, "winevent")
	f.Fuzz(func(t *testing.T, data []byte) { jsonlFuzzRead(t, NewWinEvent("f", bytes.NewReader(data)), data) })
}

func FuzzJSONLines(f *testing.F) {
	jsonlFuzzSeed(f, "jsonl", "winevent")
	f.Fuzz(func(t *testing.T, data []byte) { jsonlFuzzRead(t, NewJSONLines("f", bytes.NewReader(data)), data) })
}

func FuzzSyslog(f *testing.F) {
	jsonlFuzzSeed(f, "syslog")
	f.Fuzz(func(t *testing.T, data []byte) { jsonlFuzzRead(t, NewSyslog("f", bytes.NewReader(data)), data) })
}

func FuzzDetect(f *testing.F) {
	jsonlFuzzSeed(f, "zeek", "winevent", "jsonl", "syslog")
	f.Add(evtxTestSample()[:4096])
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Detect("f", data)
		var me *MalformedError
		if err != nil && (!errors.As(err, &me) || me.Line < 1) {
			t.Fatalf("error %v", err)
		}
		if err == nil && got == "" {
			t.Fatal("no format and no error")
		}
		if (got == FormatEvtx) != IsEvtx(data) {
			t.Fatalf("Detect = %q, IsEvtx = %v", got, IsEvtx(data))
		}
	})
}
