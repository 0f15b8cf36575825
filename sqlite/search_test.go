package sqlite_test

import (
	"testing"
)

// FuzzSearch checks that no search text makes Search fail: FTS5 query
// syntax in it must be taken as text.
func FuzzSearch(f *testing.F) {
	for _, q := range []string{`"`, `*`, `AND`, `(`, `NEAR(a b, 2)`, `name:x`, `{name}: x`, `a OR`, `^a`, `a + b`,
		`"unterminated`, `x*y`, "\x00", "é", "web shell", "CVE-2021-26855", "T1505.003"} {
		f.Add(q)
	}
	db := openTemp(f)
	if _, err := db.Put(f.Context(), seqOf(syntheticObjects(300))); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := db.Search(t.Context(), q, 5); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
	})
}
