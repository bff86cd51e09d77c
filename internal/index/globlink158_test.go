//go:build unix

package index

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/corpus"
)

// TestGlobFolderLinkLeadingOutsideKept: a folder a glob matches, replaced
// by a link to a folder outside the glob's base, is not walked (whoever
// can write in the base could link any folder the bot can read), and what
// the index holds from it is kept, said once, until --prune.
func TestGlobFolderLinkLeadingOutsideKept(t *testing.T) {
	ctx := context.Background()
	corpusDir, elsewhere := t.TempDir(), t.TempDir()
	arch := filepath.Join(corpusDir, "arch")
	if err := os.Mkdir(arch, 0o755); err != nil {
		t.Fatal(err)
	}
	writeStories(t, arch, 3)
	glob := filepath.Join(corpusDir, "*")
	ix, err := Open(ctx, t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Sync(ctx, []string{glob}, SyncOptions{}); err != nil || ix.Len() != 3 {
		t.Fatalf("first sync: %d articles, %v; want 3", ix.Len(), err)
	}
	moved := filepath.Join(elsewhere, "arch")
	if err := os.Rename(arch, moved); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(moved, arch); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	rep, err := ix.Sync(ctx, []string{glob}, SyncOptions{})
	if err != nil || ix.Len() != 3 || rep.Removed != 0 {
		t.Errorf("sync with the folder a link leading outside: %+v, %d articles, %v; want the 3 kept", rep, ix.Len(), err)
	}
	if len(rep.Problems) != 1 || rep.Problems[0].Path != arch || rep.Problems[0].Reason != corpus.ReasonFolderLink {
		t.Errorf("problems %v; want the folder link named once", rep.Problems)
	}
	if _, err := ix.Sync(ctx, []string{glob}, SyncOptions{Prune: true}); err != nil || ix.Len() != 0 {
		t.Errorf("sync --prune: %d articles, %v; want them let go", ix.Len(), err)
	}
}
