// Command taxiiload is a bounded loopback load tool for a TAXII 2.1
// server's collection (issue 7's load goals). It speaks only TAXII over
// HTTP, so it measures any server the same way.
//
//	taxiiload -url https://127.0.0.1:8443/api/collections/ID/ -user U -token T post -n 100000 -batch 1000
//	taxiiload -url … -user U -token T page -clients 50 -duration 60s -limit 100
//
// post sends n new indicators in envelopes of batch objects, one request
// at a time, and reports objects per second (counted from the status
// resources' successes). page runs clients that each page through the
// collection with limit and next, from the start again when it ends, for
// duration, and reports pages per second, the latency percentiles of a
// page, and every error. The exit status is 1 when any request failed.
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"net/http"
	"os"
	"time"
)

const mediaType = "application/taxii+json;version=2.1"

type config struct {
	url, user, token string
	insecure         bool
	client           *http.Client
}

func main() {
	var c config
	fs := flag.NewFlagSet("taxiiload", flag.ExitOnError)
	fs.StringVar(&c.url, "url", "", "the collection's URL (…/collections/ID/)")
	fs.StringVar(&c.user, "user", "", "user name for HTTP Basic")
	fs.StringVar(&c.token, "token", "", "API token (Basic password, or Bearer without -user)")
	fs.BoolVar(&c.insecure, "insecure", false, "accept the server's certificate without checking it (loopback self-signed)")
	fs.Parse(os.Args[1:])
	if c.url == "" || fs.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: taxiiload -url URL [-user U] -token T post|page [flags]")
		os.Exit(2)
	}
	c.client = &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{
		MaxIdleConnsPerHost: 256,
		TLSClientConfig:     &tls.Config{InsecureSkipVerify: c.insecure}, // for a loopback self-signed server only
	}}
	var err error
	switch mode, args := fs.Arg(0), fs.Args()[1:]; mode {
	case "post":
		err = runPost(&c, args)
	case "page":
		err = runPage(&c, args)
	default:
		err = fmt.Errorf("unknown mode %q: post or page", mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "taxiiload:", err)
		os.Exit(1)
	}
}

// request makes a TAXII request with the credentials and media types.
func (c *config) request(method, url string, body []byte) (*http.Request, error) {
	var r *http.Request
	var err error
	if body != nil {
		r, err = http.NewRequest(method, url, bytesReader(body))
		if err == nil {
			r.Header.Set("Content-Type", mediaType)
		}
	} else {
		r, err = http.NewRequest(method, url, nil)
	}
	if err != nil {
		return nil, err
	}
	r.Header.Set("Accept", mediaType)
	switch {
	case c.user != "":
		r.SetBasicAuth(c.user, c.token)
	case c.token != "":
		r.Header.Set("Authorization", "Bearer "+c.token)
	}
	return r, nil
}
