package check

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkExchange checks a tree of four HttpProxy logs of 50,000
// requests each, one in a thousand a ServerInfo~ anchor (half of them
// Autodiscover's), and reports the bytes and lines read per second.
func BenchmarkExchange(b *testing.B) {
	root := b.TempDir()
	var size int64
	for i := range 4 {
		lines := make([]proxyLine, 50000)
		for j := range lines {
			anchor := "SMTP:user" + fmt.Sprint(j%500) + "@example.com"
			switch j % 2000 {
			case 0:
				anchor = "ServerInfo~a]@EXCH01:444/mapi/emsmdb/?#"
			case 1000:
				anchor = "ServerInfo~exch02/autodiscover/autodiscover.xml?#"
			}
			lines[j] = request(fmt.Sprintf("2021-03-03T%02d:%02d:%02d.000Z", j/3600%24, j/60%60, j%60), "Owa", "/owa/", anchor, "198.51.100.7", "200")
		}
		data := httpProxyLog(lines...)
		path := filepath.Join(root, "Logging", "HttpProxy", "Owa", fmt.Sprintf("HttpProxy_202103030%d-1.LOG", i))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			b.Fatal(err)
		}
		size += int64(len(data))
	}
	b.SetBytes(size)
	var lines int64
	for b.Loop() {
		rep, err := Exchange(context.Background(), root, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if n := len(rep.Findings); n != 100 {
			b.Fatalf("%d findings, want 100", n)
		}
		for _, l := range rep.Logs {
			if l.Kind == "HttpProxy/Owa" {
				lines += l.Lines
			}
		}
	}
	b.ReportMetric(float64(lines)/b.Elapsed().Seconds(), "lines/s")
}
