package check

import (
	"bytes"
	"context"
	"io"
	"strings"

	"github.com/accord-cti/accord/hunt"
)

// The paths of the fields hunt.NewExchangeCSV gives the HttpProxy columns.
const (
	pathAnchor   = "x-exchange:anchor_mailbox"
	pathStatus   = "x-exchange:http_status"
	pathProtocol = "x-exchange:protocol"
	pathClientIP = "network-traffic:src_ref.value"
	pathURL      = "url:value"
	pathURLHost  = "network-traffic:extensions.'http-request-ext'.request_header.Host"
	pathRouting  = "x-exchange:routing_hint"
	pathUA       = "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'"
	pathMethod   = "network-traffic:extensions.'http-request-ext'.request_method"
	pathUser     = "user-account:user_id"
)

// Test-ProxyLogon's patterns for PowerShell's -like, which ignores case.
const (
	likeServerInfo   = "serverinfo~*/*"
	likeAutodiscover = "serverinfo~*/autodiscover*"
	likeLocalhost    = "serverinfo~localhost*/*"
	likeResetVDir    = "serverinfo~*/*reset*virtualdirectory#"
)

var serverInfoPrefix = []byte("serverinfo~")

// httpProxy reads an HttpProxy log: CVE-2021-26855 in every protocol's
// log, CVE-2021-27065's Reset*VirtualDirectory in Ecp's.
func (rd *reader) httpProxy(ctx context.Context, f logFile, in io.Reader) error {
	r := hunt.NewExchangeCSV(f.path, in)
	return eachRecord(ctx, rd, recordsOf(r), func(rec *hunt.Record) {
		anchor := field(rec, pathAnchor)
		if len(anchor) < len(serverInfoPrefix) || !bytes.EqualFold(anchor[:len(serverInfoPrefix)], serverInfoPrefix) {
			return
		}
		rd.serverInfo(rec, f, strings.ToLower(string(anchor)))
	})
}

// serverInfo checks a record whose AnchorMailbox starts "ServerInfo~"
// (lower, in lower case).
func (rd *reader) serverInfo(rec *hunt.Record, f logFile, lower string) {
	if like(lower, likeServerInfo) && !like(lower, likeAutodiscover) && !like(lower, likeLocalhost) {
		rd.res.findings = append(rd.res.findings, proxyFinding(rec, CVE26855, CheckServerInfo))
	}
	if f.proto == "Ecp" && like(lower, likeResetVDir) && string(field(rec, pathStatus)) == "200" {
		rd.res.findings = append(rd.res.findings, proxyFinding(rec, CVE27065, CheckResetVDir))
	}
}

// proxyFinding is the finding of an HttpProxy record.
func proxyFinding(rec *hunt.Record, cve, check string) Finding {
	return Finding{
		CVE: cve, Check: check, File: rec.File, Line: rec.Line, Time: rec.Time, Host: rec.Host,
		Evidence: Evidence{
			ClientIP:      string(field(rec, pathClientIP)),
			AnchorMailbox: string(field(rec, pathAnchor)),
			URLHost:       string(field(rec, pathURLHost)),
			URL:           string(field(rec, pathURL)),
			RoutingHint:   string(field(rec, pathRouting)),
			UserAgent:     string(field(rec, pathUA)),
			Status:        string(field(rec, pathStatus)),
			Method:        string(field(rec, pathMethod)),
			User:          string(field(rec, pathUser)),
			Protocol:      string(field(rec, pathProtocol)),
		},
	}
}

// field returns the value of rec's first field with the path, or nil.
func field(rec *hunt.Record, path string) []byte {
	for i := range rec.Fields {
		if rec.Fields[i].Path == path {
			return rec.Fields[i].Value
		}
	}
	return nil
}
