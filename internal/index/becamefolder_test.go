package index

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/corpus"
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
// came back with the volume (helper 96). --prune lets them go. (The volume
// is mounted inside the corpus folder, in a hidden folder the walk passes
// over: a link that leads out of its corpus folder is not followed.)
func TestLinkToMissingTargetKept(t *testing.T) {
	ctx := context.Background()
	corpusDir, dir := t.TempDir(), t.TempDir()
	volume := filepath.Join(corpusDir, ".volume")
	if err := os.Mkdir(volume, 0o755); err != nil {
		t.Fatal(err)
	}
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

// TestLinkLeadingOutsideKept: a link in a corpus folder that leads out of
// it is not read (corpus.ReasonLinkOutside), and what the index holds from
// it (indexed while it led inside, or by a release that followed every
// link) is kept, said once, until --prune, as for a file it cannot read.
func TestLinkLeadingOutsideKept(t *testing.T) {
	ctx := context.Background()
	corpusDir, elsewhere := t.TempDir(), t.TempDir()
	inside := filepath.Join(corpusDir, ".archive")
	if err := os.Mkdir(inside, 0o755); err != nil {
		t.Fatal(err)
	}
	target := writeStories(t, inside, 3)
	link := filepath.Join(corpusDir, "archive.jsonl")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	ix, err := Open(ctx, t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Sync(ctx, []string{corpusDir}, SyncOptions{}); err != nil || ix.Len() != 3 {
		t.Fatalf("first sync: %d articles, %v; want 3", ix.Len(), err)
	}
	outside := filepath.Join(elsewhere, "stories.jsonl")
	if err := os.Rename(target, outside); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, link); err != nil {
		t.Fatal(err)
	}
	rep, err := ix.Sync(ctx, []string{corpusDir}, SyncOptions{})
	if err != nil || ix.Len() != 3 || rep.Removed != 0 {
		t.Errorf("sync with the link leading outside: %+v, %d articles, %v; want the 3 kept", rep, ix.Len(), err)
	}
	var said int
	for _, p := range rep.Problems {
		if p.Path == link {
			said++
			if p.Reason != corpus.ReasonLinkOutside {
				t.Errorf("problem %v, want %q", p, corpus.ReasonLinkOutside)
			}
		}
	}
	if said != 1 {
		t.Errorf("the link is named in %d problems, want 1: %v", said, rep.Problems)
	}
	if _, err := ix.Sync(ctx, []string{corpusDir}, SyncOptions{Prune: true}); err != nil || ix.Len() != 0 {
		t.Errorf("sync --prune: %d articles, %v; want them let go", ix.Len(), err)
	}
}
