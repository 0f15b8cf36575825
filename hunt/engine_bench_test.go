package hunt

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/netip"
	"runtime"
	"sync"
	"testing"
	"time"
)

// engineBenchLog is a generated IIS log of about 50 MB.
var engineBenchLog = sync.OnceValue(func() []byte {
	rng := rand.New(rand.NewPCG(7, 7))
	var b bytes.Buffer
	b.WriteString("#Software: Microsoft Internet Information Services 10.0\n")
	b.WriteString("#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-host cs(User-Agent) cs(Referer) sc-status time-taken\n")
	for i := 0; b.Len() < 50<<20; i++ {
		ip := engineBenchIP(rng)
		host := fmt.Sprintf("h%d.corp%d.example", rng.IntN(100), rng.IntN(50))
		stem := fmt.Sprintf("/app/%d/page%d.aspx", rng.IntN(1000), rng.IntN(100))
		if i%1000 == 0 { // a planted hit of the generated indicators
			ip = engineBenchIP(rand.New(rand.NewPCG(1, uint64(i%100))))
		}
		fmt.Fprintf(&b, "2024-05-01 %02d:%02d:%02d 10.0.0.5 GET %s id=%d&q=search 443 - %s %s "+
			"Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36 https://%s/ 200 %d\n",
			i/3600%24, i/60%60, i%60, stem, rng.Uint32(), ip, host, host, rng.IntN(500))
	}
	return b.Bytes()
})

func engineBenchIP(rng *rand.Rand) netip.Addr {
	var a [4]byte
	for i := range a {
		a[i] = byte(rng.Uint32())
	}
	return netip.AddrFrom4(a)
}

// engineBenchIndicators generates n indicators: IP addresses, domains,
// URLs (equality and LIKE prefix) and SHA-256 hashes, and 500 CIDR blocks.
func engineBenchIndicators(n int) []Indicator {
	rng := rand.New(rand.NewPCG(3, 3))
	inds := make([]Indicator, 0, n+500)
	for i := range n {
		var p string
		switch i % 20 {
		case 0, 1, 2, 3, 4, 5, 6, 7:
			ipRng := rng
			if i < 100 { // the addresses the log plants
				ipRng = rand.New(rand.NewPCG(1, uint64(i)))
			}
			p = fmt.Sprintf("[ipv4-addr:value = '%s']", engineBenchIP(ipRng))
		case 8, 9, 10, 11, 12:
			p = fmt.Sprintf("[domain-name:value = 'd%x.bad%d.example']", rng.Uint64(), i%97)
		case 13, 14, 15:
			p = fmt.Sprintf("[url:value = 'http://u%x.example/x/%d']", rng.Uint64(), i)
		case 16:
			p = fmt.Sprintf("[url:value LIKE '/k%x/%%']", rng.Uint64())
		default:
			p = fmt.Sprintf("[file:hashes.'SHA-256' = '%016x%016x%016x%016x']", rng.Uint64(), rng.Uint64(), rng.Uint64(), rng.Uint64())
		}
		inds = append(inds, Indicator{ID: fmt.Sprintf("indicator--%d", i), Pattern: p})
	}
	for i := range 500 {
		pfx := netip.PrefixFrom(engineBenchIP(rng), 16+rng.IntN(9)).Masked()
		inds = append(inds, Indicator{ID: fmt.Sprintf("cidr--%d", i), Pattern: fmt.Sprintf("[ipv4-addr:value ISSUBSET '%s']", pfx)})
	}
	return inds
}

// BenchmarkEngineIIS reads and matches a 50 MB IIS log; run it with -cpu 1.
func BenchmarkEngineIIS(b *testing.B) {
	log := engineBenchLog()
	for _, n := range []int{10_000, 1_000_000} {
		b.Run(fmt.Sprintf("indicators=%d", n), func(b *testing.B) {
			inds := engineBenchIndicators(n)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			e, errs := NewEngine(inds)
			build := time.Since(start)
			if len(errs) > 0 {
				b.Fatal(errs[0])
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			b.SetBytes(int64(len(log)))
			b.ResetTimer()
			hits := 0
			for b.Loop() {
				hits = 0
				rd := NewIIS("bench.log", bytes.NewReader(log))
				m := e.Matcher(nil)
				m.Project(rd.(Projector)) // as Sweep does
				var rec Record
				for {
					err := rd.Next(&rec)
					if errors.Is(err, io.EOF) {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					m.Match(&rec, func(Finding) { hits++ })
				}
			}
			b.ReportMetric(build.Seconds(), "build-s")
			b.ReportMetric(float64(after.HeapAlloc-min(before.HeapAlloc, after.HeapAlloc))/(1<<20), "index-MB")
			b.ReportMetric(float64(hits), "findings")
			runtime.KeepAlive(e)
		})
	}
}

// BenchmarkIISRead is the reader alone over the same log, for comparison.
func BenchmarkIISReadEngineLog(b *testing.B) {
	log := engineBenchLog()
	b.SetBytes(int64(len(log)))
	for b.Loop() {
		rd := NewIIS("bench.log", bytes.NewReader(log))
		var rec Record
		for rd.Next(&rec) == nil {
		}
	}
}

// BenchmarkIISReadProjected is the reader alone, projected on the paths a
// list of addresses, domains and URLs makes the engine look up.
func BenchmarkIISReadProjected(b *testing.B) {
	log := engineBenchLog()
	want := func(p string) bool { return p == iisPathIPv4 || p == iisPathDomain || p == iisPathURL }
	b.SetBytes(int64(len(log)))
	for b.Loop() {
		rd := NewIIS("bench.log", bytes.NewReader(log))
		rd.(Projector).Project(want)
		var rec Record
		for rd.Next(&rec) == nil {
		}
	}
}
