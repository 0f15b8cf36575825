package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/taxii"
)

// TestKillDuringPost kills accord serve with SIGKILL while clients are
// posting to a collection, then checks, as the issue asks, that every
// object whose status said success is in the store and in the collection
// after the restart, and that the database is intact.
func TestKillDuringPost(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills a real server")
	}
	db := tempDB(t)
	var org accord.Org
	runJSON(t, db, &org, "org", "add", "CERT")
	var user accord.User
	runJSON(t, db, &user, "user", "add", "poster", "--org", "CERT")
	var tok accord.Token
	runJSON(t, db, &tok, "token", "create", "poster")
	var coll accord.Collection
	runJSON(t, db, &coll, "collection", "add", "Crash")
	if _, stderr, code := run(t, "", "--db", db, "grant", coll.ID, "--org", "CERT", "--read", "--write"); code != 0 {
		t.Fatalf("grant: exit %d: %s", code, stderr)
	}

	addr, stop := startServer(t, db)
	c := &taxii.Client{APIRoot: "http://" + addr + "/api/", User: "poster", Token: tok.Secret}
	var (
		mu        sync.Mutex
		succeeded []accord.StatusDetail
		wg        sync.WaitGroup
	)
	for w := range 4 {
		wg.Go(func() {
			for batch := 0; ; batch++ {
				st, err := c.Add(context.Background(), coll.ID, crashObjects(w, batch, 200))
				if err != nil {
					return // the server is gone
				}
				mu.Lock()
				succeeded = append(succeeded, st.Successes...)
				mu.Unlock()
			}
		})
	}
	time.Sleep(1500 * time.Millisecond)
	stop() // SIGKILL, in the middle of the posters' requests
	wg.Wait()
	if len(succeeded) == 0 {
		t.Fatal("no POST succeeded before the kill: nothing was tested")
	}

	store := openDB(t, db)
	if err := store.IntegrityCheck(t.Context()); err != nil {
		t.Fatalf("after the kill: %v", err)
	}
	ids := make([]string, len(succeeded))
	for i, s := range succeeded {
		ids[i] = s.ID
	}
	inColl := map[string]bool{}
	_, _, _, _, err := store.CollectionFind(t.Context(), coll.ID, accord.CollectionFilter{IDs: ids, Limit: len(ids) + 1},
		func(o *accord.Object, _ time.Time) error { inColl[o.ID] = true; return nil })
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if _, err := store.Get(t.Context(), id); err != nil {
			t.Errorf("%s: reported a success, not in the store after the kill: %v", id, err)
		} else if !inColl[id] {
			t.Errorf("%s: reported a success, not in the collection after the kill", id)
		}
	}
	t.Logf("%d objects reported stored before the kill, all there after it", len(ids))
}

// startServer starts accord serve on a free loopback port as a real
// process and returns its address and a function that kills it (SIGKILL).
func startServer(t *testing.T, db string) (addr string, kill func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "--db", db, "serve", "--insecure-http", "--listen", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "ACCORD_TEST_AS_MAIN=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	kill = func() {
		if !killed {
			killed = true
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
		}
	}
	t.Cleanup(kill)
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("accord serve said nothing: %v", err)
	}
	// "accord: serving TAXII 2.1 at http://127.0.0.1:PORT/taxii2/"
	_, rest, ok := strings.Cut(line, "http://")
	addr, _, _ = strings.Cut(rest, "/")
	if !ok || addr == "" {
		t.Fatalf("accord serve: no address in %q", line)
	}
	return addr, kill
}

// crashObjects returns n indicators unique to the worker and batch.
func crashObjects(worker, batch, n int) []json.RawMessage {
	objs := make([]json.RawMessage, n)
	for i := range objs {
		objs[i] = json.RawMessage(fmt.Sprintf(`{"type":"indicator","spec_version":"2.1","id":"indicator--%08x-%04x-4000-8000-%012x",`+
			`"created":"2021-03-02T00:00:00.000Z","modified":"2021-03-02T00:00:00.000Z","name":"crash %d",`+
			`"pattern":"[ipv4-addr:value = '10.0.0.%d']","pattern_type":"stix","valid_from":"2021-03-02T00:00:00Z"}`,
			batch, worker, i, i, i%250))
	}
	return objs
}
