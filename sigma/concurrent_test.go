package sigma

import (
	"slices"
	"sync"
	"testing"
)

// TestMatchConcurrent matches the otrf events from several goroutines at
// once (run with -race) and checks each finds what one alone finds. The
// goroutines share an engine that has matched nothing yet, so that they
// build its lazy parts (keyword and merged automata) at the same time.
func TestMatchConcurrent(t *testing.T) {
	rules := sharedRules(t, windowsRule)
	alone, _ := Compile(rules, Options{})
	e, _ := Compile(rules, Options{})
	events := otrfEvents(t)
	want := make([][]string, len(events))
	for i, ev := range events {
		want[i] = titles(engineMatch(alone, ev))
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
