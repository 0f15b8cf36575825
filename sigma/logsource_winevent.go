package sigma

// winSystem is what one pass over a Windows event's attributes finds: the
// index of each system field (-1 when absent) and whether it was found
// under Sigma's own name.
type winSystem struct {
	eventID, channel, provider, computer, eventType int
	canonical                                       winField
}

// winField is a set of the system fields, by bit.
type winField uint8

const (
	winEventID winField = 1 << iota
	winChannel
	winProvider
	winComputer
)

// routeWindows routes a Windows event: see Route.
func (r *Router) routeWindows(ev *Event, dst *Routed) {
	s := scanWindows(ev.Attrs)
	id := -1
	if s.eventID >= 0 {
		id = eventID(ev.Attrs[s.eventID].Value)
	}
	service := ""
	if s.channel >= 0 {
		service, _ = foldLookup(r.channels, ev.Attrs[s.channel].Value)
	} else if s.provider >= 0 {
		service, _ = foldLookup(r.providers, ev.Attrs[s.provider].Value)
	}
	var eventType []byte
	if s.eventType >= 0 {
		eventType = ev.Attrs[s.eventType].Value
	}
	cats := windowsCategories(service, id, eventType)
	for _, c := range cats {
		dst.Logsources = append(dst.Logsources, Logsource{Product: "windows", Category: c, Service: service})
	}
	if len(cats) == 0 {
		dst.Logsources = append(dst.Logsources, Logsource{Product: "windows", Service: service})
	}
	s.addSystemAliases(ev.Attrs, dst)
	switch {
	case service == "security" && id == 4688:
		renameInPlace(dst, len(ev.Attrs), "ProcessId", "ParentProcessId")
		addAliases(dst, len(ev.Attrs), windows4688Aliases)
	case service == "powershell-classic" && len(cats) > 0:
		addAliases(dst, len(ev.Attrs), classicAliases)
	}
}

// scanWindows finds the system fields of a Windows event among attrs,
// preferring Sigma's name for each to the names other exporters use.
// A switch rather than a map: it costs less for the five or so names of
// an event that pass the filter.
func scanWindows(attrs []Attr) winSystem {
	s := winSystem{eventID: -1, channel: -1, provider: -1, computer: -1, eventType: -1}
	for i := range attrs {
		if !winSystemNames.mayHave(attrs[i].Name) {
			continue
		}
		switch attrs[i].Name {
		case "EventID":
			s.eventID, s.canonical = i, s.canonical|winEventID
		case "winlog.event_id", "event_id":
			s.eventID = pick(s.eventID, i, s.canonical&winEventID)
		case "Channel":
			s.channel, s.canonical = i, s.canonical|winChannel
		case "winlog.channel":
			s.channel = pick(s.channel, i, s.canonical&winChannel)
		case "Provider_Name":
			s.provider, s.canonical = i, s.canonical|winProvider
		case "SourceName", "ProviderName", "Provider", "Provider.Name", "winlog.provider_name":
			s.provider = pick(s.provider, i, s.canonical&winProvider)
		case "Computer":
			s.computer, s.canonical = i, s.canonical|winComputer
		case "Hostname", "winlog.computer_name":
			s.computer = pick(s.computer, i, s.canonical&winComputer)
		case "EventType":
			if s.eventType < 0 {
				s.eventType = i
			}
		}
	}
	return s
}

// winSystemNameList are the names of scanWindows's cases: Sigma's (as
// nxlog and the evtx reader write them), Winlogbeat's, nxlog's, and the
// evtx reader's Provider.Name.
var winSystemNameList = []string{"EventID", "winlog.event_id", "event_id", "Channel", "winlog.channel",
	"Provider_Name", "SourceName", "ProviderName", "Provider", "Provider.Name", "winlog.provider_name",
	"Computer", "Hostname", "winlog.computer_name", "EventType"}

// winSystemNames turns away most names that are not winSystemNameList's.
var winSystemNames = func() (f nameFilter) {
	for _, n := range winSystemNameList {
		f.add(n)
	}
	return f
}()

// pick returns the index of a field found under another exporter's name
// at i, when the field has not been found before (at cur) nor under
// Sigma's name.
func pick(cur, i int, canonical winField) int {
	if cur >= 0 || canonical != 0 {
		return cur
	}
	return i
}

// addSystemAliases adds Sigma's name for each system field the event has
// under another name only.
func (s *winSystem) addSystemAliases(attrs []Attr, dst *Routed) {
	add := func(i int, f winField, name string) {
		if i >= 0 && s.canonical&f == 0 {
			dst.Attrs = append(dst.Attrs, Attr{Name: name, Value: attrs[i].Value})
		}
	}
	add(s.eventID, winEventID, "EventID")
	add(s.channel, winChannel, "Channel")
	add(s.provider, winProvider, "Provider_Name")
	add(s.computer, winComputer, "Computer")
}

// renameInPlace renames the attributes named from among dst.Attrs[:n] to,
// where a mapping gives their name to another attribute.
func renameInPlace(dst *Routed, n int, from, to string) {
	for i := 0; i < n; i++ {
		if dst.Attrs[i].Name == from {
			dst.Attrs[i].Name = to
		}
	}
}

// foldLookup returns the value of key v in m, whose keys are lower-case
// (those of windowsChannels also as written): v as written, else
// lower-cased (up to 128 bytes).
func foldLookup[T string | []byte](m map[string]string, v T) (string, bool) {
	if s, ok := m[string(v)]; ok {
		return s, true
	}
	var buf [128]byte
	if len(v) > len(buf) {
		return "", false
	}
	for i := 0; i < len(v); i++ {
		b := v[i]
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		buf[i] = b
	}
	s, ok := m[string(buf[:len(v)])]
	return s, ok
}

// eventID returns the event id written in v (decimal, as every exporter
// writes it), or -1 when v is not a number of at most 5 digits.
func eventID(v []byte) int {
	if len(v) == 0 || len(v) > 5 {
		return -1
	}
	n := 0
	for _, b := range v {
		if b < '0' || b > '9' {
			return -1
		}
		n = n*10 + int(b-'0')
	}
	return n
}

// windowsCategories returns the categories of an event of a service with
// an event id (and, for Sysmon 12, its EventType).
func windowsCategories(service string, id int, eventType []byte) []string {
	switch service {
	case "sysmon":
		if id == 12 {
			return sysmonRegistry12(eventType)
		}
		if id >= 0 && id < len(sysmonCategories) {
			return sysmonCategories[id]
		}
		if id == 255 {
			return catSysmonError
		}
	case "security":
		if id == 4688 {
			return catProcessCreation
		}
	case "powershell":
		switch id {
		case 4103:
			return catPSModule
		case 4104:
			return catPSScript
		}
	case "powershell-classic":
		switch id {
		case 400:
			return catPSClassicStart
		case 600:
			return catPSClassicProviderStart
		case 800:
			return catPSClassicScript
		}
	}
	return nil
}

// sysmonRegistry12 returns the categories of a Sysmon event 12, a
// registry key or value created or deleted: by its EventType when it says
// which, else both.
func sysmonRegistry12(eventType []byte) []string {
	switch string(eventType) {
	case "CreateKey":
		return catRegistryAdd
	case "DeleteKey", "DeleteValue":
		return catRegistryDelete
	}
	return sysmonCategories[12]
}

// windows4688Aliases give a Security 4688 event the names of Sigma's
// process_creation, as pySigma's windows-audit pipeline maps them
// (NewProcessName for Image, ParentProcessName for ParentImage,
// SubjectLogonId for LogonId), and ProcessId to the new process (4688's
// own ProcessId, its creator's, is renamed ParentProcessId). User is the
// subject's name without its domain (SubjectDomainName), IntegrityLevel
// the label's SID (S-1-16-12288), which SigmaHQ's rules list beside the
// names Sysmon gives (High).
var windows4688Aliases = newAliasTable(map[string][]alias{
	"NewProcessName":    {{To: "Image"}},
	"ParentProcessName": {{To: "ParentImage"}},
	"NewProcessId":      {{To: "ProcessId"}},
	"SubjectUserName":   {{To: "User"}},
	"SubjectLogonId":    {{To: "LogonId"}},
	"MandatoryLabel":    {{To: "IntegrityLevel"}},
})

// classicAliases give the unnamed data of a Windows PowerShell event,
// which Winlogbeat names param1…param3, Sigma's name Data.
var classicAliases = newAliasTable(map[string][]alias{
	"param1": {{To: "Data"}}, "param2": {{To: "Data"}}, "param3": {{To: "Data"}},
})
