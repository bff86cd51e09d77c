package watch

import (
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

// TestLostRetryNeverWatchedSyncsNothing: while the configured paths are
// lost (one of them does not exist, so they stay lost), a configured
// folder that still cannot be watched is tried again at every retry;
// that try watches nothing, so it must neither say "watching the corpus
// paths again" nor start a sync. rewatchLost counted its tries as
// folders watched: a sync and an Info line at every retry, for ever.
func TestLostRetryNeverWatchedSyncsNothing(t *testing.T) {
	top := t.TempDir()
	locked := filepath.Join(top, "locked")
	if err := os.Mkdir(locked, 0o755); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(top, "later.md") // configured, not there yet
	var logs lockedBuffer
	s := &fakeSyncer{}
	startWith(t, []string{locked, missing}, s, Options{RetryDelay: 20 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))}, func(w *Watcher) {
		w.watchDir = func(fsw *fsnotify.Watcher, d string) error {
			if d == locked {
				return &fs.PathError{Op: "inotify_add_watch", Path: d, Err: syscall.ENOSPC}
			}
			return fsw.Add(d)
		}
	})
	// The configured file made and removed: the configured paths are lost.
	write(t, missing, "x")
	waitFor(t, "sync after the file", func() bool { return s.count() >= 2 })
	if err := os.Remove(missing); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "sync after the removal", func() bool { return s.count() >= 3 })
	settle()
	n := s.count()
	time.Sleep(700 * time.Millisecond) // several retries (20, 40, 80, 160, 320 ms)
	if got := s.count(); got != n {
		t.Errorf("%d syncs while nothing changed and nothing more was watched", got-n)
	}
	if c := strings.Count(logs.String(), "watching the corpus paths again"); c > 0 {
		t.Errorf(`"watching the corpus paths again" logged %d times, though nothing more is watched`, c)
	}
}
