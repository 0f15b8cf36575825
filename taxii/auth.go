package taxii

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/accord-cti/accord"
)

// principalKey is the context key of the authenticated accord.Principal.
type principalKey struct{}

// principal returns the request's authenticated principal.
func principal(ctx context.Context) accord.Principal {
	p, _ := ctx.Value(principalKey{}).(accord.Principal)
	return p
}

// authenticate checks HTTP Basic (user name and token secret) or Bearer
// (token secret) credentials. A client IP whose failures exhausted its
// bucket gets 429 without its credentials being checked.
func (s *Server) authenticate(r *http.Request) (accord.Principal, error) {
	ip := clientIP(r)
	if !s.limiter.allow(ip) {
		return accord.Principal{}, statusError(http.StatusTooManyRequests, "too many failed logins from this address; try again later")
	}
	p, err := s.checkCredentials(r)
	if err != nil {
		s.limiter.fail(ip)
	}
	return p, err
}

func (s *Server) checkCredentials(r *http.Request) (accord.Principal, error) {
	if user, secret, ok := r.BasicAuth(); ok {
		return s.cfg.Access.Authenticate(r.Context(), user, secret)
	}
	h := r.Header.Get("Authorization")
	if scheme, token, ok := strings.Cut(h, " "); ok && strings.EqualFold(scheme, "Bearer") {
		return s.cfg.Access.AuthenticateToken(r.Context(), strings.TrimSpace(token))
	}
	if h == "" {
		return accord.Principal{}, accord.Errorf(accord.EUNAUTHORIZED, "authentication required: HTTP Basic (user and token) or Bearer token")
	}
	return accord.Principal{}, accord.Errorf(accord.EUNAUTHORIZED, "unsupported Authorization scheme")
}

// clientIP is the address of the peer, without the port.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// limiter is a token bucket of failed logins per client IP: each failure
// takes a token, tokens come back at rate per second up to burst, and an
// IP with no token left is refused until one comes back.
type limiter struct {
	rate  float64
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// maxBuckets bounds the limiter's memory: past it, full buckets are dropped.
const maxBuckets = 10000

func newLimiter(rate float64, burst int) *limiter {
	return &limiter{rate: rate, burst: float64(burst), now: time.Now, buckets: map[string]*bucket{}}
}

// refill returns ip's bucket with the tokens earned since it was last seen;
// nil when it would be full.
func (l *limiter) refill(ip string) *bucket {
	b := l.buckets[ip]
	if b == nil {
		return nil
	}
	now := l.now()
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens >= l.burst {
		delete(l.buckets, ip)
		return nil
	}
	return b
}

// allow reports whether ip has a token left for another attempt.
func (l *limiter) allow(ip string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.refill(ip)
	return b == nil || b.tokens >= 1
}

// fail takes a token from ip's bucket.
func (l *limiter) fail(ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.refill(ip)
	if b == nil {
		if len(l.buckets) >= maxBuckets {
			l.prune()
		}
		b = &bucket{tokens: l.burst, at: l.now()}
		l.buckets[ip] = b
	}
	b.tokens = max(0, b.tokens-1)
}

// prune drops the buckets that have refilled.
func (l *limiter) prune() {
	for ip := range l.buckets {
		l.refill(ip)
	}
}
