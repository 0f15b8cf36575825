package hunt

import (
	"fmt"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// BenchmarkLoadEngineCache loads the prebuilt index of the engine over
// engineBenchIndicators, as a hunt does when the indicators have not
// changed; build-s and save-s are the cost of the first hunt, for
// comparison. "exact" leaves out the URL prefixes (LIKE '/k…/%', one in
// twenty), whose automaton and patterns are built again at each load, as
// a feed of addresses, domains, URLs and hashes has none. Run it with
// -cpu 1.
func BenchmarkLoadEngineCache(b *testing.B) {
	for _, bc := range []struct {
		n     int
		exact bool
	}{{10_000, false}, {1_000_000, false}, {1_000_000, true}} {
		b.Run(fmt.Sprintf("indicators=%d/exact=%v", bc.n, bc.exact), func(b *testing.B) {
			inds := engineBenchIndicators(bc.n)
			if bc.exact {
				inds = slices.DeleteFunc(inds, func(i Indicator) bool { return strings.Contains(i.Pattern, " LIKE ") })
			}
			start := time.Now()
			e, errs := NewEngine(inds)
			build := time.Since(start)
			if len(errs) > 0 {
				b.Fatal(errs[0])
			}
			path := filepath.Join(b.TempDir(), "bench.hunt-index")
			start = time.Now()
			if err := SaveEngine(path, "k", nil, e); err != nil {
				b.Fatal(err)
			}
			save := time.Since(start)
			b.ResetTimer()
			for b.Loop() {
				loaded, _, err := LoadEngine(path, "k")
				if err != nil {
					b.Fatal(err)
				}
				runtime.KeepAlive(loaded)
			}
			b.ReportMetric(build.Seconds(), "build-s")
			b.ReportMetric(save.Seconds(), "save-s")
		})
	}
}
