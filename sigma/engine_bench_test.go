//go:build unix

package sigma

import (
	"syscall"
	"testing"
	"time"
)

// BenchmarkEngineWindows matches the otrf Sysmon events against every
// SigmaHQ rule for Windows; one op is one event. events/s is by the wall
// clock; events/cpu-s by the process's CPU time, steadier on a shared
// machine.
func BenchmarkEngineWindows(b *testing.B) {
	rules := sharedRules(b, windowsRule)
	e, rejected := Compile(rules, Options{})
	if len(e.compiled) == 0 {
		b.Fatalf("no rule compiled (%d rejected)", len(rejected))
	}
	events := otrfEvents(b)
	hits := 0
	emit := func(Hit) { hits++ }
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		e.Match(events[i%len(events)], emit)
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(b.N)/cpu.Seconds(), "events/cpu-s")
	b.ReportMetric(float64(hits)/float64(b.N), "hits/event")
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
