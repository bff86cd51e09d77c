package index_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/corpus"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// A corpus file that is still there but cannot be read to its end (emptied,
// cut short, not gzip any more, unreadable, overwritten with garbage) keeps
// the articles the index holds from it: it looks exactly like a file being
// copied or a disk going bad, and the articles would be lost. The problem
// is reported, at every sync until the file reads again, and once it does
// the index follows it as usual.
func TestUnfinishedFileKeepsItsArticles(t *testing.T) {
	recs := func(prefix string, n int) []rec {
		var out []rec
		for i := range n {
			out = append(out, rec{ID: fmt.Sprintf("%s%02d", prefix, i), Title: "Report " + prefix,
				Date: "2024-03-26T10:00:00Z", Text: fmt.Sprintf("Story %s number %d about the harbour.", prefix, i)})
		}
		return out
	}
	gz := func(t *testing.T, s string) string {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		if _, err := zw.Write([]byte(s)); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for _, tt := range []struct {
		name   string
		file   string // the damaged file, beside keep.jsonl
		good   func(t *testing.T) string
		damage func(t *testing.T, good string) string // the file's new content
		reason string
	}{
		{"emptied jsonl", "a.jsonl", func(t *testing.T) string { return jsonl(t, recs("a", 30)...) },
			func(t *testing.T, good string) string { return "" }, "empty file"},
		{"jsonl cut inside a record", "a.jsonl", func(t *testing.T) string { return jsonl(t, recs("a", 30)...) },
			func(t *testing.T, good string) string { return good[:len(good)/2-7] }, "malformed JSON"},
		{"only blank lines", "a.jsonl", func(t *testing.T) string { return jsonl(t, recs("a", 30)...) },
			func(t *testing.T, good string) string { return "\n\n\n" }, "empty file"},
		{"gzip cut in half", "a.jsonl.gz", func(t *testing.T) string { return gz(t, jsonl(t, recs("a", 30)...)) },
			func(t *testing.T, good string) string { return good[:len(good)/2] }, "truncated gzip"},
		{"not gzip any more", "a.jsonl.gz", func(t *testing.T) string { return gz(t, jsonl(t, recs("a", 30)...)) },
			func(t *testing.T, good string) string { return "<html>502 Bad Gateway</html>" }, "corrupt gzip"},
		{"an HTML page saved in its place", "a.jsonl", func(t *testing.T) string { return jsonl(t, recs("a", 30)...) },
			func(t *testing.T, good string) string {
				return "<!DOCTYPE html>\n<html><body>\n<h1>502 Bad Gateway</h1>\n</body></html>\n"
			}, "malformed JSON"},
		{"zeros", "a.jsonl", func(t *testing.T) string { return jsonl(t, recs("a", 30)...) },
			func(t *testing.T, good string) string { return strings.Repeat("\x00", len(good)) }, "binary file"},
		{"JSON array cut inside a value", "a.json", func(t *testing.T) string {
			return "[" + strings.ReplaceAll(strings.TrimSpace(jsonl(t, recs("a", 30)...)), "\n", ",") + "]"
		}, func(t *testing.T, good string) string { return good[:len(good)/2] }, "malformed JSON"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "keep.jsonl", jsonl(t, recs("k", 10)...), baseTime)
			good := tt.good(t)
			path := writeFile(t, dir, tt.file, good, baseTime)
			ix := openIndex(t, t.TempDir())
			if rep := syncOK(t, ix, dir); rep.Added != 40 {
				t.Fatalf("first sync added %d, want 40", rep.Added)
			}
			writeFile(t, dir, tt.file, tt.damage(t, good), baseTime.Add(time.Hour))
			for round := 1; round <= 2; round++ {
				rep := syncOK(t, ix, dir)
				if rep.Removed != 0 || ix.Len() != 40 {
					t.Fatalf("sync %d after the damage: removed %d, index holds %d; want 0 removed, 40 kept (%s)",
						round, rep.Removed, ix.Len(), rep.Summary())
				}
				if !reported(rep.Problems, path, tt.reason) {
					t.Errorf("sync %d after the damage: problems %v, want %q for %s", round, rep.Problems, tt.reason, path)
				}
				if want := fmt.Sprintf("%d kept from files that could not be read to their end", rep.Held); rep.Held == 0 || !strings.Contains(rep.Summary(), want) {
					t.Errorf("sync %d: summary %q, want it to say how many articles were kept (%d)", round, rep.Summary(), rep.Held)
				}
			}
			// Mended: read as usual, nothing added twice.
			writeFile(t, dir, tt.file, good, baseTime.Add(2*time.Hour))
			rep := syncOK(t, ix, dir)
			if rep.Removed != 0 || rep.Added != 0 || ix.Len() != 40 {
				t.Fatalf("sync after mending: %s; index holds %d, want 40", rep.Summary(), ix.Len())
			}
			// A file read to its end with fewer records still removes the
			// rest: that is an edit, not damage.
			writeFile(t, dir, tt.file, jsonlAs(t, tt.file, recs("a", 20)), baseTime.Add(3*time.Hour))
			if rep := syncOK(t, ix, dir); rep.Removed != 10 || ix.Len() != 30 {
				t.Fatalf("sync after an edit that drops 10 records: %s; index holds %d, want 30", rep.Summary(), ix.Len())
			}
		})
	}
}

// A file that cannot be opened keeps its articles too, and is read again
// once it can be: its size and time did not change, but it was never read.
func TestUnreadableFileKeepsItsArticles(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("runs as root, which reads a file whatever its mode; run the test binary as another user (setpriv --reuid=nobody)")
	}
	dir := t.TempDir()
	writeFile(t, dir, "keep.jsonl", jsonl(t, rec{ID: "k1", Title: "Kept", Date: "2024-03-26T10:00:00Z",
		Text: "A kept story about the harbour."}), baseTime)
	var rs []rec
	for i := range 30 {
		rs = append(rs, rec{ID: fmt.Sprintf("a%02d", i), Title: "Report", Date: "2024-03-26T10:00:00Z",
			Text: fmt.Sprintf("Story %d about the harbour.", i)})
	}
	path := writeFile(t, dir, "a.jsonl", jsonl(t, rs...), baseTime)
	ix := openIndex(t, t.TempDir())
	syncOK(t, ix, dir)
	// Rewritten, then unreadable (a copy that set its mode last, a
	// mistaken chmod after an edit): the sync must try to read it.
	if err := os.Chtimes(path, baseTime.Add(time.Hour), baseTime.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(path, 0o644) })
	for round := 1; round <= 2; round++ {
		rep := syncOK(t, ix, dir)
		if rep.Removed != 0 || ix.Len() != 31 {
			t.Fatalf("sync %d while unreadable: %s; index holds %d, want 31", round, rep.Summary(), ix.Len())
		}
		if !reported(rep.Problems, path, "unreadable") {
			t.Errorf("sync %d while unreadable: problems %v, want %q", round, rep.Problems, "unreadable")
		}
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	rep := syncOK(t, ix, dir)
	if rep.FilesRead != 1 || rep.Removed != 0 || ix.Len() != 31 || len(rep.Problems) != 0 {
		t.Fatalf("sync once readable again: %s, problems %v; want the file read, 31 articles", rep.Summary(), rep.Problems)
	}
}

// reported reports whether problems hold one for path with reason.
func reported(problems []corpus.Problem, path, reason string) bool {
	for _, p := range problems {
		if filepath.Clean(p.Path) == filepath.Clean(path) && p.Reason == reason {
			return true
		}
	}
	return false
}

// jsonlAs renders records in the format a file's name asks for.
func jsonlAs(t *testing.T, name string, rs []rec) string {
	t.Helper()
	lines := jsonl(t, rs...)
	switch {
	case strings.HasSuffix(name, ".gz"):
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(lines))
		zw.Close()
		return b.String()
	case strings.HasSuffix(name, ".json"):
		return "[" + strings.ReplaceAll(strings.TrimSpace(lines), "\n", ",") + "]"
	}
	return lines
}

// A folder that cannot be listed keeps the articles of its files: they are
// not gone, only out of reach.
func TestUnlistableFolderKeepsItsArticles(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("runs as root, which lists a folder whatever its mode; run the test binary as another user (setpriv --reuid=nobody)")
	}
	dir := t.TempDir()
	writeFile(t, dir, "keep.jsonl", jsonl(t, rec{ID: "k1", Title: "Kept", Date: "2024-03-26T10:00:00Z",
		Text: "A kept story about the harbour."}), baseTime)
	var rs []rec
	for i := range 30 {
		rs = append(rs, rec{ID: fmt.Sprintf("b%02d", i), Title: "Report", Date: "2024-03-26T10:00:00Z",
			Text: fmt.Sprintf("Story %d about the harbour.", i)})
	}
	b := writeFile(t, dir, "sub/b.jsonl", jsonl(t, rs...), baseTime)
	writeFile(t, dir, "other/c.jsonl", jsonl(t, rec{ID: "c1", Title: "Other", Date: "2024-03-26T10:00:00Z",
		Text: "Another story about the harbour."}), baseTime)
	sub := filepath.Join(dir, "sub")
	for _, tt := range []struct {
		name, path, problem string
	}{
		// The folder is walked: the walk reports it.
		{"a folder", dir, sub},
		// A glob passes over a folder it cannot read without a word; the
		// file is still there, so it is not gone.
		{"a glob through it", filepath.Join(dir, "*", "*.jsonl"), b},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ix := openIndex(t, t.TempDir())
			syncOK(t, ix, tt.path)
			n := ix.Len()
			if err := os.Chmod(sub, 0); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(sub, 0o755) })
			rep := syncOK(t, ix, tt.path)
			if rep.Removed != 0 || ix.Len() != n || rep.Held != 30 || !reported(rep.Problems, tt.problem, "unreadable") {
				t.Fatalf("sync while the folder is unreadable: %s, problems %v; want 0 removed, 30 held, %d in the index, %s reported",
					rep.Summary(), rep.Problems, n, tt.problem)
			}
			if err := os.Chmod(sub, 0o755); err != nil {
				t.Fatal(err)
			}
			rep = syncOK(t, ix, tt.path)
			if rep.Removed != 0 || rep.Unchanged != n || ix.Len() != n {
				t.Fatalf("sync once the folder reads again: %s; want %d unchanged", rep.Summary(), n)
			}
		})
	}
}

// --prune removes what a file that cannot be read to its end no longer
// gives, as it removes what the default keeps otherwise; the file is still
// read again at the next sync.
func TestPruneDropsWhatAnUnfinishedFileHeld(t *testing.T) {
	dir := t.TempDir()
	var rs []rec
	for i := range 30 {
		rs = append(rs, rec{ID: fmt.Sprintf("a%02d", i), Title: "Report", Date: "2024-03-26T10:00:00Z",
			Text: fmt.Sprintf("Story %d about the harbour.", i)})
	}
	good := jsonl(t, rs...)
	writeFile(t, dir, "a.jsonl", good, baseTime)
	writeFile(t, dir, "keep.jsonl", jsonl(t, rec{ID: "k1", Title: "Kept", Date: "2024-03-26T10:00:00Z",
		Text: "A kept story about the harbour."}), baseTime)
	ix := openIndex(t, t.TempDir())
	syncOK(t, ix, dir)
	writeFile(t, dir, "a.jsonl", "", baseTime.Add(time.Hour))
	rep, err := ix.Sync(context.Background(), []string{dir}, index.SyncOptions{Prune: true})
	if err != nil || rep.Removed != 30 || rep.Held != 0 || ix.Len() != 1 {
		t.Fatalf("Sync --prune with an emptied file: %s, %v; want its 30 articles removed", rep.Summary(), err)
	}
	writeFile(t, dir, "a.jsonl", good, baseTime.Add(time.Hour)) // same time: read again all the same
	if rep := syncOK(t, ix, dir); rep.Added != 30 || ix.Len() != 31 {
		t.Fatalf("sync after the file is mended: %s; want its 30 articles back", rep.Summary())
	}
}
