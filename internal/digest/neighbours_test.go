package digest

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestPairSimsBounded: a window of more than denseDocs articles links each
// article to at most neighbourLimit earlier ones, where 5,000 near-identical
// articles made all 12.5 million pairs (75 s and 5.2 GB for one digest,
// helper 73); a window of up to denseDocs keeps every pair, as before.
func TestPairSimsBounded(t *testing.T) {
	day := time.Date(2024, 3, 25, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		n    int
		k    int // earlier articles each is linked to at most
	}{
		{"small window: every pair", 200, 200},
		{"at the dense limit: every pair", denseDocs, denseDocs},
		{"past it: bounded", 3 * denseDocs, neighbourLimit},
	} {
		t.Run(tt.name, func(t *testing.T) {
			words, names, when := make([]vector, tt.n), make([]vector, tt.n), make([]time.Time, tt.n)
			for i := range tt.n {
				// The same words, and one word of its own.
				words[i] = vector{{id: 1, w: 0.6}, {id: 2, w: 0.6}, {id: int32(10 + i), w: 0.53}}
				names[i] = vector{{id: 1, w: 1}}
				when[i] = day
			}
			sims, err := pairSims(context.Background(), words, names, when, neighbours(tt.n))
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			for d := range tt.n {
				want += min(d, tt.k)
			}
			if len(sims) != want {
				t.Errorf("%d pairs for %d articles, want %d", len(sims), tt.n, want)
			}
			for k, s := range sims {
				if k[0] >= k[1] || s <= 0 {
					t.Fatalf("pair %v similarity %v: want i < j and a positive similarity", k, s)
				}
			}
		})
	}
}

// TestClusteringStopsWithItsContext: the clustering of a digest or a
// timeline looks at its context and stops when it ends; a /digest that timed
// out went on for 50 s and to 4.7 GB after its reply (helper 73).
func TestClusteringStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	day := time.Date(2024, 3, 25, 12, 0, 0, 0, time.UTC)
	words, names, when := []vector{{{id: 1, w: 1}}, {{id: 1, w: 1}}}, []vector{nil, nil}, []time.Time{day, day}
	if _, err := pairSims(ctx, words, names, when, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("pairSims error = %v, want context.Canceled", err)
	}
	if _, err := agglomerate(ctx, 2, map[[2]int]float64{{0, 1}: 1}, 0.5, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("agglomerate error = %v, want context.Canceled", err)
	}
	if _, err := Events(ctx, bridgeArticles()); !errors.Is(err, context.Canceled) {
		t.Errorf("Events error = %v, want context.Canceled", err)
	}
	if _, err := TimelineOf(ctx, bridgeArticles(), "Alder bridge collapse", 0); !errors.Is(err, context.Canceled) {
		t.Errorf("TimelineOf error = %v, want context.Canceled", err)
	}
	// The same with a live context: no error.
	if _, err := TimelineOf(context.Background(), bridgeArticles(), "Alder bridge collapse", 0); err != nil {
		t.Errorf("TimelineOf error = %v, want none", err)
	}
}
