package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/sqlite"
	"github.com/accord-cti/accord/taxii"
)

// serveFlags are the options of accord serve.
type serveFlags struct {
	listen       string
	tlsCert      string
	tlsKey       string
	insecureHTTP bool
}

// runServe serves the database over TAXII 2.1 until interrupted: HTTPS
// with --tls-cert/--tls-key or a self-signed certificate kept next to the
// database, or plain HTTP on a loopback address with --insecure-http.
func (m *Main) runServe(ctx context.Context, args []string) error {
	var f serveFlags
	fs := newFlags("serve")
	fs.StringVar(&f.listen, "listen", "127.0.0.1:8443", "address to listen on")
	fs.StringVar(&f.tlsCert, "tls-cert", "", "TLS certificate (PEM)")
	fs.StringVar(&f.tlsKey, "tls-key", "", "TLS private key (PEM)")
	fs.BoolVar(&f.insecureHTTP, "insecure-http", false, "serve plain HTTP (loopback addresses only)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageErr("serve: unexpected argument %q", rest[0])
	}
	if err := f.check(); err != nil {
		return err
	}
	db, err := m.openStore(ctx, sqlite.MapSize(1<<30)) // many readers share the mapped pages
	if err != nil {
		return err
	}
	defer db.Close()
	tlsConfig, err := m.serverTLS(f, filepath.Dir(db.Path()))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		return accord.Errorf(accord.EINVALID, "serve: listen on %s: %v", f.listen, err)
	}
	scheme := "https"
	if tlsConfig == nil {
		scheme = "http"
	}
	fmt.Fprintf(m.Stdout, "accord: serving TAXII 2.1 at %s://%s/taxii2/\n", scheme, ln.Addr())
	policy, err := tlpPolicy(ctx, db)
	if err != nil {
		return err
	}
	srv := taxii.New(taxii.Config{Store: db, Access: db, Policy: policy, Logger: slog.New(slog.NewJSONHandler(m.Stderr, nil))})
	return srv.Serve(ctx, ln, tlsConfig)
}

// check refuses what the flags cannot mean.
func (f serveFlags) check() error {
	if (f.tlsCert == "") != (f.tlsKey == "") {
		return usageErr("serve: --tls-cert and --tls-key go together")
	}
	if f.insecureHTTP && f.tlsCert != "" {
		return usageErr("serve: --insecure-http and --tls-cert exclude each other")
	}
	if f.insecureHTTP && !isLoopback(f.listen) {
		return usageErr("serve: --insecure-http only on a loopback address (127.0.0.1, ::1, localhost), not %q", f.listen)
	}
	return nil
}

// isLoopback reports whether a listen address binds only the loopback
// interface; an empty host binds every interface.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// serverTLS returns the TLS configuration of the flags: nil for
// --insecure-http; the given certificate; or the self-signed one kept in
// dir, whose fingerprint it prints so that clients can check it.
func (m *Main) serverTLS(f serveFlags, dir string) (*tls.Config, error) {
	if f.insecureHTTP {
		return nil, nil
	}
	var cert tls.Certificate
	var err error
	if f.tlsCert != "" {
		if cert, err = tls.LoadX509KeyPair(f.tlsCert, f.tlsKey); err != nil {
			return nil, accord.Errorf(accord.EINVALID, "serve: --tls-cert %s / --tls-key %s: %v", f.tlsCert, f.tlsKey, err)
		}
	} else {
		var created bool
		if cert, created, err = taxii.SelfSigned(dir); err != nil {
			return nil, fmt.Errorf("serve: self-signed certificate in %s: %w", dir, err)
		}
		if created {
			fmt.Fprintf(m.Stdout, "accord: made a self-signed certificate: %s\n", filepath.Join(dir, taxii.SelfSignedCert))
		}
		fmt.Fprintf(m.Stdout, "accord: certificate SHA-256 fingerprint %s\n", taxii.Fingerprint(cert))
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}
