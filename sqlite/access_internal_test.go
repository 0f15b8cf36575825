package sqlite

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/accord-cti/accord"
)

// TestDateAddedWhenClockStops checks that dates added increase even when
// the clock stands still or goes back, as it may when adjusted.
func TestDateAddedWhenClockStops(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "accord.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := t.Context()
	o := &accord.Object{ID: "indicator--00000000-0000-4000-8000-000000000001", Type: "indicator",
		Modified: "2021-03-02T00:00:00.000000000Z", Raw: []byte(`{}`)}
	sco := &accord.Object{ID: "file--00000000-0000-4000-8000-000000000001", Type: "file", Raw: []byte(`{}`)}
	if _, err := db.Put(ctx, func(yield func(*accord.Object, error) bool) { yield(o, nil); yield(sco, nil) }); err != nil {
		t.Fatal(err)
	}
	c, err := db.AddCollection(ctx, accord.Collection{Title: "c"})
	if err != nil {
		t.Fatal(err)
	}
	stopped := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	defer func() { clock = time.Now }()
	clock = func() time.Time { return stopped }
	first, err := db.AddToCollection(ctx, c.ID, []accord.VersionRef{{ID: o.ID, Modified: o.Modified}})
	if err != nil {
		t.Fatal(err)
	}
	clock = func() time.Time { return stopped.Add(-time.Hour) }
	second, err := db.AddToCollection(ctx, c.ID, []accord.VersionRef{{ID: sco.ID}})
	if err != nil {
		t.Fatal(err)
	}
	if !first.Equal(stopped) || !second.Equal(stopped.Add(time.Microsecond)) {
		t.Errorf("dates added with the clock at %v, then an hour back: %v, %v", stopped, first, second)
	}
}

func FuzzCursor(f *testing.F) {
	f.Add("")
	f.Add(encodeCursor(1614643200000000))
	f.Add("AQAAAAAAAAAB")
	f.Add("not a cursor")
	f.Fuzz(func(t *testing.T, s string) {
		v, err := decodeCursor(s)
		if err != nil {
			if accord.ErrorCode(err) != accord.EINVALID {
				t.Fatalf("decodeCursor(%q): error %v, want invalid", s, err)
			}
			return
		}
		if v < 0 {
			t.Fatalf("decodeCursor(%q) = %d, negative", s, v)
		}
		if back, err := decodeCursor(encodeCursor(v)); err != nil || back != v {
			t.Fatalf("cursor %d does not round-trip: %d, %v", v, back, err)
		}
	})
}

func FuzzVersions(f *testing.F) {
	for _, s := range []string{"first", "last", "all", "2021-03-02T00:00:00Z", "2021-03-02T00:00:00.123456789+01:00", "yesterday", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sel, err := parseVersions([]string{s}, accord.VersionLast)
		if err != nil {
			if accord.ErrorCode(err) != accord.EINVALID {
				t.Fatalf("parseVersions(%q): error %v, want invalid", s, err)
			}
			return
		}
		for _, at := range sel.at {
			if _, err := time.Parse(accord.TimeLayout, at); err != nil || len(at) != len(accord.TimeLayout) {
				t.Fatalf("parseVersions(%q) gave timestamp %q not in TimeLayout", s, at)
			}
		}
		where, _ := sel.where()
		if where == "()" {
			t.Fatalf("parseVersions(%q) selects nothing: %+v", s, sel)
		}
	})
}
