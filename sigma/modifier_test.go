package sigma

import (
	"encoding/base64"
	"testing"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// TestModifiers checks each value modifier (the modifiers appendix) and
// the wildcards and escapes of the rules specification on events that
// must and must not match.
func TestModifiers(t *testing.T) {
	tests := []struct {
		name, detection string
		yes, no         [][]string // events: name, value pairs
	}{
		{"plain is whole value, case-insensitive", "sel:\n  Image: 'C:\\Windows\\cmd.exe'\ncondition: sel",
			[][]string{{"Image", `c:\windows\CMD.EXE`}}, [][]string{{"Image", `c:\windows\cmd.exe2`}, {"Other", `C:\Windows\cmd.exe`}}},
		{"number compared as text", "sel:\n  EventID: 4688\ncondition: sel",
			[][]string{{"EventID", "4688"}}, [][]string{{"EventID", "46880"}}},
		{"wildcard ?", "sel:\n  Image: 'prog?.exe'\ncondition: sel",
			[][]string{{"Image", "progA.exe"}, {"Image", "progé.exe"}}, [][]string{{"Image", "prog.exe"}, {"Image", "progAB.exe"}}},
		{"wildcard *", "sel:\n  Image: 'antivirus_V*.exe'\ncondition: sel",
			[][]string{{"Image", "antivirus_V21.2.1.exe"}, {"Image", "antivirus_V.exe"}}, [][]string{{"Image", "antivirus_V1.dll"}}},
		{"escaped star is literal", "sel:\n  Name: 'a\\*b'\ncondition: sel",
			[][]string{{"Name", "a*b"}}, [][]string{{"Name", "axxb"}}},
		{"escaped backslash then wildcard", "sel:\n  Name: 'a\\\\*'\ncondition: sel",
			[][]string{{"Name", `a\`}, {"Name", `a\anything`}}, [][]string{{"Name", "ab"}}},
		{"three backslashes: backslash and literal star", "sel:\n  Name: 'a\\\\\\*'\ncondition: sel",
			[][]string{{"Name", `a\*`}}, [][]string{{"Name", `a\b`}}},
		{"plain backslash", "sel:\n  Name: 'C:\\Temp\\x'\ncondition: sel",
			[][]string{{"Name", `C:\Temp\x`}}, [][]string{{"Name", `C:Tempx`}}},
		{"contains", "sel:\n  CommandLine|contains: 'mimikatz'\ncondition: sel",
			[][]string{{"CommandLine", "run MimiKatz.exe now"}}, [][]string{{"CommandLine", "mimi katz"}}},
		{"startswith", "sel:\n  CommandLine|startswith: 'adm'\ncondition: sel",
			[][]string{{"CommandLine", "ADM_x"}}, [][]string{{"CommandLine", "xadm"}}},
		{"endswith", "sel:\n  Image|endswith: '\\cmd.exe'\ncondition: sel",
			[][]string{{"Image", `C:\Windows\System32\cmd.exe`}}, [][]string{{"Image", `C:\cmd.exe.bak`}}},
		{"list is or", "sel:\n  EventID:\n    - 517\n    - 1102\ncondition: sel",
			[][]string{{"EventID", "517"}, {"EventID", "1102"}}, [][]string{{"EventID", "4624"}}},
		{"contains|all", "sel:\n  CommandLine|contains|all:\n    - 'attrib'\n    - ' +h '\ncondition: sel",
			[][]string{{"CommandLine", "attrib +h x"}}, [][]string{{"CommandLine", "attrib x"}}},
		{"cased", "sel:\n  Name|cased: 'CaSe'\ncondition: sel",
			[][]string{{"Name", "CaSe"}}, [][]string{{"Name", "case"}}},
		{"cased contains", "sel:\n  Name|contains|cased: 'B'\ncondition: sel",
			[][]string{{"Name", "aBc"}}, [][]string{{"Name", "abc"}}},
		{"re is case-sensitive", "sel:\n  Name|re: '^ab+c$'\ncondition: sel",
			[][]string{{"Name", "abbbc"}}, [][]string{{"Name", "ABC"}, {"Name", "ac"}}},
		{"re|i", "sel:\n  Name|re|i: '^ab+c$'\ncondition: sel",
			[][]string{{"Name", "ABBC"}}, [][]string{{"Name", "ac"}}},
		{"re|m", "sel:\n  Name|re|m: '^two$'\ncondition: sel",
			[][]string{{"Name", "one\ntwo\nthree"}}, [][]string{{"Name", "one two"}}},
		{"re|s", "sel:\n  Name|re|s: 'a.b'\ncondition: sel",
			[][]string{{"Name", "a\nb"}}, [][]string{{"Name", "ab"}}},
		{"re needing backtracking", "sel:\n  Name|re: '(\\w+)-\\1'\ncondition: sel",
			[][]string{{"Name", "abc-abc"}}, [][]string{{"Name", "abc-abd"}}},
		{"cidr v4", "sel:\n  DestinationIp|cidr: 10.0.0.0/8\ncondition: sel",
			[][]string{{"DestinationIp", "10.1.2.3"}}, [][]string{{"DestinationIp", "11.0.0.1"}, {"DestinationIp", "not an ip"}}},
		{"cidr v6", "sel:\n  DestinationIp|cidr: '2001:db8::/32'\ncondition: sel",
			[][]string{{"DestinationIp", "2001:db8::1"}}, [][]string{{"DestinationIp", "2001:db9::1"}}},
		{"base64", "sel:\n  Data|base64: 'cmd'\ncondition: sel",
			[][]string{{"Data", b64("cmd")}}, [][]string{{"Data", "Y21k2"}, {"Data", "cmd"}}},
		{"base64offset|contains, spec example", "sel:\n  Data|base64offset|contains: '/bin/bash'\ncondition: sel",
			[][]string{{"Data", b64("/bin/bash -c x")}, {"Data", b64("a/bin/bash")}, {"Data", b64("ab/bin/bash")}, {"Data", "L2Jpbi9iYXNo"}, {"Data", "9iaW4vYmFza"}, {"Data", "vYmluL2Jhc2"}},
			[][]string{{"Data", b64("/bin/zsh")}, {"Data", "/bin/bash"}}},
		{"utf16le (wide)", "sel:\n  Data|wide|contains: 'cmd'\ncondition: sel",
			[][]string{{"Data", "x c\x00m\x00d\x00 y"}}, [][]string{{"Data", "cmd"}}},
		{"utf16le", "sel:\n  Data|utf16le: 'cmd'\ncondition: sel",
			[][]string{{"Data", "c\x00m\x00d\x00"}}, [][]string{{"Data", "\x00c\x00m\x00d"}}},
		{"utf16be", "sel:\n  Data|utf16be: 'cmd'\ncondition: sel",
			[][]string{{"Data", "\x00c\x00m\x00d"}}, [][]string{{"Data", "c\x00m\x00d\x00"}}},
		{"utf16 with BOM", "sel:\n  Data|utf16: 'cmd'\ncondition: sel",
			[][]string{{"Data", "\xff\xfec\x00m\x00d\x00"}}, [][]string{{"Data", "c\x00m\x00d\x00"}}},
		{"wide|base64offset|contains", "sel:\n  Data|wide|base64offset|contains: 'ping'\ncondition: sel",
			[][]string{{"Data", b64("p\x00i\x00n\x00g\x00")}, {"Data", b64("x\x00p\x00i\x00n\x00g\x00")}}, [][]string{{"Data", b64("ping")}}},
		{"windash", "sel:\n  CommandLine|contains|windash: ' -exec bypass'\ncondition: sel",
			[][]string{{"CommandLine", "powershell -exec bypass"}, {"CommandLine", "powershell /exec bypass"}, {"CommandLine", "powershell –exec bypass"}, {"CommandLine", "powershell ―exec bypass"}},
			[][]string{{"CommandLine", "powershell exec bypass"}, {"CommandLine", "powershell +exec bypass"}}},
		{"all over windash variants: each value by any of its variants", "sel:\n  CommandLine|contains|all|windash:\n    - ' -a'\n    - ' -b'\ncondition: sel",
			[][]string{{"CommandLine", "x /a /b"}, {"CommandLine", "x -a –b"}}, [][]string{{"CommandLine", "x /a"}, {"CommandLine", "x -b"}}},
		{"all over base64offset variants", "sel:\n  Data|base64offset|contains|all:\n    - 'ping'\n    - 'pong'\ncondition: sel",
			[][]string{{"Data", b64("ping") + " " + b64("xpong")}}, [][]string{{"Data", b64("ping")}}},
		{"windash leaves inner dashes", "sel:\n  CommandLine|windash: 'a-b'\ncondition: sel",
			[][]string{{"CommandLine", "a-b"}}, [][]string{{"CommandLine", "a/b"}}},
		{"exists true", "sel:\n  EventID: 4738\n  PasswordLastSet|exists: true\ncondition: sel",
			[][]string{{"EventID", "4738", "PasswordLastSet", ""}}, [][]string{{"EventID", "4738"}}},
		{"exists false", "sel:\n  EventID: 4738\n  PasswordLastSet|exists: false\ncondition: sel",
			[][]string{{"EventID", "4738"}}, [][]string{{"EventID", "4738", "PasswordLastSet", "x"}}},
		{"null", "sel:\n  EventID: 4738\nfilter:\n  PasswordLastSet: null\ncondition: sel and not filter",
			[][]string{{"EventID", "4738", "PasswordLastSet", "2021"}}, [][]string{{"EventID", "4738"}, {"EventID", "4738", "PasswordLastSet", ""}}},
		{"empty value", "sel:\n  FieldB: ''\ncondition: sel",
			[][]string{{"FieldB", ""}}, [][]string{{"FieldB", "x"}, {"FieldA", ""}}},
		{"neq", "sel:\n  EventID: 1\n  User|neq: 'SYSTEM'\ncondition: sel",
			[][]string{{"EventID", "1", "User", "bob"}}, [][]string{{"EventID", "1", "User", "system"}}},
		{"lt gte", "sel:\n  Count|lt: 10\n  Size|gte: 5\ncondition: sel",
			[][]string{{"Count", "9", "Size", "5"}, {"Count", "-1", "Size", "5.5"}}, [][]string{{"Count", "10", "Size", "9"}, {"Count", "1", "Size", "4"}, {"Count", "x", "Size", "9"}}},
		{"gt lte", "sel:\n  Count|gt: 1.5\n  Size|lte: 0\ncondition: sel",
			[][]string{{"Count", "2", "Size", "0"}}, [][]string{{"Count", "1.5", "Size", "0"}}},
		{"fieldref", "sel:\n  SourceUser|fieldref: TargetUser\ncondition: sel",
			[][]string{{"SourceUser", "Bob", "TargetUser", "bob"}}, [][]string{{"SourceUser", "bob", "TargetUser", "alice"}, {"SourceUser", "bob"}}},
		{"fieldref neq", "sel:\n  SourceUser|fieldref|neq: TargetUser\ncondition: sel",
			[][]string{{"SourceUser", "bob", "TargetUser", "alice"}}, [][]string{{"SourceUser", "bob", "TargetUser", "bob"}}},
		{"keywords", "keywords:\n  - 'EVILSERVICE'\n  - 'svchost.exe -n evil'\ncondition: keywords",
			[][]string{{"Message", "started evilservice ok"}, {"A", "x", "B", "svchost.exe -n evil"}}, [][]string{{"Message", "svchost.exe -n good"}}},
		{"keywords |all", "keywords_cmdlet:\n  '|all':\n    - 'OabVirtualDirectory'\n    - ' -ExternalUrl '\ncondition: keywords_cmdlet",
			[][]string{{"Payload", "Set-OabVirtualDirectory -ExternalUrl http://f/"}}, [][]string{{"Payload", "Set-OabVirtualDirectory"}}},
		{"list of maps is or", "sel:\n  - Image|endswith: '\\example.exe'\n  - Description|contains: 'Test executable'\ncondition: sel",
			[][]string{{"Image", `C:\example.exe`}, {"Description", "a Test executable"}}, [][]string{{"Image", "example.com"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, rules := compileYAML(t, oneRule("R", tt.detection), Options{})
			for _, kv := range tt.yes {
				if got := hitTitles(t, e, rules, event(SourceOther, kv...)); len(got) != 1 {
					t.Errorf("%q: no match, want one", kv)
				}
			}
			for _, kv := range tt.no {
				if got := hitTitles(t, e, rules, event(SourceOther, kv...)); len(got) != 0 {
					t.Errorf("%q: matched, want none", kv)
				}
			}
		})
	}
}

// TestExpand checks |expand placeholders with values from Options, and
// that a placeholder without values rejects the rule.
func TestExpand(t *testing.T) {
	text := oneRule("R", "sel:\n  Computer|expand: '%DomainControllers%'\n  Path|expand: 'a\\%b%c%'\ncondition: sel")
	opts := Options{Placeholders: map[string][]string{"DomainControllers": {"dc1", "dc2*"}, "c": {"x"}}}
	e, rules := compileYAML(t, text, opts)
	yes := event(SourceOther, "Computer", "DC2.corp.local", "Path", "a%bx")
	no := event(SourceOther, "Computer", "srv1", "Path", "a%bx")
	if got := hitTitles(t, e, rules, yes); len(got) != 1 {
		t.Errorf("expanded placeholder: no match")
	}
	if got := hitTitles(t, e, rules, no); len(got) != 0 {
		t.Errorf("expanded placeholder: matched srv1")
	}
	_, rejected := Compile(rules, Options{})
	if len(rejected) != 1 || !contains(rejected[0].Reason, "test.yml:5:") || !contains(rejected[0].Reason, "%DomainControllers% has no values") {
		t.Errorf("without placeholders: rejected %v, want one at test.yml:5 naming %%DomainControllers%%", rejected)
	}
	// Compiling with values did not change the parsed rule.
	if e2, _ := Compile(rules, opts); len(engineMatch(e2, yes)) != 1 {
		t.Errorf("second Compile lost the placeholder")
	}
}
