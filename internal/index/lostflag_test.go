package index_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/boltfile/bolttest"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestLostBucketFlagInStore: one flipped bit, the bucket flag of one of
// the store's buckets, made bbolt read it as a plain value; Open took the
// store for damaged and reset the index, so feed articles, which no corpus
// file gives back, were gone from view. The flag is now set again: the
// index opens with every article, says what was mended, and searches.
func TestLostBucketFlagInStore(t *testing.T) {
	ctx := context.Background()
	corpus := damageCorpus(t)
	for _, bucket := range []string{"articles", "catalog", "files", "meta"} {
		t.Run(bucket, func(t *testing.T) {
			dir, n := buildIndex(t, corpus)
			store := filepath.Join(dir, "store.db")
			bolttest.ClearBucketFlag(t, store, bucket)
			ix, err := index.Open(ctx, dir, index.Options{})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer ix.Close()
			if ix.Reset || ix.Len() != n {
				t.Fatalf("Open: Reset=%v (%s), Len=%d; want the %d articles kept", ix.Reset, ix.ResetReason, ix.Len(), n)
			}
			if !strings.Contains(ix.Repaired, `["`+bucket+`"] had lost their bucket flag`) {
				t.Errorf("Repaired = %q; want it to name the bucket mended", ix.Repaired)
			}
			if aside, _ := filepath.Glob(store + ".damaged-*"); len(aside) != 1 {
				t.Errorf("copies of the damaged store: %v, want one", aside)
			}
			res, err := ix.Search(ctx, chronicle.SearchQuery{Text: "Crocus City Hall", Limit: 3})
			if err != nil || len(res.Hits) == 0 {
				t.Errorf("Search: %d hits, err %v", len(res.Hits), err)
			}
			if other, err := index.Foreign(dir); err != nil || len(other) != 0 {
				t.Errorf("Foreign(dir) = %v, %v; want none", other, err)
			}
		})
	}
}
