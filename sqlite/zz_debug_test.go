package sqlite_test

import (
	"database/sql"
	"testing"
	"fmt"
)

func BenchmarkBareInsert(b *testing.B) {
	objs := syntheticObjects(21315)
	for _, ps := range []int{4096, 16384} {
	for _, mode := range []string{"raw", "rawid", "rawididx"} {
	b.Run(fmt.Sprint(ps, mode), func(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, _ := sql.Open("sqlite", fmt.Sprintf("file:%s/x%d.db?_pragma=page_size(%d)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-65536)", b.TempDir(), i, ps))
		db.SetMaxOpenConns(1)
		db.Exec("CREATE TABLE t(added INTEGER PRIMARY KEY, id TEXT, raw BLOB)")
		if mode == "rawididx" { db.Exec("CREATE UNIQUE INDEX ti ON t(id)") }
		b.StartTimer()
		tx, _ := db.Begin()
		st, _ := tx.Prepare("INSERT INTO t VALUES (?, ?, ?)")
		for j, o := range objs {
			id := any(nil)
			if mode != "raw" { id = o.ID }
			if _, err := st.Exec(j+1, id, []byte(o.Raw)); err != nil { b.Fatal(err) }
		}
		if err := tx.Commit(); err != nil { b.Fatal(err) }
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	})
	}
	}
}
