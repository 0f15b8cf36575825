package taxii

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestHoldRead checks that holdRead takes a slot and its release frees it,
// and that a context marked as holding one takes no second slot (a nested
// take could wait forever once every slot is held).
func TestHoldRead(t *testing.T) {
	s := New(Config{})
	release, err := s.holdRead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.reads) != 1 {
		t.Fatalf("after holdRead: %d slots taken, want 1", len(s.reads))
	}
	held := context.WithValue(context.Background(), readSlotKey{}, true)
	for range cap(s.reads) + 1 { // more than there are slots: none may be taken
		inner, err := s.holdRead(held)
		if err != nil {
			t.Fatal(err)
		}
		defer inner()
	}
	if len(s.reads) != 1 {
		t.Fatalf("nested holdRead: %d slots taken, want 1", len(s.reads))
	}
	release()
	if len(s.reads) != 0 {
		t.Fatalf("after release: %d slots taken, want 0", len(s.reads))
	}
}

// TestHoldReadCancelled checks that a request waiting for a slot gives up
// when its context ends, with the context's error.
func TestHoldReadCancelled(t *testing.T) {
	s := New(Config{})
	for range cap(s.reads) {
		s.reads <- struct{}{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.holdRead(ctx); err != context.Canceled {
		t.Fatalf("holdRead with every slot taken and ctx cancelled: %v, want %v", err, context.Canceled)
	}
	req := httptest.NewRequest(http.MethodGet, "/api/collections/x/objects/", nil).WithContext(ctx)
	req.SetBasicAuth("nobody", "secret")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code == http.StatusOK {
		t.Fatalf("GET with no slot and ctx cancelled: 200 %s", rec.Body)
	}
}
