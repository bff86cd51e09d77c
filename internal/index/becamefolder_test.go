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

// TestLinkToMissingTargetKept: a corpus file that is a link whose target
// is missing for now (a volume not mounted) keeps its articles, by a sync
// and by a rebuild, as a file that cannot be read does; they went, and
// came back with the volume (helper 96). --prune lets them go.
func TestLinkToMissingTargetKept(t *testing.T) {
	ctx := context.Background()
	corpusDir, volume, dir := t.TempDir(), t.TempDir(), t.TempDir()
	target := writeStories(t, volume, 3)
	link := filepath.Join(corpusDir, "archive.jsonl")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	ix, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Sync(ctx, []string{corpusDir}, SyncOptions{}); err != nil || ix.Len() != 3 {
		t.Fatalf("first sync: %d articles, %v; want 3", ix.Len(), err)
	}
	if err := os.Rename(volume, volume+".unmounted"); err != nil {
		t.Fatal(err)
	}
	rep, err := ix.Sync(ctx, []string{corpusDir}, SyncOptions{})
	if err != nil || ix.Len() != 3 || rep.Removed != 0 {
		t.Errorf("sync with the link's target missing: %+v, %d articles, %v; want the 3 kept", rep, ix.Len(), err)
	}
	var said bool
	for _, p := range rep.Problems {
		said = said || strings.Contains(p.Detail, "a link to "+target+", which does not exist")
	}
	if !said {
		t.Errorf("problems %v; want the link and its missing target named", rep.Problems)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	l, err := OpenForRebuild(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.RebuildWith(ctx, []string{corpusDir}, SyncOptions{}); err != nil || l.Len() != 3 {
		t.Errorf("rebuild with the link's target missing: %d articles, %v; want the 3 kept", l.Len(), err)
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Sync(ctx, []string{corpusDir}, SyncOptions{Prune: true}); err != nil || ix.Len() != 0 {
		t.Errorf("sync --prune: %d articles, %v; want them let go", ix.Len(), err)
	}
}
