package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle"
)

// TestRebuildOfAnIndexWhoseSearchFilesNeedRepair: `bot index --rebuild`
// of an index whose search files (Bleve) need repair first repaired them
// in full, reading every stored article into a search index the swap then
// deleted; on the RealTimeQA corpus that took longer than the rebuild. A
// rebuild reads the old index's store only, so OpenForRebuild opens only
// that, and the rebuild keeps all it kept: the articles of a file cut
// short (held), of a file outside the paths (kept), and a feed's.
func TestRebuildOfAnIndexWhoseSearchFilesNeedRepair(t *testing.T) {
	garbleFile := func(t *testing.T, path string) {
		if err := os.WriteFile(path, []byte(strings.Repeat("\x00garbage\xff", 512)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name   string
		damage func(t *testing.T, idx string)
	}{
		{"a build that did not finish", func(t *testing.T, idx string) {
			db, err := bolt.Open(filepath.Join(idx, entryStore), 0o644, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyDirty, []byte("1")) }); err != nil {
				t.Fatal(err)
			}
		}},
		{"bleve folder deleted", func(t *testing.T, idx string) {
			if err := os.RemoveAll(filepath.Join(idx, entryBleve)); err != nil {
				t.Fatal(err)
			}
		}},
		{"bleve root corrupted", func(t *testing.T, idx string) { garbleFile(t, filepath.Join(idx, entryBleve, "store", "root.bolt")) }},
		{"bleve segments corrupted", func(t *testing.T, idx string) {
			segs, _ := filepath.Glob(filepath.Join(idx, entryBleve, "store", "*.zap"))
			if len(segs) == 0 {
				t.Fatal("no segments")
			}
			for _, s := range segs {
				garbleFile(t, s)
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			a, b := t.TempDir(), t.TempDir()
			swapCorpusRecords(t, a, "keep.jsonl", "k", 10, 0)
			swapCorpusRecords(t, a, "held.jsonl", "h", 30, 0)
			swapCorpusRecords(t, b, "out.jsonl", "o", 5, 0)
			idx := filepath.Join(t.TempDir(), "index")
			ix, err := Open(ctx, idx, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := ix.Sync(ctx, []string{a, b}, SyncOptions{}); err != nil {
				t.Fatal(err)
			}
			if _, err := ix.Put(ctx, "https://example.com/feed.xml", []chronicle.Article{feedStory("feed-1", "Charlie")}); err != nil {
				t.Fatal(err)
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			swapCorpusRecords(t, a, "held.jsonl", "h", 30, 1000)
			tt.damage(t, idx)

			repaired := false
			l, err := OpenForRebuild(ctx, idx, Options{repairing: func() { repaired = true }})
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			if repaired {
				t.Error("OpenForRebuild repaired the search files, which the rebuild deletes unread")
			}
			if _, err := l.Search(ctx, chronicle.SearchQuery{Text: "harbour"}); !errors.Is(err, ErrNoIndex) {
				t.Errorf("Search of an index opened for a rebuild without its search files: %v, want ErrNoIndex", err)
			}
			rep, err := l.Rebuild(ctx, []string{a}) // b left out: its articles are kept
			if err != nil {
				t.Fatal(err)
			}
			t.Log(rep.Summary())
			if rep.Corpus.Held != 22 || rep.Corpus.Kept != 5 || rep.Feed != 1 {
				t.Errorf("the rebuild held %d, kept %d and carried %d feed articles; want 22, 5, 1", rep.Corpus.Held, rep.Corpus.Kept, rep.Feed)
			}
			if !strings.Contains(rep.Summary(), "search files needed repair") {
				t.Errorf("the summary does not say the old index's search files were not repaired: %s", rep.Summary())
			}
			var missing []string
			for _, id := range append(swapIDs("k", 10, "h", 30, "o", 5), "feed-1") {
				if _, err := l.Article(ctx, id); err != nil {
					missing = append(missing, id)
				}
			}
			if len(missing) > 0 || l.Len() != 46 {
				t.Errorf("after the rebuild the index holds %d articles, want 46; missing %q", l.Len(), missing)
			}
			if n := hits(t, l, "Charlie"); n != 1 {
				t.Errorf("after the rebuild Search(Charlie) found %d, want the feed's article", n)
			}
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			ix, err = Open(ctx, idx, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if ix.Repaired != "" || ix.Reset || ix.Len() != 46 {
				t.Errorf("Open after the rebuild: Repaired %q, Reset %v, %d articles; want the rebuilt index as it is, 46", ix.Repaired, ix.Reset, ix.Len())
			}
		})
	}
}

// swapIDs lists the IDs prefix00.. of each (prefix, n) pair.
func swapIDs(pairs ...any) []string {
	var out []string
	for i := 0; i+1 < len(pairs); i += 2 {
		for j := range pairs[i+1].(int) {
			out = append(out, fmt.Sprintf("%s%02d", pairs[i].(string), j))
		}
	}
	return out
}

// swapCorpusRecords writes n articles with IDs prefix00.. as JSON Lines to
// dir/name, cut to cut bytes when cut > 0.
func swapCorpusRecords(t *testing.T, dir, name, prefix string, n, cut int) {
	t.Helper()
	var b strings.Builder
	for i := range n {
		line, err := json.Marshal(map[string]string{"id": fmt.Sprintf("%s%02d", prefix, i), "title": "Report " + prefix,
			"publish_date": "2024-03-26T10:00:00Z", "text": fmt.Sprintf("Story %s number %d about the harbour.", prefix, i)})
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	s := b.String()
	if cut > 0 {
		s = s[:cut]
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	mtime := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(len(s)) * time.Second)
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatal(err)
	}
}
