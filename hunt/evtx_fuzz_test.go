package hunt

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/accord-cti/accord"
	"github.com/google/go-cmp/cmp"
)

// FuzzEvtx reads data as an evtx file: it must end, fail only with
// *MalformedError (or EINVALID at once, when data has no evtx magic), and
// every record must be what NewWinEvent reads from its Raw. The seeds in
// testdata/fuzz/FuzzEvtx are the sample's chunks cut after their records
// (read as found, after a report): all a whole file has to mutate, at a
// tenth of its size, which the fuzzer minimizes in seconds, not minutes.
func FuzzEvtx(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, err := NewEvtx("f.evtx", bytes.NewReader(data))
		if err != nil {
			if IsEvtx(data) || accord.ErrorCode(err) != accord.EINVALID {
				t.Fatalf("NewEvtx: %v", err)
			}
			return
		}
		// a record takes 28 bytes; each chunk may add three errors
		limit := len(data)/evtxRecordMin + 3*(len(data)/evtxChunkSize+1) + 1
		var r, w Record
		for n := 0; ; n++ {
			if n > limit {
				t.Fatal("reader does not end")
			}
			err := rd.Next(&r)
			if err == io.EOF {
				return
			}
			var me *MalformedError
			if errors.As(err, &me) {
				if me.File != "f.evtx" || me.Msg == "" {
					t.Fatalf("malformed %#v", me)
				}
				continue
			}
			if err != nil {
				t.Fatalf("fatal error %v", err)
			}
			if err := NewWinEvent("raw", bytes.NewReader(r.Raw)).Next(&w); err != nil {
				t.Fatalf("NewWinEvent(%q): %v", r.Raw, err)
			}
			got, want := jsonlTestCopy(&r), jsonlTestCopy(&w)
			want.Line = got.Line
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("record %d differs from its Raw %q (-winevent +evtx):\n%s", r.Line, r.Raw, diff)
			}
		}
	})
}
