package index_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestSearchDuringSync searches (and lists, and counts) in a loop while
// another goroutine syncs a growing corpus in small batches. Run it with
// -race. Every call must succeed, every hit must be a whole article, and as
// the corpus only grows the number of matches never goes down.
func TestSearchDuringSync(t *testing.T) {
	const files, perFile = 12, 15
	dir := t.TempDir()
	ix, err := index.Open(context.Background(), t.TempDir(), index.Options{BatchSize: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()

	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(done)
		for f := range files {
			var recs []rec
			for i := range perFile {
				recs = append(recs, rec{ID: fmt.Sprintf("m%02d-%02d", f, i), Title: fmt.Sprintf("Market report %d.%d", f, i),
					Date: time.Date(2024, 1, 1+f, i, 0, 0, 0, time.UTC).Format(time.RFC3339),
					Text: fmt.Sprintf("The market rose %d points.\n\nTraders in batch %d were cautious.", i, f)})
			}
			writeFile(t, dir, fmt.Sprintf("m%02d.jsonl", f), jsonl(t, recs...), baseTime)
			rep, err := ix.Sync(ctx, []string{dir}, index.SyncOptions{})
			if err != nil {
				t.Errorf("Sync #%d error: %v", f, err)
				return
			}
			if rep.Added != perFile {
				t.Errorf("Sync #%d added %d, want %d", f, rep.Added, perFile)
			}
		}
	})
	for r := range 2 {
		wg.Go(func() {
			last, rounds := 0, 0
			for {
				select {
				case <-done:
					if rounds == 0 {
						t.Logf("reader %d: the sync finished before the first search", r)
					}
					return
				default:
				}
				rounds++
				res, err := ix.Search(ctx, chronicle.SearchQuery{Text: "market traders", Limit: 20})
				if err != nil {
					t.Errorf("Search during Sync error: %v", err)
					return
				}
				if res.Total < last {
					t.Errorf("Search during Sync: Total went down from %d to %d", last, res.Total)
				}
				last = res.Total
				if len(res.Hits) > 20 || len(res.Hits) > res.Total {
					t.Errorf("Search during Sync: %d hits of Total %d with Limit 20", len(res.Hits), res.Total)
				}
				for _, h := range res.Hits {
					if !strings.HasPrefix(h.Article.ID, "m") || len(h.Article.Paragraphs) != 2 || len(h.Snippet.Highlights) == 0 {
						t.Errorf("Search during Sync: incomplete hit %+v", h)
					}
				}
				if _, err := ix.Titles(ctx, "market", 5); err != nil {
					t.Errorf("Titles during Sync error: %v", err)
				}
				if _, err := ix.Window(ctx, chronicle.SearchQuery{To: time.Date(2024, 1, 5, 0, 0, 0, 0, time.UTC)}); err != nil {
					t.Errorf("Window during Sync error: %v", err)
				}
				if _, _, err := ix.DocFreqs(ctx, []string{"market"}); err != nil {
					t.Errorf("DocFreqs during Sync error: %v", err)
				}
				if _, err := ix.Stats(ctx); err != nil {
					t.Errorf("Stats during Sync error: %v", err)
				}
			}
		})
	}
	wg.Wait()

	res, err := ix.Search(ctx, chronicle.SearchQuery{Text: "market"})
	if err != nil || res.Total != files*perFile {
		t.Errorf("Search(market) after the Syncs: Total %d, error %v; want %d, nil", res.Total, err, files*perFile)
	}
	if n := ix.Len(); n != files*perFile {
		t.Errorf("Len() = %d, want %d", n, files*perFile)
	}
}

// TestConcurrentWrites runs Sync and Put at once: writes are serialised.
func TestConcurrentWrites(t *testing.T) {
	dir := corpusV1(t)
	ix := openIndex(t, t.TempDir())
	var wg sync.WaitGroup
	wg.Go(func() {
		if _, err := ix.Sync(context.Background(), []string{dir}, index.SyncOptions{}); err != nil {
			t.Errorf("Sync error: %v", err)
		}
	})
	for i := range 3 {
		wg.Go(func() {
			a := feedArticle(fmt.Sprintf("feed-%d", i), "Feed item", "An item about comets.", time.Time{})
			if _, err := ix.Put(context.Background(), feedURL, []chronicle.Article{a}); err != nil {
				t.Errorf("Put error: %v", err)
			}
		})
	}
	wg.Wait()
	if n := ix.Len(); n != 8 {
		t.Errorf("Len() after concurrent Sync and Puts = %d, want 8", n)
	}
	if rep := put(t, ix, feedURL, feedArticle("feed-0", "Feed item", "An item about comets.", time.Time{})); rep.Unchanged != 1 {
		t.Errorf("re-Put = %+v, want Unchanged 1", countsOf(rep))
	}
	ix = reopen(t, ix)
	if ix.Reset || ix.Len() != 8 {
		t.Errorf("reopen: Reset = %v, Len() = %d; want false, 8", ix.Reset, ix.Len())
	}
}
