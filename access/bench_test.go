package access

import (
	"strings"
	"testing"

	"github.com/accord-cti/accord/stix"
)

var sinkBool bool

func BenchmarkVisible(b *testing.B) {
	benches := []struct {
		name string
		r    Reader
		refs []string
	}{
		{"none", readers["partner"], nil},
		{"green", readers["community"], []string{stix.TLPGreen}},
		{"amber-partner", readers["partner"], []string{stix.TLPAmber}},
		{"amber-denied", readers["community"], []string{stix.TLPAmber}},
		{"red-statement", readers["red-recipient"], []string{stix.TLPRed, statementMarking}},
	}
	p := NewPolicy(statementMarking)
	for _, bb := range benches {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkBool = p.Visible(bb.r, bb.refs, sharing)
			}
		})
	}
}

// reportOf returns a report referring to n objects, every tenth hidden.
func reportOf(n int) string {
	refs := make([]string, n)
	for i := range refs {
		refs[i] = `"` + idVisible + `"`
		if i%10 == 9 {
			refs[i] = `"` + idHidden + `"`
		}
	}
	return `{"type":"report","id":"report--2e3f4051-6273-4849-95a6-b7c8d9e0f102",` + common +
		`,"name":"r","published":"2021-03-02T00:00:00Z","object_marking_refs":["` + stix.TLPGreen + `"],"object_refs":[` + strings.Join(refs, ",") + `]}`
}

func BenchmarkRedact(b *testing.B) {
	all := func(string) bool { return true }
	benches := []struct {
		name   string
		obj    string
		lookup func(string) bool
	}{
		{"indicator-nothing-hidden", `{"type":"indicator","id":"indicator--6b0a8c6b-4c3f-4d8e-9f1a-2b3c4d5e6f70",` + common +
			`,"created_by_ref":"` + idVisible2 + `","pattern":"[ipv4-addr:value = '1.2.3.4']","pattern_type":"stix","valid_from":"2021-03-02T00:00:00Z","object_marking_refs":["` + stix.TLPGreen + `"]}`, all},
		{"report-100-refs-nothing-hidden", reportOf(100), all},
		{"report-100-refs-10-hidden", reportOf(100), lookup},
		{"granular-red-removed", `{"type":"malware","id":"` + idVisible + `",` + common +
			`,"is_family":false,"description":"secret","granular_markings":[{"marking_ref":"` + stix.TLPRed + `","selectors":["description"]}]}`, all},
	}
	for _, bb := range benches {
		obj := parse(b, bb.obj)
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, sinkBool = Redact(readers["community"], obj, sharing, bb.lookup)
			}
		})
	}
}
