package hunt

import (
	"bytes"
	"io"
)

// NewWinEvent returns a Reader of Windows events as JSON lines: Security,
// Sysmon and other channels as nxlog or Security-Datasets export them (flat
// keys: EventID, Channel, Image, …) and as Winlogbeat does (winlog.event_id,
// winlog.channel, winlog.event_data.*, @timestamp). A key under
// winlog.event_data (or event_data) is read as if it were top-level.
//
// Every scalar is kept as a KindOther field "x-event:"+key (the event-data
// name, else the dotted path: "x-event:CommandLine", "x-event:winlog.task"),
// for rules (Sigma) that match raw fields by name. The path strings are
// made once per distinct key and reused (up to 4096 keys per reader, then
// one string per use). The Reader is a Projector: projected on paths of
// none of the typed fields below (a hunt of Sigma rules without STIX
// indicators), Next reads only the "x-event:" fields, Host and Time.
//
// The typed fields, numbered by STIX object: 0 process, 1 the process's
// image file, 3 the target or loaded file, 4 network-traffic, 5 source
// address, 6 destination address, 7 domain-name, 8 user, 9 target user,
// 10 subject user, 11 registry key.
//
//	EventID, winlog.event_id   x-windows-event:event_id (KindOther)
//	Channel, winlog.channel    x-windows-event:channel (KindOther)
//	Image        file:name (1, KindFileName, the base name), file:x_path (1,
//	             KindFilePath, the full path), file:parent_directory_ref.path
//	             (1, KindOther) and process:image_ref.name (0, KindOther)
//	ParentImage  process:parent_ref.image_ref.name (0, KindFileName)
//	CommandLine  process:command_line (0, KindCommand); ParentCommandLine
//	             process:parent_ref.command_line (0, KindCommand)
//	TargetFilename, ImageLoaded  as Image, object 3
//	Hashes       file:hashes.MD5/'SHA-1'/'SHA-256'/IMPHASH (KindHash), object 3
//	             when the event names a target or loaded file, else 1
//	DestinationIp, DestAddress   ipv4/ipv6-addr:value (6), network-traffic:dst_ref.value (4)
//	SourceIp, SourceAddress, IpAddress  ipv4/ipv6-addr:value (5), network-traffic:src_ref.value (4)
//	DestinationPort, DestPort    network-traffic:dst_port (4, KindPort)
//	SourcePort, IpPort           network-traffic:src_port (4, KindOther)
//	QueryName, DestinationHostname  domain-name:value (7, KindDomain)
//	QueryResults  domain-name:resolves_to_refs[*].value (7), addresses only
//	User, TargetUserName, SubjectUserName  user-account:user_id (8, 9, 10, KindUser)
//	TargetObject  windows-registry-key:key (11, KindOther)
//
// Record.Host is Hostname, Computer or winlog.computer_name, else
// host.name, else a string "host" (nxlog's shipper). Record.Time is
// TimeCreated (or its SystemTime), else Sysmon's UtcTime, else @timestamp,
// else EventTime, which nxlog writes in the shipper's local time without a
// zone and is taken as UTC.
func NewWinEvent(name string, r io.Reader) Reader {
	w := newWinEvent(name)
	w.lines = jsonlNewLines(r)
	return w
}

// newWinEvent returns a wineventReader without lines to read, and so
// without their 64 KiB buffer, for a reader that hands it its events one
// by one (event): the evtx reader, whose events it renders as lines.
func newWinEvent(name string) *wineventReader {
	return &wineventReader{name: name, typed: true}
}

type wineventReader struct {
	name  string
	lines jsonlLines
	scan  jsonlScanner
	keys  wineventKeys
	hosts jsonlIntern

	// typed is whether Next reads the typed fields (see Project);
	// completing is whether a walk reads them only (see Complete).
	typed, completing, done bool

	rec       *Record
	hostRank  int
	timeRank  int
	hashObj   int
	hashStart int
}

type wineventAct uint8

const (
	wineventNone wineventAct = iota
	wineventEventID
	wineventChannel
	wineventImage
	wineventParentImage
	wineventCommand
	wineventParentCommand
	wineventTargetFile
	wineventHashes
	wineventDstIP
	wineventSrcIP
	wineventDstPort
	wineventSrcPort
	wineventDomain
	wineventQueryResults
	wineventUser
	wineventTargetUser
	wineventSubjectUser
	wineventRegKey
	wineventHost4 // Hostname, Computer: the host that logged the event
	wineventHost3
	wineventHost1
	wineventTime4
	wineventTime3
	wineventTime2
	wineventTime1
)

var wineventActs = map[string]wineventAct{
	"EventID": wineventEventID, "winlog.event_id": wineventEventID, "event_id": wineventEventID,
	"Channel": wineventChannel, "winlog.channel": wineventChannel,
	"Image": wineventImage, "ParentImage": wineventParentImage,
	"CommandLine": wineventCommand, "ParentCommandLine": wineventParentCommand,
	"TargetFilename": wineventTargetFile, "ImageLoaded": wineventTargetFile, "Hashes": wineventHashes,
	"DestinationIp": wineventDstIP, "DestAddress": wineventDstIP,
	"SourceIp": wineventSrcIP, "SourceAddress": wineventSrcIP, "IpAddress": wineventSrcIP,
	"DestinationPort": wineventDstPort, "DestPort": wineventDstPort,
	"SourcePort": wineventSrcPort, "IpPort": wineventSrcPort,
	"QueryName": wineventDomain, "DestinationHostname": wineventDomain, "QueryResults": wineventQueryResults,
	"User": wineventUser, "TargetUserName": wineventTargetUser, "SubjectUserName": wineventSubjectUser,
	"TargetObject": wineventRegKey, "Hostname": wineventHost4, "Computer": wineventHost4,
	"winlog.computer_name": wineventHost4, "host.name": wineventHost3, "host": wineventHost1,
	"TimeCreated": wineventTime4, "TimeCreated.SystemTime": wineventTime4, "UtcTime": wineventTime3,
	"@timestamp": wineventTime2, "EventTime": wineventTime1,
}

func (w *wineventReader) Next(r *Record) error {
	w.done = false
	line, err := w.lines.record(r, w.name)
	if err != nil {
		return err
	}
	if msg := w.event(r, line); msg != "" {
		return &MalformedError{File: w.name, Line: w.lines.line, Msg: msg}
	}
	return nil
}

// event maps line, one event's JSON object, to the fields, Host and Time
// of r (just reset), returning why the line is malformed ("" when it is
// not), in which case r keeps no fields.
func (w *wineventReader) event(r *Record, line []byte) string {
	return w.eventFrom(r, line, 0)
}

// eventFrom is event for a record that holds from fields already (those
// Next read, for Complete), which it keeps whatever happens.
func (w *wineventReader) eventFrom(r *Record, line []byte, from int) string {
	w.rec, w.hostRank, w.timeRank, w.hashObj, w.hashStart = r, 0, 0, 1, -1
	w.keys.start()
	msg := w.scan.walk(line, w)
	w.rec = nil
	if msg != "" {
		r.Fields = r.Fields[:from]
		return msg
	}
	if w.hashStart >= 0 { // of the target or loaded file, if the event names one before or after
		for i := w.hashStart; i < len(r.Fields); i++ {
			if r.Fields[i].Kind == KindHash {
				r.Fields[i].Obj = w.hashObj
			}
		}
	}
	return ""
}

var (
	wineventDataPrefix  = []byte("winlog.event_data.")
	wineventDataPrefix2 = []byte("event_data.")
)

func (w *wineventReader) jsonlValue(key, val []byte, str bool) {
	if k, ok := bytes.CutPrefix(key, wineventDataPrefix); ok {
		key = k
	} else if k, ok := bytes.CutPrefix(key, wineventDataPrefix2); ok {
		key = k
	}
	r, k := w.rec, w.keys.get(key)
	act := k.act
	switch {
	case w.completing:
		if act >= wineventHost4 { // Next read Host and Time
			return
		}
	case !w.typed:
		r.Add(k.path, KindOther, 0, val)
		if act < wineventHost4 {
			return
		}
	default:
		r.Add(k.path, KindOther, 0, val)
	}
	if act == wineventNone || len(val) == 0 {
		return
	}
	w.apply(r, act, val, str)
}

func (w *wineventReader) apply(r *Record, act wineventAct, v []byte, str bool) {
	switch act {
	case wineventEventID:
		r.Add("x-windows-event:event_id", KindOther, 0, v)
	case wineventChannel:
		r.Add("x-windows-event:channel", KindOther, 0, v)
	case wineventImage:
		_, base := jsonlSplitPath(v)
		wineventFile(r, 1, v)
		r.Add("process:image_ref.name", KindOther, 0, base)
	case wineventParentImage:
		_, base := jsonlSplitPath(v)
		r.Add("process:parent_ref.image_ref.name", KindFileName, 0, base)
	case wineventCommand:
		r.Add("process:command_line", KindCommand, 0, v)
	case wineventParentCommand:
		r.Add("process:parent_ref.command_line", KindCommand, 0, v)
	case wineventTargetFile:
		wineventFile(r, 3, v)
		w.hashObj = 3
	case wineventHashes:
		if w.hashStart < 0 {
			w.hashStart = len(r.Fields)
		}
		wineventHashList(r, v)
	case wineventDstIP, wineventSrcIP:
		wineventAddr(r, act == wineventDstIP, v)
	case wineventDstPort:
		r.Add("network-traffic:dst_port", KindPort, 4, v)
	case wineventSrcPort:
		r.Add("network-traffic:src_port", KindOther, 4, v)
	case wineventDomain:
		if jsonlIPKind(v) == KindOther {
			r.Add("domain-name:value", KindDomain, 7, v)
		}
	case wineventQueryResults:
		wineventResults(r, v)
	case wineventUser, wineventTargetUser, wineventSubjectUser:
		if string(v) != "-" {
			r.Add("user-account:user_id", KindUser, 8+int(act-wineventUser), v)
		}
	case wineventRegKey:
		r.Add("windows-registry-key:key", KindOther, 11, v)
	case wineventHost4, wineventHost3, wineventHost1:
		if rank := int(wineventHost1 - act + 1); str && rank > w.hostRank {
			w.hostRank = rank
			r.Host = w.hosts.get(v)
		}
	case wineventTime4, wineventTime3, wineventTime2, wineventTime1:
		if rank := int(wineventTime1 - act + 1); rank > w.timeRank {
			if t, ok := jsonlTime(v); ok {
				w.timeRank = rank
				r.Time = t
			}
		}
	}
}

// wineventFile adds a file's name, directory and full path.
func wineventFile(r *Record, obj int, v []byte) {
	dir, base := jsonlSplitPath(v)
	r.Add("file:name", KindFileName, obj, base)
	if dir != nil {
		r.Add("file:parent_directory_ref.path", KindOther, obj, dir)
		r.Add("file:x_path", KindFilePath, obj, v)
	}
}

func wineventAddr(r *Record, dst bool, v []byte) {
	k := jsonlIPKind(v)
	if k == KindOther {
		return
	}
	if dst {
		r.Add(jsonlIPPath(k), k, 6, v)
		r.Add("network-traffic:dst_ref.value", k, 4, v)
	} else {
		r.Add(jsonlIPPath(k), k, 5, v)
		r.Add("network-traffic:src_ref.value", k, 4, v)
	}
}

// wineventHashList reads Sysmon's "SHA1=…,MD5=…,SHA256=…,IMPHASH=…".
func wineventHashList(r *Record, v []byte) {
	for len(v) > 0 {
		item := v
		if i := bytes.IndexByte(v, ','); i >= 0 {
			item, v = v[:i], v[i+1:]
		} else {
			v = nil
		}
		alg, hex, ok := bytes.Cut(bytes.TrimSpace(item), []byte{'='})
		if !ok || len(hex) == 0 {
			continue
		}
		var path string
		switch {
		case bytes.EqualFold(alg, []byte("MD5")):
			path = "file:hashes.MD5"
		case bytes.EqualFold(alg, []byte("SHA1")):
			path = "file:hashes.'SHA-1'"
		case bytes.EqualFold(alg, []byte("SHA256")):
			path = "file:hashes.'SHA-256'"
		case bytes.EqualFold(alg, []byte("IMPHASH")):
			path = "file:hashes.IMPHASH"
		default:
			continue
		}
		r.Add(path, KindHash, 1, hex)
	}
}

// wineventResults reads Sysmon's DNS QueryResults ("type:  5 cdn.example;
// ::ffff:192.0.2.1;"), keeping the addresses.
func wineventResults(r *Record, v []byte) {
	for len(v) > 0 {
		item := v
		if i := bytes.IndexByte(v, ';'); i >= 0 {
			item, v = v[:i], v[i+1:]
		} else {
			v = nil
		}
		item = bytes.TrimSpace(item)
		if a, ok := bytes.CutPrefix(item, []byte("::ffff:")); ok && jsonlIPv4(a) {
			item = a
		}
		if k := jsonlIPKind(item); k != KindOther {
			r.Add("domain-name:resolves_to_refs[*].value", k, 7, item)
		}
	}
}
