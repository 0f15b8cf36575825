package stix

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestUpgrade20(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"malware keeps labels, gains is_family and vocabulary terms",
			`{"type":"malware","id":"malware--1","created":"2017-05-31T21:30:19Z","modified":"2017-05-31T21:30:19.5Z","labels":["remote-access-trojan","malware"],"x_mitre_version":"1.0"}`,
			`{"type":"malware","id":"malware--1","created":"2017-05-31T21:30:19.000Z","modified":"2017-05-31T21:30:19.500Z","labels":["remote-access-trojan","malware"],"x_mitre_version":"1.0","spec_version":"2.1","is_family":true,"malware_types":["remote-access-trojan"]}`},
		{"indicator gains pattern_type and pattern_version",
			`{"type":"indicator","created":"2017-01-01T00:00:00.123456Z","pattern":"[x:y = 'z']","labels":["malicious-activity"]}`,
			`{"type":"indicator","created":"2017-01-01T00:00:00.123456Z","pattern":"[x:y = 'z']","labels":["malicious-activity"],"spec_version":"2.1","pattern_type":"stix","pattern_version":"2.0","indicator_types":["malicious-activity"]}`},
		{"existing 2.1 properties are not overwritten",
			`{"type":"tool","labels":["exploitation"],"tool_types":["remote-access"]}`,
			`{"type":"tool","labels":["exploitation"],"tool_types":["remote-access"],"spec_version":"2.1"}`},
		{"custom object only gains spec_version",
			`{"type":"x-mitre-tactic","x_mitre_shortname":"initial-access"}`,
			`{"type":"x-mitre-tactic","x_mitre_shortname":"initial-access","spec_version":"2.1"}`},
		{"bad timestamp is left for the validator",
			`{"type":"campaign","created":"2017-01-01 00:00:00"}`,
			`{"type":"campaign","created":"2017-01-01 00:00:00","spec_version":"2.1"}`},
	}
	for _, tt := range tests {
		v, err := Parse([]byte(tt.in))
		if err != nil {
			t.Fatal(err)
		}
		Upgrade20(v)
		if diff := cmp.Diff(tt.want, v.String()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestNeedsUpgrade(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		bundle string
		want   bool
	}{
		{`{"type":"malware","spec_version":"2.1"}`, "", false},
		{`{"type":"malware"}`, "", true},
		{`{"type":"malware"}`, "2.0", true},
		{`{"type":"ipv4-addr","value":"1.2.3.4"}`, "", false},
		{`{"type":"ipv4-addr","value":"1.2.3.4"}`, "2.0", true},
		{`{"type":"malware","spec_version":"2.0"}`, "", true},
		{`{"type":"malware","spec_version":"2.1"}`, "2.0", false},
	}
	for _, tt := range tests {
		v, _ := Parse([]byte(tt.in))
		if got := NeedsUpgrade(v, tt.bundle); got != tt.want {
			t.Errorf("NeedsUpgrade(%s, %q) = %v, want %v", tt.in, tt.bundle, got, tt.want)
		}
	}
}
