package index

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// A batch ends at Options.BatchBytes of text as well as at BatchSize
// articles: Bleve holds many times a batch's text while analysing it, and a
// file of a few hundred megabyte-long articles (a gzip bomb that stays under
// the per-file limit) took `bot index` to 6 GB in one 500-article batch.
func TestIssue12_Item4_BatchBoundedByBytes(t *testing.T) {
	ix, err := Open(context.Background(), t.TempDir(), Options{BatchSize: 500, BatchBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	w, err := ix.newWriter(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("word ", 100_000) // 500 KB
	most := 0
	for i := range 10 {
		a := chronicle.Article{ID: "big" + string(rune('a'+i)), Title: "Big", Paragraphs: []chronicle.Paragraph{{Text: text}}}
		if err := w.put(a); err != nil {
			t.Fatal(err)
		}
		most = max(most, len(w.puts))
		if err := w.maybeFlush(); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.finish(); err != nil {
		t.Fatal(err)
	}
	if most > 3 {
		t.Errorf("a batch held %d articles of 500 KB with BatchBytes 1 MiB, want at most 3", most)
	}
	if got := ix.Len(); got != 10 {
		t.Errorf("Len() = %d after 10 puts, want 10", got)
	}
}

// A corpus moved to another folder: the first sync over the new folder
// skips its articles as duplicates of the old folder's (kept without
// --prune). The user then runs with --prune, as the summary says. Before,
// the new files were remembered as read, so the prune removed the old
// articles and read nothing: an empty index, for good.
func TestIssue12_Item1_MovedCorpusPruneKeepsArticles(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	old := filepath.Join(root, "old")
	moved := filepath.Join(root, "new")
	for _, dir := range []string{old, moved} {
		writeTestFile(t, filepath.Join(dir, "news.jsonl"),
			`{"id":"n1","title":"One","date":"2024-04-01","text":"Voters elected a new mayor on Sunday."}`+"\n"+
				`{"id":"n2","title":"Two","date":"2024-04-02","text":"A storm is expected to reach the coast."}`+"\n")
	}
	ix, err := Open(ctx, t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Sync(ctx, []string{old}, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Sync(ctx, []string{moved}, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := ix.Len(); got != 2 {
		t.Fatalf("Len() = %d after a sync of the moved corpus without prune, want 2 (kept)", got)
	}
	rep, err := ix.Sync(ctx, []string{moved}, SyncOptions{Prune: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := ix.Len(); got != 2 {
		t.Errorf("Len() = %d after Sync(new, Prune) (added %d, removed %d), want 2: the moved articles are lost",
			got, rep.Added, rep.Removed)
	}
	rep, err = ix.Sync(ctx, []string{moved}, SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.FilesRead != 0 || ix.Len() != 2 {
		t.Errorf("third Sync read %d files, Len() = %d; want 0 files read and 2 articles", rep.FilesRead, ix.Len())
	}
}

// The same folder given twice, relative and absolute, is read once:
// before, every file was read twice and counted twice ("400 added" for 200
// articles).
func TestIssue12_Item1_SamePathTwiceReadOnce(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	writeTestFile(t, filepath.Join(root, "c", "news.jsonl"),
		`{"id":"n1","title":"One","date":"2024-04-01","text":"Voters elected a new mayor on Sunday."}`+"\n")
	t.Chdir(root)
	ix, err := Open(ctx, t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	rep, err := ix.Sync(ctx, []string{"c", filepath.Join(root, "c")}, SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files != 1 || rep.FilesRead != 1 || rep.Added != 1 {
		t.Errorf("Sync(c, /abs/c) = %d files, %d read, %d added; want 1, 1, 1", rep.Files, rep.FilesRead, rep.Added)
	}
}

func writeTestFile(tb testing.TB, path, content string) {
	tb.Helper()
	if err := mkdirWrite(path, content, time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		tb.Fatal(err)
	}
}

func mkdirWrite(path, content string, mtime time.Time) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		return err
	}
	return os.Chtimes(path, mtime, mtime)
}
