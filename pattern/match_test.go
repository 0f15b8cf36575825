package pattern

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/accord-cti/accord"
)

// manyObserved returns n observed-data objects a second apart, each seen
// count times, each with one x-n object numbered i.
func manyObserved(t testing.TB, n, count int) []*Observed {
	t.Helper()
	var sb strings.Builder
	sb.WriteString("[")
	for i := range n {
		if i > 0 {
			sb.WriteString(",\n")
		}
		ts := t0.Add(secs(i)).Format("2006-01-02T15:04:05Z")
		fmt.Fprintf(&sb, `{"type":"observed-data","id":"observed-data--%d","first_observed":%q,"last_observed":%q,"number_observed":%d,"objects":{"0":{"type":"x-n","i":%d,"a":1}}}`, i, ts, ts, count, i)
	}
	sb.WriteString("]")
	obs, err := LoadObserved([]byte(sb.String()))
	if err != nil {
		t.Fatal(err)
	}
	return obs
}

func TestMatchLimits(t *testing.T) {
	t.Parallel()
	one := manyObserved(t, 1, 999_999_999)
	many := manyObserved(t, 500, 1)
	deep := manyObserved(t, maxBound+10, 1)
	tests := []struct {
		name    string
		obs     []*Observed
		pattern string
		want    bool
		err     error
	}{
		{"many instances of one observation", one, "[x-n:a = 1] REPEATS 1000000 TIMES", true, nil},
		{"more instances than seen", manyObserved(t, 1, 1000), "[x-n:a = 1] REPEATS 1000 TIMES AND [x-n:a = 1]", false, nil},
		{"repeated pairs", many, "([x-n:a = 1] AND [x-n:i > 100]) REPEATS 200 TIMES", true, nil},
		{"repeated pairs in order", many, "([x-n:a = 1] FOLLOWEDBY [x-n:i > 250]) REPEATS 100 TIMES WITHIN 1000 SECONDS", true, nil},
		{"too few distinct", many, "([x-n:i < 3] FOLLOWEDBY [x-n:i > 495]) REPEATS 4 TIMES", false, nil},
		{"window too narrow", many, "[x-n:a = 1] REPEATS 30 TIMES WITHIN 28 SECONDS", false, nil},
		{"window wide enough", many, "[x-n:a = 1] REPEATS 30 TIMES WITHIN 29 SECONDS", true, nil},
		{"binds too many", deep, fmt.Sprintf("[x-n:a = 1] REPEATS %d TIMES", maxBound+5), false, ErrLimit},
	}
	for _, tt := range tests {
		matched, _, err := compileText(t, tt.pattern).MatchObserved(tt.obs)
		if !errors.Is(err, tt.err) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.err)
		}
		if matched != tt.want {
			t.Errorf("%s: matched = %v, want %v", tt.name, matched, tt.want)
		}
	}
}

// Past Options.MaxSteps the result is unknown: ErrLimit, coded EINVALID.
func TestMatchStepLimit(t *testing.T) {
	t.Parallel()
	obs := manyObserved(t, 60, 1)
	c, err := Options{MaxSteps: 1000}.Compile(mustParse(t, "([x-n:i < 30] FOLLOWEDBY [x-n:i < 5]) REPEATS 6 TIMES"))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.MatchObserved(obs)
	if !errors.Is(err, ErrLimit) || accord.ErrorCode(err) != accord.EINVALID {
		t.Fatalf("err = %v, want ErrLimit", err)
	}
}

// Match reports at most Options.MaxBindings bindings.
func TestMatchMaxBindings(t *testing.T) {
	t.Parallel()
	obs := manyObserved(t, 20, 1)
	c, err := Options{MaxBindings: 3}.Compile(mustParse(t, "[x-n:a = 1]"))
	if err != nil {
		t.Fatal(err)
	}
	_, bindings, err := c.MatchObserved(obs)
	if err != nil || len(bindings) != 3 {
		t.Fatalf("%d bindings, %v; want 3", len(bindings), err)
	}
}

func secs(i int) time.Duration { return time.Duration(i) * time.Second }
