package stix

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTopStrings(t *testing.T) {
	keys := []string{"pattern", "name", "pattern_version"}
	for _, tt := range []struct {
		in      string
		want    []string
		wantErr bool
	}{
		{`{"type":"indicator","name":"a\"b","pattern":"[x:y = 'z']","n":1.5e3,"o":{"a":[1,true,null,{"b":"c"}]},"pattern_version":2}`,
			[]string{"[x:y = 'z']", `a"b`, ""}, false},
		{` {} `, []string{"", "", ""}, false},
		{`{"name":"x"} x`, nil, true},
		{`{"name":"x",}`, nil, true},
		{`{"name":"x","o":{"a":[1,]}}`, nil, true},
		{`{"name":"x","n":01}`, nil, true},
		{`[]`, nil, true},
	} {
		out := make([]string, len(keys))
		err := TopStrings([]byte(tt.in), keys, out)
		if (err != nil) != tt.wantErr {
			t.Errorf("TopStrings(%s) error %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if err == nil {
			if diff := cmp.Diff(tt.want, out); diff != "" {
				t.Errorf("TopStrings(%s) (-want +got):\n%s", tt.in, diff)
			}
		}
	}
}

// FuzzTopStrings checks TopStrings against Parse: the same verdict on the
// input, and the same strings.
func FuzzTopStrings(f *testing.F) {
	f.Add([]byte(`{"type":"indicator","pattern":"[a:b = 'c']","x":[{"y":-1.5}],"name":"\u00e9"}`))
	f.Add([]byte(`{"pattern":1,"pattern":"x"}`))
	keys := []string{"pattern", "name", "type"}
	f.Fuzz(func(t *testing.T, data []byte) {
		out := make([]string, len(keys))
		err := TopStrings(data, keys, out)
		v, perr := Parse(data)
		if perr == nil && v.Kind != Object {
			if err == nil {
				t.Fatalf("TopStrings accepted %q, which is no object", data)
			}
			return
		}
		if perr != nil {
			if err == nil {
				// Parse also rejects duplicate keys, which TopStrings
				// does not look for.
				if _, ok := perr.(*SyntaxError); !ok || !dupKey(perr) {
					t.Fatalf("TopStrings accepted %q, which Parse rejects: %v", data, perr)
				}
			}
			return
		}
		if err != nil {
			t.Fatalf("TopStrings(%q): %v, which Parse accepts", data, err)
		}
		for i, k := range keys {
			if got, want := out[i], v.GetString(k); got != want && !hasDup(v, k) {
				t.Fatalf("TopStrings(%q)[%s] = %q, want %q", data, k, got, want)
			}
		}
	})
}

func dupKey(err error) bool {
	se, ok := err.(*SyntaxError)
	return ok && len(se.Msg) > 9 && se.Msg[:9] == "duplicate"
}

func hasDup(v *Value, k string) bool {
	n := 0
	for _, m := range v.Obj {
		if m.Key == k {
			n++
		}
	}
	return n > 1
}
