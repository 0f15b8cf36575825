package sigma

import (
	"slices"
	"sync"
	"testing"
)

// TestMatchConcurrent matches the otrf events from several goroutines at
// once (run with -race) and checks each finds what one alone finds.
func TestMatchConcurrent(t *testing.T) {
	e, _ := Compile(sharedRules(t, windowsRule), Options{})
	events := otrfEvents(t)
	want := make([][]string, len(events))
	for i, ev := range events {
		want[i] = titles(engineMatch(e, ev))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range events {
				i := (k + w*len(events)/4) % len(events)
				if got := titles(engineMatch(e, events[i])); !slices.Equal(got, want[i]) {
					errs <- describe(events[i])
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for ev := range errs {
		t.Errorf("concurrent match differs on %s", ev)
	}
}
