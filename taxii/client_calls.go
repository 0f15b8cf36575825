package taxii

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/accord-cti/accord"
)

// Root returns the API root resource.
func (c *Client) Root(ctx context.Context) (*APIRoot, error) {
	var out APIRoot
	_, err := c.do(ctx, http.MethodGet, "", nil, nil, &out)
	return &out, err
}

// Collections returns the collections the client may read or write.
func (c *Client) Collections(ctx context.Context) ([]Collection, error) {
	var out Collections
	_, err := c.do(ctx, http.MethodGet, "collections/", nil, nil, &out)
	return out.Collections, err
}

// Objects returns one page of the collection's objects.
func (c *Client) Objects(ctx context.Context, collection string, q Query) (*Envelope, PageDates, error) {
	var out Envelope
	h, err := c.do(ctx, http.MethodGet, "collections/"+url.PathEscape(collection)+"/objects/", q.values(), nil, &out)
	return &out, dates(h), err
}

// Object returns one page of the versions of an object (match[id] and
// match[type] do not apply).
func (c *Client) Object(ctx context.Context, collection, id string, q Query) (*Envelope, PageDates, error) {
	var out Envelope
	q.IDs, q.Types = nil, nil
	h, err := c.do(ctx, http.MethodGet, "collections/"+url.PathEscape(collection)+"/objects/"+url.PathEscape(id)+"/", q.values(), nil, &out)
	return &out, dates(h), err
}

// Versions returns one page of the versions of an object.
func (c *Client) Versions(ctx context.Context, collection, id string, q Query) (*Versions, PageDates, error) {
	var out Versions
	q.IDs, q.Types, q.Versions = nil, nil, nil
	h, err := c.do(ctx, http.MethodGet, "collections/"+url.PathEscape(collection)+"/objects/"+url.PathEscape(id)+"/versions/", q.values(), nil, &out)
	return &out, dates(h), err
}

// Manifest returns one page of the collection's manifest.
func (c *Client) Manifest(ctx context.Context, collection string, q Query) (*Manifest, PageDates, error) {
	var out Manifest
	h, err := c.do(ctx, http.MethodGet, "collections/"+url.PathEscape(collection)+"/manifest/", q.values(), nil, &out)
	return &out, dates(h), err
}

// Add posts objects to the collection and returns the status resource.
func (c *Client) Add(ctx context.Context, collection string, objects []json.RawMessage) (*accord.Status, error) {
	body, err := json.Marshal(Envelope{Objects: objects})
	if err != nil {
		return nil, accord.Errorf(accord.EINVALID, "taxii: an object to post is not JSON: %v", err)
	}
	var out accord.Status
	_, err = c.do(ctx, http.MethodPost, "collections/"+url.PathEscape(collection)+"/objects/", nil, body, &out)
	return &out, err
}

// Delete removes the versions of an object that versions selects (all when
// empty) from the collection.
func (c *Client) Delete(ctx context.Context, collection, id string, versions ...string) error {
	_, err := c.do(ctx, http.MethodDelete, "collections/"+url.PathEscape(collection)+"/objects/"+url.PathEscape(id)+"/",
		Query{Versions: versions}.values(), nil, nil)
	return err
}

// Status returns the status resource of an earlier Add.
func (c *Client) Status(ctx context.Context, id string) (*accord.Status, error) {
	var out accord.Status
	_, err := c.do(ctx, http.MethodGet, "status/"+url.PathEscape(id)+"/", nil, nil, &out)
	return &out, err
}

// dates reads the date-added headers of a page.
func dates(h http.Header) PageDates {
	var d PageDates
	d.First, _ = time.Parse(time.RFC3339Nano, h.Get("X-TAXII-Date-Added-First"))
	d.Last, _ = time.Parse(time.RFC3339Nano, h.Get("X-TAXII-Date-Added-Last"))
	return d
}
