package buildmem

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"
)

// settings reads the collector's percent (-1: off) and memory limit
// without changing them.
func settings() (percent int, limit int64) {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	percent = int(int64(s[0].Value.Uint64())) // off is reported as -1
	return percent, debug.SetMemoryLimit(-1)
}

func TestTune(t *testing.T) {
	percent0, limit0 := settings()
	defer func() {
		debug.SetGCPercent(percent0)
		debug.SetMemoryLimit(limit0)
	}()
	tests := []struct {
		name      string
		prevLimit int64 // set before Tune
		limit     int64 // given to Tune
		wantLimit int64 // in force while tuned
	}{
		{"no limit before", math.MaxInt64, 1 << 40, 1 << 40},
		{"a lower limit before is kept", 1 << 39, 1 << 40, 1 << 39},
		{"a higher limit before is lowered", 1 << 41, 1 << 40, 1 << 40},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			debug.SetGCPercent(100)
			debug.SetMemoryLimit(tt.prevLimit)
			restore := Tune(tt.limit)
			p, l := settings()
			if p != -1 || l != tt.wantLimit {
				t.Errorf("while tuned: GOGC %d, limit %d; want -1 (off), %d", p, l, tt.wantLimit)
			}
			restore()
			restore() // a second call changes nothing
			if p, l := settings(); p != 100 || l != tt.prevLimit {
				t.Errorf("after restore: GOGC %d, limit %d; want 100, %d", p, l, tt.prevLimit)
			}
		})
	}
}

// TestTuneFallsBack: once the live heap passes half the limit, the previous
// settings come back without waiting for restore.
func TestTuneFallsBack(t *testing.T) {
	percent0, limit0 := settings()
	defer func() {
		debug.SetGCPercent(percent0)
		debug.SetMemoryLimit(limit0)
	}()
	debug.SetGCPercent(100)
	debug.SetMemoryLimit(math.MaxInt64)
	keep := make([]byte, 4<<20) // live heap well over half of 4 MiB
	restore := Tune(4 << 20)
	defer restore()
	runtime.GC() // the live heap is measured by a collection
	deadline := time.Now().Add(10 * time.Second)
	for {
		p, l := settings()
		if p == 100 && l == math.MaxInt64 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("live heap over half the limit: GOGC %d, limit %d still; want 100, no limit", p, l)
		}
		time.Sleep(10 * time.Millisecond)
	}
	runtime.KeepAlive(keep)
}
