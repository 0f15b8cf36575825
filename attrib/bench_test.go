package attrib

import (
	"context"
	"os"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
	"github.com/accord-cti/accord/sqlite"
)

// attackStore is a store holding ATT&CK 16.1 (172 groups, 159 live).
func attackStore(b *testing.B) *sqlite.DB {
	att, err := os.ReadFile(sharedtest.Path(b, "data/attack/enterprise-attack-16.1.json"))
	if err != nil {
		b.Fatal(err)
	}
	return openStore(b, att)
}

// benchQuery is a campaign-sized query: the SolarWinds compromise's mix of
// common and rare techniques, and its software.
var benchQuery = Query{
	Techniques: []string{"T1190", "T1195.002", "T1059.001", "T1078", "T1021.006", "T1003.006", "T1098.001",
		"T1550.001", "T1606.002", "T1036.005", "T1070.004", "T1071.001", "T1083", "T1087.002", "T1482",
		"T1560.001", "T1057", "T1018", "T1105", "T1027"},
	Software: []string{"S0154", "S0002", "S0559", "S0560"},
}

// BenchmarkAttribute measures one query once the engine is built.
func BenchmarkAttribute(b *testing.B) {
	e, err := New(context.Background(), attackStore(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(e.Sets()), "groups")
	for b.Loop() {
		if _, err := e.Attribute(benchQuery); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNew measures building the engine from the store.
func BenchmarkNew(b *testing.B) {
	db := attackStore(b)
	for b.Loop() {
		if _, err := New(context.Background(), db); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEval measures the whole leave-one-campaign-out evaluation.
func BenchmarkEval(b *testing.B) {
	e, err := New(context.Background(), attackStore(b))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := e.Eval(HoldoutCitation, false); err != nil {
			b.Fatal(err)
		}
	}
}
