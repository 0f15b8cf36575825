package hunt

import (
	"bytes"
	"fmt"
	"io"
)

// NewZeek returns a Reader of a Zeek log, in either of Zeek's forms, which
// the first line decides: TSV with "#separator", "#fields" and "#types"
// headers ("-" unset, "(empty)" empty, vectors split on #set_separator), or
// JSON lines, one object per line, with dotted ("id.orig_h"), underscored
// ("id_orig_h") or nested ({"id":{"orig_h":…}}) keys.
//
// Fields, by Zeek name, whatever the #path (conn, dns, http, ssl, files,
// …), numbered by STIX object: 0 network-traffic, 1 source address, 2
// destination address, 3 domain-name, 4 url, 5 file.
//
//	ts            Record.Time (epoch seconds, or ISO 8601)
//	id.orig_h     ipv4-addr:value / ipv6-addr:value (1), network-traffic:src_ref.value (0)
//	id.resp_h     ipv4-addr:value / ipv6-addr:value (2), network-traffic:dst_ref.value (0)
//	id.orig_p     network-traffic:src_port (0, KindOther: ephemeral)
//	id.resp_p     network-traffic:dst_port (0, KindPort)
//	proto         network-traffic:protocols[*] (0, KindOther)
//	query         domain-name:value (3, KindDomain); server_name (ssl) and
//	              san.dns (x509) the same
//	answers       domain-name:resolves_to_refs[*].value (3), addresses only
//	host          domain-name:value (3) unless an address, and
//	              network-traffic:extensions.'http-request-ext'.request_header.Host (0, KindOther)
//	uri           url:value (4, KindURL, the path and query as Zeek logs it)
//	user_agent    …request_header.'User-Agent' (0, KindUserAgent)
//	method        network-traffic:extensions.'http-request-ext'.request_method (0, KindOther)
//	md5/sha1/sha256  file:hashes.MD5 / 'SHA-1' / 'SHA-256' (5, KindHash)
//	filename      file:name (5, KindFileName, the base name) and, when it
//	              has a directory, file:x_path (5, KindFilePath)
//	mime_type     file:mime_type (5, KindOther)
//
// Zeek's own "@system" or "_system_name" is not a host it logged for, so
// Record.Host stays empty.
func NewZeek(name string, r io.Reader) Reader {
	return &zeekReader{name: name, lines: jsonlNewLines(r)}
}

type zeekReader struct {
	name  string
	lines jsonlLines
	scan  jsonlScanner
	rec   *Record // the record being filled, for jsonlValue

	started bool
	tsv     bool
	sep     byte
	setSep  byte
	unset   []byte
	empty   []byte
	cols    []zeekAct // one per #fields column; nil before #fields
	vector  []bool    // which columns are sets or vectors
}

// zeekAct is what a Zeek field becomes.
type zeekAct uint8

const (
	zeekSkip zeekAct = iota
	zeekTS
	zeekOrigH
	zeekRespH
	zeekOrigP
	zeekRespP
	zeekProto
	zeekDomain
	zeekAnswer
	zeekHost
	zeekURI
	zeekUA
	zeekMethod
	zeekMD5
	zeekSHA1
	zeekSHA256
	zeekFileName
	zeekMime
)

// zeekActOf returns what the Zeek field named key becomes. A switch rather
// than a map: it is asked for every key of every JSON line, and comparing
// a few lengths and strings is cheaper than hashing the key.
func zeekActOf(key []byte) zeekAct {
	switch string(key) {
	case "ts":
		return zeekTS
	case "id.orig_h", "id_orig_h":
		return zeekOrigH
	case "id.resp_h", "id_resp_h":
		return zeekRespH
	case "id.orig_p", "id_orig_p":
		return zeekOrigP
	case "id.resp_p", "id_resp_p":
		return zeekRespP
	case "proto":
		return zeekProto
	case "query", "server_name", "san.dns":
		return zeekDomain
	case "answers":
		return zeekAnswer
	case "host":
		return zeekHost
	case "uri":
		return zeekURI
	case "user_agent":
		return zeekUA
	case "method":
		return zeekMethod
	case "md5":
		return zeekMD5
	case "sha1":
		return zeekSHA1
	case "sha256":
		return zeekSHA256
	case "filename":
		return zeekFileName
	case "mime_type":
		return zeekMime
	}
	return zeekSkip
}

const (
	zeekHTTPExt = "network-traffic:extensions.'http-request-ext'."
	zeekPathUA  = zeekHTTPExt + "request_header.'User-Agent'"
	zeekPathHdr = zeekHTTPExt + "request_header.Host"
	zeekPathMet = zeekHTTPExt + "request_method"
)

func (z *zeekReader) Next(r *Record) error {
	for {
		line, tooLong, err := z.lines.next()
		if err != nil {
			return err
		}
		r.Reset()
		r.File, r.Line, r.Raw = z.name, z.lines.line, line
		if tooLong {
			return z.malformed("line longer than 16 MiB")
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		if !z.started {
			z.started = true
			z.tsv = bytes.HasPrefix(line, []byte("#separator"))
		}
		if !z.tsv {
			z.rec = r
			msg := z.scan.walk(line, z)
			z.rec = nil
			if msg != "" {
				r.Fields = r.Fields[:0]
				return z.malformed(msg)
			}
			return nil
		}
		if line[0] == '#' {
			if msg := z.header(line); msg != "" {
				return z.malformed(msg)
			}
			continue
		}
		if msg := z.tsvLine(r, line); msg != "" {
			r.Fields = r.Fields[:0]
			return z.malformed(msg)
		}
		return nil
	}
}

func (z *zeekReader) malformed(msg string) error {
	return &MalformedError{File: z.name, Line: z.lines.line, Msg: msg}
}

func (z *zeekReader) jsonlValue(key, val []byte, _ bool) {
	if act := zeekActOf(key); act != zeekSkip {
		zeekApply(z.rec, act, val)
	}
}

// header reads a TSV header line: the separators and markers, and the
// columns of #fields and #types.
func (z *zeekReader) header(line []byte) string {
	if v, ok := bytes.CutPrefix(line, []byte("#separator ")); ok {
		c, ok := zeekUnescape(v)
		if !ok {
			return "bad #separator"
		}
		z.sep = c
		return ""
	}
	if z.sep == 0 {
		return "Zeek TSV header before #separator"
	}
	name, rest, _ := bytes.Cut(line, []byte{z.sep})
	switch string(name) {
	case "#set_separator":
		c, ok := zeekUnescape(rest)
		if !ok {
			return "bad #set_separator"
		}
		z.setSep = c
	case "#unset_field":
		z.unset = append(z.unset[:0], rest...)
	case "#empty_field":
		z.empty = append(z.empty[:0], rest...)
	case "#fields":
		z.cols = z.cols[:0]
		for f := range bytes.SplitSeq(rest, []byte{z.sep}) {
			z.cols = append(z.cols, zeekActOf(f))
		}
		z.vector = make([]bool, len(z.cols))
	case "#types":
		i := 0
		for t := range bytes.SplitSeq(rest, []byte{z.sep}) {
			if i < len(z.vector) {
				z.vector[i] = bytes.HasPrefix(t, []byte("set[")) || bytes.HasPrefix(t, []byte("vector["))
			}
			i++
		}
	}
	return ""
}

// zeekUnescape reads a header's separator: one byte, or \xHH.
func zeekUnescape(v []byte) (byte, bool) {
	if len(v) == 1 {
		return v[0], true
	}
	if len(v) == 4 && v[0] == '\\' && v[1] == 'x' {
		var c byte
		for _, h := range v[2:] {
			switch {
			case h >= '0' && h <= '9':
				c = c<<4 | (h - '0')
			case h >= 'a' && h <= 'f':
				c = c<<4 | (h - 'a' + 10)
			case h >= 'A' && h <= 'F':
				c = c<<4 | (h - 'A' + 10)
			default:
				return 0, false
			}
		}
		return c, c != 0
	}
	return 0, false
}

func (z *zeekReader) tsvLine(r *Record, line []byte) string {
	if z.cols == nil {
		return "Zeek TSV data before #fields"
	}
	col := 0
	for {
		i := bytes.IndexByte(line, z.sep)
		v := line
		if i >= 0 {
			v = line[:i]
		}
		if col >= len(z.cols) {
			return fmt.Sprintf("more columns than the %d of #fields", len(z.cols))
		}
		if act := z.cols[col]; act != zeekSkip && !bytes.Equal(v, z.unset) && !bytes.Equal(v, z.empty) {
			z.tsvValue(r, act, col, v)
		}
		col++
		if i < 0 {
			break
		}
		line = line[i+1:]
	}
	if col != len(z.cols) {
		return fmt.Sprintf("%d columns, #fields has %d", col, len(z.cols))
	}
	return ""
}

func (z *zeekReader) tsvValue(r *Record, act zeekAct, col int, v []byte) {
	if !z.vector[col] || z.setSep == 0 {
		zeekApply(r, act, v)
		return
	}
	for len(v) > 0 {
		e := v
		if i := bytes.IndexByte(v, z.setSep); i >= 0 {
			e, v = v[:i], v[i+1:]
		} else {
			v = nil
		}
		zeekApply(r, act, e)
	}
}

// zeekApply adds the fields that one Zeek value becomes.
func zeekApply(r *Record, act zeekAct, v []byte) {
	if len(v) == 0 {
		return
	}
	switch act {
	case zeekTS:
		if t, ok := jsonlTime(v); ok {
			r.Time = t
		}
	case zeekOrigH, zeekRespH:
		k := jsonlIPKind(v)
		if k == KindOther {
			return
		}
		if act == zeekOrigH {
			r.Add(jsonlIPPath(k), k, 1, v)
			r.Add("network-traffic:src_ref.value", k, 0, v)
		} else {
			r.Add(jsonlIPPath(k), k, 2, v)
			r.Add("network-traffic:dst_ref.value", k, 0, v)
		}
	case zeekOrigP:
		r.Add("network-traffic:src_port", KindOther, 0, v)
	case zeekRespP:
		r.Add("network-traffic:dst_port", KindPort, 0, v)
	case zeekProto:
		r.Add("network-traffic:protocols[*]", KindOther, 0, v)
	case zeekDomain:
		r.Add("domain-name:value", KindDomain, 3, v)
	case zeekAnswer:
		if k := jsonlIPKind(v); k != KindOther {
			r.Add("domain-name:resolves_to_refs[*].value", k, 3, v)
		}
	case zeekHost:
		r.Add(zeekPathHdr, KindOther, 0, v)
		if h := zeekHostName(v); jsonlIPKind(h) == KindOther {
			r.Add("domain-name:value", KindDomain, 3, h)
		}
	case zeekURI:
		r.Add("url:value", KindURL, 4, v)
	case zeekUA:
		r.Add(zeekPathUA, KindUserAgent, 0, v)
	case zeekMethod:
		r.Add(zeekPathMet, KindOther, 0, v)
	case zeekMD5:
		r.Add("file:hashes.MD5", KindHash, 5, v)
	case zeekSHA1:
		r.Add("file:hashes.'SHA-1'", KindHash, 5, v)
	case zeekSHA256:
		r.Add("file:hashes.'SHA-256'", KindHash, 5, v)
	case zeekFileName:
		dir, base := jsonlSplitPath(v)
		r.Add("file:name", KindFileName, 5, base)
		if dir != nil {
			r.Add("file:x_path", KindFilePath, 5, v)
		}
	case zeekMime:
		r.Add("file:mime_type", KindOther, 5, v)
	}
}

// zeekHostName strips the port from an HTTP Host header, and the brackets
// from an IPv6 literal.
func zeekHostName(h []byte) []byte {
	if len(h) > 0 && h[0] == '[' {
		if i := bytes.IndexByte(h, ']'); i > 0 {
			return h[1:i]
		}
	}
	if i := bytes.LastIndexByte(h, ':'); i >= 0 && bytes.IndexByte(h, ':') == i {
		return h[:i]
	}
	return h
}
