package watch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeSyncer counts syncs, records the most that ran at once, can fail the
// first failFirst calls and can hold every call until release is closed.
type fakeSyncer struct {
	mu        sync.Mutex
	calls     int
	active    int
	maxActive int
	failFirst int
	hold      chan struct{} // nil: return at once
	result    error         // returned by a sync that does not fail
}

func (s *fakeSyncer) Sync(ctx context.Context) error {
	s.mu.Lock()
	s.calls++
	s.active++
	s.maxActive = max(s.maxActive, s.active)
	fail := s.failFirst > 0
	if fail {
		s.failFirst--
	}
	hold := s.hold
	s.mu.Unlock()
	if hold != nil {
		select {
		case <-hold:
		case <-ctx.Done():
		}
	}
	s.mu.Lock()
	s.active--
	s.mu.Unlock()
	if fail {
		return errors.New("index busy")
	}
	return s.result
}

func (s *fakeSyncer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// start runs a watcher on paths with SyncOnStart and waits for that first
// sync, which begins only after every watch is in place.
func start(tb testing.TB, paths []string, s *fakeSyncer, opts Options) {
	tb.Helper()
	startWith(tb, paths, s, opts, nil)
}

// startWith is start with setup called on the watcher before it runs.
func startWith(tb testing.TB, paths []string, s *fakeSyncer, opts Options, setup func(*Watcher)) {
	tb.Helper()
	opts.SyncOnStart = true
	if opts.Debounce == 0 {
		opts.Debounce = 50 * time.Millisecond
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	w := New(paths, s, opts)
	if setup != nil {
		setup(w)
	}
	go func() { done <- w.Run(ctx) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			tb.Errorf("Run returned %v, want context.Canceled", err)
		}
	})
	waitFor(tb, "initial sync", func() bool { return s.count() >= 1 })
}

// waitFor polls cond until it holds or five seconds pass.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// settle waits a few debounce periods, to check that nothing more happens.
func settle() { time.Sleep(200 * time.Millisecond) }

func write(tb testing.TB, path, text string) {
	tb.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func TestChangesTriggerSync(t *testing.T) {
	tests := []struct {
		name   string
		watch  func(dir string) string // the configured path
		change func(t *testing.T, dir string)
	}{
		{name: "file created", change: func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "new.md"), "new")
		}},
		{name: "file changed", change: func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "old.md"), "changed")
		}},
		{name: "file removed", change: func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "old.md")); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "file in existing subdirectory", change: func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "sub", "deep.md"), "deep")
		}},
		{name: "single file path", watch: func(dir string) string { return filepath.Join(dir, "old.md") },
			change: func(t *testing.T, dir string) { write(t, filepath.Join(dir, "old.md"), "changed") }},
		{name: "glob path", watch: func(dir string) string { return filepath.Join(dir, "*.md") },
			change: func(t *testing.T, dir string) { write(t, filepath.Join(dir, "b.md"), "b") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "old.md"), "old")
			if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
				t.Fatal(err)
			}
			path := dir
			if tt.watch != nil {
				path = tt.watch(dir)
			}
			s := &fakeSyncer{}
			start(t, []string{path}, s, Options{})
			tt.change(t, dir)
			waitFor(t, "sync after change", func() bool { return s.count() >= 2 })
		})
	}
}

func TestIgnoredChanges(t *testing.T) {
	tests := []struct {
		name   string
		watch  func(dir string) string
		change string // file written below dir
		chmod  bool   // the file is there from the start, and its mode changes
	}{
		{name: "sibling of a single file", watch: func(d string) string { return filepath.Join(d, "a.md") }, change: "other.md"},
		{name: "mode of a sibling of a single file", watch: func(d string) string { return filepath.Join(d, "a.md") }, change: "other.md", chmod: true},
		{name: "mode of an editor swap file", watch: func(d string) string { return d }, change: ".a.md.swp", chmod: true},
		{name: "file not matching glob", watch: func(d string) string { return filepath.Join(d, "*.md") }, change: "notes.txt"},
		{name: "editor swap file", watch: func(d string) string { return d }, change: ".a.md.swp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "a.md"), "a")
			if tt.chmod {
				write(t, filepath.Join(dir, tt.change), "x")
			}
			s := &fakeSyncer{}
			start(t, []string{tt.watch(dir)}, s, Options{})
			if tt.chmod {
				chmod(t, filepath.Join(dir, tt.change), 0o600)
			} else {
				write(t, filepath.Join(dir, tt.change), "x")
			}
			settle()
			if n := s.count(); n != 1 {
				t.Errorf("syncs = %d, want only the initial one", n)
			}
		})
	}
}

func TestBurstIsCoalesced(t *testing.T) {
	dir := t.TempDir()
	s := &fakeSyncer{}
	start(t, []string{dir}, s, Options{Debounce: 150 * time.Millisecond})
	for i := range 30 {
		write(t, filepath.Join(dir, "f"+string(rune('a'+i%26))+".md"), "x")
	}
	waitFor(t, "sync after burst", func() bool { return s.count() >= 2 })
	settle()
	if n := s.count(); n != 2 {
		t.Errorf("syncs = %d, want 2 (initial + one for the burst)", n)
	}
}

func TestNewSubdirectoryIsWatched(t *testing.T) {
	dir := t.TempDir()
	s := &fakeSyncer{}
	start(t, []string{dir}, s, Options{})
	sub := filepath.Join(dir, "2024", "march")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "sync after mkdir", func() bool { return s.count() >= 2 })
	write(t, filepath.Join(sub, "story.md"), "story")
	waitFor(t, "sync after file in new subdirectory", func() bool { return s.count() >= 3 })
}

func TestMissingPathIsWatchedWhenCreated(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	s := &fakeSyncer{}
	start(t, []string{corpus}, s, Options{})
	if err := os.Mkdir(corpus, 0o755); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "sync after the path appears", func() bool { return s.count() >= 2 })
	write(t, filepath.Join(corpus, "a.md"), "a")
	waitFor(t, "sync after file in new path", func() bool { return s.count() >= 3 })
}

func TestSyncsNeverOverlap(t *testing.T) {
	dir := t.TempDir()
	s := &fakeSyncer{}
	start(t, []string{dir}, s, Options{})
	s.mu.Lock()
	s.hold = make(chan struct{})
	s.mu.Unlock()
	write(t, filepath.Join(dir, "a.md"), "a")
	waitFor(t, "second sync to start", func() bool { return s.count() >= 2 })
	for _, name := range []string{"b.md", "c.md", "d.md"} { // during the sync
		write(t, filepath.Join(dir, name), "x")
		time.Sleep(20 * time.Millisecond)
	}
	settle()
	if n := s.count(); n != 2 {
		t.Errorf("syncs while one runs = %d, want 2", n)
	}
	s.mu.Lock()
	close(s.hold)
	s.hold = nil
	s.mu.Unlock()
	waitFor(t, "one more sync after the running one", func() bool { return s.count() >= 3 })
	settle()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.calls != 3 || s.maxActive != 1 {
		t.Errorf("calls = %d, max concurrent = %d; want 3 and 1", s.calls, s.maxActive)
	}
}

func TestFailedSyncIsRetried(t *testing.T) {
	dir := t.TempDir()
	s := &fakeSyncer{failFirst: 1}
	start(t, []string{dir}, s, Options{RetryDelay: 50 * time.Millisecond})
	waitFor(t, "retry after failed sync", func() bool { return s.count() >= 2 })
}

func TestSyncFunc(t *testing.T) {
	called := false
	var s Syncer = SyncFunc(func(context.Context) error { called = true; return nil })
	if err := s.Sync(context.Background()); err != nil || !called {
		t.Errorf("SyncFunc.Sync = %v, called = %v", err, called)
	}
}

// lockedBuffer is a log sink for the watcher's goroutine and the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestNothingSyncedIsQuiet: a sync that syncs nothing (a read-only index)
// is neither a failure, retried, nor logged as "corpus synced", which
// followed "the corpus is not synced into it" (helper 75).
func TestNothingSyncedIsQuiet(t *testing.T) {
	dir := t.TempDir()
	var logs lockedBuffer
	s := &fakeSyncer{result: fmt.Errorf("read-only: %w", ErrNothingSynced)}
	start(t, []string{dir}, s, Options{RetryDelay: 20 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	settle()
	if n := s.count(); n != 1 {
		t.Errorf("%d syncs with no change, want 1 (it was taken for a failure and retried)", n)
	}
	write(t, filepath.Join(dir, "a.txt"), "A story.")
	waitFor(t, "a sync after a change", func() bool { return s.count() >= 2 })
	settle()
	if out := logs.String(); strings.Contains(out, "corpus synced") || strings.Contains(out, "failed") {
		t.Errorf("log:\n%s\nwant neither \"corpus synced\" nor a failure", out)
	}
}

// TestOwnFilesIgnored: the bot's own files inside a watched path (the index
// a sync writes to, a state file) set off no sync: each sync's writes set
// off the next, without end (helper 99).
func TestOwnFilesIgnored(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir) // an empty path made absolute is the corpus folder itself
	write(t, filepath.Join(dir, "a.md"), "a")
	idx := filepath.Join(dir, "index")
	if err := os.MkdirAll(filepath.Join(idx, "bleve"), 0o755); err != nil {
		t.Fatal(err)
	}
	s := &fakeSyncer{}
	start(t, []string{dir}, s, Options{Ignore: []string{idx, filepath.Join(dir, "schedule.db"), ""}}) // "" ignores nothing
	write(t, filepath.Join(idx, "store.db"), "x")
	write(t, filepath.Join(idx, "bleve", "root.bolt"), "x")
	write(t, filepath.Join(dir, "schedule.db"), "x")
	chmod(t, filepath.Join(dir, "schedule.db"), 0o600)
	chmod(t, idx, 0o700)
	settle()
	if n := s.count(); n != 1 {
		t.Errorf("syncs = %d, want only the initial one", n)
	}
	write(t, filepath.Join(dir, "b.md"), "b")
	waitFor(t, "sync after a corpus file changed", func() bool { return s.count() >= 2 })
}

// TestOwnFilesIgnoredThroughLinks: the index named by its real path while the
// corpus is watched through a link to its folder (or the other way round)
// is still the bot's own (helper 100: the loop came back).
func TestOwnFilesIgnoredThroughLinks(t *testing.T) {
	for _, viaLink := range []string{"corpus", "index"} {
		t.Run("the "+viaLink+" through a link", func(t *testing.T) {
			real := t.TempDir()
			link := filepath.Join(t.TempDir(), "news")
			if err := os.Symlink(real, link); err != nil {
				t.Skip("no symbolic links here:", err)
			}
			write(t, filepath.Join(real, "a.md"), "a")
			idx := filepath.Join(real, "index")
			if err := os.MkdirAll(idx, 0o755); err != nil {
				t.Fatal(err)
			}
			corpus, ignore := link, idx
			if viaLink == "index" {
				corpus, ignore = real, filepath.Join(link, "index")
			}
			s := &fakeSyncer{}
			start(t, []string{corpus}, s, Options{Ignore: []string{ignore}})
			write(t, filepath.Join(idx, "store.db"), "x")
			settle()
			if n := s.count(); n != 1 {
				t.Errorf("syncs = %d, want only the initial one", n)
			}
		})
	}
}
