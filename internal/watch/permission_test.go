package watch

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// asUser makes w refuse to watch a folder its owner may not read, as the
// system refuses any user but root, so that the tests of permissions run
// and assert the same as root (as CI runs them) and as another user.
func asUser(w *Watcher) {
	w.watchDir = func(fsw *fsnotify.Watcher, dir string) error {
		if fi, err := os.Stat(dir); err == nil && fi.Mode().Perm()&0o400 == 0 {
			return &fs.PathError{Op: "inotify_add_watch", Path: dir, Err: syscall.EACCES}
		}
		return fsw.Add(dir)
	}
}

func chmod(tb testing.TB, path string, mode os.FileMode) {
	tb.Helper()
	if err := os.Chmod(path, mode); err != nil {
		tb.Fatal(err)
	}
}

// TestPermissionChangeSyncs: a corpus file or folder whose permissions
// change is synced, so that one that could not be read and now can is read
// at once (the index keeps its articles "until the file reads again"), and
// one that no longer can is reported at once. Attribute changes were all
// ignored, and nothing read the file again until some other change
// (helper 115).
func TestPermissionChangeSyncs(t *testing.T) {
	tests := []struct {
		name  string
		watch string // the configured path, under the test's folder
		path  string // what changes mode, under the test's folder
		from  os.FileMode
		to    os.FileMode
	}{
		{name: "file made readable", watch: ".", path: "a.jsonl", from: 0o000, to: 0o644},
		{name: "file made unreadable", watch: ".", path: "a.jsonl", from: 0o644, to: 0o000},
		{name: "configured file made readable", watch: "a.jsonl", path: "a.jsonl", from: 0o000, to: 0o644},
		{name: "file in a glob made readable", watch: "*.jsonl", path: "a.jsonl", from: 0o000, to: 0o644},
		{name: "subfolder made readable", watch: ".", path: "sub", from: 0o000, to: 0o755},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(dir, "a.jsonl"), `{"id":"a","text":"x"}`+"\n")
			path := filepath.Join(dir, tt.path)
			chmod(t, path, tt.from)
			t.Cleanup(func() { os.Chmod(path, 0o755) }) // for t.TempDir's removal
			s := &fakeSyncer{}
			startWith(t, []string{filepath.Join(dir, tt.watch)}, s, Options{}, asUser)
			chmod(t, path, tt.to)
			waitFor(t, "a sync after the change of mode", func() bool { return s.count() >= 2 })
		})
	}
}

// TestFolderMadeReadableIsWatched: a folder that could not be watched when
// the watcher started (no read permission) is watched once it is made
// readable: files written in it later, and in its subfolders, are synced.
// It was never tried again (helper 115).
func TestFolderMadeReadableIsWatched(t *testing.T) {
	for _, locked := range []string{"corpus/sub", "corpus"} {
		t.Run(locked, func(t *testing.T) {
			dir := t.TempDir()
			corpus := filepath.Join(dir, "corpus")
			if err := os.MkdirAll(filepath.Join(corpus, "sub", "deeper"), 0o755); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, locked)
			chmod(t, path, 0o000)
			t.Cleanup(func() { os.Chmod(path, 0o755) })
			s := &fakeSyncer{}
			// Not tried again from time to time here: only the change of mode can watch it.
			startWith(t, []string{corpus}, s, Options{RetryDelay: time.Hour}, asUser)
			chmod(t, path, 0o755)
			waitFor(t, "a sync after the folder was made readable", func() bool { return s.count() >= 2 })
			for _, file := range []string{"sub/a.md", "sub/deeper/b.md"} {
				settle()
				n := s.count()
				write(t, filepath.Join(corpus, file), "a story")
				waitFor(t, "a sync after "+file+" was written", func() bool { return s.count() > n })
			}
		})
	}
}

// TestUnwatchableFolderIsTriedAgain: a folder that cannot be watched, with
// no event to say when it can (the system's limit on watches raised, an
// event lost), is tried again after a growing delay; once it is watched,
// a sync reads what came into it meanwhile, and its files are synced when
// they change. A try that fails syncs nothing.
func TestUnwatchableFolderIsTriedAgain(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	var refuse atomic.Bool
	refuse.Store(true)
	var tries atomic.Int32
	s := &fakeSyncer{}
	startWith(t, []string{dir}, s, Options{RetryDelay: 10 * time.Millisecond}, func(w *Watcher) {
		w.watchDir = func(fsw *fsnotify.Watcher, d string) error {
			if d == sub && refuse.Load() {
				tries.Add(1)
				return &fs.PathError{Op: "inotify_add_watch", Path: d, Err: syscall.ENOSPC}
			}
			return fsw.Add(d)
		}
	})
	waitFor(t, "the folder to be tried again", func() bool { return tries.Load() >= 3 })
	if n := s.count(); n != 1 {
		t.Errorf("syncs = %d while the folder cannot be watched, want only the initial one", n)
	}
	refuse.Store(false)
	waitFor(t, "a sync once the folder is watched", func() bool { return s.count() >= 2 })
	settle()
	n := s.count()
	write(t, filepath.Join(sub, "a.md"), "a story")
	waitFor(t, "a sync after a file in the folder was written", func() bool { return s.count() > n })
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		failures int
		want     time.Duration
	}{
		{1, 5 * time.Second},
		{2, 10 * time.Second},
		{7, 5 * time.Minute}, // 320 s, capped
		{1000, 5 * time.Minute},
	}
	for _, tt := range tests {
		if got := backoff(5*time.Second, tt.failures); got != tt.want {
			t.Errorf("backoff(5s, %d) = %v, want %v", tt.failures, got, tt.want)
		}
	}
}
