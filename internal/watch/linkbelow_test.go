package watch

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// TestLinkBelowIsNotWalked: a link to a folder made inside a watched
// folder ("escape" to /) is not followed, as the corpus loader does not
// follow it ("folder link not followed"). The watcher took it for a
// folder that appeared and walked it, adding a watch on every folder
// below its target: a link to / walked the whole file system in the
// event loop, and no sync ran again (bot serve hung, and would not stop).
func TestLinkBelowIsNotWalked(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	if err := os.MkdirAll(filepath.Join(outside, "a", "b"), 0o755); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var watched []string
	s := &fakeSyncer{}
	startWith(t, []string{dir}, s, Options{}, func(w *Watcher) {
		w.watchDir = func(fsw *fsnotify.Watcher, d string) error {
			mu.Lock()
			watched = append(watched, d)
			mu.Unlock()
			return fsw.Add(d)
		}
	})
	link := filepath.Join(dir, "escape")
	if err := os.Symlink(outside, link); err != nil {
		t.Skipf("symlinks: %v", err)
	}
	waitFor(t, "sync after the link", func() bool { return s.count() >= 2 })
	// A real folder made after it is still watched.
	if err := os.Mkdir(filepath.Join(dir, "real"), 0o755); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "sync after the folder", func() bool { return s.count() >= 3 })
	write(t, filepath.Join(dir, "real", "x.md"), "x")
	waitFor(t, "sync after a file in the new folder", func() bool { return s.count() >= 4 })
	mu.Lock()
	defer mu.Unlock()
	if i := slices.IndexFunc(watched, func(d string) bool { return d == link || within(d, link) || within(d, outside) }); i >= 0 {
		t.Errorf("the link's target was walked: watched %q (all: %q)", watched[i], watched)
	}
}

// TestFailedFolderBecomeLinkIsNotWalked: a folder that could not be
// watched, replaced meanwhile by a link to a folder, is not walked when
// it is tried again: as a link made below a watched folder, it is no
// folder of the corpus.
func TestFailedFolderBecomeLinkIsNotWalked(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	outside := t.TempDir()
	for _, d := range []string{sub, filepath.Join(outside, "a", "b")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	var watched []string
	refuse := true
	s := &fakeSyncer{}
	startWith(t, []string{dir}, s, Options{RetryDelay: 20 * time.Millisecond}, func(w *Watcher) {
		w.watchDir = func(fsw *fsnotify.Watcher, d string) error {
			mu.Lock()
			defer mu.Unlock()
			if d == sub && refuse {
				return &fs.PathError{Op: "inotify_add_watch", Path: d, Err: syscall.ENOSPC}
			}
			watched = append(watched, d)
			return fsw.Add(d)
		}
	})
	if err := os.Remove(sub); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, sub); err != nil {
		t.Skipf("symlinks: %v", err)
	}
	mu.Lock()
	refuse = false
	mu.Unlock()
	time.Sleep(500 * time.Millisecond) // several tries again
	mu.Lock()
	defer mu.Unlock()
	if i := slices.IndexFunc(watched, func(d string) bool { return d == sub || within(d, sub) }); i >= 0 {
		t.Errorf("the link's target was walked: watched %q (all: %q)", watched[i], watched)
	}
}
