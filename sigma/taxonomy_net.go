package sigma

// webAliases give the columns of IIS and Exchange HttpProxy logs that
// the webserver taxonomy names otherwise its names. IIS's other columns
// (c-ip, cs-method, cs-uri-stem, cs-uri-query, sc-status, …) are the
// taxonomy's already. HttpProxy's UrlQuery starts with the '?' that IIS's
// cs-uri-query has not.
var webAliases = newAliasTable(map[string][]alias{
	"cs(User-Agent)":    {{To: "cs-user-agent"}},
	"cs(Referer)":       {{To: "cs-referer"}},
	"cs(Cookie)":        {{To: "cs-cookie"}},
	"cs(Host)":          {{To: "cs-host"}},
	"UserAgent":         {{To: "cs-user-agent"}},
	"UrlHost":           {{To: "cs-host"}},
	"ClientIpAddress":   {{To: "c-ip"}},
	"UrlStem":           {{To: "cs-uri-stem"}},
	"UrlQuery":          {{To: "cs-uri-query", Cut: cutQMark}},
	"Method":            {{To: "cs-method"}},
	"HttpStatus":        {{To: "sc-status"}},
	"AuthenticatedUser": {{To: "cs-username"}},
	"ServerHostName":    {{To: "s-computername"}},
})

// zeekIDNames give the connection fields of a Zeek JSON log written with
// underscores (id_orig_h) Zeek's dotted names (id.orig_h), which Sigma's
// zeek rules use.
var zeekIDNames = map[string][]alias{
	"id_orig_h": {{To: "id.orig_h"}},
	"id_orig_p": {{To: "id.orig_p"}},
	"id_resp_h": {{To: "id.resp_h"}},
	"id_resp_p": {{To: "id.resp_p"}},
}

// zeekIDAliases are the aliases of every Zeek log but dns and http.
var zeekIDAliases = newAliasTable(zeekIDNames)

// zeekDNSAliases give dns.log's fields the names of category dns (answer,
// record_type; query is Zeek's name too).
var zeekDNSAliases = newAliasTable(zeekIDNames, map[string][]alias{
	"answers":    {{To: "answer"}},
	"qtype_name": {{To: "record_type"}},
})

// zeekHTTPAliases give http.log's fields the names of categories proxy
// and webserver (the taxonomy's, and cs-uri and cs-referer, which
// SigmaHQ's rules use too). Zeek's uri is the path and query: c-uri and
// cs-uri are all of it, the stems its path, c-uri-query its query and
// c-uri-extension its path's extension; cs-uri-query is all of it too, as
// SigmaHQ's webserver rules match paths as well as parameters in
// cs-uri-query.
var zeekHTTPAliases = newAliasTable(zeekIDNames, map[string][]alias{
	"uri": {
		{To: "c-uri"}, {To: "cs-uri"}, {To: "c-uri-stem", Cut: cutStem}, {To: "c-uri-query", Cut: cutQuery},
		{To: "c-uri-extension", Cut: cutExt}, {To: "cs-uri-stem", Cut: cutStem}, {To: "cs-uri-query"},
	},
	"user_agent":  {{To: "c-useragent"}, {To: "cs-user-agent"}},
	"host":        {{To: "cs-host"}, {To: "r-dns"}},
	"method":      {{To: "cs-method"}},
	"status_code": {{To: "sc-status"}},
	"referrer":    {{To: "cs-referrer"}, {To: "cs-referer"}},
	"version":     {{To: "cs-version"}},
	"username":    {{To: "cs-username"}},
	"id.orig_h":   {{To: "src_ip"}, {To: "c-ip"}},
	"id.resp_h":   {{To: "dst_ip"}, {To: "s-ip"}},
	"id.resp_p":   {{To: "dst_port"}, {To: "s-port"}},
	"id_orig_h":   {{To: "id.orig_h"}, {To: "src_ip"}, {To: "c-ip"}},
	"id_resp_h":   {{To: "id.resp_h"}, {To: "dst_ip"}, {To: "s-ip"}},
	"id_resp_p":   {{To: "id.resp_p"}, {To: "dst_port"}, {To: "s-port"}},
})

// zeekLogs are the logs Zeek writes (its base and policy scripts), by
// name: the services of product zeek.
var zeekLogs = func() map[string]string {
	m := map[string]string{}
	for _, l := range []string{
		"conn", "dce_rpc", "dhcp", "dnp3", "dns", "dpd", "files", "ftp", "http", "intel", "irc",
		"kerberos", "known_certs", "known_hosts", "known_services", "ldap", "ldap_search", "modbus",
		"mysql", "notice", "ntlm", "ntp", "ocsp", "pe", "quic", "radius", "rdp", "rfb", "sip",
		"smb_files", "smb_mapping", "smtp", "snmp", "socks", "software", "ssh", "ssl", "syslog",
		"tunnel", "weird", "x509",
	} {
		m[l] = l
	}
	return m
}()

// syslogProgram is what a syslog event's program says of its logsource:
// a linux service of its own, and whether it logs to auth.log.
type syslogProgram struct {
	name    string // the program, lower-case
	service string // "" for none
	auth    bool
}

// syslogPrograms are the programs whose syslog events have a service of
// product linux in the taxonomy (sshd, sudo, cron, vsftpd, clamav,
// guacamole) or go to auth.log (service auth).
var syslogPrograms = []syslogProgram{
	{"sshd", "sshd", true}, {"sudo", "sudo", true},
	{"su", "", true}, {"login", "", true}, {"systemd-logind", "", true}, {"passwd", "", true},
	{"chpasswd", "", true}, {"chage", "", true}, {"useradd", "", true}, {"userdel", "", true},
	{"usermod", "", true}, {"groupadd", "", true}, {"groupdel", "", true}, {"pkexec", "", true},
	{"polkitd", "", true}, {"unix_chkpwd", "", true},
	{"cron", "cron", false}, {"crond", "cron", false}, {"anacron", "cron", false},
	{"vsftpd", "vsftpd", false},
	{"clamd", "clamav", false}, {"freshclam", "clamav", false}, {"clamscan", "clamav", false},
	{"clamav-milter", "clamav", false}, {"clamonacc", "clamav", false},
	{"guacd", "guacamole", false}, {"guacamole", "guacamole", false},
}

// routable is every logsource Route gives an event: Known's universe.
var routable = func() []Logsource {
	out := windowsRoutable()
	for l := range zeekLogs {
		switch l {
		case "dns":
			out = append(out, Logsource{Product: "zeek", Category: "dns", Service: "dns"})
		case "http":
			out = append(out, Logsource{Product: "zeek", Category: "proxy", Service: "http"},
				Logsource{Product: "zeek", Category: "webserver", Service: "http"})
		default:
			out = append(out, Logsource{Product: "zeek", Service: l})
		}
	}
	out = append(out, Logsource{Category: "webserver"},
		Logsource{Product: "linux", Service: "syslog"}, Logsource{Product: "linux", Service: "auth"})
	for _, p := range syslogPrograms {
		if p.service != "" {
			out = append(out, Logsource{Product: "linux", Service: p.service})
		}
	}
	return append(out, Logsource{})
}()
