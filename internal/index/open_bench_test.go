package index_test

import (
	"context"
	"os"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/index"
)

// BenchmarkOpenExisting opens and closes the index in the directory named
// by CHRONICLE_OPEN_INDEX, as `bot serve` does at start-up, and skips when
// it is unset. Open may write to that index's store (it marks nothing dirty,
// but bbolt rewrites its meta pages), so point it at a copy, never at an
// index another process uses or that must stay byte-identical.
func BenchmarkOpenExisting(b *testing.B) {
	dir := os.Getenv("CHRONICLE_OPEN_INDEX")
	if dir == "" {
		b.Skip("CHRONICLE_OPEN_INDEX is unset (set it to a copy of an existing index); skipping")
	}
	ctx := context.Background()
	n := 0
	for b.Loop() {
		ix, err := index.Open(ctx, dir, index.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if ix.Reset || ix.Len() == 0 {
			ix.Close()
			b.Fatalf("Open(%q): reset %v (%s), %d articles; want the existing index as it is", dir, ix.Reset, ix.ResetReason, ix.Len())
		}
		n = ix.Len()
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "articles")
}
