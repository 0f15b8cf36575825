package main

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// apiRoot returns the URL of the API root a collection's URL is under.
func apiRoot(collection string) string {
	if i := strings.LastIndex(collection, "/collections/"); i >= 0 {
		return collection[:i+1]
	}
	return collection
}

// runPost sends n new indicators in envelopes of batch, one request at a
// time, and reports the objects the server said it stored per second.
func runPost(c *config, args []string) error {
	fs := flag.NewFlagSet("post", flag.ExitOnError)
	n := fs.Int("n", 100000, "objects to send")
	batch := fs.Int("batch", 1000, "objects per request")
	fs.Parse(args)
	start := time.Now()
	stored, failed := 0, 0
	var run [8]byte
	rand.Read(run[:]) // a new run's ids never collide with an earlier run's
	for sent := 0; sent < *n; {
		k := min(*batch, *n-sent)
		body := envelope(run, sent, k)
		ok, bad, err := c.post(body)
		if err != nil {
			return fmt.Errorf("after %d objects: %w", sent, err)
		}
		stored += ok
		failed += bad
		sent += k
	}
	d := time.Since(start)
	fmt.Printf("post: %d objects in %d requests of %d, %.2f s: %.0f objects/s stored; %d failed\n",
		*n, (*n+*batch-1) / *batch, *batch, d.Seconds(), float64(stored)/d.Seconds(), failed)
	if failed > 0 || stored != *n {
		return fmt.Errorf("%d of %d objects not stored", *n-stored, *n)
	}
	return nil
}

// envelope makes k indicators, numbered from first, as a TAXII envelope.
func envelope(run [8]byte, first, k int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"objects":[`)
	for i := range k {
		if i > 0 {
			b.WriteByte(',')
		}
		j := first + i
		fmt.Fprintf(&b, `{"type":"indicator","spec_version":"2.1","id":"indicator--%x-%04x-4%03x-8%03x-%012x",`+
			`"created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","name":"load test %d",`+
			`"pattern":"[ipv4-addr:value = '10.%d.%d.%d']","pattern_type":"stix","valid_from":"2021-03-02T00:00:00Z"}`,
			run[:4], uint16(run[4])<<8|uint16(run[5]), j>>24&0xfff, j>>12&0xfff, j, j, j>>16&255, j>>8&255, j&255)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// post sends one envelope and waits for its status to finish, returning
// its success and failure counts.
func (c *config) post(body []byte) (ok, bad int, err error) {
	r, err := c.request(http.MethodPost, c.url+"objects/", body)
	if err != nil {
		return 0, 0, err
	}
	var st struct {
		ID           string `json:"id"`
		Status       string `json:"status"`
		SuccessCount int    `json:"success_count"`
		FailureCount int    `json:"failure_count"`
	}
	if err := c.do(r, http.StatusAccepted, &st); err != nil {
		return 0, 0, err
	}
	for st.Status != "complete" {
		time.Sleep(10 * time.Millisecond)
		r, err := c.request(http.MethodGet, apiRoot(c.url)+"status/"+st.ID+"/", nil)
		if err != nil {
			return 0, 0, err
		}
		if err := c.do(r, http.StatusOK, &st); err != nil {
			return 0, 0, err
		}
	}
	return st.SuccessCount, st.FailureCount, nil
}

// do sends r and decodes a response of the wanted status into v.
func (c *config) do(r *http.Request, want int, v any) error {
	resp, err := c.client.Do(r)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("%s %s: %s: %.300s", r.Method, r.URL.Path, resp.Status, data)
	}
	return json.Unmarshal(data, v)
}
