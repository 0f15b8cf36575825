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
//
// The Reader is a Projector: projected, Next adds only the fields of the
// paths wanted, and skips the values no wanted path comes from without
// decoding them; Complete reads the line again for the others. A JSON line
// of the form Zeek writes (flat keys, no spaces) is read by a scanner of
// its own, which knows each key by the order of the keys of the lines
// before it; any other by jsonlScanner.
func NewZeek(name string, r io.Reader) Reader {
	return &zeekReader{name: name, lines: jsonlNewLines(r), on: &zeekAll, done: true}
}

type zeekReader struct {
	name  string
	lines jsonlLines
	scan  jsonlScanner
	more  jsonlScanner // Complete's
	order zeekOrder
	rec   *Record // the record being filled, for jsonlValue

	started bool
	tsv     bool
	sep     byte
	setSep  byte
	unset   []byte
	empty   []byte
	cols    []zeekAct // one per #fields column; nil before #fields
	names   []string  // the #fields names, for Sigma (see sigmaFeed)
	path    string    // the #path, for Sigma
	vector  []bool    // which columns are sets or vectors

	// on says which parts of each act the line being read adds: zeekAll,
	// or with Project next for Next and rest for Complete.
	on   *[zeekActs]zeekParts
	next [zeekActs]zeekParts
	rest [zeekActs]zeekParts
	line []byte // the line of the record Next read last
	done bool   // Complete has nothing to add to it
}

var _ Projector = (*zeekReader)(nil)

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
	zeekActs // the number of acts
)

// zeekActOf returns what the Zeek field named key becomes. A switch rather
// than a map: it is asked for every key of a JSON line that fast does not
// read, and comparing a few lengths and strings is cheaper than hashing
// the key.
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

// Next implements Reader.
func (z *zeekReader) Next(r *Record) error {
	z.done = true
	for {
		line, err := z.lines.record(r, z.name)
		if err != nil {
			return err
		}
		if !z.started {
			z.started = true
			z.tsv = bytes.HasPrefix(line, []byte("#separator"))
		}
		var msg string
		switch {
		case !z.tsv:
			msg = z.json(r, &z.scan, line)
		case line[0] == '#':
			if msg := z.header(line); msg != "" {
				return z.malformed(msg)
			}
			continue
		default:
			msg = z.tsvLine(r, line)
		}
		if msg != "" {
			r.Fields = r.Fields[:0]
			return z.malformed(msg)
		}
		z.line, z.done = line, z.on == &zeekAll
		return nil
	}
}

// Project implements Projector. Whether a value is read depends on its
// act alone, so want is asked once per path of zeekActPaths.
func (z *zeekReader) Project(want func(path string) bool) {
	for act, paths := range zeekActPaths {
		var m zeekParts
		for i, p := range paths {
			if want(p) {
				m |= 1 << i
			}
		}
		z.next[act], z.rest[act] = m, zeekAll[act]&^m
	}
	z.next[zeekTS], z.rest[zeekTS] = 1, 0
	z.on = &z.next
}

// Complete implements Projector: it reads the line again for the parts of
// its acts that Next left out. It unescapes into a scanner of its own, as
// the fields Next read may be slices of z.scan's scratch.
func (z *zeekReader) Complete(r *Record) {
	if z.done {
		return
	}
	z.done = true
	z.on = &z.rest
	if z.tsv {
		z.tsvLine(r, z.line)
	} else {
		z.json(r, &z.more, z.line)
	}
	z.on = &z.next
}

func (z *zeekReader) malformed(msg string) error {
	return &MalformedError{File: z.name, Line: z.lines.line, Msg: msg}
}

// json reads a JSON line into r with s: by fast when the line has the form
// Zeek writes, else, from where r was, by jsonlScanner, which reads every
// form and says what is wrong with a line that is not JSON.
func (z *zeekReader) json(r *Record, s *jsonlScanner, line []byte) string {
	n, t := len(r.Fields), r.Time
	if z.fast(r, s, line) {
		return ""
	}
	r.Fields, r.Time = r.Fields[:n], t
	z.rec = r
	msg := s.walk(line, z)
	z.rec = nil
	return msg
}

func (z *zeekReader) jsonlValue(key, val []byte, _ bool) {
	act := zeekActOf(key)
	if m := z.on[act]; m != 0 {
		zeekApply(z.rec, act, m, val)
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
		z.cols, z.names = z.cols[:0], z.names[:0]
		for f := range bytes.SplitSeq(rest, []byte{z.sep}) {
			z.cols = append(z.cols, zeekActOf(f))
			z.names = append(z.names, string(f))
		}
		z.vector = make([]bool, len(z.cols))
	case "#path":
		z.path = string(rest)
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
		act := z.cols[col]
		if m := z.on[act]; m != 0 && !bytes.Equal(v, z.unset) && !bytes.Equal(v, z.empty) {
			z.tsvValue(r, act, m, col, v)
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

func (z *zeekReader) tsvValue(r *Record, act zeekAct, m zeekParts, col int, v []byte) {
	if !z.vector[col] || z.setSep == 0 {
		zeekApply(r, act, m, v)
		return
	}
	for len(v) > 0 {
		e := v
		if i := bytes.IndexByte(v, z.setSep); i >= 0 {
			e, v = v[:i], v[i+1:]
		} else {
			v = nil
		}
		zeekApply(r, act, m, e)
	}
}

// zeekParts are the parts of an act that a reading adds: bit i for
// zeekActPaths[act][i], and for zeekTS bit 0 for Record.Time.
type zeekParts uint8

// zeekActPaths are the paths each act adds, in the order of its parts.
var zeekActPaths = [zeekActs][]string{
	zeekOrigH:    {"ipv4-addr:value", "ipv6-addr:value", "network-traffic:src_ref.value"},
	zeekRespH:    {"ipv4-addr:value", "ipv6-addr:value", "network-traffic:dst_ref.value"},
	zeekOrigP:    {"network-traffic:src_port"},
	zeekRespP:    {"network-traffic:dst_port"},
	zeekProto:    {"network-traffic:protocols[*]"},
	zeekDomain:   {"domain-name:value"},
	zeekAnswer:   {"domain-name:resolves_to_refs[*].value"},
	zeekHost:     {zeekPathHdr, "domain-name:value"},
	zeekURI:      {"url:value"},
	zeekUA:       {zeekPathUA},
	zeekMethod:   {zeekPathMet},
	zeekMD5:      {"file:hashes.MD5"},
	zeekSHA1:     {"file:hashes.'SHA-1'"},
	zeekSHA256:   {"file:hashes.'SHA-256'"},
	zeekFileName: {"file:name", "file:x_path"},
	zeekMime:     {"file:mime_type"},
}

// zeekAll has every part of every act: a reading that is not projected.
var zeekAll = func() (all [zeekActs]zeekParts) {
	for act, paths := range zeekActPaths {
		all[act] = 1<<len(paths) - 1
	}
	all[zeekTS] = 1
	return all
}()

// zeekApply adds the fields of the parts m of act that one Zeek value
// becomes. m is not empty: an act of one part needs no test.
func zeekApply(r *Record, act zeekAct, m zeekParts, v []byte) {
	if len(v) == 0 {
		return
	}
	switch act {
	case zeekTS:
		if t, ok := jsonlTime(v); ok {
			r.Time = t
		}
	case zeekOrigH:
		zeekAddIP(r, m, 1, "network-traffic:src_ref.value", v)
	case zeekRespH:
		zeekAddIP(r, m, 2, "network-traffic:dst_ref.value", v)
	case zeekOrigP:
		iisAdd(r, "network-traffic:src_port", KindOther, 0, v)
	case zeekRespP:
		iisAdd(r, "network-traffic:dst_port", KindPort, 0, v)
	case zeekProto:
		iisAdd(r, "network-traffic:protocols[*]", KindOther, 0, v)
	case zeekDomain:
		iisAdd(r, "domain-name:value", KindDomain, 3, v)
	case zeekAnswer:
		if k := jsonlIPKind(v); k != KindOther {
			iisAdd(r, "domain-name:resolves_to_refs[*].value", k, 3, v)
		}
	case zeekHost:
		if m&1 != 0 {
			iisAdd(r, zeekPathHdr, KindOther, 0, v)
		}
		if m&2 != 0 {
			if h := zeekHostName(v); jsonlIPKind(h) == KindOther {
				iisAdd(r, "domain-name:value", KindDomain, 3, h)
			}
		}
	case zeekURI:
		iisAdd(r, "url:value", KindURL, 4, v)
	case zeekUA:
		iisAdd(r, zeekPathUA, KindUserAgent, 0, v)
	case zeekMethod:
		iisAdd(r, zeekPathMet, KindOther, 0, v)
	case zeekMD5:
		iisAdd(r, "file:hashes.MD5", KindHash, 5, v)
	case zeekSHA1:
		iisAdd(r, "file:hashes.'SHA-1'", KindHash, 5, v)
	case zeekSHA256:
		iisAdd(r, "file:hashes.'SHA-256'", KindHash, 5, v)
	case zeekFileName:
		dir, base := jsonlSplitPath(v)
		if m&1 != 0 {
			iisAdd(r, "file:name", KindFileName, 5, base)
		}
		if m&2 != 0 && dir != nil {
			iisAdd(r, "file:x_path", KindFilePath, 5, v)
		}
	case zeekMime:
		iisAdd(r, "file:mime_type", KindOther, 5, v)
	}
}

// zeekAddIP adds an address of object obj, and as the network-traffic's
// reference ref: parts 0 (an IPv4 address), 1 (IPv6) and 2 (ref) of m.
func zeekAddIP(r *Record, m zeekParts, obj int, ref string, v []byte) {
	k := jsonlIPKind(v)
	switch {
	case k == KindIPv4 && m&1 != 0:
		iisAdd(r, "ipv4-addr:value", k, obj, v)
	case k == KindIPv6 && m&2 != 0:
		iisAdd(r, "ipv6-addr:value", k, obj, v)
	case k == KindOther:
		return
	}
	if m&4 != 0 {
		iisAdd(r, ref, k, 0, v)
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
