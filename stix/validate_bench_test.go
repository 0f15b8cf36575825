package stix

import (
	"os"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
)

// BenchmarkValidate validates every object of the ATT&CK Enterprise bundle.
// The bundle is STIX 2.0, so each object gets spec_version 2.1 first; its
// malware objects still lack is_family, which only the 2.0 upgrade adds.
// The ns/object metric is the figure to compare with the import budget.
func BenchmarkValidate(b *testing.B) {
	data, err := os.ReadFile(sharedtest.Path(b, "data/attack/enterprise-attack-16.1.json"))
	if err != nil {
		b.Fatal(err)
	}
	objs := readObjects(b, data)
	for _, o := range objs {
		o.Set("spec_version", NewString("2.1"))
	}
	b.ResetTimer()
	for b.Loop() {
		for _, o := range objs {
			Validate(o)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(objs)), "ns/object")
}
