//go:build unix

package hunt

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// BenchmarkSweepCorpus sweeps the corpus of bench/huntgen in the directory
// ACCORD_HUNT_CORPUS (its iocs.txt over its iis and zeek folders) with one
// worker, as `accord hunt` does on one core; it is skipped without the
// variable. Run it with -cpu 1. Besides the time it reports the CPU time
// of the process (cpu-MB/s), which other programs on the machine do not
// inflate as they do the wall time.
func BenchmarkSweepCorpus(b *testing.B) {
	dir := os.Getenv("ACCORD_HUNT_CORPUS")
	if dir == "" {
		b.Skip("ACCORD_HUNT_CORPUS is not set (a directory of go run ./bench/huntgen)")
	}
	data, err := os.ReadFile(filepath.Join(dir, "iocs.txt"))
	if err != nil {
		b.Fatal(err)
	}
	inds, err := LoadIntel("iocs.txt", data)
	if err != nil {
		b.Fatal(err)
	}
	e, errs := NewEngine(inds)
	if len(errs) > 0 {
		b.Fatal(errs[0])
	}
	paths := []string{filepath.Join(dir, "iis"), filepath.Join(dir, "zeek")}
	var findings atomic.Int64
	opts := SweepOptions{Workers: 1, Finding: func(Finding) { findings.Add(1) }}
	var bytes int64
	cpu0 := benchCPU(b)
	for b.Loop() {
		findings.Store(0)
		res, err := Sweep(context.Background(), e, paths, opts)
		if err != nil {
			b.Fatal(err)
		}
		bytes = res.Bytes
	}
	cpu := benchCPU(b) - cpu0
	b.SetBytes(bytes)
	b.ReportMetric(float64(bytes)*float64(b.N)/1e6/cpu.Seconds(), "cpu-MB/s")
	b.ReportMetric(float64(findings.Load()), "findings")
}

// benchCPU returns the user and system time of the process so far.
func benchCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
