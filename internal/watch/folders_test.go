package watch

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"

	"github.com/fsnotify/fsnotify"
)

// refused is the error of a folder its user may not read.
func refused(dir string) error {
	return &fs.PathError{Op: "inotify_add_watch", Path: dir, Err: syscall.EACCES}
}

// withFailed returns a watcher and its folders with the folders failed
// (under dir, each with its subfolders) recorded as not watched, and the
// folders its watchDir is then called for, which it watches (no fsnotify
// watch is made).
func withFailed(tb testing.TB, dir string, failed []string) (*Watcher, *folders, *[]string) {
	tb.Helper()
	var calls []string
	w := New(nil, &fakeSyncer{}, Options{})
	w.watchDir = func(_ *fsnotify.Watcher, d string) error {
		calls = append(calls, d)
		return nil
	}
	f := &folders{w: w, failed: map[string]map[string]bool{}}
	for _, d := range failed {
		f.note(filepath.Join(dir, d), true, refused(d))
	}
	return w, f, &calls
}

// TestChmodRetriesTheFoldersItConcerns: a change of mode tries again to
// watch the folder it names if that could not be watched, and those
// directly in it that could not be (a folder made searchable, chmod +x,
// opens its subfolders), and no other.
func TestChmodRetriesTheFoldersItConcerns(t *testing.T) {
	failed := []string{"locked", "shut/x", "shut/y", "other"}
	tests := []struct {
		name string
		path string // what changes mode, under the test's folder
		want []string
	}{
		{name: "file in a readable folder", path: "open/a.md"},
		{name: "readable folder", path: "open"},
		{name: "folder that could not be watched", path: "locked", want: []string{"locked"}},
		{name: "folder whose subfolders could not be watched", path: "shut", want: []string{"shut/x", "shut/y"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, d := range append([]string{"open"}, failed...) {
				if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			write(t, filepath.Join(dir, "open", "a.md"), "a story")
			w, f, calls := withFailed(t, dir, failed)
			w.handle(f, fsnotify.Event{Name: filepath.Join(dir, tt.path), Op: fsnotify.Chmod})
			var want []string
			for _, d := range tt.want {
				want = append(want, filepath.Join(dir, d))
			}
			if !slices.Equal(*calls, want) {
				t.Errorf("folders watched after chmod of %s = %q, want %q", tt.path, *calls, want)
			}
			if got, want := f.pending(), len(failed)-len(tt.want); got != want {
				t.Errorf("folders still not watched = %d, want %d", got, want)
			}
		})
	}
}

// TestChmodCostDoesNotGrowWithFailedFolders: a change of mode of a file
// costs as much with 4,000 folders that could not be watched as with one.
// Every Chmod event sorted all of them (slices.Sorted(maps.Keys)), and a
// chmod of 20,000 files took seconds of the event loop (helper 120);
// the allocations of that sort are counted here.
func TestChmodCostDoesNotGrowWithFailedFolders(t *testing.T) {
	allocs := func(n int) float64 {
		dir := t.TempDir()
		failed := make([]string, n)
		for i := range failed {
			failed[i] = fmt.Sprintf("locked%05d", i)
		}
		w, f, _ := withFailed(t, dir, failed)
		ev := fsnotify.Event{Name: filepath.Join(dir, "open", "a.md"), Op: fsnotify.Chmod}
		return testing.AllocsPerRun(20, func() { w.handle(f, ev) })
	}
	one, many := allocs(1), allocs(4000)
	if many > one {
		t.Errorf("allocations per Chmod event with 4000 folders not watched = %v, want at most %v (as with 1)", many, one)
	}
}

// BenchmarkChmodWithFailedFolders is a Chmod event of a file while 4,000
// folders could not be watched.
func BenchmarkChmodWithFailedFolders(b *testing.B) {
	dir := b.TempDir()
	failed := make([]string, 4000)
	for i := range failed {
		failed[i] = fmt.Sprintf("locked%05d", i)
	}
	w, f, _ := withFailed(b, dir, failed)
	ev := fsnotify.Event{Name: filepath.Join(dir, "open", "a.md"), Op: fsnotify.Chmod}
	for b.Loop() {
		w.handle(f, ev)
	}
}
