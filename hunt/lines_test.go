package hunt

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// linesField and linesRec are copies of a Field and a Record that outlive
// the reader's next call, for comparing.
type linesField struct {
	Path  string
	Kind  Kind
	Obj   int
	Value string
}

type linesRec struct {
	Line   int
	Time   time.Time
	Host   string
	Fields []linesField
}

func linesCopy(r *Record) linesRec {
	c := linesRec{Line: r.Line, Time: r.Time, Host: r.Host}
	for _, f := range r.Fields {
		c.Fields = append(c.Fields, linesField{f.Path, f.Kind, f.Obj, string(f.Value)})
	}
	return c
}

// linesReadAll reads rd to the end, returning its records and the
// "file:line: msg" of its malformed lines; any other error fails t.
func linesReadAll(t testing.TB, rd Reader) (recs []linesRec, bad []string) {
	t.Helper()
	var rec Record
	for {
		err := rd.Next(&rec)
		var me *MalformedError
		switch {
		case err == io.EOF:
			return recs, bad
		case errors.As(err, &me):
			bad = append(bad, me.Error())
		case err != nil:
			t.Fatalf("Next: %v", err)
		default:
			recs = append(recs, linesCopy(&rec))
		}
	}
}

// linesOpen opens a file of testdata.
func linesOpen(t testing.TB, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func linesTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// linesFuzz reads data to the end with rd, checking that it never panics,
// never loops and that every malformed line is numbered.
func linesFuzz(t *testing.T, rd Reader, data []byte) {
	var rec Record
	lines := strings.Count(string(data), "\n") + 1
	for i := 0; ; i++ {
		if i > lines+1 {
			t.Fatalf("more than %d records or errors from %d lines", i, lines)
		}
		err := rd.Next(&rec)
		if err == io.EOF {
			return
		}
		var me *MalformedError
		if errors.As(err, &me) {
			if me.Line < 1 || me.Line > lines {
				t.Fatalf("malformed line %d of %d: %v", me.Line, lines, me)
			}
			continue
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		if rec.Line < 1 || rec.Line > lines {
			t.Fatalf("record line %d of %d", rec.Line, lines)
		}
	}
}

func TestLineScanner(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 300<<10)
	huge := strings.Repeat("y", lineScannerMax+10)
	tests := []struct {
		name string
		in   string
		want []string // lines, "!" for an overlong one
	}{
		{"crlf and bom", "\xef\xbb\xbfa\r\nb\n\r\nc", []string{"a", "b", "", "c"}},
		{"final newline", "a\n", []string{"a"}},
		{"empty", "", nil},
		{"longer than the buffer", "a\n" + long + "\nb\n", []string{"a", long, "b"}},
		{"too long", "a\n" + huge + "\nb", []string{"a", "!", "b"}},
		{"too long at the end", "a\n" + huge, []string{"a", "!"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newLineScanner(strings.NewReader(tt.in))
			var got []string
			for {
				b, err := s.next()
				if err == io.EOF {
					break
				}
				if err == errLineScannerTooLong {
					got = append(got, "!")
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, string(b))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("lines (-want +got):\n%s", diff)
			}
			if s.line != len(tt.want) {
				t.Errorf("line = %d, want %d", s.line, len(tt.want))
			}
		})
	}
}
