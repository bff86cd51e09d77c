package index_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/index"
)

// These tests come from an adversarial pass over Live.RebuildWith, which
// `bot index --rebuild` now uses as /reindex does. Each one fails on the
// commit it was written against (b1951ae); they are meant to be
// cherry-picked with a fix.

// adv23Corpus writes n records with IDs prefix00.. to dir/name.
func adv23Corpus(t *testing.T, dir, name, prefix string, n int) {
	t.Helper()
	var rs []rec
	for i := range n {
		rs = append(rs, rec{ID: fmt.Sprintf("%s%02d", prefix, i), Title: "Report " + prefix,
			Date: "2024-03-26T10:00:00Z", Text: fmt.Sprintf("Story %s number %d about the harbour.", prefix, i)})
	}
	writeFile(t, dir, name, jsonl(t, rs...), baseTime)
}

// adv23Live opens a Live index at path and syncs paths into it.
func adv23Live(t *testing.T, path string, opts index.Options, paths ...string) *index.Live {
	t.Helper()
	l, err := index.OpenLive(context.Background(), path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	if len(paths) > 0 {
		if _, err := l.Sync(context.Background(), paths, index.SyncOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	return l
}

// An index path with a trailing slash ("--index idx/", as a shell's
// completion writes it) made every rebuild fail: <path>.rebuild and
// <path>.old were built inside the index folder ("idx/.old"), and moving
// the folder into itself fails with "invalid argument".
func TestRebuildIndexPathWithATrailingSlash(t *testing.T) {
	corpus := t.TempDir()
	adv23Corpus(t, corpus, "a.jsonl", "a", 5)
	idx := filepath.Join(t.TempDir(), "index")
	l := adv23Live(t, idx+string(filepath.Separator), index.Options{}, corpus)
	if _, err := l.Rebuild(context.Background(), []string{corpus}); err != nil {
		t.Fatalf("rebuild of %q: %v", idx+"/", err)
	}
	if l.Len() != 5 {
		t.Fatalf("after the rebuild the index holds %d articles, want 5", l.Len())
	}
}

// A symbolic link as the index path (an index kept on a larger disk) was
// replaced by a real folder in the link's own folder: the swap renamed the
// link, not the folder it names, so the new index left the disk it was
// put on and the old one stayed behind on it, never removed.
func TestRebuildKeepsASymlinkedIndexFolder(t *testing.T) {
	corpus := t.TempDir()
	adv23Corpus(t, corpus, "a.jsonl", "a", 5)
	real := filepath.Join(t.TempDir(), "real-index")
	link := filepath.Join(t.TempDir(), "index")
	if err := os.MkdirAll(real, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	l := adv23Live(t, link, index.Options{}, corpus)
	if _, err := l.Rebuild(context.Background(), []string{corpus}); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Lstat(link)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the index path %s was a symbolic link to %s; after the rebuild it is a %v", link, real, fi.Mode())
	}
	if _, err := os.Stat(real + ".old"); err == nil {
		t.Errorf("the old index is left in %s.old", real)
	}
}

// The rebuild removed whatever was at <index>.old and <index>.rebuild
// before it began, without looking: a copy of the index the user made
// there as a backup ("cp -a index index.old") went with it.
func TestRebuildLeavesFoldersItDidNotMake(t *testing.T) {
	corpus := t.TempDir()
	adv23Corpus(t, corpus, "a.jsonl", "a", 5)
	idx := filepath.Join(t.TempDir(), "index")
	l := adv23Live(t, idx, index.Options{}, corpus)
	var notes []string
	for _, suffix := range []string{".old", ".rebuild"} {
		p := filepath.Join(idx+suffix, "my-notes.txt")
		writeFile(t, filepath.Dir(p), filepath.Base(p), "mine", baseTime)
		notes = append(notes, p)
	}
	_, err := l.Rebuild(context.Background(), []string{corpus})
	for _, p := range notes {
		if _, serr := os.Stat(p); serr != nil {
			t.Errorf("the rebuild (error %v) deleted %s, a file it did not make: %v", err, p, serr)
		}
	}
}

// A sync refuses to remove every article of a corpus path that holds no
// files now (an unmounted folder), and keeps the articles of files outside
// the paths it is given; without Prune a rebuild dropped both in silence,
// its summary giving only the smaller count.
func TestRebuildWithoutPruneKeepsWhatASyncKeeps(t *testing.T) {
	for _, tt := range []struct {
		name  string
		paths func(a, b string) []string
		empty bool // b holds no files at the rebuild
	}{
		{"an unmounted folder", func(a, b string) []string { return []string{a, b} }, true},
		{"a path left out", func(a, b string) []string { return []string{a} }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			a, b := t.TempDir(), t.TempDir()
			adv23Corpus(t, a, "a.jsonl", "a", 10)
			adv23Corpus(t, b, "b.jsonl", "b", 30)
			l := adv23Live(t, filepath.Join(t.TempDir(), "index"), index.Options{}, a, b)
			if tt.empty {
				removeFile(t, filepath.Join(b, "b.jsonl"))
			}
			paths := tt.paths(a, b)
			if _, err := l.Sync(ctx, paths, index.SyncOptions{}); err == nil && l.Len() != 40 {
				t.Fatalf("the sync removed articles: %d left", l.Len())
			}
			rep, err := l.Rebuild(ctx, paths)
			if err == nil && l.Len() != 40 {
				t.Errorf("the rebuild without Prune left %d of 40 articles (%s); a sync keeps them or refuses", l.Len(), rep.Summary())
			}
		})
	}
}

// An index opened read-only (its files are not writable, or
// Options.ReadOnly) refuses Sync and Put with ErrReadOnly. A rebuild of one
// whose files are not writable replaced it all the same (`bot index
// --rebuild` said "rebuilt"), leaving the old one in <index>.old where it
// could not be removed, so that every later rebuild failed at its end; with
// Options.ReadOnly it failed with "create index <index>.rebuild read-only:
// there is no index there".
func TestRebuildRefusesAReadOnlyIndex(t *testing.T) {
	for _, tt := range []struct {
		name string
		// lock makes the index at idx read-only; it returns the Options to
		// open it with.
		lock func(t *testing.T, idx string) index.Options
	}{
		{"Options.ReadOnly", func(*testing.T, string) index.Options { return index.Options{ReadOnly: true} }},
		{"files not writable", func(t *testing.T, idx string) index.Options {
			if os.Geteuid() == 0 {
				t.Skip("runs as root, which writes whatever the mode; run the test binary as another user (setpriv --reuid=nobody)")
			}
			// The folder the index is in stays writable: only the index's
			// own files and folders are not.
			if err := filepath.Walk(idx, func(p string, fi os.FileInfo, err error) error {
				if err != nil {
					return err
				}
				return os.Chmod(p, fi.Mode().Perm()&^0o222)
			}); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				filepath.Walk(idx, func(p string, fi os.FileInfo, err error) error {
					if err == nil {
						os.Chmod(p, fi.Mode().Perm()|0o200)
					}
					return nil
				})
				filepath.Walk(idx+".old", func(p string, fi os.FileInfo, err error) error {
					if err == nil {
						os.Chmod(p, fi.Mode().Perm()|0o200)
					}
					return nil
				})
			})
			return index.Options{}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			corpus := t.TempDir()
			adv23Corpus(t, corpus, "a.jsonl", "a", 5)
			idx := filepath.Join(t.TempDir(), "index")
			func() {
				l := adv23Live(t, idx, index.Options{}, corpus)
				l.Close()
			}()
			l := adv23Live(t, idx, tt.lock(t, idx))
			_, err := l.Rebuild(context.Background(), []string{corpus})
			if !errors.Is(err, index.ErrReadOnly) {
				t.Errorf("rebuild of a read-only index: error %v, want ErrReadOnly", err)
			}
		})
	}
}
