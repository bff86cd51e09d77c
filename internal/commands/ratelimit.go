package commands

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// userLimiter keeps one token bucket per user. Buckets idle for longer than
// it takes them to refill are dropped, so memory stays bounded.
type userLimiter struct {
	limit rate.Limit
	burst int

	mu        sync.Mutex
	users     map[string]*userBucket
	lastPrune time.Time
}

type userBucket struct {
	lim  *rate.Limiter
	last time.Time
}

func newUserLimiter(limit rate.Limit, burst int) *userLimiter {
	return &userLimiter{limit: limit, burst: burst, users: make(map[string]*userBucket)}
}

// allow reports whether user may run one more interaction at now.
func (l *userLimiter) allow(user string, now time.Time) bool {
	if l.limit == rate.Inf {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	idle := 10 * time.Minute
	if l.limit > 0 {
		idle = max(idle, time.Duration(float64(l.burst)/float64(l.limit)*float64(time.Second)))
	}
	if now.Sub(l.lastPrune) > idle {
		for id, b := range l.users {
			if now.Sub(b.last) > idle {
				delete(l.users, id)
			}
		}
		l.lastPrune = now
	}
	b, ok := l.users[user]
	if !ok {
		b = &userBucket{lim: rate.NewLimiter(l.limit, l.burst)}
		l.users[user] = b
	}
	b.last = now
	return b.lim.AllowN(now, 1)
}
