package index_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/index"
)

// A rebuild starts from nothing, so before it kept what damaged files hold
// it lost every article of a corpus file that had been emptied, cut short
// or overwritten just before it (`bot index --rebuild`, `/reindex`), the
// loss a sync refuses. Now the rebuild takes those articles from the index
// it replaces, says so, and the file is read again at the next sync;
// --prune lets them go. A file deleted or edited before the rebuild is
// followed as before.
func TestRebuildKeepsTheArticlesOfDamagedFiles(t *testing.T) {
	ctx := context.Background()
	recs := func(prefix string, n int) []rec {
		var out []rec
		for i := range n {
			out = append(out, rec{ID: fmt.Sprintf("%s%02d", prefix, i), Title: "Report " + prefix,
				Date: "2024-03-26T10:00:00Z", Text: fmt.Sprintf("Story %s number %d about the harbour.", prefix, i)})
		}
		return out
	}
	setup := func(t *testing.T) (dir string, l *index.Live) {
		dir = t.TempDir()
		writeFile(t, dir, "keep.jsonl", jsonl(t, recs("k", 10)...), baseTime)
		writeFile(t, dir, "edit.jsonl", jsonl(t, recs("e", 5)...), baseTime)
		writeFile(t, dir, "gone.jsonl", jsonl(t, recs("g", 4)...), baseTime)
		writeFile(t, dir, "a.jsonl", jsonl(t, recs("a", 30)...), baseTime)
		l, err := index.OpenLive(ctx, filepath.Join(t.TempDir(), "index"), index.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { l.Close() })
		if rep, err := l.Sync(ctx, []string{dir}, index.SyncOptions{}); err != nil || rep.Added != 49 {
			t.Fatalf("first sync: %v, %+v", err, rep)
		}
		// Then, before the rebuild: a.jsonl is cut inside a record, one
		// record is edited out of edit.jsonl, and gone.jsonl is deleted.
		good := jsonl(t, recs("a", 30)...)
		writeFile(t, dir, "a.jsonl", good[:len(good)/2-7], baseTime.Add(time.Hour))
		writeFile(t, dir, "edit.jsonl", jsonl(t, recs("e", 4)...), baseTime.Add(time.Hour))
		removeFile(t, filepath.Join(dir, "gone.jsonl"))
		return dir, l
	}
	t.Run("kept", func(t *testing.T) {
		dir, l := setup(t)
		rep, err := l.Rebuild(ctx, []string{dir})
		if err != nil {
			t.Fatal(err)
		}
		// 10 kept + 4 edited + 30 held: the deleted file's 4 and the
		// edited-out record go.
		if got := l.Len(); got != 44 {
			t.Fatalf("after the rebuild the index holds %d articles, want 44 (%s)", got, rep.Summary())
		}
		if rep.Corpus.Held == 0 || !strings.Contains(rep.Summary(), "kept from files that could not be read to their end") {
			t.Errorf("the rebuild's summary does not say it kept the damaged file's articles: %s", rep.Summary())
		}
		// The summary gives every part of the time: the copy from the old
		// index and the catch-up pass, which held the same articles again.
		if want := fmt.Sprintf("catch-up: 1 file read, 0 changes made during the rebuild applied, %d held;", rep.CatchUp.Held); rep.CatchUp.Held == 0 ||
			!strings.Contains(rep.Summary(), want) || !strings.Contains(rep.Summary(), fmt.Sprintf("%d copied from the old index in ", rep.Copied)) || rep.Copied != rep.Corpus.Held {
			t.Errorf("the rebuild's summary does not say what the catch-up held (%d) and what was copied (%d of %d held): %s", rep.CatchUp.Held, rep.Copied, rep.Corpus.Held, rep.Summary())
		}
		if !reported(rep.Corpus.Problems, filepath.Join(dir, "a.jsonl"), "malformed JSON") {
			t.Errorf("the damaged file is not reported: %v", rep.Corpus.Problems)
		}
		have := liveIDs(t, l)
		for _, id := range []string{"a00", "a29", "k09", "e03"} {
			if !slices.Contains(have, id) {
				t.Errorf("article %s is missing after the rebuild", id)
			}
		}
		for _, id := range []string{"e04", "g00"} {
			if slices.Contains(have, id) {
				t.Errorf("article %s is still indexed after the rebuild, though its file no longer holds it", id)
			}
		}
		// The damaged file is read again at the next sync, which keeps its
		// articles while it is damaged and follows it once it is mended.
		rep2, err := l.Sync(ctx, []string{dir}, index.SyncOptions{})
		if err != nil || rep2.Removed != 0 || l.Len() != 44 || rep2.FilesRead != 1 {
			t.Fatalf("sync after the rebuild: %v; %s; index holds %d, want 44 with the damaged file read again", err, rep2.Summary(), l.Len())
		}
		writeFile(t, dir, "a.jsonl", jsonl(t, recs("a", 20)...), baseTime.Add(2*time.Hour))
		if rep3, err := l.Sync(ctx, []string{dir}, index.SyncOptions{}); err != nil || rep3.Removed != 10 || l.Len() != 34 {
			t.Fatalf("sync after the file was mended with 20 records: %v; %s; index holds %d, want 34", err, rep3.Summary(), l.Len())
		}
	})
	t.Run("pruned", func(t *testing.T) {
		dir, l := setup(t)
		rep, err := l.RebuildWith(ctx, []string{dir}, index.SyncOptions{Prune: true})
		if err != nil {
			t.Fatal(err)
		}
		// The damaged file gives what it still reads whole: the records
		// before the cut.
		if have := liveIDs(t, l); slices.Contains(have, "a29") || rep.Corpus.Held != 0 {
			t.Errorf("with Prune the rebuild kept the damaged file's unread articles (held %d): %s", rep.Corpus.Held, rep.Summary())
		}
	})
}

// liveIDs lists every article ID a Live index holds.
func liveIDs(tb testing.TB, l *index.Live) []string {
	tb.Helper()
	var out []string
	for i := range 100 {
		for _, p := range []string{"a", "k", "e", "g"} {
			id := fmt.Sprintf("%s%02d", p, i)
			if _, err := l.Article(context.Background(), id); err == nil {
				out = append(out, id)
			}
		}
	}
	return out
}

func removeFile(tb testing.TB, path string) {
	tb.Helper()
	if err := os.Remove(path); err != nil {
		tb.Fatal(err)
	}
}

// A rebuild keeps the articles of a file it cannot list though it is there
// (a folder on the way made unreadable), as a sync does.
func TestRebuildKeepsTheArticlesOfUnlistedFiles(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("runs as root, which lists a folder whatever its mode; run the test binary as another user (setpriv --reuid=nobody)")
	}
	ctx := context.Background()
	dir := t.TempDir()
	writeFile(t, dir, "keep.jsonl", jsonl(t, rec{ID: "k01", Title: "Kept", Date: "2024-03-26T10:00:00Z",
		Text: "A kept story about the harbour."}), baseTime)
	var rs []rec
	for i := range 30 {
		rs = append(rs, rec{ID: fmt.Sprintf("a%02d", i), Title: "Report", Date: "2024-03-26T10:00:00Z",
			Text: fmt.Sprintf("Story %d about the harbour.", i)})
	}
	b := writeFile(t, dir, "sub/b.jsonl", jsonl(t, rs...), baseTime)
	sub := filepath.Dir(b)
	for _, tt := range []struct{ name, path, problem string }{
		{"a folder", dir, sub},
		{"a glob through it", filepath.Join(dir, "*", "*.jsonl"), b},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l, err := index.OpenLive(ctx, filepath.Join(t.TempDir(), "index"), index.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			if _, err := l.Sync(ctx, []string{tt.path}, index.SyncOptions{}); err != nil {
				t.Fatal(err)
			}
			n := l.Len()
			if err := os.Chmod(sub, 0); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(sub, 0o755) })
			rep, err := l.Rebuild(ctx, []string{tt.path})
			if err != nil {
				t.Fatal(err)
			}
			if l.Len() != n || rep.Corpus.Held != 30 || !reported(rep.Corpus.Problems, tt.problem, "unreadable") {
				t.Fatalf("rebuild while the folder is unreadable: %s, problems %v; want %d in the index, 30 held, %s reported",
					rep.Summary(), rep.Corpus.Problems, n, tt.problem)
			}
			if err := os.Chmod(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			rep2, err := l.Sync(ctx, []string{tt.path}, index.SyncOptions{})
			if err != nil || rep2.Removed != 0 || l.Len() != n {
				t.Fatalf("sync once the folder reads again: %v, %s; want nothing removed, %d in the index", err, rep2.Summary(), n)
			}
		})
	}
}

// TestRebuildKeepsWhatASyncRefusedToRemove: the articles a sync keeps when
// their file still there gives none now (keepLeaving) a rebuild keeps too,
// and says so; with --prune they go. The rebuild dropped them without a
// word, after the sync had said they were kept (review rev40).
func TestRebuildKeepsWhatASyncRefusedToRemove(t *testing.T) {
	ctx := context.Background()
	for _, prune := range []bool{false, true} {
		t.Run(fmt.Sprintf("prune %v", prune), func(t *testing.T) {
			dir := t.TempDir()
			var rs []rec
			for i := range 5 {
				rs = append(rs, rec{ID: fmt.Sprintf("r%d", i), Title: "Report", Date: "2024-03-26T10:00:00Z",
					Text: fmt.Sprintf("Story number %d about the harbour.", i)})
			}
			writeFile(t, dir, "a.jsonl", jsonl(t, rs...), baseTime)
			writeFile(t, dir, "b.jsonl", jsonl(t, rec{ID: "b", Title: "Other", Date: "2024-03-26T10:00:00Z", Text: "Another story."}), baseTime)
			l, err := index.OpenLive(ctx, filepath.Join(t.TempDir(), "index"), index.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { l.Close() })
			if _, err := l.Sync(ctx, []string{dir}, index.SyncOptions{}); err != nil {
				t.Fatal(err)
			}
			// Every record refused: a field renamed upstream.
			writeFile(t, dir, "a.jsonl", strings.ReplaceAll(jsonl(t, rs...), `"text"`, `"body_html"`), baseTime.Add(time.Hour))
			if rep, err := l.Sync(ctx, []string{dir}, index.SyncOptions{}); err != nil || rep.Refused != 5 {
				t.Fatalf("sync: %v, %s; want 5 kept", err, rep.Summary())
			}
			rep, err := l.RebuildWith(ctx, []string{dir}, index.SyncOptions{Prune: prune})
			if err != nil {
				t.Fatal(err)
			}
			want := 6
			if prune {
				want = 1
			}
			if got := l.Len(); got != want {
				t.Errorf("after the rebuild the index holds %d articles, want %d (%s)", got, want, rep.Summary())
			}
			if !prune && !strings.Contains(rep.Summary(), "5 kept that are no longer in files still there") {
				t.Errorf("the rebuild's summary does not say it kept them: %s", rep.Summary())
			}
		})
	}
}
