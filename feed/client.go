package feed

import (
	"bytes"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/taxii"
)

// client returns the TAXII client of f: its credentials, its pinned
// certificate if any, and redirects checked against the allow-list.
func client(f *accord.Feed, hosts []string, getenv func(string) string) (*taxii.Client, error) {
	token := f.Token
	if f.TokenEnv != "" {
		if token = getenv(f.TokenEnv); token == "" {
			return nil, accord.Errorf(accord.EINVALID, "feed %s: environment variable %s (its token) is empty", f.Name, f.TokenEnv)
		}
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if f.Fingerprint != "" {
		pin, err := ParseFingerprint(f.Fingerprint)
		if err != nil {
			return nil, fmt.Errorf("feed %s: %w", f.Name, err)
		}
		tr.TLSClientConfig = &tls.Config{InsecureSkipVerify: true, VerifyConnection: pinned(pin)}
	}
	hc := &http.Client{Transport: tr, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return errors.New("too many redirects")
		}
		return Allowed(hosts, req.URL.String())
	}}
	return &taxii.Client{APIRoot: f.URL, User: f.User, Token: token, HTTP: hc}, nil
}

// ParseFingerprint reads a SHA-256 certificate fingerprint, hex with or
// without colons (as openssl and accord serve print it).
func ParseFingerprint(s string) ([]byte, error) {
	b, err := hex.DecodeString(strings.ReplaceAll(strings.TrimSpace(s), ":", ""))
	if err != nil || len(b) != sha256.Size {
		return nil, accord.Errorf(accord.EINVALID, "fingerprint %q: want the 64 hex digits of a SHA-256 (colons allowed)", s)
	}
	return b, nil
}

// pinned accepts a TLS connection only when the server's certificate has
// the SHA-256 fingerprint pin.
func pinned(pin []byte) func(tls.ConnectionState) error {
	return func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return errors.New("the server sent no certificate")
		}
		got := sha256.Sum256(cs.PeerCertificates[0].Raw)
		if !bytes.Equal(got[:], pin) {
			return fmt.Errorf("the server's certificate has fingerprint %X, not the pinned one", got)
		}
		return nil
	}
}
