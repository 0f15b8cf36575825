package pattern

import (
	"fmt"
	"testing"
	"time"
)

// The benchmarks measure Compiled.Match, the hunt's inner loop, as
// observations × patterns evaluated per second; bench/pattern.sh runs them
// on one core and compares with the OASIS reference matcher (about 18,000
// per second on this machine class).

// benchEvents returns n events of the shapes a hunt reads: HTTP requests
// (traffic, addresses, domain, URL), DNS lookups and files written.
func benchEvents(n int) []*Event {
	events := make([]*Event, n)
	for i := range events {
		src := fmt.Sprintf("10.%d.%d.%d", i%7, i%13, i%251)
		dst := fmt.Sprintf("198.51.%d.%d", i%17, i%241)
		host := fmt.Sprintf("host%d.example.net", i)
		at := t0.Add(time.Duration(i) * time.Second)
		// Every other event was seen twice: enough instances for the
		// patterns that join two observation expressions.
		ev := &Event{First: at, Last: at, Count: 1 + i%2}
		switch i % 3 {
		case 0:
			ev.Props = []Prop{
				{Obj: 0, Path: "network-traffic:src_ref.value", Value: StringValue(src)},
				{Obj: 0, Path: "network-traffic:dst_ref.value", Value: StringValue(dst)},
				{Obj: 0, Path: "network-traffic:dst_port", Value: IntValue(443)},
				{Obj: 1, Path: "ipv4-addr:value", Value: StringValue(src)},
				{Obj: 2, Path: "ipv4-addr:value", Value: StringValue(dst)},
				{Obj: 3, Path: "domain-name:value", Value: StringValue(host)},
				{Obj: 4, Path: "url:value", Value: StringValue("https://" + host + "/owa/auth/logon.aspx?replaceCurrent=1")},
			}
		case 1:
			ev.Props = []Prop{
				{Obj: 0, Path: "domain-name:value", Value: StringValue(host)},
				{Obj: 1, Path: "ipv4-addr:value", Value: StringValue(dst)},
				{Obj: 0, Path: "domain-name:resolves_to_refs[*].value", Value: StringValue(dst)},
			}
		default:
			ev.Props = []Prop{
				{Obj: 0, Path: "file:name", Value: StringValue(fmt.Sprintf("file%d.aspx", i))},
				{Obj: 0, Path: "file:hashes.MD5", Value: StringValue(fmt.Sprintf("%032x", i*7919))},
				{Obj: 0, Path: "file:hashes.'SHA-256'", Value: StringValue(fmt.Sprintf("%064x", i*104729))},
				{Obj: 0, Path: "file:size", Value: IntValue(int64(1000 + i))},
				{Obj: 1, Path: "directory:path", Value: StringValue(`C:\inetpub\wwwroot\aspnet_client`)},
			}
		}
		events[i] = ev
	}
	return events
}

// benchPatterns compiles n patterns made by gen.
func benchPatterns(b *testing.B, n int, gen func(i int) string) []*Compiled {
	out := make([]*Compiled, n)
	for i := range out {
		out[i] = compileText(b, gen(i))
	}
	return out
}

// runEvals evaluates every pattern on every event b.N times and reports
// the evaluations per second.
func runEvals(b *testing.B, patterns []*Compiled, events []*Event) {
	matched := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, c := range patterns {
			for _, ev := range events {
				if c.Match(ev) {
					matched++
				}
			}
		}
	}
	evals := float64(b.N) * float64(len(patterns)) * float64(len(events))
	b.ReportMetric(evals/b.Elapsed().Seconds(), "evals/s")
	b.ReportMetric(b.Elapsed().Seconds()*1e9/evals, "ns/eval")
	if matched == 0 {
		b.Fatal("no pattern matched: the benchmark measures only misses")
	}
}

func BenchmarkCompiledSingle(b *testing.B) {
	events := benchEvents(300)
	kinds := []struct {
		name string
		gen  func(i int) string
	}{
		{"ip", func(i int) string { return fmt.Sprintf("[ipv4-addr:value = '198.51.%d.%d']", i%17, i%241) }},
		{"domain", func(i int) string { return fmt.Sprintf("[domain-name:value = 'host%d.example.net']", i*3) }},
		{"hash", func(i int) string {
			return fmt.Sprintf("[file:hashes.'SHA-256' = '%064x']", (i*3+2)*104729)
		}},
		{"like-url", func(i int) string { return fmt.Sprintf("[url:value LIKE 'https://host%d.example.net/%%']", i*3) }},
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) { runEvals(b, benchPatterns(b, 100, k.gen), events) })
	}
}

func BenchmarkCompiledBoolean(b *testing.B) {
	events := benchEvents(300)
	kinds := []struct {
		name string
		gen  func(i int) string
	}{
		{"and", func(i int) string {
			return fmt.Sprintf("[network-traffic:dst_ref.value = '198.51.%d.%d' AND network-traffic:dst_port = 443]", i%17, i%241)
		}},
		{"or", func(i int) string {
			return fmt.Sprintf("[domain-name:value = 'host%d.example.net' OR url:value LIKE '%%/owa/auth/%d%%' OR file:hashes.MD5 = '%032x']", i*3, i, i)
		}},
		{"followedby", func(i int) string {
			j := i * 3
			return fmt.Sprintf("[ipv4-addr:value = '198.51.%d.%d'] FOLLOWEDBY [domain-name:value = 'host%d.example.net']", j%17, j%241, j)
		}},
		{"within", func(i int) string {
			return fmt.Sprintf("([file:name LIKE '%%.aspx'] AND [file:size > %d]) WITHIN 300 SECONDS", 1000+i)
		}},
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) { runEvals(b, benchPatterns(b, 100, k.gen), events) })
	}
}
