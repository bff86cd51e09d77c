// Package watch keeps the index in step with corpus folders while the bot
// runs.
//
// A Watcher watches the configured corpus paths with fsnotify: a directory
// with all its subdirectories (new subdirectories are added as they appear),
// a single file or a path that does not exist yet through its parent
// directory, and a glob through its static prefix directory. A directory
// watched with its subdirectories is also watched through its parent, so
// that one removed and made again, or replaced by renaming another folder
// onto its name, is watched again; a folder that appears whole is synced.
// A folder that cannot be watched (no permission to read it, the system's
// limit on watches reached) is tried again when its mode changes and after
// a growing delay, and synced once it is watched. A change of mode is a
// change: a file that could not be read may read now. Events outside the
// configured paths and editors' scratch files are ignored.
//
// The watcher does not look at what changed: after a burst of events has been
// quiet for the debounce delay it calls Syncer.Sync, which compares the
// configured paths against the index and applies additions, changes and
// removals itself. Events that never go quiet (a file appended to more often
// than the debounce delay) do not hold syncs back for ever: a sync starts at
// most MaxWait after the first change it is to cover. Syncs never overlap: a
// change seen during a sync leads to exactly one more sync after it (once the
// changes are quiet again, or MaxWait after that change). A failed sync is
// retried with a growing delay, which steady changes do not cut short.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Defaults used for zero Options fields.
const (
	DefaultDebounce   = 500 * time.Millisecond
	DefaultMaxWait    = 5 * time.Second
	DefaultRetryDelay = 5 * time.Second
	maxRetryDelay     = 5 * time.Minute
)

// Syncer brings the index up to date with the corpus paths. The index
// implements it with its incremental sync.
type Syncer interface {
	Sync(ctx context.Context) error
}

// ErrNothingSynced, returned by a Syncer (wrapped or not), says that the
// sync succeeded without syncing anything, as for a read-only index: the
// loop goes on as after a sync, but does not log "corpus synced" (it did,
// right after "the corpus is not synced into it"; helper 75).
var ErrNothingSynced = errors.New("nothing synced")

// SyncFunc adapts a function to a Syncer, e.g. an index Sync over the
// corpus paths that also returns a report.
type SyncFunc func(ctx context.Context) error

// Sync calls fn.
func (fn SyncFunc) Sync(ctx context.Context) error { return fn(ctx) }

// Options configure a Watcher.
type Options struct {
	// Debounce is how long events must be quiet before a sync starts.
	Debounce time.Duration
	// MaxWait is the longest a change waits for its sync while further
	// changes keep coming before the debounce delay is over (a log
	// appended to every 300 ms, a large file being copied): the sync
	// starts at most MaxWait after the first change it covers, as if the
	// changes had gone quiet. Zero means DefaultMaxWait, or Debounce when
	// that is longer.
	MaxWait time.Duration
	// RetryDelay is the first delay before retrying a failed sync, and
	// before trying again to watch a folder that could not be watched;
	// it doubles with every further failure, up to five minutes.
	RetryDelay time.Duration
	// SyncOnStart makes Run sync once when it starts, to catch changes made
	// while nothing was watching.
	SyncOnStart bool
	// Logger receives events at debug level and syncs at info level
	// (discarded if nil).
	Logger *slog.Logger
	// Ignore are the bot's own files and folders (the index, the state
	// files), which a sync writes to: inside a watched path, each sync's
	// writes set off the next, without end (helper 99). Their changes,
	// and those of everything below them, are ignored.
	Ignore []string
}

// Watcher triggers syncs when files under the corpus paths change.
type Watcher struct {
	targets []target
	syncer  Syncer
	opts    Options
	log     *slog.Logger
	// watchDir adds the watch on a folder: fsnotify's Add, which tests
	// replace to refuse a folder as the system refuses one its user may
	// not read (as root, every folder can be watched).
	watchDir func(fsw *fsnotify.Watcher, dir string) error
}

// New returns a Watcher for the corpus paths (directories, files or globs)
// that calls syncer after changes.
func New(paths []string, syncer Syncer, opts Options) *Watcher {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = max(DefaultMaxWait, opts.Debounce)
	}
	if opts.RetryDelay <= 0 {
		opts.RetryDelay = DefaultRetryDelay
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	ignore := make([]string, 0, 2*len(opts.Ignore))
	for _, p := range opts.Ignore {
		if p == "" {
			continue // not the working folder, which filepath.Abs makes of it
		}
		if abs, err := filepath.Abs(p); err == nil {
			ignore = append(ignore, abs, resolved(abs))
		}
	}
	opts.Ignore = ignore
	return &Watcher{targets: newTargets(paths), syncer: syncer, opts: opts, log: log, watchDir: (*fsnotify.Watcher).Add}
}

// Run watches until ctx is done, then waits for a running sync to return
// and returns ctx's error. It returns early only if the watcher cannot be
// set up.
func (w *Watcher) Run(ctx context.Context) error {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("start file watcher: %w", err)
	}
	defer fsw.Close()
	f := &folders{w: w, fsw: fsw, failed: map[string]map[string]bool{}}
	for _, t := range w.targets {
		for _, r := range t.roots() {
			f.addRoot(r)
		}
	}
	l := loop{w: w, done: make(chan error, 1), timer: time.NewTimer(time.Hour), now: time.Now,
		rewatch: time.NewTimer(time.Hour)}
	l.timer.Stop()
	l.rewatch.Stop()
	if w.opts.SyncOnStart {
		l.start(ctx)
	}
	for {
		l.rewatchLater(f.pending(), f.fresh)
		select {
		case <-ctx.Done():
			if l.running {
				<-l.done
			}
			return ctx.Err()
		case ev, ok := <-fsw.Events:
			if !ok {
				return errors.New("file watcher closed")
			}
			if w.handle(f, ev) {
				l.changed()
			}
		case err, ok := <-fsw.Errors:
			if !ok {
				return errors.New("file watcher closed")
			}
			w.log.Warn("file watcher error", "err", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				l.changed() // events were lost: sync to be safe
			}
		case <-l.timer.C:
			l.waiting = false
			if l.dirty && !l.running {
				l.start(ctx)
			}
		case err := <-l.done:
			l.finished(ctx, err)
		case <-l.rewatch.C:
			l.rewatching = false
			if f.retryAll() > 0 {
				l.changed() // files may have come into them unseen
			}
		}
	}
}

// handle adds watches for new directories, and for those that could not
// be watched when their mode changes, and reports whether ev may change
// the corpus. A change of mode is a change: a file or folder that could
// not be read may read now (the index keeps such a file's articles until
// it reads again), and one that no longer reads is reported; a sync of
// files that did not change reads none of them.
func (w *Watcher) handle(f *folders, ev fsnotify.Event) bool {
	if ignored(ev.Name) || w.own(ev.Name) {
		return false
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		if f.configuredRoot(ev.Name) {
			f.lost = true // tried again, should the folder above go too
		}
	}
	if ev.Has(fsnotify.Chmod) && f.pending() > 0 {
		f.retryChmod(ev.Name) // a folder made readable (chmod, setfacl)
	}
	if ev.Has(fsnotify.Create) && w.watchesBelow(ev.Name) {
		// A link to a folder is followed only where it is a configured
		// path (or a glob's static prefix), as the corpus loader follows
		// it: one made below (to /, say) is no folder of the corpus, and
		// walking it watched every folder below its target, in this loop.
		stat := os.Lstat
		if w.configuredDir(ev.Name) {
			stat = os.Stat
		}
		if fi, err := stat(ev.Name); err == nil && fi.IsDir() {
			f.addRoot(root{dir: ev.Name, recursive: true})
			// A folder moved in whole brings files no event names.
			w.log.Debug("corpus folder appeared", "path", ev.Name)
			return true
		}
	}
	for _, t := range w.targets {
		if t.covers(ev.Name) {
			w.log.Debug("corpus changed", "path", ev.Name, "op", ev.Op.String())
			return true
		}
	}
	return false
}

// watchesBelow reports whether a new directory dir should be watched: it is
// a configured path itself, a glob's static prefix, or lies below a
// recursively watched root.
func (w *Watcher) watchesBelow(dir string) bool {
	if w.configuredDir(dir) {
		return true
	}
	for _, t := range w.targets {
		for _, r := range t.roots() {
			if r.recursive && within(dir, r.dir) {
				return true
			}
		}
	}
	return false
}

// configuredDir reports whether dir is a configured path itself or a
// glob's static prefix.
func (w *Watcher) configuredDir(dir string) bool {
	return slices.ContainsFunc(w.targets, func(t target) bool {
		return dir == t.path || dir == t.base()
	})
}

// own reports whether name is one of Options.Ignore or lies below one, as
// given or with the links on the way resolved (a corpus path that is a
// link, "/srv/news" to "/mnt/disk/news", and an index given by either:
// helper 100 saw the loop again).
func (w *Watcher) own(name string) bool {
	if len(w.opts.Ignore) == 0 {
		return false
	}
	below := func(n string) bool {
		return slices.ContainsFunc(w.opts.Ignore, func(p string) bool { return n == p || within(n, p) })
	}
	// The links are resolved (system calls at each event) only for a name
	// that is not one as given.
	return below(name) || below(resolved(name))
}

// resolved is path with the links of its folder resolved, or path itself
// when they cannot be (a folder gone): its own name is kept, so that a file
// removed, or a link itself, is named as it was.
func resolved(path string) string {
	dir, err := filepath.EvalSymlinks(filepath.Dir(path))
	if err != nil {
		return path
	}
	return filepath.Join(dir, filepath.Base(path))
}
