package index_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

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

// TestStoreUnreadableIsLeftAlone: a store that cannot be opened for a
// reason other than damage (here a folder where the file belongs; a read
// that fails is another) was taken for broken and the index wiped, which
// deletes a store file. It is now an error that names it, and nothing in
// the folder is touched.
func TestStoreUnreadableIsLeftAlone(t *testing.T) {
	dir := t.TempDir()
	store := filepath.Join(dir, "store.db")
	if err := os.MkdirAll(store, 0o755); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(context.Background(), dir, index.Options{})
	if err == nil {
		ix.Close()
		t.Fatal("Open succeeded over a folder named store.db")
	}
	if !strings.Contains(err.Error(), store) || !strings.Contains(err.Error(), "left as it is") || strings.Contains(err.Error(), "wipe") {
		t.Errorf("Open error = %v; want one that names %s and leaves the index as it is", err, store)
	}
	if info, err := os.Stat(store); err != nil || !info.IsDir() {
		t.Errorf("store.db after Open: %v, %v; want the folder left", info, err)
	}
}

// TestLostBucketFlagWhileStoreRead: the store lost a bucket flag and
// another process reads it (a read-only bbolt open, which holds a shared
// lock), so Open cannot take the exclusive lock the mend needs. The index
// is in use, not broken: Open must say so and keep every article. Before,
// the failed mend was taken for damage and the index wiped (the store
// moved aside under the reader, the search files deleted, 0 articles).
func TestLostBucketFlagWhileStoreRead(t *testing.T) {
	ctx := context.Background()
	dir, n := buildIndex(t, damageCorpus(t))
	store := filepath.Join(dir, "store.db")
	bolttest.ClearBucketFlag(t, store, "articles")
	reader, err := bolt.Open(store, 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(ctx, dir, index.Options{})
	if err == nil {
		reset, why := ix.Reset, ix.ResetReason
		ix.Close()
		t.Fatalf("Open while the store is read elsewhere succeeded: Reset=%v (%s); want an in-use error", reset, why)
	}
	if !strings.Contains(err.Error(), "in use by another process") {
		t.Errorf("Open error = %v; want it to say the index is in use", err)
	}
	if aside, _ := filepath.Glob(store + ".damaged-*"); len(aside) > 0 {
		t.Errorf("files beside the store: %v, want none", aside)
	}
	reader.Close()
	ix, err = index.Open(ctx, dir, index.Options{})
	if err != nil {
		t.Fatalf("Open once the reader is gone: %v", err)
	}
	defer ix.Close()
	if ix.Reset || ix.Len() != n || !strings.Contains(ix.Repaired, `["articles"] had lost their bucket flag`) {
		t.Errorf("Open once the reader is gone: Reset=%v, Len=%d, Repaired=%q; want the %d articles kept and the mend named", ix.Reset, ix.Len(), ix.Repaired, n)
	}
}
