package access

import (
	"hash/crc32"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-cti/accord/stix"
	"github.com/google/go-cmp/cmp"
)

var fuzzReaders = []Reader{
	readers["anonymous"], readers["community"], readers["partner"], readers["strict-org"],
	readers["publisher"], readers["red-recipient"],
}

// FuzzRedact redacts random JSON for a reader chosen by mode, with the ids
// whose CRC parity differs from mode's low bit hidden, and checks that the
// result, when there is one, leaks nothing: no hidden id in a *_ref or
// *_refs property, no granular marking the reader may not see, none of the
// content such a marking selects, the object's own markings unchanged.
func FuzzRedact(f *testing.F) {
	f.Add([]byte(`{"type":"report","object_refs":["a--1","b--2"],"created_by_ref":"c--3"}`), byte(2))
	f.Add([]byte(`{"type":"x","description":"d","granular_markings":[{"marking_ref":"`+stix.TLPRed+`","selectors":["description"]}]}`), byte(4))
	f.Fuzz(func(t *testing.T, data []byte, mode byte) {
		r := fuzzReaders[int(mode>>1)%len(fuzzReaders)]
		hidden := func(id string) bool { return crc32.ChecksumIEEE([]byte(id))&1 != uint32(mode&1) }
		in, err := stix.Parse(data)
		if err != nil {
			return
		}
		out, ok := Redact(r, in, sharing, func(id string) bool { return !hidden(id) })
		if !ok {
			return
		}
		if _, err := stix.Parse(out.AppendJSON(nil)); err != nil {
			t.Fatalf("output does not parse: %v", err)
		}
		if !Visible(r, ObjectMarkingRefs(out), sharing) {
			t.Fatalf("returned an object the reader may not see: %s", out)
		}
		if diff := cmp.Diff(ObjectMarkingRefs(in), ObjectMarkingRefs(out)); diff != "" {
			t.Fatalf("object_marking_refs changed (-in +out):\n%s", diff)
		}
		checkRefs(t, out, true, hidden)
		checkGranular(t, r, in, out)
	})
}

// checkRefs fails when a *_ref or *_refs property of v, outside the
// markings, holds a hidden id.
func checkRefs(t *testing.T, v *stix.Value, top bool, hidden func(string) bool) {
	for _, m := range v.Obj {
		if m.Key == "object_marking_refs" || (top && m.Key == "granular_markings") {
			continue
		}
		if strings.HasSuffix(m.Key, "_ref") && m.Value.Kind == stix.String && hidden(m.Value.Str) {
			t.Fatalf("%s holds the hidden id %q", m.Key, m.Value.Str)
		}
		if strings.HasSuffix(m.Key, "_refs") {
			for _, e := range m.Value.Elems() {
				if e.Kind == stix.String && hidden(e.Str) {
					t.Fatalf("%s holds the hidden id %q", m.Key, e.Str)
				}
			}
		}
		walkValues(m.Value, func(c *stix.Value) {
			if c.Kind == stix.Object {
				checkRefs(t, c, false, hidden)
			}
		})
	}
}

// walkValues calls fn for v itself when it is an object, and for the
// objects directly inside the arrays nested in v.
func walkValues(v *stix.Value, fn func(*stix.Value)) {
	switch v.Kind {
	case stix.Object:
		fn(v)
	case stix.Array:
		for _, e := range v.Arr {
			walkValues(e, fn)
		}
	}
}

// checkGranular fails when out keeps a granular marking r may not see, or
// any value such a marking selects in the input.
func checkGranular(t *testing.T, r Reader, in, out *stix.Value) {
	for _, e := range out.Get("granular_markings").Elems() {
		if ref := e.Get("marking_ref"); ref != nil && !Visible(r, []string{ref.Str}, sharing) {
			t.Fatalf("kept the granular marking %s", e)
		}
	}
	for _, e := range in.Get("granular_markings").Elems() {
		ref := e.Get("marking_ref")
		if ref == nil || Visible(r, []string{ref.Str}, sharing) {
			continue
		}
		for _, sel := range e.Get("selectors").Strings() {
			if target := resolve(in, sel); target != nil && reaches(out, target) {
				t.Fatalf("kept %s, selected by %q under %s", target, sel, ref)
			}
		}
	}
}

// resolve is an independent reading of a selector; nil when it selects
// nothing.
func resolve(v *stix.Value, sel string) *stix.Value {
	for _, step := range strings.Split(sel, ".") {
		if n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(step, "["), "]")); err == nil && strings.HasPrefix(step, "[") {
			if n < 0 || n >= len(v.Elems()) {
				return nil
			}
			v = v.Arr[n]
			continue
		}
		if v = v.Get(step); v == nil {
			return nil
		}
	}
	return v
}

// reaches reports whether target is v or inside it, by identity.
func reaches(v, target *stix.Value) bool {
	if v == target {
		return true
	}
	for _, e := range v.Arr {
		if reaches(e, target) {
			return true
		}
	}
	for _, m := range v.Obj {
		if reaches(m.Value, target) {
			return true
		}
	}
	return false
}
