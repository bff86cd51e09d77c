package watch

import (
	"os"
	"path/filepath"
	"testing"
)

// TestLinkedFolderIsWatched: a corpus path that is a link to a folder (a
// corpus moved to another disk and linked back, as the loader allows) is
// watched like the folder, subfolders included. The walk that adds the
// watches saw the link itself, not a directory, and added none.
func TestLinkedFolderIsWatched(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "disk", "corpus")
	if err := os.MkdirAll(filepath.Join(real, "2024"), 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "corpus")
	if err := os.Symlink(real, link); err != nil {
		t.Skipf("symlinks: %v", err)
	}
	s := &fakeSyncer{}
	start(t, []string{link}, s, Options{})
	write(t, filepath.Join(real, "a.md"), "a")
	waitFor(t, "sync after a file in the linked folder", func() bool { return s.count() >= 2 })
	write(t, filepath.Join(real, "2024", "b.md"), "b")
	waitFor(t, "sync after a file in a subfolder of the linked folder", func() bool { return s.count() >= 3 })
}
