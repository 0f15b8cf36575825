package hunt

import (
	"io"
)

// NewJSONLines returns a Reader of JSON lines, one object per line, that
// knows the Elastic Common Schema's names, nested ({"source":{"ip":…}}) or
// flat ("source.ip"). Fields, numbered by STIX object: 0 network-traffic,
// 1 source address, 2 destination address, 3 domain-name, 4 url, 5 file,
// 6 user, 7 process.
//
//	@timestamp, timestamp        Record.Time (ISO 8601 or epoch seconds)
//	host.name, host.hostname     Record.Host
//	source.ip, client.ip         ipv4/ipv6-addr:value (1), network-traffic:src_ref.value (0)
//	destination.ip, server.ip    ipv4/ipv6-addr:value (2), network-traffic:dst_ref.value (0)
//	source.port                  network-traffic:src_port (0, KindOther)
//	destination.port             network-traffic:dst_port (0, KindPort)
//	url.full, url.original, url.path  url:value (4, KindURL)
//	url.domain, destination.domain, server.domain, dns.question.name
//	                             domain-name:value (3, KindDomain)
//	dns.resolved_ip              domain-name:resolves_to_refs[*].value (3)
//	user.name                    user-account:user_id (6, KindUser)
//	user_agent.original          network-traffic:…request_header.'User-Agent' (0, KindUserAgent)
//	file.hash.md5/sha1/sha256    file:hashes.MD5/'SHA-1'/'SHA-256' (5, KindHash)
//	file.name                    file:name (5, KindFileName)
//	file.path                    file:x_path (5, KindFilePath)
//	process.command_line         process:command_line (7, KindCommand)
//
// Other keys are not kept.
func NewJSONLines(name string, r io.Reader) Reader {
	return &jsonlReader{name: name, lines: jsonlNewLines(r)}
}

type jsonlReader struct {
	name  string
	lines jsonlLines
	scan  jsonlScanner
	hosts jsonlIntern
	rec   *Record
}

type jsonlAct uint8

const (
	jsonlNone jsonlAct = iota
	jsonlTS
	jsonlHost
	jsonlSrcIP
	jsonlDstIP
	jsonlSrcPort
	jsonlDstPort
	jsonlURL
	jsonlDomain
	jsonlResolved
	jsonlUser
	jsonlUA
	jsonlMD5
	jsonlSHA1
	jsonlSHA256
	jsonlFileName
	jsonlFilePath
	jsonlCommand
)

var jsonlActs = map[string]jsonlAct{
	"@timestamp": jsonlTS, "timestamp": jsonlTS, "host.name": jsonlHost, "host.hostname": jsonlHost,
	"source.ip": jsonlSrcIP, "client.ip": jsonlSrcIP, "destination.ip": jsonlDstIP, "server.ip": jsonlDstIP,
	"source.port": jsonlSrcPort, "destination.port": jsonlDstPort,
	"url.full": jsonlURL, "url.original": jsonlURL, "url.path": jsonlURL,
	"url.domain": jsonlDomain, "destination.domain": jsonlDomain, "server.domain": jsonlDomain,
	"dns.question.name": jsonlDomain, "dns.resolved_ip": jsonlResolved,
	"user.name": jsonlUser, "user_agent.original": jsonlUA,
	"file.hash.md5": jsonlMD5, "file.hash.sha1": jsonlSHA1, "file.hash.sha256": jsonlSHA256,
	"file.name": jsonlFileName, "file.path": jsonlFilePath, "process.command_line": jsonlCommand,
}

func (j *jsonlReader) Next(r *Record) error {
	line, err := j.lines.record(r, j.name)
	if err != nil {
		return err
	}
	j.rec = r
	msg := j.scan.walk(line, j)
	j.rec = nil
	if msg != "" {
		r.Fields = r.Fields[:0]
		return &MalformedError{File: j.name, Line: j.lines.line, Msg: msg}
	}
	return nil
}

func (j *jsonlReader) jsonlValue(key, v []byte, str bool) {
	act := jsonlActs[string(key)]
	if act == jsonlNone || len(v) == 0 {
		return
	}
	r := j.rec
	switch act {
	case jsonlTS:
		if t, ok := jsonlTime(v); ok {
			r.Time = t
		}
	case jsonlHost:
		if str {
			r.Host = j.hosts.get(v)
		}
	case jsonlSrcIP, jsonlDstIP:
		k := jsonlIPKind(v)
		if k == KindOther {
			return
		}
		if act == jsonlSrcIP {
			r.Add(jsonlIPPath(k), k, 1, v)
			r.Add("network-traffic:src_ref.value", k, 0, v)
		} else {
			r.Add(jsonlIPPath(k), k, 2, v)
			r.Add("network-traffic:dst_ref.value", k, 0, v)
		}
	case jsonlSrcPort:
		r.Add("network-traffic:src_port", KindOther, 0, v)
	case jsonlDstPort:
		r.Add("network-traffic:dst_port", KindPort, 0, v)
	case jsonlURL:
		r.Add("url:value", KindURL, 4, v)
	case jsonlDomain:
		r.Add("domain-name:value", KindDomain, 3, v)
	case jsonlResolved:
		if k := jsonlIPKind(v); k != KindOther {
			r.Add("domain-name:resolves_to_refs[*].value", k, 3, v)
		}
	case jsonlUser:
		r.Add("user-account:user_id", KindUser, 6, v)
	case jsonlUA:
		r.Add(zeekPathUA, KindUserAgent, 0, v)
	case jsonlMD5:
		r.Add("file:hashes.MD5", KindHash, 5, v)
	case jsonlSHA1:
		r.Add("file:hashes.'SHA-1'", KindHash, 5, v)
	case jsonlSHA256:
		r.Add("file:hashes.'SHA-256'", KindHash, 5, v)
	case jsonlFileName:
		r.Add("file:name", KindFileName, 5, v)
	case jsonlFilePath:
		r.Add("file:x_path", KindFilePath, 5, v)
	case jsonlCommand:
		r.Add("process:command_line", KindCommand, 7, v)
	}
}
