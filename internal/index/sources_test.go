package index_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// corpusOf writes n one-article files into dir/name-i.jsonl and returns dir.
func corpusOf(tb testing.TB, dir, name string, n int) string {
	tb.Helper()
	for i := range n {
		writeFile(tb, dir, fmt.Sprintf("%s-%03d.jsonl", name, i), jsonl(tb, rec{
			ID: fmt.Sprintf("%s-%d", name, i), Title: fmt.Sprintf("%s story %d", name, i),
			Text: fmt.Sprintf("The %s report number %d says the council met on Tuesday.", name, i), Date: "2024-03-01",
		}), baseTime)
	}
	return dir
}

// TestIssue12_Item1_OtherPathsKept: syncing with other paths than the index
// was built from (bot index from the repository root after an evaluation
// build) kept nothing before: every article of the first corpus was removed.
func TestIssue12_Item1_OtherPathsKept(t *testing.T) {
	root := t.TempDir()
	big := corpusOf(t, filepath.Join(root, "rtqa"), "rtqa", 40)
	seed := corpusOf(t, filepath.Join(root, "seed"), "seed", 1)
	ix := openIndex(t, t.TempDir())
	syncOK(t, ix, filepath.Join(big, "*.jsonl"))
	if ix.Len() != 40 {
		t.Fatalf("Len() = %d after the first build, want 40", ix.Len())
	}

	rep := syncOK(t, ix, seed)
	if rep.Removed != 0 || rep.Kept != 40 || rep.Added != 1 {
		t.Errorf("Sync(seed) removed %d, kept %d, added %d; want 0, 40, 1", rep.Removed, rep.Kept, rep.Added)
	}
	if ix.Len() != 41 {
		t.Errorf("Len() = %d, want 41 (nothing lost)", ix.Len())
	}
	if !strings.Contains(rep.Summary(), "40 kept from files outside these paths") {
		t.Errorf("Summary() = %q, want it to say 40 articles were kept", rep.Summary())
	}

	rep, err := ix.Sync(context.Background(), []string{seed}, index.SyncOptions{Prune: true})
	if err != nil {
		t.Fatalf("Sync(seed, Prune) error: %v", err)
	}
	if rep.Removed != 40 || ix.Len() != 1 {
		t.Errorf("Sync(seed, Prune) removed %d, Len() %d; want 40, 1", rep.Removed, ix.Len())
	}
	srcs, err := ix.Sources()
	if err != nil || len(srcs) != 2 {
		t.Errorf("Sources() = %v, %v; want the two paths synced", srcs, err)
	}
}

// TestIssue12_Item1_RemovalLimits: an emptied folder (unmounted) or a large
// share of files gone refuses; small removals and --prune go through.
func TestIssue12_Item1_RemovalLimits(t *testing.T) {
	tests := []struct {
		name      string
		files     int
		remove    int // files removed before the second sync
		opts      index.SyncOptions
		wantErr   bool
		wantLen   int
		wantCause string
	}{
		{name: "one of 30 files gone", files: 30, remove: 1, wantLen: 29},
		{name: "small corpus, a third gone", files: 6, remove: 2, wantLen: 4},
		{name: "half of a large corpus gone", files: 60, remove: 30, wantErr: true, wantLen: 60, wantCause: "would remove 30 of 60"},
		{name: "folder emptied", files: 5, remove: 5, wantErr: true, wantLen: 5, wantCause: "holds no files now"},
		{name: "folder emptied, prune", files: 5, remove: 5, opts: index.SyncOptions{Prune: true}, wantLen: 0},
		{name: "half gone, prune", files: 60, remove: 30, opts: index.SyncOptions{Prune: true}, wantLen: 30},
		{name: "folder emptied, no-remove", files: 5, remove: 5, opts: index.SyncOptions{NoRemove: true}, wantLen: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := corpusOf(t, t.TempDir(), "a", tt.files)
			ix := openIndex(t, t.TempDir())
			syncOK(t, ix, dir)
			for i := range tt.remove {
				if err := os.Remove(filepath.Join(dir, fmt.Sprintf("a-%03d.jsonl", i))); err != nil {
					t.Fatal(err)
				}
			}
			rep, err := ix.Sync(context.Background(), []string{dir}, tt.opts)
			if tt.wantErr {
				if !errors.Is(err, index.ErrRemovalRefused) || !strings.Contains(err.Error(), tt.wantCause) ||
					!strings.Contains(err.Error(), "--prune") {
					t.Errorf("Sync error = %v, want ErrRemovalRefused naming %q and --prune", err, tt.wantCause)
				}
			} else if err != nil {
				t.Fatalf("Sync error: %v", err)
			}
			if ix.Len() != tt.wantLen {
				t.Errorf("Len() = %d, want %d", ix.Len(), tt.wantLen)
			}
			if tt.opts.NoRemove && rep.Missing != tt.remove {
				t.Errorf("Missing = %d, want %d", rep.Missing, tt.remove)
			}
			// The index is usable after a refusal: nothing half-done.
			reopened := reopen(t, ix)
			if reopened.Reset || reopened.Len() != tt.wantLen {
				t.Errorf("after reopen: Reset %v, Len() %d; want false, %d", reopened.Reset, reopened.Len(), tt.wantLen)
			}
		})
	}
}

// TestIssue12_Item1_GlobMatchingNothing: a glob that matches nothing (a
// moved corpus) is a warning, but must not remove what it matched before.
func TestIssue12_Item1_GlobMatchingNothing(t *testing.T) {
	dir := corpusOf(t, t.TempDir(), "g", 3)
	ix := openIndex(t, t.TempDir())
	glob := filepath.Join(dir, "*.jsonl")
	syncOK(t, ix, glob)
	moved := dir + "-moved"
	if err := os.Rename(dir, moved); err != nil {
		t.Fatal(err)
	}
	_, err := ix.Sync(context.Background(), []string{glob}, index.SyncOptions{})
	if !errors.Is(err, index.ErrRemovalRefused) {
		t.Errorf("Sync(glob matching nothing) error = %v, want ErrRemovalRefused", err)
	}
	if ix.Len() != 3 {
		t.Errorf("Len() = %d, want 3", ix.Len())
	}
}

// TestIssue12_Item1_MissingPath: a configured path that does not exist is
// an error and removes nothing.
func TestIssue12_Item1_MissingPath(t *testing.T) {
	dir := corpusOf(t, t.TempDir(), "m", 3)
	ix := openIndex(t, t.TempDir())
	syncOK(t, ix, dir)
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Sync(context.Background(), []string{dir}, index.SyncOptions{}); err == nil {
		t.Error("Sync(missing folder) = nil error, want one")
	}
	if ix.Len() != 3 {
		t.Errorf("Len() = %d, want 3", ix.Len())
	}
}

// TestIssue12_Item3_LongID: an article ID over 32 KiB made bbolt refuse the
// whole batch ("key too large") and left the index half-written; now the
// record is skipped with its reason and the rest is indexed.
func TestIssue12_Item3_LongID(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("x", 40<<10)
	writeFile(t, dir, "a.jsonl", jsonl(t,
		rec{ID: "ok-1", Title: "Fine", Text: "A normal article about the harbour.", Date: "2024-03-01"},
		rec{ID: long, Title: "Long", Text: "An article whose ID is forty kilobytes long.", Date: "2024-03-01"},
		rec{ID: "ok-2", Title: "Fine too", Text: "Another normal article about the market.", Date: "2024-03-01"},
	), baseTime)
	ix := openIndex(t, t.TempDir())
	rep := syncOK(t, ix, dir)
	if ix.Len() != 2 && ix.Len() != 3 {
		t.Errorf("Len() = %d, want the two normal articles (and the long one only under a short ID)", ix.Len())
	}
	for _, id := range ids(t, ix) {
		if len(id) > 1024 {
			t.Errorf("an ID of %d bytes was stored", len(id))
		}
	}
	if ix.Len() == 2 && rep.Skipped()["bad ID"] != 1 {
		t.Errorf("Skipped() = %v, want one bad ID", rep.Skipped())
	}
	if reopened := reopen(t, ix); reopened.Reset {
		t.Error("the index was reset after the sync: it was left half-written")
	}

	put := openIndex(t, t.TempDir())
	prep, err := put.Put(context.Background(), "https://example.org/feed", []chronicle.Article{
		{ID: long, Title: "Long", Paragraphs: []chronicle.Paragraph{{Text: "Feed item with a huge GUID."}}},
		{ID: "feed-1", Title: "Fine", Paragraphs: []chronicle.Paragraph{{Text: "Feed item with a normal GUID."}}},
	})
	if err != nil {
		t.Fatalf("Put error: %v", err)
	}
	if put.Len() != 1 || prep.Skipped()["bad ID"] != 1 {
		t.Errorf("Put: Len() %d, Skipped() %v; want 1 and one bad ID", put.Len(), prep.Skipped())
	}
}
