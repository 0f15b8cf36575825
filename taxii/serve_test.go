package taxii_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/accord-cti/accord/taxii"
)

// TestServeDrains stops a server while a POST's body is being read: the
// POST is still answered in full, and Serve returns once it is.
func TestServeDrains(t *testing.T) {
	t.Parallel()
	f := newFixture(t, taxii.Config{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- f.server.Serve(ctx, ln, nil) }()

	conn, err := net.Dial("tcp", ln.Addr().String())
	must(t, err)
	defer conn.Close()
	body := `{"objects":[` + identity(1, 0, "") + `]}`
	req, err := http.NewRequest(http.MethodPost, "http://"+ln.Addr().String()+objectsPath(f.coll.ID), nil)
	must(t, err)
	req.Header.Set("Accept", taxii.MediaType)
	req.Header.Set("Content-Type", taxii.MediaType)
	req.SetBasicAuth("alice", f.secrets["alice"])
	req.ContentLength = int64(len(body))
	head := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: %s\r\n", req.URL.Path, req.Host)
	for k, v := range req.Header {
		head += k + ": " + v[0] + "\r\n"
	}
	// Expect: 100-continue makes the server say when the handler starts
	// reading the body: the request is then in flight.
	head += fmt.Sprintf("Expect: 100-continue\r\nContent-Length: %d\r\n\r\n", len(body))
	_, err = conn.Write([]byte(head))
	must(t, err)
	br := bufio.NewReader(conn)
	line, err := br.ReadString('\n')
	if err != nil || !strings.Contains(line, "100 Continue") {
		t.Fatalf("waiting for 100 Continue: %q, %v", line, err)
	}
	br.ReadString('\n') // the blank line after it
	cancel()
	_, err = conn.Write([]byte(body))
	must(t, err)
	resp, err := http.ReadResponse(br, req)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Errorf("in-flight POST: status %d, want 202", resp.StatusCode)
	}
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
}
