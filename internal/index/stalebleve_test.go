package index

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
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
