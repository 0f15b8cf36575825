package taxii

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/accord-cti/accord"
)

// Client is a small TAXII 2.1 client: the base of federation (issue 7's
// feed pull) and of the conformance tests. Its zero value is not usable:
// set APIRoot.
type Client struct {
	// APIRoot is the URL of the API root, e.g. "https://cert.example/api/".
	APIRoot string
	// User and Token are the credentials: HTTP Basic when User is set,
	// else a Bearer token when Token is set, else none.
	User, Token string
	// HTTP is the client to use; nil is http.DefaultClient.
	HTTP *http.Client
	// MaxBody bounds the response bodies read; 0 is 64 MiB.
	MaxBody int64
}

// Query holds the filters of the objects, manifest and versions endpoints.
type Query struct {
	AddedAfter   time.Time
	Limit        int
	Next         string
	IDs          []string
	Types        []string
	Versions     []string // match[version]: first, last, all or timestamps
	SpecVersions []string
}

// values encodes q as query parameters.
func (q Query) values() url.Values {
	v := url.Values{}
	if !q.AddedAfter.IsZero() {
		v.Set("added_after", timestamp(q.AddedAfter))
	}
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	if q.Next != "" {
		v.Set("next", q.Next)
	}
	for key, list := range map[string][]string{"match[id]": q.IDs, "match[type]": q.Types, "match[version]": q.Versions, "match[spec_version]": q.SpecVersions} {
		if len(list) > 0 {
			v.Set(key, strings.Join(list, ","))
		}
	}
	return v
}

// PageDates are the X-TAXII-Date-Added-First and -Last headers of a page
// (zero when absent): a client pages on with AddedAfter = Last where a
// server gives no next.
type PageDates struct {
	First, Last time.Time
}

// ResponseError is a TAXII error answer: the HTTP status and the error
// resource the server sent (empty when the body was not one).
type ResponseError struct {
	Status   int
	Resource ErrorResource
}

func (e *ResponseError) Error() string {
	msg := fmt.Sprintf("taxii: HTTP %d %s", e.Status, e.Resource.Title)
	if e.Resource.Description != "" {
		msg += ": " + e.Resource.Description
	}
	return msg
}

// ErrorCode maps the status to accord's error codes.
func (e *ResponseError) ErrorCode() string {
	for code, status := range statuses {
		if status == e.Status {
			return code
		}
	}
	if e.Status >= 400 && e.Status < 500 {
		return accord.EINVALID
	}
	return accord.EINTERNAL
}

// do sends a request to path under the API root and decodes a 2xx JSON
// answer into out (when not nil); it returns the response headers.
func (c *Client) do(ctx context.Context, method, path string, q url.Values, body []byte, out any) (http.Header, error) {
	u := strings.TrimSuffix(c.APIRoot, "/") + "/" + strings.TrimPrefix(path, "/")
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("taxii: %s %s: %w", method, u, err)
	}
	req.Header.Set("Accept", MediaType)
	if body != nil {
		req.Header.Set("Content-Type", MediaType)
	}
	switch {
	case c.User != "":
		req.SetBasicAuth(c.User, c.Token)
	case c.Token != "":
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("taxii: %s %s: %w", method, u, err)
	}
	defer resp.Body.Close()
	limit := c.MaxBody
	if limit <= 0 {
		limit = 64 << 20
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, limit))
	if err != nil {
		return nil, fmt.Errorf("taxii: %s %s: reading the answer: %w", method, u, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		e := &ResponseError{Status: resp.StatusCode}
		json.Unmarshal(data, &e.Resource) // a body that is no error resource leaves it empty
		return resp.Header, e
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return nil, fmt.Errorf("taxii: %s %s: decoding the answer: %w", method, u, err)
		}
	}
	return resp.Header, nil
}
