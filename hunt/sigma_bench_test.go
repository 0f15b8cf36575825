//go:build unix

package hunt

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/accord-cti/accord/sigma"
)

// BenchmarkSweepIIS sweeps the 50 MB IIS log of BenchmarkEngineIIS from a
// file, on one worker, with 10,000 indicators and no Sigma rules: the
// IOC-only path of Sweep, which the Sigma side must not slow down. Run it
// with -cpu 1.
func BenchmarkSweepIIS(b *testing.B) {
	path := filepath.Join(b.TempDir(), "u_ex.log")
	log := engineBenchLog()
	if err := os.WriteFile(path, log, 0o644); err != nil {
		b.Fatal(err)
	}
	e, errs := NewEngine(engineBenchIndicators(10_000))
	if len(errs) > 0 {
		b.Fatal(errs[0])
	}
	b.SetBytes(int64(len(log)))
	cpu0 := cpuTime()
	for b.Loop() {
		if _, err := Sweep(context.Background(), e, []string{path}, SweepOptions{Workers: 1, Finding: func(Finding) {}}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(log))*float64(b.N)/1e6/(cpuTime()-cpu0).Seconds(), "MB/cpu-s")
}

// BenchmarkSweepSigmaWindows sweeps the Security and Sysmon events of
// ../shared/data/logs/otrf-sysmon, repeated to about 32 MiB, on one
// worker, with every SigmaHQ rule of ../shared/data/sigma (the engine
// routes the Windows ones to the events); it reports events per second.
// Run it with -cpu 1. bench/sigma.sh measures the whole command on 1 GiB.
func BenchmarkSweepSigmaWindows(b *testing.B) {
	dir := sharedtest.Path(b, "data/logs/otrf-sysmon")
	ruleDir := sharedtest.Path(b, "data/sigma")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	var one []byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		one = append(one, data...)
	}
	log := bytes.Repeat(one, max(1, (32<<20)/max(1, len(one))))
	path := filepath.Join(b.TempDir(), "sysmon.json")
	if err := os.WriteFile(path, log, 0o644); err != nil {
		b.Fatal(err)
	}
	events := bytes.Count(log, []byte{'\n'})
	rules, _, err := sigma.Load([]string{ruleDir})
	if err != nil {
		b.Fatal(err)
	}
	engine, rejected := sigma.Compile(rules, sigma.Options{})
	ioc, _ := NewEngine(nil)
	s := NewSigma(engine, func(*sigma.Rule) *Indicator { return nil })
	b.SetBytes(int64(len(log)))
	hits := 0
	cpu0 := cpuTime()
	for b.Loop() {
		hits = 0
		_, err := Sweep(context.Background(), ioc, []string{path}, SweepOptions{Workers: 1, Sigma: s, Finding: func(Finding) { hits++ }})
		if err != nil {
			b.Fatal(err)
		}
	}
	// Per second of the process's CPU time too: on a shared machine the
	// wall time says more about the neighbours than about the sweep.
	b.ReportMetric(float64(events)*float64(b.N)/(cpuTime()-cpu0).Seconds(), "events/cpu-s")
	b.ReportMetric(float64(events)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(len(rules)-len(rejected)), "rules")
	b.ReportMetric(float64(hits), "findings")
}

// cpuTime returns the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
