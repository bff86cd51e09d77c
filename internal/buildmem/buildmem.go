// Package buildmem sets the Go garbage collector for a bulk index build.
//
// With the default setting (GOGC=100) the collector runs each time the heap
// has doubled since the last collection. A build keeps little alive (its
// current batch and the in-memory catalog, about 60 to 100 MB for 16,000
// news articles) but allocates a great deal, so the heap doubles every few
// hundred milliseconds and collection takes about a tenth of the build's CPU.
// Tune turns the proportional trigger off and sets a soft memory limit
// instead: the collector runs when the heap reaches the limit, several times
// less often, and the heap stays under the limit. Should the live heap pass
// half the limit (a corpus much larger than that), a fixed limit would make
// the collector run more often than the default, so Tune puts the previous
// settings back at once and the build goes on with them.
//
// The settings are the process's: Tune is for the command that runs the
// build, which calls the function Tune returns when the build ends, and it
// is not for builds that overlap in time.
package buildmem

import (
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// DefaultLimit is the soft memory limit for a build, in bytes. It keeps a
// build of the 16,483 RealTimeQA articles within about 30 MB of its peak
// resident memory under the default setting (docs/BENCHMARKS.md, issue 19).
const DefaultLimit = 256 << 20

// checkEvery is how often the live heap is compared with the limit.
const checkEvery = 100 * time.Millisecond

// Tune sets the collector for a build with a soft memory limit of limit
// bytes (a lower limit already set, e.g. by GOMEMLIMIT, is kept) and returns
// the function that puts the previous settings back; it may be called more
// than once.
func Tune(limit int64) (restore func()) {
	prevLimit := debug.SetMemoryLimit(-1) // a negative limit only reads it
	limit = min(limit, prevLimit)
	prevPercent := debug.SetGCPercent(-1)
	debug.SetMemoryLimit(limit)

	back := sync.OnceFunc(func() {
		debug.SetGCPercent(prevPercent)
		debug.SetMemoryLimit(prevLimit)
	})
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(checkEvery)
		defer t.Stop()
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
			metrics.Read(live)
			if live[0].Value.Kind() == metrics.KindUint64 && live[0].Value.Uint64() > uint64(limit/2) {
				back()
				return
			}
		}
	}()
	return sync.OnceFunc(func() {
		close(stop)
		<-done
		back()
	})
}
