package ingest

import (
	"os"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
)

// BenchmarkConvertFeed converts each real feed of ../shared (without
// storing it): the decoders, and the validation and pattern compilation
// of every indicator made.
func BenchmarkConvertFeed(b *testing.B) {
	for _, f := range []string{
		"signature-base-hash-iocs.txt", "signature-base-filename-iocs.txt", "signature-base-c2-iocs.txt",
		"MSTICIoCs-ExchangeServerVulnerabilitiesDisclosedMarch2021.csv", "CISA-AA21-008A-solarwinds-chirp.yaml",
	} {
		data, err := os.ReadFile(sharedtest.Path(b, "data/iocs/"+f))
		if err != nil {
			b.Fatal(err)
		}
		src := Source{Name: f, Data: data}
		format := DetectFeed(f, data)
		b.Run(format, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := convertFeed(src, format, feedTime); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
