package watch

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"slices"
	"time"

	"github.com/fsnotify/fsnotify"
)

// folders are the folder watches of one Run, with the folders that could
// not be watched (no permission to read them, the system's limit on
// watches reached) or listed: those are tried again when their mode
// changes (a Chmod event, from the folder above or from a watch that
// lists none of their subfolders) and after a growing delay, as no
// event tells when a limit is raised; a folder that no longer exists is
// forgotten (its Create event watches it again if it comes back).
type folders struct {
	w        *Watcher
	fsw      *fsnotify.Watcher
	failed   map[string]bool // folder -> to be watched with its subfolders
	retrying bool            // a failure is logged at debug level
}

// addRoot watches r.dir, and every directory below it if r is recursive.
func (f *folders) addRoot(r root) {
	if !r.recursive {
		f.note(r.dir, false, f.w.watchDir(f.fsw, r.dir))
		return
	}
	add := func(dir string) error {
		err := f.w.watchDir(f.fsw, dir)
		f.note(dir, true, err)
		return err
	}
	unlisted := func(dir string, err error) { f.note(dir, true, err) }
	if err := walkDirs(r.dir, add, unlisted, f.w.own); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			f.w.log.Warn("cannot watch corpus path", "dir", r.dir, "err", err)
			return
		}
		f.note(r.dir, true, err)
	}
}

// note records the outcome of watching (or listing) dir: a failure is
// tried again later, unless dir does not exist.
func (f *folders) note(dir string, recursive bool, err error) {
	_, known := f.failed[dir]
	switch {
	case err == nil:
		delete(f.failed, dir)
	case errors.Is(err, fs.ErrNotExist):
		delete(f.failed, dir)
		f.w.log.Warn("cannot watch directory", "dir", dir, "err", err)
	case known || f.retrying:
		f.failed[dir] = f.failed[dir] || recursive
		f.w.log.Debug("still cannot watch directory", "dir", dir, "err", err)
	default:
		f.failed[dir] = recursive
		f.w.log.Warn("cannot watch directory; it is tried again when its mode changes and from time to time", "dir", dir, "err", err)
	}
}

// retry tries again to watch the folders that could not be, those at or
// below under ("" for all), and returns how many it now watches.
func (f *folders) retry(under string) int {
	watched := 0
	for _, dir := range slices.Sorted(maps.Keys(f.failed)) {
		recursive, ok := f.failed[dir]
		if !ok || under != "" && dir != under && !within(dir, under) {
			continue // watched by the walk of a folder above it, or elsewhere
		}
		delete(f.failed, dir)
		if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
			continue // gone; watched again if it comes back
		}
		f.retrying = true
		f.addRoot(root{dir: dir, recursive: recursive})
		f.retrying = false
		if _, still := f.failed[dir]; !still {
			watched++
			f.w.log.Info("watching directory", "dir", dir)
		}
	}
	return watched
}

// backoff is the delay before the next try after failures failed tries
// (at least 1): base, doubled with every further failure, up to five
// minutes.
func backoff(base time.Duration, failures int) time.Duration {
	return min(base<<min(failures-1, 16), maxRetryDelay)
}
