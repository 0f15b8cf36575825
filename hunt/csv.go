package hunt

import (
	"io"
	"strings"
)

// FieldSpec says what field a CSV column gives: its object path, its kind
// and the object it belongs to (see Field).
//
// Two paths are special. CSVTimePath makes the column the record's Time
// (RFC 3339, with "T" or a space, zone optional and UTC when absent, or
// Unix seconds or milliseconds). A spec of KindIPv4 or KindIPv6 takes its
// kind, and its path when the path is "ipv4-addr:value" or
// "ipv6-addr:value", from the value's form; with Obj 1 the value is also
// network-traffic:src_ref.value, with Obj 2 network-traffic:dst_ref.value
// (both Obj 0), as the IIS reader writes them.
type FieldSpec struct {
	Path string
	Kind Kind
	Obj  int
}

// CSVTimePath is the FieldSpec path of the column that gives a record's Time.
const CSVTimePath = "@time"

var (
	csvSrcIP   = FieldSpec{iisPathIPv4, KindIPv4, 1}
	csvDstIP   = FieldSpec{iisPathIPv4, KindIPv4, 2}
	csvDomain  = FieldSpec{iisPathDomain, KindDomain, 3}
	csvURL     = FieldSpec{iisPathURL, KindURL, 4}
	csvUser    = FieldSpec{iisPathUser, KindUser, 5}
	csvUA      = FieldSpec{iisPathUserAgent, KindUserAgent, 0}
	csvTime    = FieldSpec{Path: CSVTimePath}
	csvSHA256  = FieldSpec{"file:hashes.'SHA-256'", KindHash, 6}
	csvSHA1    = FieldSpec{"file:hashes.'SHA-1'", KindHash, 6}
	csvMD5     = FieldSpec{"file:hashes.MD5", KindHash, 6}
	csvName    = FieldSpec{"file:name", KindFileName, 6}
	csvPath    = FieldSpec{"file:x_path", KindFilePath, 6}
	csvEmail   = FieldSpec{"email-addr:value", KindEmail, 8}
	csvCommand = FieldSpec{"process:command_line", KindCommand, 9}
)

// DefaultCSVMapping maps the column names common in exported logs to
// fields; NewCSV matches names regardless of case. Objects: 0 the
// network-traffic, 1 the source address, 2 the destination, 3 the
// domain-name, 4 the url, 5 the user-account, 6 the file, 8 the
// email-addr, 9 the process. A full file path is "file:x_path"
// (KindFilePath), as STIX has no property for it.
var DefaultCSVMapping = map[string]FieldSpec{
	"src_ip": csvSrcIP, "source_ip": csvSrcIP, "source.ip": csvSrcIP, "client_ip": csvSrcIP, "src": csvSrcIP,
	"c-ip": csvSrcIP, "clientip": csvSrcIP, "id.orig_h": csvSrcIP,
	"dst_ip": csvDstIP, "dest_ip": csvDstIP, "destination_ip": csvDstIP, "destination.ip": csvDstIP,
	"server_ip": csvDstIP, "dst": csvDstIP, "s-ip": csvDstIP, "id.resp_h": csvDstIP,
	"src_port": {iisPathSrcPort, KindPort, 0},
	"dst_port": {iisPathDstPort, KindPort, 0},
	"domain":   csvDomain, "host": csvDomain, "hostname": csvDomain, "server_name": csvDomain, "query": csvDomain,
	"url.domain": csvDomain, "destination.domain": csvDomain, "dns.question.name": csvDomain,
	"url": csvURL, "uri": csvURL, "request_url": csvURL, "url.original": csvURL, "url.full": csvURL,
	"sha256": csvSHA256, "hash.sha256": csvSHA256, "file.hash.sha256": csvSHA256,
	"sha1": csvSHA1, "hash.sha1": csvSHA1, "file.hash.sha1": csvSHA1,
	"md5": csvMD5, "hash.md5": csvMD5, "file.hash.md5": csvMD5,
	"user_agent": csvUA, "useragent": csvUA, "user_agent.original": csvUA, "http_user_agent": csvUA,
	"user": csvUser, "username": csvUser, "user_name": csvUser, "user.name": csvUser, "account": csvUser,
	"filename": csvName, "file_name": csvName, "file.name": csvName,
	"path": csvPath, "file_path": csvPath, "filepath": csvPath, "file.path": csvPath,
	"email": csvEmail, "sender": csvEmail, "recipient": csvEmail,
	"command_line": csvCommand, "commandline": csvCommand, "process.command_line": csvCommand,
	"timestamp": csvTime, "time": csvTime, "@timestamp": csvTime, "datetime": csvTime, "ts": csvTime,
}

// NewCSV returns a Reader of a CSV file (RFC 4180) whose first line that
// does not start with "#" names the columns ("#Fields: a,b,…" names them
// too); mapping (DefaultCSVMapping, say) gives the field of each column
// by its name, regardless of case, and other columns are left out. Empty
// values give no field. A record with the wrong number of fields, bad
// quoting or a bad time is a *MalformedError. A quoted field may span
// lines; the record's Line is its first.
func NewCSV(name string, r io.Reader, mapping map[string]FieldSpec) Reader {
	cols := make(map[string]csvCol, len(mapping))
	for k, spec := range mapping {
		c := csvCol{role: csvField, spec: spec}
		switch {
		case spec.Path == CSVTimePath:
			c.role = csvTimeRole
		case spec.Kind == KindIPv4 || spec.Kind == KindIPv6:
			c.role = csvIP
		}
		cols[strings.ToLower(k)] = c
	}
	return newCSVReader(name, r, cols, false)
}
