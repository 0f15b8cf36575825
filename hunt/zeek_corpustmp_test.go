package hunt

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func BenchmarkZeekCorpusTmp(b *testing.B) {
	dir := os.Getenv("ZEEK_CORPUS")
	if dir == "" {
		b.Skip("no ZEEK_CORPUS")
	}
	var datas [][]byte
	n := 0
	for _, f := range []string{"conn.log", "http.log", "dns.log"} {
		d, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			b.Fatal(err)
		}
		datas = append(datas, d)
		n += len(d)
	}
	b.SetBytes(int64(n))
	var r Record
	for b.Loop() {
		for _, d := range datas {
			rd := NewZeek("bench.log", bytes.NewReader(d))
			for rd.Next(&r) == nil {
			}
		}
	}
}
