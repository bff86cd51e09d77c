package index

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFileBecameFolder: a corpus file replaced by a folder of the same
// name keeps its articles, as a file the listing cannot read does, and
// the problem says what happened instead of "not listed, though it is
// there (a folder on the way may not be readable)".
func TestFileBecameFolder(t *testing.T) {
	ctx := context.Background()
	corpusDir := t.TempDir()
	path := writeStories(t, corpusDir, 3)
	ix, err := Open(ctx, t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Sync(ctx, []string{corpusDir}, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	rep, err := ix.Sync(ctx, []string{corpusDir}, SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ix.Len() != 3 {
		t.Errorf("index holds %d articles, want the file's 3 kept", ix.Len())
	}
	var said []string
	for _, p := range rep.Problems {
		said = append(said, p.String())
		if strings.Contains(p.Path, filepath.Base(path)) && strings.Contains(p.Detail, "now a folder, not a file") {
			return
		}
	}
	t.Errorf("no problem says the file is now a folder:\n%s", strings.Join(said, "\n"))
}

// TestFileBecameFolderRebuild: the same through a rebuild (adopt.go): the
// file's articles are copied from the old index, and the problem says the
// file is now a folder.
func TestFileBecameFolderRebuild(t *testing.T) {
	ctx := context.Background()
	corpusDir, dir := t.TempDir(), t.TempDir()
	path := writeStories(t, corpusDir, 3)
	ix, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Sync(ctx, []string{corpusDir}, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(path, 0o755); err != nil {
		t.Fatal(err)
	}
	l, err := OpenForRebuild(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	rep, err := l.RebuildWith(ctx, []string{corpusDir}, SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Len() != 3 {
		t.Errorf("rebuilt index holds %d articles, want the file's 3 kept", l.Len())
	}
	var said []string
	for _, p := range append(rep.Corpus.Problems, rep.CatchUp.Problems...) {
		said = append(said, p.String())
		if strings.Contains(p.Path, filepath.Base(path)) && strings.Contains(p.Detail, "now a folder, not a file") {
			return
		}
	}
	t.Errorf("no problem of the rebuild says the file is now a folder:\n%s", strings.Join(said, "\n"))
}
