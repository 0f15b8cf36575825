package sigma

import (
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
)

// BenchmarkRoute routes the real events of the OTRF export (Sysmon and
// Security, nxlog's ~30 attributes each) and of the APT29 Zeek logs, one
// op per event.
func BenchmarkRoute(b *testing.B) {
	otrf := sharedtest.Path(b, "data/logs/otrf-sysmon/covenant_persistwmi_2019-12-05044734.json")
	var sysmon, security []Event
	lsEachLine(b, otrf, func(line []byte) {
		ev := Event{Source: SourceWindows, Attrs: lsFlatJSON(b, line)}
		if ch, _ := ev.Get("Channel"); string(ch) == "Microsoft-Windows-Sysmon/Operational" {
			sysmon = append(sysmon, ev)
		} else {
			security = append(security, ev)
		}
	})
	var zeek []Event
	for _, log := range []string{"dns", "http", "conn"} {
		path := sharedtest.Path(b, "data/logs/zeek-apt29-day1/SCRANTON_"+log+".log")
		lsEachLine(b, path, func(line []byte) {
			zeek = append(zeek, Event{Source: SourceZeek, Log: log, Attrs: lsFlatJSON(b, line)})
		})
	}
	for _, bc := range []struct {
		name   string
		events []Event
	}{{"sysmon", sysmon}, {"security", security}, {"zeek", zeek}} {
		b.Run(bc.name, func(b *testing.B) {
			r := NewRouter()
			var dst Routed
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				r.Route(&bc.events[i%len(bc.events)], &dst)
			}
			b.StopTimer()
			attrs := 0
			for _, ev := range bc.events {
				attrs += len(ev.Attrs)
			}
			b.ReportMetric(float64(attrs)/float64(len(bc.events)), "attrs/event")
		})
	}
}
