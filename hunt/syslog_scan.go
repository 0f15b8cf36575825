package hunt

import "bytes"

// syslogScan adds the URLs, addresses, domain names and hashes of a
// message, each a STIX object of its own.
func syslogScan(r *Record, msg []byte) {
	obj := 0
	for i := 0; i < len(msg); {
		if syslogURLStart(msg, i) {
			end := i
			for end < len(msg) && syslogURLByte(msg[end]) {
				end++
			}
			u := bytes.TrimRight(msg[i:end], ".,;:!?)'")
			r.Add("url:value", KindURL, obj, u)
			obj++
			syslogURLHost(r, u, &obj)
			i += len(u)
			continue
		}
		if !syslogTokenByte(msg[i]) {
			i++
			continue
		}
		j := i
		for j < len(msg) && syslogTokenByte(msg[j]) {
			j++
		}
		if syslogToken(r, msg[i:j], obj) {
			obj++
		}
		i = j
	}
}

func syslogURLStart(b []byte, i int) bool {
	if i > 0 && syslogTokenByte(b[i-1]) {
		return false
	}
	rest := b[i:]
	return len(rest) > 8 && (syslogHasPrefixFold(rest, "http://") || syslogHasPrefixFold(rest, "https://"))
}

func syslogHasPrefixFold(b []byte, p string) bool {
	return len(b) >= len(p) && bytes.EqualFold(b[:len(p)], []byte(p))
}

func syslogURLByte(c byte) bool {
	return c > ' ' && c < 0x7f && c != '"' && c != '\'' && c != '<' && c != '>' && c != '`' && c != '\\' &&
		c != '{' && c != '}' && c != '|' && c != '^'
}

// syslogURLHost adds the host of a URL: a domain name or an address.
func syslogURLHost(r *Record, u []byte, obj *int) {
	_, h, _ := bytes.Cut(u, []byte("://"))
	if i := bytes.IndexAny(h, "/?#"); i >= 0 {
		h = h[:i]
	}
	if i := bytes.LastIndexByte(h, '@'); i >= 0 {
		h = h[i+1:]
	}
	h = zeekHostName(h)
	if k := jsonlIPKind(h); k != KindOther {
		r.Add(jsonlIPPath(k), k, *obj, h)
		*obj++
	} else if syslogDomain(h) {
		r.Add("domain-name:value", KindDomain, *obj, h)
		*obj++
	}
}

func syslogTokenByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' || c == ':'
}

// syslogToken adds what a word of the message is, if anything.
func syslogToken(r *Record, t []byte, obj int) bool {
	t = bytes.TrimLeft(bytes.TrimRight(t, ".:-"), ".-")
	if len(t) == 0 {
		return false
	}
	if n := len(t); (n == 32 || n == 40 || n == 64) && syslogHex(t) {
		path := "file:hashes.MD5"
		if n == 40 {
			path = "file:hashes.'SHA-1'"
		} else if n == 64 {
			path = "file:hashes.'SHA-256'"
		}
		r.Add(path, KindHash, obj, t)
		return true
	}
	if k := jsonlIPKind(t); k != KindOther {
		r.Add(jsonlIPPath(k), k, obj, t)
		return true
	}
	if i := bytes.LastIndexByte(t, ':'); i > 0 && bytes.IndexByte(t, ':') == i {
		if _, ok := jsonlDigits(t, i+1, len(t)-i-1); ok {
			t = t[:i] // "host:port"
		}
	}
	if jsonlIPv4(t) {
		r.Add("ipv4-addr:value", KindIPv4, obj, t)
		return true
	}
	if syslogDomain(t) {
		r.Add("domain-name:value", KindDomain, obj, t)
		return true
	}
	return false
}

func syslogHex(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// syslogNotTLD are two-letter country TLDs that a dotted word more likely
// ends in as a file extension.
var syslogNotTLD = map[string]bool{
	"sh": true, "py": true, "pl": true, "so": true, "md": true, "rb": true, "gz": true, "ps": true,
	"cc": true, "mk": true, "in": true, "am": true, "ml": true, "rs": true, "ts": true, "hs": true,
}

// syslogTLDs are the longer top-level domains a message's word may end in:
// the generic ones and the new ones most seen in threat intelligence. A
// word ending in another (".service", ".Trojan", ".conf") is not taken for
// a domain name.
var syslogTLDs = map[string]bool{
	"com": true, "net": true, "org": true, "info": true, "biz": true, "edu": true, "gov": true, "mil": true,
	"int": true, "name": true, "pro": true, "mobi": true, "aero": true, "asia": true, "cat": true, "coop": true,
	"jobs": true, "museum": true, "tel": true, "travel": true, "xxx": true, "xyz": true, "top": true,
	"online": true, "site": true, "club": true, "app": true, "dev": true, "shop": true, "store": true,
	"tech": true, "space": true, "website": true, "live": true, "life": true, "world": true, "today": true,
	"icu": true, "vip": true, "work": true, "buzz": true, "fun": true, "link": true, "click": true, "cloud": true,
	"host": true, "press": true, "news": true, "email": true, "digital": true, "network": true, "services": true,
	"support": true, "solutions": true, "company": true, "global": true, "zone": true, "cyou": true, "monster": true,
	"rest": true, "bar": true, "best": true, "uno": true, "lol": true, "cam": true, "quest": true, "sbs": true,
	"bond": true, "cfd": true, "beauty": true, "hair": true, "skin": true, "makeup": true, "autos": true,
	"boats": true, "homes": true, "motorcycles": true, "yachts": true, "mom": true, "ink": true, "wiki": true,
	"page": true, "blog": true, "codes": true, "tools": true, "systems": true, "software": true, "security": true,
	"download": true, "win": true, "bid": true, "loan": true, "men": true, "date": true, "party": true,
	"review": true, "stream": true, "trade": true, "webcam": true, "science": true, "accountant": true,
	"racing": true, "cricket": true, "faith": true, "gdn": true, "kim": true, "ltd": true, "group": true,
	"agency": true, "center": true, "media": true, "team": true, "one": true, "plus": true, "ninja": true,
	"rocks": true, "guru": true, "expert": true, "finance": true, "money": true, "capital": true, "bank": true,
	"microsoft": true, "google": true, "apple": true, "amazon": true, "onion": true, "eth": true,
}

// syslogDomain reports whether b looks like a domain name: labels of
// letters, digits and hyphens, at least two, and a known TLD: any two
// letters (a country) but a few common file extensions, or one of
// syslogTLDs.
func syslogDomain(b []byte) bool {
	if len(b) < 4 || len(b) > 253 {
		return false
	}
	labels, start := 0, 0
	for i := 0; i <= len(b); i++ {
		if i < len(b) && b[i] != '.' {
			c := b[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
			continue
		}
		l := b[start:i]
		if len(l) == 0 || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		labels++
		start = i + 1
	}
	tld := b[bytes.LastIndexByte(b, '.')+1:]
	if labels < 2 || len(tld) < 2 {
		return false
	}
	for _, c := range tld {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	var low [16]byte
	if len(tld) > len(low) {
		return false
	}
	for i, c := range tld {
		low[i] = c | 0x20
	}
	if len(tld) == 2 {
		return !syslogNotTLD[string(low[:2])]
	}
	return syslogTLDs[string(low[:len(tld)])]
}
