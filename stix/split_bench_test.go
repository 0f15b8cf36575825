package stix

import (
	"os"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
)

func BenchmarkSplitParseATTACK(b *testing.B) {
	data, err := os.ReadFile(sharedtest.Path(b, "data/attack/enterprise-attack-16.1.json"))
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		doc, err := Split(data)
		if err != nil {
			b.Fatal(err)
		}
		for _, sp := range doc.Objects {
			v, err := Parse(sp.Data)
			if err != nil {
				b.Fatal(err)
			}
			_ = v.AppendJSON(make([]byte, 0, len(sp.Data)))
		}
	}
}
