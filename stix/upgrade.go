package stix

import "strings"

// upTypesProperty names the STIX 2.1 property that took over the role that
// "labels" had in STIX 2.0 for each type, with the 2.1 vocabulary it holds.
var upTypesProperty = map[string]struct {
	name  string
	vocab map[string]bool
}{
	"indicator":    {"indicator_types", vocabSet("anomalous-activity", "anonymization", "benign", "compromised", "malicious-activity", "attribution", "unknown")},
	"malware":      {"malware_types", vocabSet("adware", "backdoor", "bot", "bootkit", "ddos", "downloader", "dropper", "exploit-kit", "keylogger", "ransomware", "remote-access-trojan", "resource-exploitation", "rogue-security-software", "rootkit", "screen-capture", "spyware", "trojan", "unknown", "virus", "webshell", "wiper", "worm")},
	"report":       {"report_types", vocabSet("attack-pattern", "campaign", "identity", "indicator", "intrusion-set", "malware", "observed-data", "threat-actor", "threat-report", "tool", "vulnerability")},
	"threat-actor": {"threat_actor_types", vocabSet("activist", "competitor", "crime-syndicate", "criminal", "hacker", "insider-accidental", "insider-disgruntled", "nation-state", "sensationalist", "spy", "terrorist", "unknown")},
	"tool":         {"tool_types", vocabSet("denial-of-service", "exploitation", "information-gathering", "network-capture", "credential-exploitation", "remote-access", "vulnerability-scanning", "unknown")},
}

func vocabSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// NeedsUpgrade reports whether obj is a STIX 2.0 object: its spec_version
// says "2.0", or it has none and bundleVersion (the enclosing bundle's spec_version, "" when
// there is none) does not say otherwise. STIX 2.1 requires spec_version on
// every SDO, SRO and meta object; only 2.1 SCOs may leave it out, and STIX
// 2.0 has no top-level SCOs. This follows python-stix2's detection.
func NeedsUpgrade(obj *Value, bundleVersion string) bool {
	if v := obj.Get("spec_version"); v != nil {
		return v.Kind == String && v.Str == "2.0"
	}
	if bundleVersion == "2.0" {
		return true
	}
	return TypeCategory(obj.GetString("type")) != CategorySCO
}

// Upgrade20 rewrites a STIX 2.0 object in place as STIX 2.1, the way
// python-stix2 and OpenCTI read 2.0 data, changing as little as it can:
//   - spec_version "2.1" is added;
//   - created and modified get millisecond precision (2.1 requires it);
//   - malware gets is_family true (2.0 malware described families);
//   - indicators get pattern_type "stix" and pattern_version "2.0";
//   - where 2.0 used labels for a type's vocabulary, the labels that are
//     2.1 vocabulary terms are copied into the new *_types property.
//
// Everything else, custom properties included, is kept as it is: labels stay
// (they remain a valid 2.1 property), so nothing the source said is lost.
// New properties are appended after the existing ones. Upgrade20 reports
// whether it also rewrote an existing property (a timestamp).
func Upgrade20(obj *Value) (rewrote bool) {
	typ := obj.GetString("type")
	obj.Set("spec_version", NewString("2.1"))
	for _, k := range []string{"created", "modified"} {
		if v := obj.Get(k); v != nil && v.Kind == String {
			if ms := millis(v.Str); ms != v.Str {
				v.Str, rewrote = ms, true
			}
		}
	}
	switch typ {
	case "malware":
		if !obj.Has("is_family") {
			obj.Set("is_family", NewBool(true))
		}
	case "indicator":
		if !obj.Has("pattern_type") {
			obj.Set("pattern_type", NewString("stix"))
		}
		if !obj.Has("pattern_version") {
			obj.Set("pattern_version", NewString("2.0"))
		}
	}
	if tp, ok := upTypesProperty[typ]; ok && !obj.Has(tp.name) {
		var terms []string
		for _, l := range obj.Get("labels").Strings() {
			if tp.vocab[l] {
				terms = append(terms, l)
			}
		}
		if len(terms) > 0 {
			obj.Set(tp.name, NewStrings(terms))
		}
	}
	return rewrote
}

// millis gives an RFC 3339 timestamp at least millisecond precision:
// "2017-05-31T21:30:19Z" becomes "2017-05-31T21:30:19.000Z" and ".5Z"
// becomes ".500Z". Anything else is returned unchanged for the validator.
func millis(ts string) string {
	if !strings.HasSuffix(ts, "Z") || len(ts) < 20 || ts[10] != 'T' {
		return ts
	}
	body := ts[:len(ts)-1]
	dot := strings.IndexByte(body, '.')
	if dot < 0 {
		return body + ".000Z"
	}
	if frac := len(body) - dot - 1; frac < 3 {
		return body + strings.Repeat("0", 3-frac) + "Z"
	}
	return ts
}
