package index

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// TestSearchIndexOfAnotherBuildIsMadeAgain: a search index (the bleve
// folder) that holds as many documents as the store but not its articles
// (copied from another index of that size, or restored from a backup taken
// before an article was replaced) passed the count check, and the store's
// articles were never found (helper 96). Open finds one it lacks and makes
// the search index again from the store.
func TestSearchIndexOfAnotherBuildIsMadeAgain(t *testing.T) {
	ctx := context.Background()
	build := func(prefix string) string {
		corpusDir, dir := t.TempDir(), filepath.Join(t.TempDir(), "idx")
		var b strings.Builder
		for i := range 40 {
			line, err := json.Marshal(map[string]string{"id": fmt.Sprintf("%s-%d", prefix, i), "title": fmt.Sprintf("Story %d", i),
				"text": fmt.Sprintf("The %s council met on day %d.", prefix, i), "publish_date": fmt.Sprintf("2024-05-%02d", 1+i%28)})
			if err != nil {
				t.Fatal(err)
			}
			b.Write(line)
			b.WriteByte('\n')
		}
		if err := os.WriteFile(filepath.Join(corpusDir, "a.jsonl"), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		ix, err := Open(ctx, dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Sync(ctx, []string{corpusDir}, SyncOptions{}); err != nil || ix.Len() != 40 {
			t.Fatalf("sync: %d articles, %v", ix.Len(), err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	mine, other := build("harbour"), build("river")
	if err := os.RemoveAll(filepath.Join(mine, entryBleve)); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(other, entryBleve), filepath.Join(mine, entryBleve)); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ctx, mine, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if !strings.Contains(ix.Repaired, "bleve holds as many documents as the store, but not its article") || ix.Len() != 40 {
		t.Errorf("Open: Repaired = %q, Len = %d; want the search index made again, 40 articles", ix.Repaired, ix.Len())
	}
	res, err := ix.Search(ctx, chronicle.SearchQuery{Text: "harbour council", Limit: 50})
	if err != nil || res.Total != 40 {
		t.Errorf("search of the store's articles: %d found, %v; want 40", res.Total, err)
	}
}

// TestFeedItemDoesNotTakeAFileArticle: a feed item whose ID a corpus file's
// article has (an export of feed articles into a file keeps their IDs) is
// skipped as a duplicate, as a file's record is in the other order; it
// replaced the file's article without a word (helper 96).
func TestFeedItemDoesNotTakeAFileArticle(t *testing.T) {
	ctx := context.Background()
	corpusDir := t.TempDir()
	line := `{"id":"feed-1","title":"Okapi sighted","publish_date":"2024-05-01","text":"An okapi was sighted at the harbour."}` + "\n"
	if err := os.WriteFile(filepath.Join(corpusDir, "a.jsonl"), []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ctx, t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Sync(ctx, []string{corpusDir}, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	rep, err := ix.Put(ctx, "https://feed.example/rss", []chronicle.Article{
		{ID: "feed-1", Title: "Zebra sighted", Paragraphs: []chronicle.Paragraph{{Text: "A zebra was sighted at the harbour."}}},
		{ID: "feed-2", Title: "Storm", Paragraphs: []chronicle.Paragraph{{Text: "A storm closed the harbour."}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var said bool
	for _, p := range rep.Problems {
		said = said || p.Reason == "duplicate ID" && strings.Contains(p.Detail, `"feed-1" is already indexed from`)
	}
	if !said || rep.Added != 1 || ix.Len() != 2 {
		t.Errorf("Put: added %d, problems %v, index of %d; want feed-1 skipped as a duplicate, feed-2 added", rep.Added, rep.Problems, ix.Len())
	}
	if !slices.Equal(rep.RefusedIDs, []string{"feed-1"}) {
		t.Errorf("Put: RefusedIDs %q, want [feed-1] (the feed offers it again)", rep.RefusedIDs)
	}
	if res, err := ix.Search(ctx, chronicle.SearchQuery{Text: "okapi"}); err != nil || res.Total != 1 {
		t.Errorf("search okapi: %d, %v; want the file's article as it was", res.Total, err)
	}
}
