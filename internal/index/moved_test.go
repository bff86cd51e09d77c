package index_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// TestMovedAndEditedSummary: the summary of a sync that moves articles to
// new IDs says how many of them changed as well, and no more than it knows
// of the rest. A corpus path moved up (corpus/sub to corpus, the export's
// numeric ids becoming "sub/export-1") with one row edited said "10 moved
// to new IDs", the edit untold; a renamed export with one row edited,
// whose edited row is found again by neither its ID nor its content, said
// it was no longer in any file, and then that it left the corpus and
// another came ("9 moved to new IDs, 1 no longer in any file as they
// were"). The renamed file's row that names the same record (its numeric
// id, or its line) is that article, moved and changed.
func TestMovedAndEditedSummary(t *testing.T) {
	edit := func(rows string) string { return strings.Replace(rows, "reported 9 ships", "reported 10 ships", 1) }
	for _, tc := range []struct {
		name           string
		from, to       string // the export's path under the corpus, before and after
		edited, idless bool
		replaced       bool // row 5 gone and row 11 come
		moved, changed int
		want, not      string // in the summary, and not
	}{
		{name: "corpus path moved up, a row edited", from: "sub/export.jsonl", to: "sub/export.jsonl", edited: true,
			moved: 10, changed: 1, want: "10 removed (10 moved to new IDs, 1 of them changed)"},
		{name: "corpus path moved up", from: "sub/export.jsonl", to: "sub/export.jsonl",
			moved: 10, want: "10 removed (10 moved to new IDs)"},
		{name: "export renamed, a row edited", from: "sub/export.jsonl", to: "sub/export-2024.jsonl", edited: true,
			moved: 10, changed: 1, want: "10 removed (10 moved to new IDs, 1 of them changed)", not: "no longer in any file"},
		{name: "export of rows without ids renamed, a row edited", from: "sub/export.jsonl", to: "sub/export-2024.jsonl", edited: true, idless: true,
			moved: 10, changed: 1, want: "10 removed (10 moved to new IDs, 1 of them changed)", not: "no longer in any file"},
		// Another record is no edit of the one that went.
		{name: "export renamed, a row replaced by another", from: "sub/export.jsonl", to: "sub/export-2024.jsonl", replaced: true,
			moved: 9, want: "10 removed (9 moved to new IDs, 1 no longer in any file as they were)", not: "of them changed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			corp := filepath.Join(t.TempDir(), "corpus")
			rows := briefRows("Alpha", 1, 10, tc.idless)
			writeFile(t, corp, tc.from, rows, baseTime)
			l := adv23Live(t, filepath.Join(t.TempDir(), "index"), index.Options{}, filepath.Join(corp, "sub"))
			if tc.to != tc.from {
				if err := os.Remove(filepath.Join(corp, tc.from)); err != nil {
					t.Fatal(err)
				}
			}
			if tc.edited {
				rows = edit(rows)
			}
			if tc.replaced {
				rows = briefRows("Alpha", 1, 4, false) + briefRows("Alpha", 6, 11, false)
			}
			writeFile(t, corp, tc.to, rows, baseTime.Add(time.Hour))
			path := corp // the corpus path moved up
			if tc.to != tc.from {
				path = filepath.Join(corp, "sub")
			}
			rep := syncLive(t, l, path)
			if rep.Moved != tc.moved || rep.MovedChanged != tc.changed {
				t.Errorf("%d moved, %d of them changed; want %d, %d (%s)", rep.Moved, rep.MovedChanged, tc.moved, tc.changed, rep.Summary())
			}
			if s := rep.Summary(); !strings.Contains(s, tc.want) || tc.not != "" && strings.Contains(s, tc.not) {
				t.Errorf("summary %q, want %q in it, and not %q", s, tc.want, tc.not)
			}
			if l.Len() != 10 {
				t.Errorf("%d articles, want 10", l.Len())
			}
		})
	}
}
