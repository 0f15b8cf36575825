package taxii

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWriteEnvelopeBody checks the envelope written from stored JSON
// against encoding/json's encoding of the same Envelope: the same members
// in the same order, the same values, and a Content-Length that is the
// body's.
func TestWriteEnvelopeBody(t *testing.T) {
	objA := `{"type":"indicator","id":"indicator--a","pattern":"[ipv4-addr:value = '10.0.0.1']"}`
	objB := `{"type":"note","id":"note--b","content":"\"quoted\" \u00e9 & <tag>"}`
	tests := []struct {
		name string
		more bool
		next string
		objs []string
	}{
		{"Empty", false, "", nil},
		{"EmptyMore", true, "AQAAAAAAAAAB", nil},
		{"One", false, "", []string{objA}},
		{"TwoMore", true, "AQAAAAAAAAAB", []string{objA, objB}},
		{"NextNeedsEscape", true, "a\"b\\c", []string{objB}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var objs []byte
			want := Envelope{More: tt.more, Next: tt.next}
			for _, o := range tt.objs {
				objs = appendObject(objs, []byte(o))
				want.Objects = append(want.Objects, json.RawMessage(o))
			}
			rec := httptest.NewRecorder()
			writeEnvelopeBody(rec, tt.more, tt.next, objs)
			body := rec.Body.Bytes()
			if got := rec.Header().Get("Content-Length"); got != strconv.Itoa(len(body)) {
				t.Errorf("Content-Length %s, body %d bytes", got, len(body))
			}
			if got := rec.Header().Get("Content-Type"); got != MediaType {
				t.Errorf("Content-Type %q", got)
			}
			var got Envelope
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatalf("body %s: %v", body, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("envelope (-want +got):\n%s", diff)
			}
			// Byte for byte, as encoding/json writes it without its HTML escapes.
			enc, _ := json.Marshal(want)
			if diff := cmp.Diff(unescapeHTML.Replace(string(enc)), string(body)); diff != "" {
				t.Errorf("bytes (-json.Marshal +got):\n%s", diff)
			}
		})
	}
}

// unescapeHTML undoes encoding/json's escapes of <, > and &.
var unescapeHTML = strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&")

// TestReadSlots checks that a read waits while every slot is taken, gives
// up when its context ends, and gets a slot once one is freed.
func TestReadSlots(t *testing.T) {
	s := &Server{reads: newReadSlots()}
	for range cap(s.reads) {
		if err := s.acquireRead(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := s.acquireRead(ctx); err != context.Canceled {
		t.Fatalf("acquireRead with every slot taken and ctx ended: %v, want context.Canceled", err)
	}
	s.releaseRead()
	if err := s.acquireRead(t.Context()); err != nil {
		t.Fatalf("acquireRead after a release: %v", err)
	}
}

// TestBufferPool checks that buffers come back empty and that a buffer
// grown beyond maxPooled is not kept.
func TestBufferPool(t *testing.T) {
	b := getBuffer()
	*b = append(*b, "leftover"...)
	putBuffer(b)
	if got := getBuffer(); len(*got) != 0 {
		t.Errorf("buffer from the pool holds %q", *got)
	}
	big := getBuffer()
	*big = make([]byte, 0, maxPooled+1)
	putBuffer(big)
	for range 100 {
		if b := getBuffer(); cap(*b) > maxPooled {
			t.Fatalf("a buffer of %d bytes came back from the pool", cap(*b))
		}
	}
}
