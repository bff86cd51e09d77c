package index

import (
	"fmt"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // the New York rows need America/New_York on any machine
)

// catalogOf returns a catalog of n entries dated one minute apart, the
// newest at last.
func catalogOf(n int, last time.Time) *catalog {
	c := &catalog{byID: make(map[string]entry, n)}
	for i := range n {
		id := fmt.Sprintf("a%07d", i)
		c.byID[id] = entry{ID: id, Published: last.Add(-time.Duration(n-1-i) * time.Minute)}
	}
	return c
}

// TestNewestByUTCDay: an article is misdated when dated after the end of
// the UTC day after now's (chronicle.LastUndoubted), whatever now's location: dates
// are UTC days. Before, the cut was the end of today in now's location,
// and an article dated tomorrow, today's news east of UTC, was misdated
// (helper 140).
func TestNewestByUTCDay(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatalf("LoadLocation: %v", err)
	}
	tokyo := time.FixedZone("UTC+9", 9*3600)
	tests := []struct {
		name      string
		now, pub  time.Time
		wantCount bool
	}{
		{"UTC, tomorrow date-only", time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC), time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC), true},
		{"UTC, tomorrow's last minute", time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 2, 23, 59, 0, 0, time.UTC), true},
		{"UTC, the day after tomorrow date-only", time.Date(2025, 6, 1, 23, 59, 0, 0, time.UTC), time.Date(2025, 6, 3, 0, 0, 0, 0, time.UTC), false},
		{"UTC+9 early (still yesterday in UTC), its tomorrow", time.Date(2025, 6, 1, 1, 0, 0, 0, tokyo), time.Date(2025, 6, 1, 15, 30, 0, 0, time.UTC), true},
		{"UTC+9 early (still yesterday in UTC), the UTC day after tomorrow", time.Date(2025, 6, 1, 1, 0, 0, 0, tokyo), time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC), false},
		{"New York late (tomorrow in UTC), the UTC tomorrow's last hour", time.Date(2024, 6, 3, 22, 0, 0, 0, ny), time.Date(2024, 6, 5, 23, 30, 0, 0, time.UTC), true},
		{"New York early, the UTC day after tomorrow", time.Date(2024, 6, 3, 9, 0, 0, 0, ny), time.Date(2024, 6, 5, 0, 0, 0, 0, time.UTC), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			older := tt.now.AddDate(0, 0, -3)
			c := &catalog{byID: map[string]entry{
				"old": {ID: "old", Published: older},
				"new": {ID: "new", Published: tt.pub},
			}}
			want := older
			if tt.wantCount {
				want = tt.pub
			}
			if got := c.newestBy(tt.now); !got.Equal(want) {
				t.Errorf("newestBy(%v) = %v, want %v", tt.now, got, want)
			}
		})
	}
}

// TestNewestConcurrentPuts: Newest read while batches are applied (as
// bot serve's feeds do) never returns a time older than what a finished
// apply put in, and races nothing (go test -race).
func TestNewestConcurrentPuts(t *testing.T) {
	base := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	now := base.AddDate(0, 0, 1)
	c := catalogOf(1000, base.Add(-time.Hour))
	const batches = 200
	var wg sync.WaitGroup
	var mu sync.Mutex
	applied := base.Add(-time.Hour) // the newest time a finished apply put in
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range batches {
			p := base.Add(time.Duration(i) * time.Minute)
			c.apply([]entry{{ID: fmt.Sprintf("b%d", i), Published: p}}, []string{fmt.Sprintf("a%07d", i)}, now)
			mu.Lock()
			applied = p
			mu.Unlock()
		}
	}()
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range batches {
				mu.Lock()
				floor := applied
				mu.Unlock()
				if got := c.newestBy(now); got.Before(floor) {
					t.Errorf("newestBy = %v after an apply of %v", got, floor)
					return
				}
			}
		}()
	}
	wg.Wait()
	if got, want := c.newestBy(now), base.Add((batches-1)*time.Minute); !got.Equal(want) {
		t.Errorf("newestBy after all batches = %v, want %v", got, want)
	}
}

// BenchmarkNewestAfterPut: the cost of a feed batch (one new article put)
// and the Newest of the next /ask, on a 256k catalog.
func BenchmarkNewestAfterPut(b *testing.B) {
	base := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	now := base.AddDate(0, 0, 1)
	c := catalogOf(256<<10, base)
	ids := make([]string, b.N)
	for i := range ids {
		ids[i] = fmt.Sprintf("b%d", i)
	}
	b.ResetTimer()
	for i := range b.N {
		p := base.Add(time.Duration(i+1) * time.Millisecond)
		c.apply([]entry{{ID: ids[i], Published: p}}, nil, now)
		if got := c.newestBy(now); !got.Equal(p) {
			b.Fatalf("newestBy = %v, want %v", got, p)
		}
	}
}

// TestNewestKeptByApply: the cached newest time follows puts and deletes
// without a new day: a newer put raises it, a misdated or undated one
// does not, deleting or replacing the newest article falls back to the
// next one.
func TestNewestKeptByApply(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	c := catalogOf(10, now.Add(-24*time.Hour))
	at := func(h int) time.Time { return now.Add(time.Duration(h) * time.Hour) }
	steps := []struct {
		name string
		put  []entry
		del  []string
		want time.Time
	}{
		{"a newer article", []entry{{ID: "n1", Published: at(-2)}}, nil, at(-2)},
		{"an older article", []entry{{ID: "n0", Published: at(-5)}}, nil, at(-2)},
		{"an undated article", []entry{{ID: "u"}}, nil, at(-2)},
		{"a misdated article", []entry{{ID: "f", Published: at(48)}}, nil, at(-2)},
		{"later today", []entry{{ID: "n2", Published: at(10)}}, nil, at(10)},
		{"the newest deleted", nil, []string{"n2"}, at(-2)},
		{"the newest replaced by an older copy", []entry{{ID: "n1", Published: at(-30)}}, nil, at(-5)},
		{"the newest replaced by a newer copy", []entry{{ID: "n0", Published: at(-1)}}, nil, at(-1)},
		{"all dated deleted", nil, []string{"n0", "n1", "a0000000", "a0000001", "a0000002", "a0000003", "a0000004", "a0000005", "a0000006", "a0000007", "a0000008", "a0000009"}, time.Time{}},
	}
	for _, s := range steps {
		c.newestBy(now) // the cache is filled before each change
		c.apply(s.put, s.del, now)
		if got := c.newestBy(now); !got.Equal(s.want) {
			t.Errorf("%s: newestBy = %v, want %v", s.name, got, s.want)
		}
	}
}
