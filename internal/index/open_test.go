package index_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// storeTxID returns the ID of the last transaction committed to the closed
// store of the index in dir.
func storeTxID(tb testing.TB, dir string) int {
	tb.Helper()
	db, err := bolt.Open(filepath.Join(dir, "store.db"), 0o644, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	var id int
	if err := db.View(func(tx *bolt.Tx) error { id = tx.ID(); return nil }); err != nil {
		tb.Fatal(err)
	}
	return id
}

// dropFreelist commits an empty transaction as a binary before the store kept
// its freelist did, which leaves the store without one.
func dropFreelist(tb testing.TB, dir string) {
	tb.Helper()
	db, err := bolt.Open(filepath.Join(dir, "store.db"), 0o644, &bolt.Options{NoFreelistSync: true, Timeout: time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error { return tx.Bucket([]byte("meta")).Put([]byte("x-test"), []byte("1")) }); err != nil {
		tb.Fatal(err)
	}
}

// TestOpenCommitsNothing checks that opening a complete index writes nothing
// to its store, so that Open reads no more than it must: an article without
// a sentence long enough to hash (a short feed item) once made every open
// read all the articles again, and the bucket check committed on every open.
func TestOpenCommitsNothing(t *testing.T) {
	for _, tc := range []struct {
		name string
		old  bool // the store was last written without its freelist
	}{
		{"built by this version", false},
		{"store without a freelist", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			corpus := t.TempDir()
			writeFile(t, corpus, "news.jsonl", jsonl(t,
				rec{ID: "long", Title: "Concert hall attack", Text: "Islamic State claimed the attack on Crocus City Hall near Moscow.", Date: "2024-03-25"},
				rec{ID: "short", Title: "Photo", Text: "Moscow, today.", Date: "2024-03-25"},
			), baseTime)
			dir := filepath.Join(t.TempDir(), "idx")
			ix := openIndex(t, dir)
			if _, err := ix.Sync(context.Background(), []string{corpus}, index.SyncOptions{}); err != nil {
				t.Fatal(err)
			}
			wantIDs := searchIDs(t, ix, chronicle.SearchQuery{Text: "Moscow attack"})
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			if tc.old {
				dropFreelist(t, dir)
				// The first writable open stores the freelist.
				ix := openIndex(t, dir)
				if ix.Reset || ix.Len() != 2 {
					t.Fatalf("Open of a store without a freelist: reset %v (%s), %d articles; want it as it was, 2 articles", ix.Reset, ix.ResetReason, ix.Len())
				}
				ix.Close()
			}
			for i := range 2 {
				before := storeTxID(t, dir)
				ix := openIndex(t, dir)
				if ix.Reset || ix.Len() != 2 {
					t.Fatalf("Open %d: reset %v (%s), %d articles; want the index as it was, 2 articles", i+1, ix.Reset, ix.ResetReason, ix.Len())
				}
				if got := searchIDs(t, ix, chronicle.SearchQuery{Text: "Moscow attack"}); !slices.Equal(got, wantIDs) {
					t.Errorf("Open %d: Search found %q, want %q as before", i+1, got, wantIDs)
				}
				if err := ix.Close(); err != nil {
					t.Fatal(err)
				}
				if after := storeTxID(t, dir); after != before {
					t.Errorf("Open %d committed to the store (transaction %d -> %d), want nothing written", i+1, before, after)
				}
			}
		})
	}
}
