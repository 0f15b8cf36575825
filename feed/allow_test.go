package feed_test

import (
	"testing"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/feed"
)

func TestAllowed(t *testing.T) {
	hosts := []string{"taxii.cert.example", "partner.example:8443", "[::1]:9000", "127.0.0.1:443"}
	for _, tt := range []struct {
		url  string
		code string // "" allowed
	}{
		{"https://taxii.cert.example/api/", ""},
		{"https://TAXII.cert.example:9443/api/", ""}, // a name alone allows any port
		{"https://partner.example:8443/api/", ""},
		{"https://partner.example/api/", accord.EFORBIDDEN}, // 443 is not 8443
		{"http://[::1]:9000/api/", ""},
		{"https://127.0.0.1/api/", ""}, // the default port
		{"http://127.0.0.1/api/", accord.EFORBIDDEN},
		{"https://evil.example/api/", accord.EFORBIDDEN},
		{"https://taxii.cert.example.evil.example/api/", accord.EFORBIDDEN},
		{"ftp://taxii.cert.example/", accord.EINVALID},
		{"https:///api/", accord.EINVALID},
		{"://", accord.EINVALID},
	} {
		err := feed.Allowed(hosts, tt.url)
		if got := accord.ErrorCode(err); got != tt.code {
			t.Errorf("Allowed(%q) = %v, want code %q", tt.url, err, tt.code)
		}
	}
	if err := feed.Allowed(nil, "https://127.0.0.1/api/"); accord.ErrorCode(err) != accord.EFORBIDDEN {
		t.Errorf("an empty allow-list allowed loopback: %v", err)
	}
}

func FuzzAllowed(f *testing.F) {
	for _, s := range []string{"https://taxii.cert.example/api/", "http://[::1]:9000/", "https://a.example:99999/", "%zz", "https://x@y/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, u string) {
		err := feed.Allowed([]string{"taxii.cert.example", "[::1]:9000"}, u)
		if err != nil && accord.ErrorCode(err) != accord.EINVALID && accord.ErrorCode(err) != accord.EFORBIDDEN {
			t.Errorf("Allowed(%q): %v has code %q", u, err, accord.ErrorCode(err))
		}
	})
}

func TestParseFingerprint(t *testing.T) {
	const hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	for _, s := range []string{hex, "01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF"} {
		if _, err := feed.ParseFingerprint(s); err != nil {
			t.Errorf("ParseFingerprint(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", hex[:62], hex + "00", "zz" + hex[2:]} {
		if _, err := feed.ParseFingerprint(s); accord.ErrorCode(err) != accord.EINVALID {
			t.Errorf("ParseFingerprint(%q): %v, want EINVALID", s, err)
		}
	}
}

func FuzzParseFingerprint(f *testing.F) {
	f.Add("01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		b, err := feed.ParseFingerprint(s)
		if err == nil && len(b) != 32 {
			t.Errorf("ParseFingerprint(%q) = %d bytes", s, len(b))
		}
	})
}
