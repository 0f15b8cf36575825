package hunt

import "time"

// The sample: Sysmon 1, 3 and 1 again (its template by reference) in the
// first chunk; Security 4624 and a 1102 of plain elements with UserData in
// the second.

var evtxTestT0 = time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)

// evtxTestSystem is a template's System element: substitutions 1 to 14,
// the provider and channel as text.
func evtxTestSystem(provider, guid, channel string) evtxTestNode {
	s := func(name string, i int) evtxTestNode { return evtxTestNode{name: name, sub: i} }
	a := func(name string, i int) evtxTestAttr { return evtxTestAttr{name: name, sub: i} }
	return evtxTestNode{name: "System", kids: []evtxTestNode{
		{name: "Provider", attrs: []evtxTestAttr{{name: "Name", text: provider}, {name: "Guid", text: guid}}},
		{name: "EventID", attrs: []evtxTestAttr{a("Qualifiers", 1)}, sub: 2},
		s("Version", 3), s("Level", 4), s("Task", 5), s("Opcode", 6), s("Keywords", 7),
		{name: "TimeCreated", attrs: []evtxTestAttr{a("SystemTime", 8)}},
		s("EventRecordID", 9),
		{name: "Correlation", attrs: []evtxTestAttr{a("ActivityID", 10)}},
		{name: "Execution", attrs: []evtxTestAttr{a("ProcessID", 11), a("ThreadID", 12)}},
		{name: "Channel", text: channel},
		s("Computer", 13),
		{name: "Security", attrs: []evtxTestAttr{a("UserID", 14)}},
	}}
}

// evtxTestTemplate is an event's template: System, then a Data element per
// name, their values substitutions 15 on.
func evtxTestTemplate(sys evtxTestNode, names ...string) evtxTestNode {
	data := evtxTestNode{name: "EventData"}
	for i, n := range names {
		data.kids = append(data.kids, evtxTestNode{name: "Data", attrs: []evtxTestAttr{{name: "Name", text: n}}, sub: 15 + i})
	}
	return evtxTestNode{name: "Event", kids: []evtxTestNode{sys, data},
		attrs: []evtxTestAttr{{name: "xmlns", text: "http://schemas.microsoft.com/win/2004/08/events/event"}}}
}

func evtxTestSysValues(id uint64, eventID, task uint16, at time.Time, keywords uint64, computer, user string) []evtxTestValue {
	return []evtxTestValue{evtxVNull(), evtxVU16(eventID), evtxVU8(5), evtxVU8(4), evtxVU16(task), evtxVU8(0),
		evtxVHex64(keywords), evtxVTime(at), evtxVU64(id), evtxVNull(), evtxVU32(3140), evtxVU32(4200),
		evtxVStr(computer), evtxVSID(user)}
}

var (
	evtxTestSysmon = evtxTestSystem("Microsoft-Windows-Sysmon", "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}",
		"Microsoft-Windows-Sysmon/Operational")
	evtxTestSysmon1 = evtxTestTemplate(evtxTestSysmon, "RuleName", "UtcTime", "ProcessGuid", "ProcessId", "Image",
		"CommandLine", "CurrentDirectory", "User", "LogonId", "Hashes", "ParentImage", "ParentCommandLine")
	evtxTestSysmon3 = evtxTestTemplate(evtxTestSysmon, "RuleName", "UtcTime", "ProcessId", "Image", "User",
		"Protocol", "Initiated", "SourceIsIpv6", "SourceIp", "SourceHostname", "SourcePort", "DestinationIp",
		"DestinationHostname", "DestinationPort")
	evtxTestSecurity = evtxTestTemplate(evtxTestSystem("Microsoft-Windows-Security-Auditing",
		"{54849625-5478-4994-A5BA-3E3B0328C30D}", "Security"), "SubjectUserSid", "SubjectUserName",
		"SubjectDomainName", "SubjectLogonId", "TargetUserName", "TargetDomainName", "LogonType", "IpAddress", "IpPort")
)

// evtxTestProcess is a Sysmon 1 event.
func evtxTestProcess(id uint64, at time.Time, image, cmd string) evtxTestEvent {
	vals := append(evtxTestSysValues(id, 1, 1, at, 0x8000000000000000, "WS01.corp.example", "S-1-5-18"),
		evtxVNull(), evtxVStr(at.Format("2006-01-02 15:04:05.000")), evtxVGUID("A158F72C-4A97-5DE8-0000-00105C300200"),
		evtxVU32(6228), evtxVStr(image), evtxVStr(cmd), evtxVStr(`C:\Users\alice\`), evtxVStr(`CORP\alice`),
		evtxVHex64(0x3e7), evtxVStr("SHA1=DA39A3EE5E6B4B0D3255BFEF95601890AFD80709,MD5=D41D8CD98F00B204E9800998ECF8427E,"+
			"SHA256=E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855,IMPHASH=00000000000000000000000000000000"),
		evtxVStr(`C:\Windows\explorer.exe`), evtxVStr(`C:\Windows\Explorer.EXE`))
	return evtxTestEvent{id: id, at: at, tid: 1, root: evtxTestSysmon1, vals: vals}
}

// evtxTestNetwork is a Sysmon 3 event.
func evtxTestNetwork(id uint64, at time.Time) evtxTestEvent {
	vals := append(evtxTestSysValues(id, 3, 3, at, 0x8000000000000000, "WS01.corp.example", "S-1-5-18"),
		evtxVNull(), evtxVStr(at.Format("2006-01-02 15:04:05.000")), evtxVU32(2240),
		evtxVStr(`C:\Windows\System32\rundll32.exe`), evtxVStr(`CORP\alice`), evtxVStr("tcp"), evtxVBool(true),
		evtxVBool(false), evtxVStr("10.0.0.5"), evtxVNull(), evtxVU16(49200), evtxVStr("203.0.113.7"),
		evtxVStr("c2.example.com"), evtxVU16(443))
	return evtxTestEvent{id: id, at: at, tid: 2, root: evtxTestSysmon3, vals: vals}
}

func evtxTestEvents() [][]evtxTestEvent {
	t := func(ms int) time.Time { return evtxTestT0.Add(time.Duration(ms) * time.Millisecond) }
	logon := evtxTestEvent{id: 104, at: t(3000), tid: 3, root: evtxTestSecurity,
		vals: append(evtxTestSysValues(104, 4624, 12544, t(3000), 0x8020000000000000, "DC01.corp.example", "S-1-5-18"),
			evtxVSID("S-1-5-18"), evtxVStr("DC01$"), evtxVStr("CORP"), evtxVHex64(0x3e7), evtxVStr("bob"),
			evtxVStr("CORP"), evtxVU32(3), evtxVStr("192.0.2.44"), evtxVStr("51515"))}
	n := func(name, text string, kids ...evtxTestNode) evtxTestNode {
		return evtxTestNode{name: name, text: text, kids: kids}
	}
	cleared := evtxTestEvent{id: 105, at: t(4000), root: evtxTestNode{name: "Event", kids: []evtxTestNode{
		n("System", "",
			evtxTestNode{name: "Provider", attrs: []evtxTestAttr{{name: "Name", text: "Microsoft-Windows-Eventlog"}}},
			evtxTestNode{name: "EventID", attrs: []evtxTestAttr{{name: "Qualifiers", text: "0"}}, text: "1102"},
			evtxTestNode{name: "TimeCreated", attrs: []evtxTestAttr{{name: "SystemTime", text: "2024-03-01T10:00:04.0000000Z"}}},
			n("EventRecordID", "105"), n("Channel", "Security"), n("Computer", "DC01.corp.example")),
		n("UserData", "", evtxTestNode{name: "LogFileCleared",
			attrs: []evtxTestAttr{{name: "xmlns", text: "http://manifests.microsoft.com/win/2004/08/windows/eventlog"}},
			kids:  []evtxTestNode{n("SubjectUserName", "Administrator"), n("SubjectDomainName", "CORP")}}),
	}}}
	return [][]evtxTestEvent{
		{
			evtxTestProcess(101, t(500), `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"powershell.exe -nop -w hidden -enc SQBFAFgA"),
			evtxTestNetwork(102, t(1250)),
			evtxTestProcess(103, t(2125), `C:\Windows\System32\cmd.exe`, "cmd.exe /c \"echo \u00fc\t> C:\\Temp\\x.txt\""),
		},
		{logon, cleared},
	}
}

func evtxTestSample() []byte { return evtxTestFile(evtxTestEvents()...) }
