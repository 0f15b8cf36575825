package hunt

import (
	"time"

	"github.com/accord-cti/accord/internal/evtxtest"
)

// The sample: Sysmon 1, 3 and 1 again (its template by reference) in the
// first chunk; Security 4624 and a 1102 of plain elements with UserData in
// the second.

var evtxTestT0 = time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)

// evtxTestSystem is a template's System element: substitutions 1 to 14,
// the provider and channel as text.
func evtxTestSystem(provider, guid, channel string) evtxtest.Node {
	s := func(name string, i int) evtxtest.Node { return evtxtest.Node{Name: name, Sub: i} }
	a := func(name string, i int) evtxtest.Attr { return evtxtest.Attr{Name: name, Sub: i} }
	return evtxtest.Node{Name: "System", Kids: []evtxtest.Node{
		{Name: "Provider", Attrs: []evtxtest.Attr{{Name: "Name", Text: provider}, {Name: "Guid", Text: guid}}},
		{Name: "EventID", Attrs: []evtxtest.Attr{a("Qualifiers", 1)}, Sub: 2},
		s("Version", 3), s("Level", 4), s("Task", 5), s("Opcode", 6), s("Keywords", 7),
		{Name: "TimeCreated", Attrs: []evtxtest.Attr{a("SystemTime", 8)}},
		s("EventRecordID", 9),
		{Name: "Correlation", Attrs: []evtxtest.Attr{a("ActivityID", 10)}},
		{Name: "Execution", Attrs: []evtxtest.Attr{a("ProcessID", 11), a("ThreadID", 12)}},
		{Name: "Channel", Text: channel},
		s("Computer", 13),
		{Name: "Security", Attrs: []evtxtest.Attr{a("UserID", 14)}},
	}}
}

// evtxTestTemplate is an event's template: System, then a Data element per
// name, their values substitutions 15 on.
func evtxTestTemplate(sys evtxtest.Node, names ...string) evtxtest.Node {
	data := evtxtest.Node{Name: "EventData"}
	for i, n := range names {
		data.Kids = append(data.Kids, evtxtest.Node{Name: "Data", Attrs: []evtxtest.Attr{{Name: "Name", Text: n}}, Sub: 15 + i})
	}
	return evtxtest.Node{Name: "Event", Kids: []evtxtest.Node{sys, data},
		Attrs: []evtxtest.Attr{{Name: "xmlns", Text: "http://schemas.microsoft.com/win/2004/08/events/event"}}}
}

func evtxTestSysValues(id uint64, eventID, task uint16, at time.Time, keywords uint64, computer, user string) []evtxtest.Value {
	return []evtxtest.Value{evtxtest.Null(), evtxtest.U16(eventID), evtxtest.U8(5), evtxtest.U8(4), evtxtest.U16(task), evtxtest.U8(0),
		evtxtest.Hex64(keywords), evtxtest.Time(at), evtxtest.U64(id), evtxtest.Null(), evtxtest.U32(3140), evtxtest.U32(4200),
		evtxtest.Str(computer), evtxtest.SID(user)}
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
func evtxTestProcess(id uint64, at time.Time, image, cmd string) evtxtest.Event {
	vals := append(evtxTestSysValues(id, 1, 1, at, 0x8000000000000000, "WS01.corp.example", "S-1-5-18"),
		evtxtest.Null(), evtxtest.Str(at.Format("2006-01-02 15:04:05.000")), evtxtest.GUID("A158F72C-4A97-5DE8-0000-00105C300200"),
		evtxtest.U32(6228), evtxtest.Str(image), evtxtest.Str(cmd), evtxtest.Str(`C:\Users\alice\`), evtxtest.Str(`CORP\alice`),
		evtxtest.Hex64(0x3e7), evtxtest.Str("SHA1=DA39A3EE5E6B4B0D3255BFEF95601890AFD80709,MD5=D41D8CD98F00B204E9800998ECF8427E,"+
			"SHA256=E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855,IMPHASH=00000000000000000000000000000000"),
		evtxtest.Str(`C:\Windows\explorer.exe`), evtxtest.Str(`C:\Windows\Explorer.EXE`))
	return evtxtest.Event{ID: id, At: at, Template: 1, Root: evtxTestSysmon1, Vals: vals}
}

// evtxTestNetwork is a Sysmon 3 event.
func evtxTestNetwork(id uint64, at time.Time) evtxtest.Event {
	vals := append(evtxTestSysValues(id, 3, 3, at, 0x8000000000000000, "WS01.corp.example", "S-1-5-18"),
		evtxtest.Null(), evtxtest.Str(at.Format("2006-01-02 15:04:05.000")), evtxtest.U32(2240),
		evtxtest.Str(`C:\Windows\System32\rundll32.exe`), evtxtest.Str(`CORP\alice`), evtxtest.Str("tcp"), evtxtest.Bool(true),
		evtxtest.Bool(false), evtxtest.Str("10.0.0.5"), evtxtest.Null(), evtxtest.U16(49200), evtxtest.Str("203.0.113.7"),
		evtxtest.Str("c2.example.com"), evtxtest.U16(443))
	return evtxtest.Event{ID: id, At: at, Template: 2, Root: evtxTestSysmon3, Vals: vals}
}

func evtxTestEvents() [][]evtxtest.Event {
	t := func(ms int) time.Time { return evtxTestT0.Add(time.Duration(ms) * time.Millisecond) }
	logon := evtxtest.Event{ID: 104, At: t(3000), Template: 3, Root: evtxTestSecurity,
		Vals: append(evtxTestSysValues(104, 4624, 12544, t(3000), 0x8020000000000000, "DC01.corp.example", "S-1-5-18"),
			evtxtest.SID("S-1-5-18"), evtxtest.Str("DC01$"), evtxtest.Str("CORP"), evtxtest.Hex64(0x3e7), evtxtest.Str("bob"),
			evtxtest.Str("CORP"), evtxtest.U32(3), evtxtest.Str("192.0.2.44"), evtxtest.Str("51515"))}
	n := func(name, text string, kids ...evtxtest.Node) evtxtest.Node {
		return evtxtest.Node{Name: name, Text: text, Kids: kids}
	}
	cleared := evtxtest.Event{ID: 105, At: t(4000), Root: evtxtest.Node{Name: "Event", Kids: []evtxtest.Node{
		n("System", "",
			evtxtest.Node{Name: "Provider", Attrs: []evtxtest.Attr{{Name: "Name", Text: "Microsoft-Windows-Eventlog"}}},
			evtxtest.Node{Name: "EventID", Attrs: []evtxtest.Attr{{Name: "Qualifiers", Text: "0"}}, Text: "1102"},
			evtxtest.Node{Name: "TimeCreated", Attrs: []evtxtest.Attr{{Name: "SystemTime", Text: "2024-03-01T10:00:04.0000000Z"}}},
			n("EventRecordID", "105"), n("Channel", "Security"), n("Computer", "DC01.corp.example")),
		n("UserData", "", evtxtest.Node{Name: "LogFileCleared",
			Attrs: []evtxtest.Attr{{Name: "xmlns", Text: "http://manifests.microsoft.com/win/2004/08/windows/eventlog"}},
			Kids:  []evtxtest.Node{n("SubjectUserName", "Administrator"), n("SubjectDomainName", "CORP")}}),
	}}}
	return [][]evtxtest.Event{
		{
			evtxTestProcess(101, t(500), `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
				"powershell.exe -nop -w hidden -enc SQBFAFgA"),
			evtxTestNetwork(102, t(1250)),
			evtxTestProcess(103, t(2125), `C:\Windows\System32\cmd.exe`, "cmd.exe /c \"echo \u00fc\t> C:\\Temp\\x.txt\""),
		},
		{logon, cleared},
	}
}

func evtxTestSample() []byte { return evtxtest.File(evtxTestEvents()...) }
