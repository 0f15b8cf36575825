package attrib

import (
	"strings"
	"sync"
	"testing"

	"github.com/accord-cti/accord"
)

var (
	fuzzOnce   sync.Once
	fuzzEngine *Engine
)

// FuzzAttribute feeds arbitrary references (a user's command line) to the
// engine: one line per reference, its first byte choosing the kind. It must
// never panic, and a failure must be an EINVALID error that names the
// reference.
func FuzzAttribute(f *testing.F) {
	for _, seed := range []string{"tT1059.001\nsS9001", "cCVE-2099-0001\nccve-2099-0002", "xenergy\nyCN", "iindicator--x\nnnothing", "s\x00\xff", "tt1059"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, input string) {
		fuzzOnce.Do(func() { fuzzEngine = newTestEngine(t, smallStore()) })
		var q Query
		lists := map[byte]*[]string{'t': &q.Techniques, 's': &q.Software, 'c': &q.CVEs, 'i': &q.Indicators,
			'n': &q.Infrastructure, 'x': &q.Sectors, 'y': &q.Countries}
		for _, line := range strings.Split(input, "\n") {
			if len(line) > 0 && lists[line[0]] != nil {
				*lists[line[0]] = append(*lists[line[0]], line[1:])
			}
		}
		res, err := fuzzEngine.Attribute(q)
		if err != nil {
			if accord.ErrorCode(err) != accord.EINVALID {
				t.Fatalf("error %v has code %q, want EINVALID", err, accord.ErrorCode(err))
			}
			return
		}
		for _, c := range res.Candidates {
			if c.Probability < 0 || c.Probability > 1 || c.Confidence < 0 || c.Confidence > 100 {
				t.Fatalf("candidate %+v out of range", c)
			}
		}
	})
}
