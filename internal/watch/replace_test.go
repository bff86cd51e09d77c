package watch

import (
	"fmt"
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

// TestReplacedFolderIsWatched: a corpus folder that is removed and made
// again (rm -r and a fresh copy), or replaced by renaming another folder
// onto its name (an atomic deploy), is watched again: later changes in it
// still lead to syncs. The watch on the old folder went with it, and
// nothing watched for the name coming back.
func TestReplacedFolderIsWatched(t *testing.T) {
	tests := []struct {
		name    string
		replace func(t *testing.T, corpus string)
	}{
		{name: "removed and made again", replace: func(t *testing.T, corpus string) {
			if err := os.RemoveAll(corpus); err != nil {
				t.Fatal(err)
			}
			if err := os.Mkdir(corpus, 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "another folder renamed onto it", replace: func(t *testing.T, corpus string) {
			fresh := corpus + "-new"
			if err := os.Mkdir(fresh, 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(fresh, "b.md"), "b")
			old := corpus + "-old"
			if err := os.Rename(corpus, old); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(fresh, corpus); err != nil {
				t.Fatal(err)
			}
			if err := os.RemoveAll(old); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		for _, glob := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, glob %v", tt.name, glob), func(t *testing.T) {
				corpus := filepath.Join(t.TempDir(), "corpus")
				if err := os.Mkdir(corpus, 0o755); err != nil {
					t.Fatal(err)
				}
				write(t, filepath.Join(corpus, "a.md"), "a")
				watched := corpus
				if glob {
					watched = filepath.Join(corpus, "*.md")
				}
				s := &fakeSyncer{}
				start(t, []string{watched}, s, Options{})
				tt.replace(t, corpus)
				waitFor(t, "sync after the folder was replaced", func() bool { return s.count() >= 2 })
				settle()
				n := s.count()
				write(t, filepath.Join(corpus, "c.md"), "c")
				waitFor(t, "sync after a file in the new folder", func() bool { return s.count() > n })
			})
		}
	}
}
