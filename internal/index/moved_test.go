package index_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestMovedFolderEditsApply: a corpus folder moved and synced under its
// new path gives its articles to the new files, so that edits made there
// are indexed. The old files, outside the new paths and gone, kept every
// ID: the new files' articles were skipped as duplicates and their edits
// ignored until --prune (helper 73). Nothing is removed without --prune.
func TestMovedFolderEditsApply(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	oldDir, newDir := filepath.Join(root, "old"), filepath.Join(root, "new")
	if err := os.Mkdir(oldDir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, oldDir, "a.jsonl", jsonl(t,
		rec{ID: "h1", Title: "Harbour opens", Date: "2024-03-26T10:00:00Z", Text: "The harbour opened on Monday."},
		rec{ID: "h2", Title: "Ferry resumes", Date: "2024-03-26T11:00:00Z", Text: "The ferry resumed its crossings."}), baseTime)
	l := adv23Live(t, filepath.Join(t.TempDir(), "index"), index.Options{}, oldDir)
	if err := os.Rename(oldDir, newDir); err != nil {
		t.Fatal(err)
	}
	writeFile(t, newDir, "a.jsonl", jsonl(t,
		rec{ID: "h1", Title: "Harbour opens at last", Date: "2024-03-26T10:00:00Z", Text: "The harbour opened on Monday."},
		rec{ID: "h2", Title: "Ferry resumes", Date: "2024-03-26T11:00:00Z", Text: "The ferry resumed its crossings."}), baseTime.Add(1))
	rep, err := l.Sync(ctx, []string{newDir}, index.SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a, err := l.Article(ctx, "h1"); err != nil || a.Title != "Harbour opens at last" {
		t.Errorf("after the sync h1 is %q (%v), want the edited headline (%s)", a.Title, err, rep.Summary())
	}
	if n := rep.Skipped()["duplicate ID"]; n != 0 {
		t.Errorf("%d articles skipped as duplicates, want 0 (%s)", n, rep.Summary())
	}
	if l.Len() != 2 {
		t.Errorf("%d articles, want 2", l.Len())
	}
	if rep.Kept != 0 {
		t.Errorf("%d articles counted as kept from files outside the paths, want 0: the new files hold them (%s)", rep.Kept, rep.Summary())
	}
	// A sync with nothing changed says the same.
	if rep, err = l.Sync(ctx, []string{newDir}, index.SyncOptions{}); err != nil || rep.Kept != 0 {
		t.Errorf("the next sync counts %d kept (%v), want 0 (%s)", rep.Kept, err, rep.Summary())
	}
	// --prune then removes the old files' records, not the articles the
	// new files hold.
	if rep, err = l.Sync(ctx, []string{newDir}, index.SyncOptions{Prune: true}); err != nil {
		t.Fatal(err)
	}
	if l.Len() != 2 {
		t.Errorf("%d articles after --prune, want 2 (%s)", l.Len(), rep.Summary())
	}
	if a, err := l.Article(ctx, "h1"); err != nil || a.Title != "Harbour opens at last" {
		t.Errorf("after --prune h1 is %q (%v), want the edited headline", a.Title, err)
	}
}
