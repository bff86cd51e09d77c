package index_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/boltfile"
	"github.com/chronicle-bot/chronicle/internal/boltfile/bolttest"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// damageCorpus writes a corpus big enough for the store to have several
// branch and leaf pages, and returns its folder.
func damageCorpus(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	var recs []rec
	for i := range 300 {
		recs = append(recs, rec{
			ID:    "art-" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + time.Duration(i).String(),
			Title: "Attack on the concert hall, report " + time.Duration(i).String(),
			Text:  strings.Repeat("Islamic State claimed the attack on Crocus City Hall near Moscow. ", 3+i%5),
			Date:  "2024-03-25",
		})
	}
	writeFile(tb, dir, "news.jsonl", jsonl(tb, recs...), baseTime)
	return dir
}

// buildIndex builds an index of the corpus in a new folder and closes it.
func buildIndex(tb testing.TB, corpus string) (dir string, n int) {
	tb.Helper()
	dir = filepath.Join(tb.TempDir(), "idx")
	ix, err := index.Open(context.Background(), dir, index.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := ix.Sync(context.Background(), []string{corpus}, index.SyncOptions{}); err != nil {
		tb.Fatal(err)
	}
	n = ix.Len()
	if err := ix.Close(); err != nil {
		tb.Fatal(err)
	}
	if n < 100 {
		tb.Fatalf("the fixture index holds %d articles", n)
	}
	return dir, n
}

// treePage returns a leaf or branch page of a closed store, by asking bbolt.
func treePage(tb testing.TB, path string) int {
	tb.Helper()
	db, err := bolt.Open(path, 0o644, &bolt.Options{NoFreelistSync: true, Timeout: time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	var id int
	err = db.View(func(tx *bolt.Tx) error {
		root := int(tx.Bucket([]byte("articles")).Root())
		for i := root; i > 1; i-- { // prefer the articles bucket's root or a page below it
			p, err := tx.Page(i)
			if err != nil {
				return err
			}
			if p != nil && (p.Type == "leaf" || p.Type == "branch") {
				id = i
				return nil
			}
		}
		return errors.New("no leaf or branch page")
	})
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

// TestIssue12_Item5_DamagedIndexStore: a store.db with a page of garbage
// used to panic in bbolt (in a goroutine of its own, so the process died);
// now Open wipes the index with a reason that names the damage, and a sync
// builds it again.
func TestIssue12_Item5_DamagedIndexStore(t *testing.T) {
	ctx := context.Background()
	corpus := damageCorpus(t)
	dir, n := buildIndex(t, corpus)
	store := filepath.Join(dir, "store.db")
	bolttest.SmashPage(t, store, treePage(t, store))
	damaged, err := os.ReadFile(store)
	if err != nil {
		t.Fatal(err)
	}

	ix, err := index.Open(ctx, dir, index.Options{})
	if err != nil {
		t.Fatalf("Open of an index with a damaged store: %v", err)
	}
	defer ix.Close()
	if !ix.Reset || ix.Len() != 0 {
		t.Fatalf("Open: Reset=%v Len=%d, want a reset, empty index", ix.Reset, ix.Len())
	}
	if want := "the state file " + store + " is damaged"; !strings.Contains(ix.ResetReason, want) {
		t.Errorf("ResetReason = %q, want it to contain %q", ix.ResetReason, want)
	}
	// The damaged store's bytes are kept beside the new one (they were
	// deleted), named in the reason, and not taken for a foreign file.
	aside, _ := filepath.Glob(store + ".damaged-*")
	if len(aside) != 1 || !strings.Contains(ix.ResetReason, "moved aside to "+aside[0]) {
		t.Fatalf("files moved aside: %v, ResetReason %q; want one, named there", aside, ix.ResetReason)
	}
	if kept, err := os.ReadFile(aside[0]); err != nil || !bytes.Equal(kept, damaged) {
		t.Errorf("the file moved aside (%v) is not the damaged store's bytes", err)
	}
	if other, err := index.Foreign(dir); err != nil || len(other) != 0 {
		t.Errorf("Foreign(dir) = %v, %v; want none", other, err)
	}
	rep, err := ix.Sync(ctx, []string{corpus}, index.SyncOptions{})
	if err != nil {
		t.Fatalf("Sync after the reset: %v", err)
	}
	if rep.Added != n || ix.Len() != n {
		t.Errorf("Sync after the reset added %d, holds %d; want %d", rep.Added, ix.Len(), n)
	}
	res, err := ix.Search(ctx, chronicle.SearchQuery{Text: "Crocus City Hall", Limit: 3})
	if err != nil || len(res.Hits) == 0 {
		t.Errorf("Search after the rebuild: %d hits, err %v", len(res.Hits), err)
	}
}

// TestIssue12_Item5_DamagedIndexStoreWhileOpen: damage that appears while
// the index is open comes back from reads as an error, not a panic.
func TestIssue12_Item5_DamagedIndexStoreWhileOpen(t *testing.T) {
	ctx := context.Background()
	dir, _ := buildIndex(t, damageCorpus(t))
	store := filepath.Join(dir, "store.db")
	page := treePage(t, store)
	ix := openIndex(t, dir)
	var ids []string
	res, err := ix.Search(ctx, chronicle.SearchQuery{Text: "Crocus", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		ids = append(ids, h.Article.ID)
	}
	bolttest.SmashPage(t, store, page) // the store is memory-mapped: the open index sees it
	var damaged int
	for _, id := range ids {
		if _, err := ix.Article(ctx, id); errors.Is(err, boltfile.ErrDamaged) {
			damaged++
		} else if err != nil {
			t.Errorf("Article(%q) = %v, want nil or an ErrDamaged", id, err)
		}
	}
	if damaged == 0 {
		t.Errorf("none of %d reads after the damage reported it", len(ids))
	}
}

// TestIssue12_Item5_RebuildDamaged: what bot index --rebuild does (Remove,
// then Open and Sync) works on an index whose store is damaged; Remove used
// to panic opening the store to take its lock.
func TestIssue12_Item5_RebuildDamaged(t *testing.T) {
	ctx := context.Background()
	corpus := damageCorpus(t)
	dir, n := buildIndex(t, corpus)
	store := filepath.Join(dir, "store.db")
	bolttest.SmashPage(t, store, treePage(t, store))

	if err := index.Remove(dir); err != nil {
		t.Fatalf("Remove of a damaged index: %v", err)
	}
	if _, err := os.Stat(store); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("store.db is still there after Remove (err %v)", err)
	}
	ix := openIndex(t, dir)
	if ix.Reset {
		t.Errorf("Open after Remove: Reset (%s), want a new index", ix.ResetReason)
	}
	if rep, err := ix.Sync(ctx, []string{corpus}, index.SyncOptions{}); err != nil || rep.Added != n {
		t.Fatalf("Sync after Remove: added %d, err %v; want %d", rep.Added, err, n)
	}
}

// TestIssue12_Item5_DamagedReadOnlyIndex: a read-only copy whose store is
// damaged is refused with the reason; it is not wiped.
func TestIssue12_Item5_DamagedReadOnlyIndex(t *testing.T) {
	dir, _ := buildIndex(t, damageCorpus(t))
	store := filepath.Join(dir, "store.db")
	bolttest.SmashPage(t, store, treePage(t, store))
	before, _ := os.ReadFile(store)
	_, err := index.Open(context.Background(), dir, index.Options{ReadOnly: true})
	if err == nil || !strings.Contains(err.Error(), "is damaged") {
		t.Fatalf("read-only Open of a damaged index: %v, want an error naming the damage", err)
	}
	if after, _ := os.ReadFile(store); !bytes.Equal(before, after) {
		t.Error("the read-only index's store was changed")
	}
}
