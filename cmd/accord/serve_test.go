package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer is a bytes.Buffer safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startServe runs accord serve in-process and returns the lines it printed
// up to the serving line, its stderr, and a function that stops it and
// returns Run's error.
func startServe(t *testing.T, args ...string) (lines []string, stderr *lockedBuffer, stop func() error) {
	t.Helper()
	pr, pw := io.Pipe()
	stderr = &lockedBuffer{}
	m := &Main{Stdin: strings.NewReader(""), Stdout: pw, Stderr: stderr, Getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		err := m.Run(ctx, args)
		pw.CloseWithError(fmt.Errorf("accord serve returned %v", err))
		done <- err
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if strings.Contains(sc.Text(), "serving TAXII") {
			go io.Copy(io.Discard, pr)
			return lines, stderr, func() error { cancel(); return <-done }
		}
	}
	cancel()
	t.Fatalf("accord serve did not start: %v; printed %q; stderr %s", sc.Err(), lines, stderr)
	return nil, nil, nil
}

// servedURL is the discovery URL of the serving line.
func servedURL(t *testing.T, lines []string) string {
	t.Helper()
	last := lines[len(lines)-1]
	return last[strings.LastIndex(last, " ")+1:]
}

func TestServeInsecureHTTP(t *testing.T) {
	t.Parallel()
	lines, stderr, stop := startServe(t, "--db", tempDB(t), "--empty", "serve", "--insecure-http", "--listen", "127.0.0.1:0")
	url := servedURL(t, lines)
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("serving at %q", url)
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	req.Header.Set("Accept", "application/taxii+json;version=2.1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		APIRoots []string `json:"api_roots"`
	}
	err = json.NewDecoder(resp.Body).Decode(&d)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || len(d.APIRoots) != 1 {
		t.Errorf("discovery: status %d, %+v, %v", resp.StatusCode, d, err)
	}
	if err := stop(); err != nil {
		t.Errorf("serve after SIGINT: %v", err)
	}
	var logged map[string]any
	line, _, _ := strings.Cut(stderr.String(), "\n")
	if err := json.Unmarshal([]byte(line), &logged); err != nil || logged["route"] != "discovery" || logged["status"] != 200.0 {
		t.Errorf("access log line %q: want JSON with route discovery and status 200 (%v)", line, err)
	}
}

func TestServeInsecureHTTPRefusedOffLoopback(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.0.2.1:0"} {
		_, stderr, code := run(t, "", "--db", tempDB(t), "--empty", "serve", "--insecure-http", "--listen", addr)
		if code != 2 || !strings.Contains(stderr, "loopback") {
			t.Errorf("--insecure-http --listen %s: exit %d, stderr %q; want 2 and a word on loopback", addr, code, stderr)
		}
	}
}

func TestServeSelfSigned(t *testing.T) {
	t.Parallel()
	db := tempDB(t)
	var prints []string
	for run := range 2 {
		lines, _, stop := startServe(t, "--db", db, "--empty", "serve", "--listen", "127.0.0.1:0")
		var fp string
		for _, l := range lines {
			if _, after, ok := strings.Cut(l, "fingerprint "); ok {
				fp = after
			}
		}
		url := servedURL(t, lines)
		conn, err := tls.Dial("tcp", strings.TrimSuffix(strings.TrimPrefix(url, "https://"), "/taxii2/"), &tls.Config{InsecureSkipVerify: true})
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(conn.ConnectionState().PeerCertificates[0].Raw)
		conn.Close()
		if got := strings.ReplaceAll(fmt.Sprintf("% X", sum[:]), " ", ":"); got != fp {
			t.Errorf("run %d: served certificate %s, printed fingerprint %q", run, got, fp)
		}
		prints = append(prints, fp)
		if err := stop(); err != nil {
			t.Error(err)
		}
	}
	if prints[0] != prints[1] {
		t.Errorf("the certificate changed between starts: %v", prints)
	}
}
