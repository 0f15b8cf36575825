package sigma

import "strings"

// routeWebserver routes a web server access log event (IIS W3C, Exchange
// HttpProxy): see Route.
func routeWebserver(dst *Routed) {
	dst.Logsources = append(dst.Logsources, Logsource{Category: "webserver"})
	addAliases(dst, len(dst.Attrs), webAliases)
	joinTarget(dst)
}

// joinTarget makes cs-uri-query the whole request target, the stem then
// '?' and the query, as SigmaHQ's webserver rules expect: most of them
// look for paths in cs-uri-query ("/ecp/y.js", "/owa/auth/…"), which IIS
// and Exchange write apart. A rule that looks for a query string finds it
// in the joined value as well. The stem alone stays in cs-uri-stem. An
// IIS query of "-" is no query.
func joinTarget(dst *Routed) {
	stem, query := -1, -1
	for i := range dst.Attrs {
		switch dst.Attrs[i].Name {
		case "cs-uri-stem":
			if stem < 0 {
				stem = i
			}
		case "cs-uri-query":
			if query < 0 {
				query = i
			}
		}
	}
	if stem < 0 {
		return
	}
	b := append(dst.target[:0], dst.Attrs[stem].Value...)
	if query >= 0 {
		if q := dst.Attrs[query].Value; len(q) > 0 && string(q) != "-" {
			b = append(append(b, '?'), q...)
		}
	}
	dst.target = b
	if query >= 0 {
		dst.Attrs[query].Value = b
	} else {
		dst.Attrs = append(dst.Attrs, Attr{Name: "cs-uri-query", Value: b})
	}
}

// routeZeek routes a Zeek event: see Route. A log without a name (ev.Log
// empty) is taken for dns.log when it has a query, for http.log when it
// has a uri or a method.
func routeZeek(ev *Event, dst *Routed) {
	log := zeekLog(ev)
	switch log {
	case "dns":
		dst.Logsources = append(dst.Logsources, Logsource{Product: "zeek", Category: "dns", Service: "dns"})
		addAliases(dst, len(ev.Attrs), zeekDNSAliases)
	case "http":
		dst.Logsources = append(dst.Logsources,
			Logsource{Product: "zeek", Category: "proxy", Service: "http"},
			Logsource{Product: "zeek", Category: "webserver", Service: "http"})
		addAliases(dst, len(ev.Attrs), zeekHTTPAliases)
	default:
		dst.Logsources = append(dst.Logsources, Logsource{Product: "zeek", Service: log})
		addAliases(dst, len(ev.Attrs), zeekIDAliases)
	}
}

// zeekLog returns the service of a Zeek event: its log's name, lower-case.
func zeekLog(ev *Event) string {
	if ev.Log == "" {
		for i := range ev.Attrs {
			switch ev.Attrs[i].Name {
			case "query", "qtype_name":
				return "dns"
			case "uri", "method":
				return "http"
			}
		}
		return ""
	}
	if s, ok := foldLookup(zeekLogs, ev.Log); ok {
		return s
	}
	return strings.ToLower(ev.Log) // a log of a name not Zeek's own
}

// routeSyslog routes a syslog event: see Route. The program is ev.Log,
// else the attribute program, app, appname, app_name, ident, tag or
// SYSLOG_IDENTIFIER; "sshd[1234]:" and "/usr/sbin/sshd" are sshd.
func (r *Router) routeSyslog(ev *Event, dst *Routed) {
	dst.Logsources = append(dst.Logsources, Logsource{Product: "linux", Service: "syslog"})
	var buf [64]byte
	var prog []byte
	if ev.Log != "" {
		prog = programName(buf[:0], ev.Log)
	} else {
		prog = programName(buf[:0], syslogProgramAttr(ev.Attrs))
	}
	p, ok := r.programs[string(prog)]
	if !ok {
		return
	}
	if p.service != "" {
		dst.Logsources = append(dst.Logsources, Logsource{Product: "linux", Service: p.service})
	}
	if p.auth {
		dst.Logsources = append(dst.Logsources, Logsource{Product: "linux", Service: "auth"})
	}
}

// syslogProgramAttr returns the value of the attribute that names a
// syslog event's program, or nil.
func syslogProgramAttr(attrs []Attr) []byte {
	for i := range attrs {
		switch attrs[i].Name {
		case "program", "app", "appname", "app_name", "ident", "tag", "SYSLOG_IDENTIFIER":
			return attrs[i].Value
		}
	}
	return nil
}

// programName appends to buf (of 64 bytes' capacity) the program of a
// syslog tag v, lower-case: its base name, without "[pid]" nor ':'; an
// empty name when it does not fit.
func programName[T string | []byte](buf []byte, v T) []byte {
	for i := 0; i < len(v); i++ {
		if v[i] == '[' || v[i] == ':' {
			v = v[:i]
			break
		}
	}
	for i := len(v) - 1; i >= 0; i-- {
		if v[i] == '/' {
			v = v[i+1:]
			break
		}
	}
	if len(v) > cap(buf) {
		return buf[:0]
	}
	for i := 0; i < len(v); i++ {
		b := v[i]
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		buf = append(buf, b)
	}
	return buf
}
