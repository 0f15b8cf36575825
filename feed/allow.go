package feed

import (
	"net"
	"net/url"
	"strings"

	"github.com/accord-cti/accord"
)

// Allowed checks that rawURL is an http(s) URL whose host the allow-list
// hosts admits: an entry "name" admits the host on any port, "name:port"
// on that port only. The error (EFORBIDDEN) names the host and how to
// allow it.
func Allowed(hosts []string, rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return accord.Errorf(accord.EINVALID, "feed URL %q: %v", rawURL, err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Hostname() == "" {
		return accord.Errorf(accord.EINVALID, "feed URL %q: want http(s)://host[:port]/api-root/", rawURL)
	}
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "" {
		port = map[string]string{"https": "443", "http": "80"}[u.Scheme]
	}
	hostPort := net.JoinHostPort(host, port)
	for _, h := range hosts {
		h = strings.ToLower(h)
		if h == hostPort || strings.Trim(h, "[]") == host {
			return nil
		}
	}
	return accord.Errorf(accord.EFORBIDDEN, "feed URL %s: host %s is not in the outbound allow-list (accord feed allow %s)", rawURL, hostPort, hostPort)
}
