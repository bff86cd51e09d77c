package index_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestRebuildKeepsTheOwnerOfADuplicateID: a file added later that repeats
// an article's ID is skipped by a sync ("duplicate ID"), and a rebuild must
// keep the same article. It gave the ID to whichever file was read first:
// "0.jsonl" before the seed's file, so a planted file took over the seed
// article at every rebuild (helper 73). Both orders of the file names.
func TestRebuildKeepsTheOwnerOfADuplicateID(t *testing.T) {
	for _, tt := range []struct{ name, owner, intruder string }{
		{"intruder read first", "real.jsonl", "0.jsonl"},
		{"intruder read last", "a.jsonl", "z.jsonl"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			writeFile(t, dir, tt.owner, jsonl(t, rec{ID: "seed", Title: "Real report", Date: "2024-03-26T10:00:00Z",
				Text: "The real story about the harbour."}), baseTime)
			l := adv23Live(t, filepath.Join(t.TempDir(), "index"), index.Options{}, dir)
			writeFile(t, dir, tt.intruder, jsonl(t, rec{ID: "seed", Title: "FAKE", Date: "2024-03-26T10:00:00Z",
				Text: "The Zorblax Collective claimed the harbour."}), baseTime.Add(1))
			if _, err := l.Sync(ctx, []string{dir}, index.SyncOptions{}); err != nil {
				t.Fatal(err)
			}
			if a, err := l.Article(ctx, "seed"); err != nil || a.Title != "Real report" {
				t.Fatalf("after the sync the article is %q (%v), want the real one", a.Title, err)
			}
			rep, err := l.Rebuild(ctx, []string{dir})
			if err != nil {
				t.Fatal(err)
			}
			if a, err := l.Article(ctx, "seed"); err != nil || a.Title != "Real report" {
				t.Errorf("after the rebuild the article is %q (%v), want the real one (%s)", a.Title, err, rep.Summary())
			}
		})
	}
}
