package discord

import (
	"container/heap"
	"sync"
	"time"
)

// maxSeen bounds how many interaction IDs the replay guard remembers. Only
// requests with a valid signature are recorded, so reaching it takes more
// than 150 genuine interactions a second for ten minutes; past it the IDs
// closest to expiry are forgotten first.
const maxSeen = 100_000

// replayGuard remembers the interactions it has accepted until their
// signature expires, so that a captured signed request cannot be run a
// second time. It is safe for concurrent use. Memory is bounded: entries
// are dropped once expired, and at most max are kept.
//
// It is per process: replicas behind a load balancer each keep their own.
type replayGuard struct {
	mu    sync.Mutex
	max   int
	until map[string]time.Time
	queue expiryHeap
}

func newReplayGuard(max int) *replayGuard {
	return &replayGuard{max: max, until: make(map[string]time.Time)}
}

// first records key as seen until expires and reports whether it was new.
// now is the current time, for dropping expired entries.
func (g *replayGuard) first(key string, expires, now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	for len(g.queue) > 0 && now.After(g.queue[0].expires) {
		g.drop()
	}
	if _, seen := g.until[key]; seen {
		return false
	}
	for len(g.queue) >= g.max && len(g.queue) > 0 {
		g.drop()
	}
	g.until[key] = expires
	heap.Push(&g.queue, seenEntry{key: key, expires: expires})
	return true
}

// drop forgets the entry closest to expiry; g.mu is held.
func (g *replayGuard) drop() {
	e := heap.Pop(&g.queue).(seenEntry)
	delete(g.until, e.key)
}

// size is the number of remembered entries.
func (g *replayGuard) size() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.until)
}

type seenEntry struct {
	key     string
	expires time.Time
}

// expiryHeap is a min-heap of entries by expiry.
type expiryHeap []seenEntry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].expires.Before(h[j].expires) }
func (h expiryHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *expiryHeap) Push(x any)        { *h = append(*h, x.(seenEntry)) }
func (h *expiryHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = seenEntry{}
	*h = old[:len(old)-1]
	return e
}
