package feed_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/feed"
)

// TestPinnedCertificate: a self-signed server is reached only with its
// pinned fingerprint; without one the certificate is verified, and fails.
func TestPinnedCertificate(t *testing.T) {
	ctx := t.Context()
	a := newServerA(t)
	a.post(t, identity(0, 1))
	ts := httptest.NewTLSServer(a.srv.Config.Handler)
	t.Cleanup(ts.Close)
	u, _ := url.Parse(ts.URL)
	b := openDB(t, "b.db")
	must(t, b.AllowHost(ctx, u.Host))
	sum := sha256.Sum256(ts.Certificate().Raw)
	for name, fp := range map[string]string{"pinned": fmt.Sprintf("% X", sum[:]), "wrong": strings.Repeat("ab", 32), "none": ""} {
		fp = strings.ReplaceAll(fp, " ", ":")
		_, err := b.AddFeed(ctx, accord.Feed{Name: name, URL: ts.URL + "/api/", Collection: a.coll.ID, User: a.user, Token: a.secret, Fingerprint: fp})
		must(t, err)
	}
	p := &feed.Puller{Store: b}
	if res, err := p.Pull(ctx, "pinned"); err != nil || res.Added != 1 {
		t.Errorf("pull with the pinned fingerprint: %+v, %v", res, err)
	}
	for _, name := range []string{"wrong", "none"} {
		if _, err := p.Pull(ctx, name); err == nil || !strings.Contains(err.Error(), "certificate") {
			t.Errorf("pull %s: %v, want a certificate error", name, err)
		}
	}
}

// TestTokenEnv: a feed may read its token from an environment variable.
func TestTokenEnv(t *testing.T) {
	ctx := t.Context()
	a := newServerA(t)
	a.post(t, identity(0, 1))
	b := openDB(t, "b.db")
	must(t, b.AllowHost(ctx, a.hostPort(t)))
	_, err := b.AddFeed(ctx, accord.Feed{Name: "a", URL: a.srv.URL + "/api/", Collection: a.coll.ID, User: a.user, TokenEnv: "A_TOKEN"})
	must(t, err)
	env := map[string]string{}
	p := &feed.Puller{Store: b, Getenv: func(k string) string { return env[k] }}
	if _, err := p.Pull(ctx, "a"); err == nil || !strings.Contains(err.Error(), "A_TOKEN") {
		t.Errorf("pull without the variable: %v, want an error naming A_TOKEN", err)
	}
	env["A_TOKEN"] = a.secret
	if res, err := p.Pull(ctx, "a"); err != nil || res.Added != 1 {
		t.Errorf("pull with the variable: %+v, %v", res, err)
	}
}

// TestDue: only feeds with a period, and only once it has passed since
// their last pull, are due.
func TestDue(t *testing.T) {
	ctx := t.Context()
	b := openDB(t, "b.db")
	for name, every := range map[string]time.Duration{"hourly": time.Hour, "never": 0, "minutely": time.Minute} {
		_, err := b.AddFeed(ctx, accord.Feed{Name: name, URL: "https://x.example/api/", Collection: "c", Every: every})
		must(t, err)
	}
	_, err := b.PutFeedPage(ctx, accord.FeedPage{Feed: "hourly"}, func(func(*accord.Object, error) bool) {})
	must(t, err)
	p := &feed.Puller{Store: b}
	now := time.Now()
	names, wait, err := p.Due(ctx, now)
	must(t, err)
	if len(names) != 1 || names[0] != "minutely" || wait != time.Minute {
		t.Errorf("Due = %v, %v; want [minutely] and a minute", names, wait)
	}
	names, _, err = p.Due(ctx, now.Add(2*time.Hour))
	must(t, err)
	if len(names) != 2 {
		t.Errorf("Due two hours later = %v, want hourly and minutely", names)
	}
}

// TestLoop: the loop pulls a due feed, reports, and stops with its context.
func TestLoop(t *testing.T) {
	a := newServerA(t)
	a.post(t, identities(0, 3)...)
	b := openDB(t, "b.db")
	must(t, b.AllowHost(t.Context(), a.hostPort(t)))
	_, err := b.AddFeed(t.Context(), accord.Feed{Name: "a", URL: a.srv.URL + "/api/", Collection: a.coll.ID, User: a.user, Token: a.secret, Every: time.Hour})
	must(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	var rounds [][]feed.Result
	p := &feed.Puller{Store: b}
	err = p.Loop(ctx, func(res []feed.Result, err error) {
		must(t, err)
		rounds = append(rounds, res)
		cancel()
	})
	must(t, err)
	if len(rounds) != 1 || len(rounds[0]) != 1 || rounds[0][0].Added != 3 {
		t.Errorf("loop rounds: %+v, want one pull of feed a adding 3", rounds)
	}
}
