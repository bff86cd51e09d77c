package watch

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/fsnotify/fsnotify"
)

// folders are the folder watches of one Run, with the folders that could
// not be watched (no permission to read them, the system's limit on
// watches reached) or listed: those are tried again when their mode
// changes, or that of the folder they are in (a Chmod event, from the
// folder above or from a watch that lists none of their subfolders), and
// all of them after a growing delay, as no event tells when a limit is
// raised; a folder that no longer exists is forgotten (its Create event
// watches it again if it comes back). They are kept by the folder they
// are in, so that a Chmod event looks up only those it concerns.
type folders struct {
	w        *Watcher
	fsw      *fsnotify.Watcher
	failed   map[string]map[string]bool // parent -> folder -> to be watched with its subfolders
	count    int                        // folders in failed
	fresh    int                        // failures first seen (not on a retry), ever: the back-off starts again at each
	retrying bool                       // a failure is logged at debug level
	// lost is set when a configured path's folder was removed: if the
	// folder above it went too (rm -r of the volume's folder, "vol/news"
	// configured), nothing watched saw it come back, and changes in it
	// were never synced again. It is tried again as a folder that could
	// not be watched is.
	lost bool
}

// pending is the number of folders that could not be watched, the
// configured paths lost counting as one.
func (f *folders) pending() int {
	if f.lost {
		return f.count + 1
	}
	return f.count
}

// configuredRoot reports whether dir is one of the folders watched for
// the configured paths themselves (target.roots, without looking at the
// disk).
func (f *folders) configuredRoot(dir string) bool {
	return slices.ContainsFunc(f.w.targets, func(t target) bool {
		return dir == t.base() || dir == filepath.Dir(t.base())
	})
}

// rewatchLost watches again the configured paths' folders after one was
// removed, and returns how many it watches that were not watched; lost
// stays set until they all exist again.
func (f *folders) rewatchLost() int {
	f.lost = false
	watched := map[string]bool{}
	for _, d := range f.fsw.WatchList() {
		watched[d] = true
	}
	added := 0
	for _, t := range f.w.targets {
		if _, err := os.Stat(t.base()); err != nil {
			f.lost = true
		}
		for _, r := range t.roots() {
			if watched[r.dir] {
				continue
			}
			if _, err := os.Stat(r.dir); err != nil {
				f.lost = true
				continue
			}
			f.retrying = true
			f.addRoot(r)
			f.retrying = false
			if _, still := f.lookup(r.dir); !still {
				added++ // watched now; one still refused is no change (retried as any)
			}
		}
	}
	return added
}

// lookup reports whether dir could not be watched, and if so whether it
// is to be watched with its subfolders.
func (f *folders) lookup(dir string) (recursive, ok bool) {
	recursive, ok = f.failed[filepath.Dir(dir)][dir]
	return recursive, ok
}

// set records that dir could not be watched.
func (f *folders) set(dir string, recursive bool) {
	parent := filepath.Dir(dir)
	in := f.failed[parent]
	if in == nil {
		in = map[string]bool{}
		f.failed[parent] = in
	}
	if _, ok := in[dir]; !ok {
		f.count++
	}
	in[dir] = recursive
}

// forget removes dir from the folders that could not be watched.
func (f *folders) forget(dir string) {
	parent := filepath.Dir(dir)
	in := f.failed[parent]
	if _, ok := in[dir]; !ok {
		return
	}
	delete(in, dir)
	f.count--
	if len(in) == 0 {
		delete(f.failed, parent)
	}
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
	was, known := f.lookup(dir)
	switch {
	case err == nil:
		f.forget(dir)
	case errors.Is(err, fs.ErrNotExist):
		f.forget(dir)
		f.w.log.Warn("cannot watch directory", "dir", dir, "err", err)
	case known || f.retrying:
		f.set(dir, was || recursive)
		f.w.log.Debug("still cannot watch directory", "dir", dir, "err", err)
	default:
		f.set(dir, recursive)
		f.fresh++
		f.w.log.Warn("cannot watch directory; it is tried again when its mode changes and from time to time", "dir", dir, "err", err)
	}
}

// retryAll tries again to watch every folder that could not be, and
// returns how many it now watches.
func (f *folders) retryAll() int {
	var dirs []string
	for _, in := range f.failed {
		dirs = slices.AppendSeq(dirs, maps.Keys(in))
	}
	slices.Sort(dirs) // a folder before those below it, which its walk watches
	n := f.retry(dirs)
	if f.lost {
		if added := f.rewatchLost(); added > 0 {
			f.w.log.Info("watching the corpus paths again")
			n += added
		}
	}
	return n
}

// retryChmod tries again, after a change of mode of name, to watch name
// if it could not be, and the folders directly in it that could not be
// (a folder made searchable opens them): a lookup or two, whatever the
// number of other folders that could not be watched.
func (f *folders) retryChmod(name string) {
	var dirs []string
	if _, ok := f.lookup(name); ok {
		dirs = append(dirs, name) // before those in it, which its walk watches
	}
	if in := f.failed[name]; len(in) > 0 {
		dirs = append(dirs, slices.Sorted(maps.Keys(in))...)
	}
	f.retry(dirs)
}

// retry tries again to watch dirs, those of them that still could not be
// watched (a folder's walk watches those below it), and returns how many
// it now watches.
func (f *folders) retry(dirs []string) int {
	watched := 0
	for _, dir := range dirs {
		recursive, ok := f.lookup(dir)
		if !ok {
			continue // watched by the walk of a folder above it
		}
		f.forget(dir)
		if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
			continue // gone; watched again if it comes back
		}
		if li, err := os.Lstat(dir); err == nil && li.Mode()&fs.ModeSymlink != 0 && recursive && !f.w.configuredDir(dir) {
			continue // replaced by a link below a watched folder, which is not followed (handle)
		}
		f.retrying = true
		f.addRoot(root{dir: dir, recursive: recursive})
		f.retrying = false
		if _, still := f.lookup(dir); !still {
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
