package sigma

import (
	"bytes"
	"strings"
	"testing"
)

// lsFuzzEvent makes an event of data: its first byte the source, then lines
// of the log's name and of attribute names and values, alternately.
func lsFuzzEvent(data []byte) Event {
	ev := Event{}
	if len(data) == 0 {
		return ev
	}
	ev.Source = Source(data[0] % 5)
	parts := bytes.Split(data[1:], []byte("\n"))
	ev.Log = string(parts[0])
	for i := 1; i+1 < len(parts); i += 2 {
		ev.Attrs = append(ev.Attrs, Attr{Name: string(parts[i]), Value: parts[i+1]})
	}
	return ev
}

// FuzzRoute routes events of any names and values and checks what Route
// promises: the event's attributes kept (but 4688's ProcessId renamed),
// aliases that share their values, distinct lower-case logsources that
// Known accepts.
func FuzzRoute(f *testing.F) {
	for _, tc := range routeCases {
		data := []byte{byte(tc.ev.Source)}
		data = append(data, tc.ev.Log...)
		for _, a := range tc.ev.Attrs {
			data = append(append(append(append(data, '\n'), a.Name...), '\n'), a.Value...)
		}
		f.Add(data)
	}
	r := NewRouter()
	f.Fuzz(func(t *testing.T, data []byte) {
		ev := lsFuzzEvent(data)
		var dst Routed
		r.Route(&ev, &dst)
		lsCheckRouted(t, &ev, &dst)
	})
}

func lsCheckRouted(t *testing.T, ev *Event, dst *Routed) {
	if len(dst.Attrs) < len(ev.Attrs) {
		t.Fatalf("%d attrs routed of %d", len(dst.Attrs), len(ev.Attrs))
	}
	for i, a := range ev.Attrs {
		got := dst.Attrs[i]
		if got.Name != a.Name && !(a.Name == "ProcessId" && got.Name == "ParentProcessId") {
			t.Errorf("attr %d: name %q routed as %q", i, a.Name, got.Name)
		}
		if lsJoined(ev, got) {
			continue
		}
		if len(a.Value) > 0 && &got.Value[0] != &a.Value[0] || len(got.Value) != len(a.Value) {
			t.Errorf("attr %d (%s): value not the event's", i, a.Name)
		}
	}
	for _, a := range dst.Attrs[len(ev.Attrs):] {
		if len(a.Value) > 0 && !lsJoined(ev, a) && !lsWithin(a.Value, ev.Attrs) {
			t.Errorf("alias %s=%q is not a part of an attribute of the event", a.Name, a.Value)
		}
	}
	if len(dst.Logsources) == 0 {
		t.Fatal("no logsource")
	}
	seen := map[Logsource]bool{}
	for _, ls := range dst.Logsources {
		if seen[ls] {
			t.Errorf("logsource %+v twice", ls)
		}
		seen[ls] = true
		if s := ls.Product + ls.Category + ls.Service; s != strings.ToLower(s) {
			t.Errorf("logsource %+v is not lower-case", ls)
		}
		if _, zeek := zeekLogs[ls.Service]; (ls.Product != "zeek" || zeek) && !Known(ls) {
			t.Errorf("routed to %+v, which Known does not accept", ls)
		}
	}
}

// lsJoined reports whether a is a web request's target that Route joined
// from its stem and query (joinTarget): the one value Route makes rather
// than shares. It must end with the query the event has, if any.
func lsJoined(ev *Event, a Attr) bool {
	if ev.Source != SourceWebserver || a.Name != "cs-uri-query" {
		return false
	}
	stem, _ := ev.Get("cs-uri-stem")
	if stem == nil {
		stem, _ = ev.Get("UrlStem")
	}
	return bytes.HasPrefix(a.Value, stem)
}
