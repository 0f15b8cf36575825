package main

import (
	"math/rand/v2"
	"strconv"
	"time"
)

// plantKind chooses what a planted line hits: 0 an indicator address, 1 an
// indicator domain, 2 an address inside a CIDR block; the kinds the list
// has, evenly.
func (x *iocs) plantKind(r *rand.Rand) int {
	var kinds [3]int
	n := 0
	if len(x.ips) > 0 {
		kinds[n], n = 0, n+1
	}
	if len(x.domains) > 0 {
		kinds[n], n = 1, n+1
	}
	if len(x.cidrs) > 0 {
		kinds[n], n = 2, n+1
	}
	if n == 0 {
		panic("huntgen: no IPs, domains or CIDR blocks to plant")
	}
	return kinds[r.IntN(n)]
}

// plantIP returns the address of a planted address hit and the indicator
// it hits: an indicator address, or an address in a CIDR block.
func (x *iocs) plantIP(r *rand.Rand, kind int) ([]byte, string) {
	if kind == 2 {
		c := pick(r, x.cidrs)
		return appendIP(nil, c.random(r)), c.String()
	}
	ip := pick(r, x.ips)
	return []byte(ip), ip
}

var (
	iisStems = []struct{ method, stem, query string }{
		{"POST", "/Microsoft-Server-ActiveSync/default.eas", "Cmd=Sync&User=%u&DeviceId=%d&DeviceType=iPhone"},
		{"POST", "/Microsoft-Server-ActiveSync/default.eas", "Cmd=Ping&User=%u&DeviceId=%d&DeviceType=Android"},
		{"OPTIONS", "/Microsoft-Server-ActiveSync/default.eas", "-"},
		{"POST", "/EWS/Exchange.asmx", "-"},
		{"POST", "/mapi/emsmdb/", "mailboxId=%g@contoso.com"},
		{"POST", "/mapi/nspi/", "mailboxId=%g@contoso.com"},
		{"RPC_IN_DATA", "/rpc/rpcproxy.dll", "%g@contoso.com:6001"},
		{"GET", "/owa/", "-"},
		{"GET", "/owa/auth/logon.aspx", "url=https%3a%2f%2fmail.contoso.com%2fowa%2f&reason=0"},
		{"POST", "/owa/auth.owa", "-"},
		{"POST", "/owa/service.svc", "action=GetItem&app=Mail&n=%n"},
		{"GET", "/owa/prem/15.2.1544.4/scripts/boot.worker.min.js", "-"},
		{"GET", "/ecp/", "-"},
		{"GET", "/Autodiscover/Autodiscover.xml", "-"},
		{"POST", "/autodiscover/autodiscover.json", "Email=%u%40contoso.com&Protocol=ActiveSync"},
		{"GET", "/OAB/%g/oab.xml", "-"},
		{"HEAD", "/owa/healthcheck.htm", "-"},
		{"GET", "/favicon.ico", "-"},
	}
	iisUAs = []string{
		"Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/131.0.0.0+Safari/537.36+Edg/131.0.0.0",
		"Mozilla/5.0+(Macintosh;+Intel+Mac+OS+X+10_15_7)+AppleWebKit/605.1.15+(KHTML,+like+Gecko)+Version/17.6+Safari/605.1.15",
		"Microsoft+Office/16.0+(Windows+NT+10.0;+Microsoft+Outlook+16.0.17928;+Pro)",
		"Apple-iPhone15C2/2201.121",
		"Outlook-iOS/2.0",
		"Android-Mail/2024.11.10.697512345.Release",
		"Mozilla/4.0+(compatible;+MSEx+Version+15.2.1544.4)",
		"AMProbe/Local/ClientAccess",
		"MSRPC",
		"-",
	}
	iisUsers    = []string{"jdoe", "asmith", "bwong", "cmartin", "dlee", "egarcia", "fkhan", "gnovak", "hsato", "iolsen", "jpark", "klopez"}
	iisHosts    = []string{"mail.contoso.com", "autodiscover.contoso.com", "owa.contoso.com", "ex01.corp.contoso.com", "-"}
	iisStatuses = []struct{ status, sub, win32 string }{
		{"200", "0", "0"}, {"200", "0", "0"}, {"200", "0", "0"}, {"200", "0", "0"}, {"200", "0", "0"},
		{"302", "0", "0"}, {"401", "0", "0"}, {"401", "1", "2148074254"}, {"404", "0", "2"}, {"440", "0", "0"},
		{"500", "0", "0"}, {"200", "0", "64"},
	}
)

// iisGen writes the lines of one IIS log of an Exchange server.
type iisGen struct {
	r    *rand.Rand
	x    *iocs
	day  time.Time
	us   int64 // microseconds into the day
	step int64 // mean microseconds between lines
}

const iisFields = "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) cs-host sc-status sc-substatus sc-win32-status time-taken"

func (g *iisGen) header() []byte {
	return []byte("#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: " +
		g.day.Format("2006-01-02 15:04:05") + "\n#Fields: " + iisFields + "\n")
}

func (g *iisGen) line(b []byte, hit bool) ([]byte, string) {
	r := g.r
	g.us = min(g.us+r.Int64N(2*g.step+1), 86399e6)
	b = g.day.AppendFormat(b, "2006-01-02")
	b = append(b, ' ')
	s := g.us / 1e6
	b = append2(b, int(s/3600))
	b = append(b, ':')
	b = append2(b, int(s/60%60))
	b = append(b, ':')
	b = append2(b, int(s%60))
	b = append(b, " 10.0.1."...)
	b = strconv.AppendInt(b, int64(10+r.IntN(4)), 10)
	st := pick(r, iisStems)
	user := pick(r, iisUsers)
	b = append(b, ' ')
	b = append(b, st.method...)
	b = append(b, ' ')
	b = g.expand(b, st.stem, user)
	b = append(b, ' ')
	b = g.expand(b, st.query, user)
	b = append(b, " 443 "...)
	if r.IntN(4) == 0 {
		b = append(b, '-')
	} else {
		b = append(b, `CONTOSO\`...)
		b = append(b, user...)
	}
	b = append(b, ' ')
	kind, ind := -1, ""
	if hit {
		kind = g.x.plantKind(r)
	}
	if kind == 0 || kind == 2 {
		var ip []byte
		ip, ind = g.x.plantIP(r, kind)
		b = append(b, ip...)
	} else {
		b = appendIP(b, benignIP(r))
	}
	b = append(b, ' ')
	b = append(b, pick(r, iisUAs)...)
	if r.IntN(3) == 0 {
		b = append(b, " https://mail.contoso.com/owa/ "...)
	} else {
		b = append(b, " - "...)
	}
	if kind == 1 {
		ind = pick(r, g.x.domains)
		b = append(b, ind...)
	} else {
		b = append(b, pick(r, iisHosts)...)
	}
	stat := pick(r, iisStatuses)
	b = append(b, ' ')
	b = append(b, stat.status...)
	b = append(b, ' ')
	b = append(b, stat.sub...)
	b = append(b, ' ')
	b = append(b, stat.win32...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(r.IntN(r.IntN(4000)+1)), 10)
	return b, ind
}

// expand writes s with %u the user, %d a device id, %g a GUID and %n a
// number.
func (g *iisGen) expand(b []byte, s, user string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] != '%' || i+1 == len(s) {
			b = append(b, s[i])
			continue
		}
		switch s[i+1] {
		case 'u':
			b = append(b, user...)
		case 'd':
			b = appendHex(b, g.r.Uint64()&0xffffffffffff, 12)
			b = append(b, "ABCD"...)
		case 'g':
			b = appendGUID(b, g.r)
		case 'n':
			b = strconv.AppendInt(b, int64(g.r.IntN(100000)), 10)
		default:
			b = append(b, s[i], s[i+1])
		}
		i++
	}
	return b
}

func append2(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }

func appendHex(b []byte, x uint64, digits int) []byte {
	for i := digits - 1; i >= 0; i-- {
		b = append(b, "0123456789abcdef"[x>>(4*i)&15])
	}
	return b
}

func appendGUID(b []byte, r *rand.Rand) []byte {
	x, y := r.Uint64(), r.Uint64()
	b = appendHex(b, x>>32, 8)
	b = append(b, '-')
	b = appendHex(b, x>>16&0xffff, 4)
	b = append(b, '-')
	b = appendHex(b, x&0xffff, 4)
	b = append(b, '-')
	b = appendHex(b, y>>48, 4)
	b = append(b, '-')
	return appendHex(b, y&0xffffffffffff, 12)
}

var (
	zeekServices = []struct {
		proto, service string
		port           int
	}{
		{"tcp", "ssl", 443}, {"tcp", "ssl", 443}, {"tcp", "ssl", 443}, {"tcp", "http", 80}, {"udp", "dns", 53},
		{"udp", "dns", 53}, {"tcp", "smb", 445}, {"tcp", "krb_tcp", 88}, {"tcp", "ldap", 389}, {"udp", "ntp", 123},
		{"tcp", "", 3389}, {"tcp", "smtp", 25},
	}
	zeekStates   = []string{"SF", "SF", "SF", "SF", "S0", "REJ", "RSTO", "RSTR", "SH", "OTH"}
	zeekDomains  = []string{"contoso.com", "corp.contoso.com", "fabrikam.net", "microsoft.com", "windowsupdate.com", "office.com", "github.com", "akamaiedge.net", "cloudfront.net", "googleapis.com"}
	zeekSubs     = []string{"www", "mail", "api", "cdn", "login", "update", "static", "portal", "files", "img"}
	zeekURIs     = []string{"/", "/index.html", "/api/v1/status", "/static/app.js", "/images/logo.png", "/login?next=%2Fhome", "/download/setup.exe", "/wpad.dat", "/connecttest.txt", "/search?q=report"}
	zeekMethods  = []string{"GET", "GET", "GET", "GET", "POST", "POST", "HEAD", "PUT"}
	zeekUAs      = []string{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Microsoft-CryptoAPI/10.0", "Windows-Update-Agent/10.0.10011.16384 Client-Protocol/2.71", "curl/8.5.0", "Microsoft NCSI"}
	zeekQTypes   = []struct{ code, name string }{{"1", "A"}, {"1", "A"}, {"1", "A"}, {"28", "AAAA"}, {"5", "CNAME"}, {"33", "SRV"}, {"12", "PTR"}}
	zeekStatuses = []struct{ code, msg string }{{"200", "OK"}, {"200", "OK"}, {"200", "OK"}, {"304", "Not Modified"}, {"301", "Moved Permanently"}, {"404", "Not Found"}, {"500", "Internal Server Error"}}
)

// zeekGen writes the lines of Zeek JSON logs.
type zeekGen struct {
	r  *rand.Rand
	x  *iocs
	ts int64 // microseconds since 1970
}

// start writes the fields every log has: ts, uid and the connection's id.
func (g *zeekGen) start(b []byte, resp []byte, port int) []byte {
	r := g.r
	g.ts += r.Int64N(2000)
	b = append(b, `{"ts":`...)
	b = strconv.AppendInt(b, g.ts/1e6, 10)
	b = append(b, '.')
	b = appendDigits(b, g.ts%1e6, 6)
	b = append(b, `,"uid":"C`...)
	for range 17 {
		b = append(b, alnumUpper[r.IntN(len(alnumUpper))])
	}
	b = append(b, `","id.orig_h":"`...)
	b = appendIP(b, benignIP(r))
	b = append(b, `","id.orig_p":`...)
	b = strconv.AppendInt(b, int64(49152+r.IntN(16384)), 10)
	b = append(b, `,"id.resp_h":"`...)
	if resp != nil {
		b = append(b, resp...)
	} else {
		b = appendIP(b, benignIP(r))
	}
	b = append(b, `","id.resp_p":`...)
	return strconv.AppendInt(b, int64(port), 10)
}

const alnumUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func appendDigits(b []byte, n int64, digits int) []byte {
	var d [20]byte
	for i := digits - 1; i >= 0; i-- {
		d[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, d[:digits]...)
}

// plantAddr returns the responder's address of a planted hit (kinds 0 and
// 2); nil for a benign line.
func (g *zeekGen) plantAddr(hit bool, domains bool) (resp []byte, ind string, kind int) {
	if !hit {
		return nil, "", -1
	}
	kind = g.x.plantKind(g.r)
	for !domains && kind == 1 {
		kind = g.x.plantKind(g.r)
	}
	if kind == 1 {
		return nil, "", 1
	}
	resp, ind = g.x.plantIP(g.r, kind)
	return resp, ind, kind
}

func (g *zeekGen) conn(b []byte, hit bool) ([]byte, string) {
	r := g.r
	resp, ind, _ := g.plantAddr(hit, false)
	svc := pick(r, zeekServices)
	b = g.start(b, resp, svc.port)
	b = append(b, `,"proto":"`...)
	b = append(b, svc.proto...)
	b = append(b, '"')
	if svc.service != "" {
		b = append(b, `,"service":"`...)
		b = append(b, svc.service...)
		b = append(b, '"')
	}
	b = append(b, `,"duration":`...)
	b = strconv.AppendInt(b, int64(r.IntN(30)), 10)
	b = append(b, '.')
	b = appendDigits(b, int64(r.IntN(1e6)), 6)
	ob, rb := r.IntN(r.IntN(100000)+1), r.IntN(r.IntN(2000000)+1)
	b = append(b, `,"orig_bytes":`...)
	b = strconv.AppendInt(b, int64(ob), 10)
	b = append(b, `,"resp_bytes":`...)
	b = strconv.AppendInt(b, int64(rb), 10)
	b = append(b, `,"conn_state":"`...)
	b = append(b, pick(r, zeekStates)...)
	b = append(b, `","local_orig":true,"local_resp":false,"missed_bytes":0,"history":"ShADadFf","orig_pkts":`...)
	b = strconv.AppendInt(b, int64(ob/1000+3), 10)
	b = append(b, `,"orig_ip_bytes":`...)
	b = strconv.AppendInt(b, int64(ob+200), 10)
	b = append(b, `,"resp_pkts":`...)
	b = strconv.AppendInt(b, int64(rb/1400+2), 10)
	b = append(b, `,"resp_ip_bytes":`...)
	b = strconv.AppendInt(b, int64(rb+120), 10)
	b = append(b, `}`...)
	return b, ind
}

func (g *zeekGen) benignHost(b []byte) []byte {
	b = append(b, pick(g.r, zeekSubs)...)
	b = append(b, '.')
	return append(b, pick(g.r, zeekDomains)...)
}

func (g *zeekGen) http(b []byte, hit bool) ([]byte, string) {
	r := g.r
	resp, ind, kind := g.plantAddr(hit, len(g.x.domains) > 0)
	b = g.start(b, resp, 80)
	b = append(b, `,"trans_depth":1,"method":"`...)
	b = append(b, pick(r, zeekMethods)...)
	b = append(b, `","host":"`...)
	if kind == 1 {
		ind = pick(r, g.x.domains)
		b = append(b, ind...)
	} else {
		b = g.benignHost(b)
	}
	b = append(b, `","uri":"`...)
	b = append(b, pick(r, zeekURIs)...)
	b = append(b, `","version":"1.1","user_agent":"`...)
	b = append(b, pick(r, zeekUAs)...)
	st := pick(r, zeekStatuses)
	b = append(b, `","request_body_len":0,"response_body_len":`...)
	b = strconv.AppendInt(b, int64(r.IntN(200000)), 10)
	b = append(b, `,"status_code":`...)
	b = append(b, st.code...)
	b = append(b, `,"status_msg":"`...)
	b = append(b, st.msg...)
	b = append(b, `","tags":[],"resp_fuids":["F`...)
	for range 17 {
		b = append(b, alnumUpper[r.IntN(len(alnumUpper))])
	}
	b = append(b, `"],"resp_mime_types":["text/html"]}`...)
	return b, ind
}

func (g *zeekGen) dns(b []byte, hit bool) ([]byte, string) {
	r := g.r
	resp, ind, kind := g.plantAddr(hit, len(g.x.domains) > 0)
	b = g.start(b, resp, 53)
	b = append(b, `,"proto":"udp","trans_id":`...)
	b = strconv.AppendInt(b, int64(r.IntN(65536)), 10)
	b = append(b, `,"rtt":0.`...)
	b = appendDigits(b, int64(r.IntN(100000)), 6)
	b = append(b, `,"query":"`...)
	if kind == 1 {
		ind = pick(r, g.x.domains)
		b = append(b, ind...)
	} else {
		b = g.benignHost(b)
	}
	qt := pick(r, zeekQTypes)
	b = append(b, `","qclass":1,"qclass_name":"C_INTERNET","qtype":`...)
	b = append(b, qt.code...)
	b = append(b, `,"qtype_name":"`...)
	b = append(b, qt.name...)
	b = append(b, `","rcode":0,"rcode_name":"NOERROR","AA":false,"TC":false,"RD":true,"RA":true,"Z":0,"answers":["`...)
	b = appendIP(b, benignIP(r))
	b = append(b, `","`...)
	b = appendIP(b, benignIP(r))
	b = append(b, `"],"TTLs":[`...)
	b = strconv.AppendInt(b, int64(r.IntN(3600)), 10)
	b = append(b, `.0,300.0],"rejected":false}`...)
	return b, ind
}
