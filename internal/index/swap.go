package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The swap of a rebuild (Live.swap) moves <index> to <index>.old and
// <index>.rebuild to <index>: a process killed between the two renames
// leaves no index at all where it is looked for. Before the first rename
// the swap records its intent in <index>.swap (written, synced, then the
// folder synced), and holds a lock on that file until the old index is
// removed; every Open first finishes or undoes a swap whose intent is
// there and whose lock nobody holds (recoverSwap). The intent names the
// two folders by device and inode, so that only the folders the swap moved
// are moved or deleted, never a copy put in their place.
const (
	swapSuffix = ".swap"
	// tmpSuffix names the intent while it is written, before its rename.
	tmpSuffix = ".tmp"
	// swapFormat marks an intent file as Chronicle's.
	swapFormat = "chronicle-index-swap-1"
	// swapWait bounds the wait for a swap running in another process: one
	// takes a few seconds (two renames and an open).
	swapWait = 2 * time.Minute
)

// swapIntent is what <index>.swap holds.
type swapIntent struct {
	Format string `json:"format"`
	// Old and New are the folderIDs of the index being replaced and of
	// the new one, complete and closed when the intent is written.
	Old string `json:"old"`
	New string `json:"new"`
}

// swapMark is the intent of a swap that is running, and its lock.
type swapMark struct {
	f    *os.File
	path string
}

// markSwap records the intent to swap the index in dir (complete, closed)
// for the one in next (complete, closed) and returns it locked.
func markSwap(dir, next string) (*swapMark, error) {
	in := swapIntent{Format: swapFormat, Old: folderID(dir), New: folderID(next)}
	b, err := json.Marshal(in)
	if err != nil {
		return nil, err
	}
	path := dir + swapSuffix
	tmp := path + tmpSuffix
	// Neither name may hold a file of someone else's: it would be
	// overwritten.
	if exists(path) {
		return nil, fmt.Errorf("record the swap's intent: %s is in the way; move it away", path)
	}
	if exists(tmp) && (!ownIntentTemp(tmp) || os.Remove(tmp) != nil) {
		return nil, fmt.Errorf("record the swap's intent: %s is in the way; move it away", tmp)
	}
	f, err := os.OpenFile(tmp, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("record the swap's intent: %w", err)
	}
	// The lock is on the file, and so on path once it is renamed: a
	// recovery in another process waits for this swap rather than undo it.
	err = lockIntent(context.Background(), f, 0)
	if err == nil {
		_, err = f.Write(b)
	}
	if err == nil {
		err = f.Sync()
	}
	if err == nil {
		err = os.Rename(tmp, path)
		if err == nil {
			tmp = path
		}
	}
	if err == nil {
		err = syncDir(filepath.Dir(dir))
	}
	if err != nil {
		f.Close()
		os.Remove(tmp) // this swap's own, under whichever name it got to
		return nil, fmt.Errorf("record the swap's intent: %w", err)
	}
	return &swapMark{f: f, path: path}, nil
}

// done removes the intent once the swap is finished or undone; the
// renames it covered are made durable first.
func (m *swapMark) done() error {
	defer m.f.Close()
	dir := filepath.Dir(m.path)
	if err := syncDir(dir); err != nil {
		return err
	}
	if err := os.Remove(m.path); err != nil {
		return err
	}
	return syncDir(dir)
}

// keep lets go of the intent and leaves it for the next Open to recover
// from: the swap failed and could not put the old index back.
func (m *swapMark) keep() { m.f.Close() }

// ErrSwapInTheWay is matched (errors.Is) by every error of the recovery
// of a stopped swap that every Open makes first (recoverSwap): such an
// error is about <index>.swap or the folders beside the index, and leaves
// the index as it is. Nothing may be discarded for it (Discardable).
var ErrSwapInTheWay = errors.New("a rebuild's swap is in the way of the index")

// swapRecovery is what recoverSwap did.
type swapRecovery struct {
	// did says what was done, "" when nothing.
	did string
	// inPlace is set when the swap could not be finished because nothing
	// may be written (Options.ReadOnly, or a folder the index is in that
	// this user may not write): the intent and the folders are left as
	// they are, and the index in place, one the intent names and whole,
	// is to be opened read-only (did says so).
	inPlace bool
}

// recoverSwap finishes or undoes a rebuild's swap stopped at the index at
// path, and says what it did. With the intent recorded, the swap is
// finished when the new index is whole (it was closed before the intent
// was written) and opens, else the old index is put back; the old index
// is deleted only once the new one has opened with its store. Without it
// (a swap stopped before it recorded its intent, or by an older release),
// an index found only in <index>.old, where a swap puts it, is moved back.
// Its errors match ErrSwapInTheWay.
func recoverSwap(ctx context.Context, path string, opts Options) (swapRecovery, error) {
	rec, err := recoverSwapAt(ctx, path, opts)
	if err != nil {
		return swapRecovery{}, tagged{err, ErrSwapInTheWay}
	}
	return rec, nil
}

func recoverSwapAt(ctx context.Context, path string, opts Options) (swapRecovery, error) {
	dir := indexFolder(path)
	mark := dir + swapSuffix
	// One test of whether there is an intent, here and in openRecovering
	// (exists): Lstat, which sees a link whether it leads anywhere or not.
	fi, err := os.Lstat(mark)
	if errors.Is(err, fs.ErrNotExist) {
		did, err := recoverUnmarked(dir, opts)
		return swapRecovery{did: did}, err
	}
	if err != nil {
		return swapRecovery{}, fmt.Errorf("open index %q: cannot look at %s, where a rebuild records its swap: %w; the index is left as it is", path, mark, err)
	}
	if !fi.Mode().IsRegular() {
		// A link, a folder, a FIFO: not what markSwap writes (a link
		// would lead the recovery to a file elsewhere).
		return swapRecovery{}, fmt.Errorf("open index %q: %s is in the way: it is not the intent of a rebuild's swap (it is %s, not a file); the index is left as it is: move it away", path, mark, fileKind(fi))
	}
	f, err := os.OpenFile(mark, os.O_RDWR, 0)
	if isNotWritable(err) {
		// Read and locked all the same (flock takes a file open for
		// reading): it may not be writable because nothing here is.
		f, err = os.Open(mark)
	}
	if err != nil {
		return swapRecovery{}, fmt.Errorf("open index %q: cannot read %s, where a rebuild records its swap: %w; the index is left as it is: make it readable to this user, or move it away if it is not Chronicle's", path, mark, err)
	}
	defer f.Close()
	if err := lockIntent(ctx, f, swapWait); err != nil {
		return swapRecovery{}, fmt.Errorf("open index %q: recover the rebuild's swap recorded in %s: %w", path, mark, err)
	}
	// A swap that was running has finished meanwhile.
	fi, err = f.Stat()
	if err != nil {
		return swapRecovery{}, err
	}
	if now, err := os.Lstat(mark); err != nil || !os.SameFile(fi, now) {
		return swapRecovery{}, nil
	}
	var in swapIntent
	b, err := io.ReadAll(io.LimitReader(f, 4096))
	if err == nil {
		err = json.Unmarshal(b, &in)
	}
	if err != nil || in.Format != swapFormat {
		return swapRecovery{}, fmt.Errorf("open index %q: %s is in the way: it is not the intent of a rebuild's swap (%v); the index is left as it is: move it away", path, mark, err)
	}
	parent := filepath.Dir(dir)
	if why := unwritable(parent, opts); why != "" {
		return inPlace(path, dir, mark, why, in)
	}
	did, err := finishSwap(ctx, dir, in, fi.ModTime(), opts)
	if err != nil {
		return swapRecovery{}, fmt.Errorf("open index %q: a rebuild's swap was stopped there, and finishing it failed: %w; "+
			"%s is left for the next open to finish the swap (moving it away instead leaves the folders as they are)", path, err, mark)
	}
	if err := syncDir(parent); err != nil {
		return swapRecovery{}, err
	}
	if err := os.Remove(mark); err != nil {
		if did == "" {
			did = "the rebuild's swap stopped there needed nothing more"
		}
		return swapRecovery{}, fmt.Errorf("open index %q: %s, but its intent %s could not be removed: %w; remove it", path, did, mark, err)
	}
	return swapRecovery{did: did}, syncDir(parent)
}

// unwritable says why the recovery of a swap may write nothing beside the
// index in dir, whose folder is parent: "" when it may.
func unwritable(parent string, opts Options) string {
	switch {
	case opts.ReadOnly:
		return "this open is read-only"
	case !dirWritable(parent):
		return fmt.Sprintf("%s may not be written by this user", parent)
	}
	return ""
}

// inPlace is the recovery of a swap that cannot be finished because
// nothing may be written (why): the index in dir, when it is one of the
// two the intent in names and whole, is opened read-only as it is (the old
// one before the swap's renames, the new one after them), and the intent
// and the folders beside it are left for an open that may write.
func inPlace(path, dir, mark, why string, in swapIntent) (swapRecovery, error) {
	id := folderID(dir)
	which := ""
	switch {
	case !onlyIndex(dir):
	case id == in.New:
		which = "the new index, which the swap had moved in,"
	case id == in.Old:
		which = "the old index, which the swap had not moved,"
	}
	if which == "" {
		return swapRecovery{}, fmt.Errorf("open index %q: a rebuild's swap was stopped there (%s), and it cannot be finished as %s; "+
			"no whole index it names is in %s: open it where it may be written (bot index) to finish the swap", path, mark, why, dir)
	}
	return swapRecovery{inPlace: true, did: fmt.Sprintf("a rebuild's swap was stopped there (%s), and it cannot be finished as %s: "+
		"%s in place, is opened read-only; %s and the folders beside the index are left as they are for an open that may write (bot index) to finish the swap",
		mark, why, which, mark)}, nil
}

// fileKind names what fi is, for a message.
func fileKind(fi fs.FileInfo) string {
	switch m := fi.Mode(); {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsDir():
		return "a folder"
	default:
		return "a special file"
	}
}

// finishSwap brings the folders of a stopped swap (intent in, recorded at
// marked) to one index in dir, and says what it did.
func finishSwap(ctx context.Context, dir string, in swapIntent, marked time.Time, opts Options) (string, error) {
	if in.Old == "" || in.New == "" {
		// Folders cannot be told from copies here (folderID): only an
		// index found in <index>.old is put back, as without an intent.
		return recoverUnmarked(dir, opts)
	}
	old, next := dir+oldSuffix, dir+rebuildSuffix
	is := func(p, id string) bool { return folderID(p) == id }
	var did []string
	switch {
	case !exists(dir) && is(next, in.New) && onlyIndex(next):
		if err := os.Rename(next, dir); err != nil {
			return "", fmt.Errorf("move the new index into place: %w", err)
		}
		did = append(did, "the new index was moved into place")
	case !exists(dir) && is(old, in.Old) && onlyIndex(old):
		if err := os.Rename(old, dir); err != nil {
			return "", fmt.Errorf("move the old index back: %w", err)
		}
		return "a rebuild's swap was stopped, and the new index is not there: the old index was moved back from " + old, nil
	case !exists(dir):
		return "", fmt.Errorf("neither %s nor %s holds the index it moved; put the index back in %s", next, old, dir)
	case is(dir, in.Old) && is(next, in.New) && !exists(old) && onlyIndex(next):
		// Stopped after the intent, before the first rename.
		if err := os.Rename(dir, old); err != nil {
			return "", fmt.Errorf("move the old index aside: %w", err)
		}
		if err := os.Rename(next, dir); err != nil {
			if rerr := os.Rename(old, dir); rerr != nil {
				return "", errors.Join(fmt.Errorf("move the new index into place: %w", err), fmt.Errorf("move the old index back: %w", rerr))
			}
			return "", fmt.Errorf("move the new index into place: %w", err)
		}
		did = append(did, "the new index was moved into place")
	}
	if !is(dir, in.Old) && !is(dir, in.New) {
		// Made in the index's place while the swap was stopped (or by an
		// open racing it): which index is meant is not for this to guess.
		return "", fmt.Errorf("%s holds neither the index the swap moved nor the new one; move it away, and the next open finishes the swap", dir)
	}
	if !is(dir, in.New) || !is(old, in.Old) {
		// Nothing more of the swap's is there to finish.
		return strings.Join(did, "; "), nil
	}
	// The old index goes only once the new one has opened whole, with
	// its store: an open that may create or wipe would take a folder a
	// kill emptied (inside the swap's own open, or its removal of a new
	// index that did not open) for an empty index.
	o := opts
	o.existing = true
	ix, err := openDir(ctx, dir, o)
	if err == nil && ix.Reset {
		ix.Close()
		err = errors.New("it was broken and came back empty")
	}
	if err != nil {
		if ctx.Err() != nil || isInUse(err) || exists(next) {
			return "", fmt.Errorf("open the new index: %w", err)
		}
		// Set aside where the next rebuild makes it again, not deleted.
		if rerr := os.Rename(dir, next); rerr != nil {
			return "", errors.Join(fmt.Errorf("open the new index: %w", err), fmt.Errorf("move it aside: %w", rerr))
		}
		if rerr := os.Rename(old, dir); rerr != nil {
			return "", errors.Join(fmt.Errorf("open the new index: %w", err), fmt.Errorf("move the old index back: %w", rerr))
		}
		return fmt.Sprintf("a rebuild's swap was stopped, and the new index did not open (%v): the old index was moved back, the new one left in %s", err, next), nil
	}
	if err := ix.Close(); err != nil {
		return "", fmt.Errorf("close the new index: %w", err)
	}
	// The swap wrote nothing to the old index once its intent was
	// recorded: a store written since was used after the swap stopped
	// (an index link repointed at <index>.old), and what it got since is
	// in no other index.
	if st, err := os.Stat(filepath.Join(old, entryStore)); err == nil && st.ModTime().After(marked) {
		did = append(did, fmt.Sprintf("kept the old index in %s: its store was written after the swap was stopped (%s), so it was in use since; "+
			"take what you need from it, then move it away or delete it", old, st.ModTime().UTC().Format(time.RFC3339)))
	} else if warn := removeOldIndex(dir, old); warn != "" {
		did = append(did, warn)
	} else {
		did = append(did, "the old index was removed")
	}
	return "a rebuild's swap was stopped and is finished: " + strings.Join(did, "; "), nil
}

// removeOldIndex deletes the old index a swap moved to old, once the new
// one in dir is open, and returns a warning when it leaves it. Damaged
// stores a reset kept are their owner's to remove: they move into the new
// index folder rather than go with the old one. A folder that holds
// anything but an index's entries is left whole.
func removeOldIndex(dir, old string) string {
	if other, err := Foreign(old); err != nil || len(other) > 0 {
		if err == nil {
			err = fmt.Errorf("it holds %q, which is not part of an index", other[0])
		}
		return fmt.Sprintf("kept the old index in %s: %v", old, err)
	}
	damaged, _ := filepath.Glob(filepath.Join(old, damagedPrefix+"*"))
	for _, k := range damaged {
		if err := os.Rename(k, filepath.Join(dir, filepath.Base(k))); err != nil {
			return fmt.Sprintf("kept the old index in %s: could not move %s out of it: %v", old, k, err)
		}
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Sprintf("could not remove the old index: %v", err)
	}
	return ""
}

// recoverUnmarked moves an index back from <dir>.old when none is in dir
// and no intent says where the swap was: only a swap puts one there, and
// a swap stopped before its intent was recorded had not moved the old
// index yet, so this is one by an older release, stopped between its
// renames. Its new index, if any, stays in <dir>.rebuild, where the next
// rebuild makes it again.
func recoverUnmarked(dir string, opts Options) (string, error) {
	old := dir + oldSuffix
	if tmp := dir + swapSuffix + tmpSuffix; exists(tmp) && ownIntentTemp(tmp) {
		// An intent never recorded: its swap had not begun.
		os.Remove(tmp)
	}
	if exists(dir) || !onlyIndex(old) {
		return "", nil
	}
	if opts.ReadOnly {
		return "", fmt.Errorf("open index %q read-only: the index is in %s, where a rebuild stopped during its swap left it; open it for writing (bot index) to move it back", dir, old)
	}
	if err := os.Rename(old, dir); err != nil {
		return "", fmt.Errorf("open index %q: the index is in %s, where a rebuild stopped during its swap left it, and moving it back failed: %w", dir, old, err)
	}
	if err := syncDir(filepath.Dir(dir)); err != nil {
		return "", err
	}
	return "a rebuild stopped during its swap had left the index in " + old + "; it was moved back", nil
}

// ownIntentTemp reports whether tmp is an intent markSwap began to write
// (empty, cut short or whole) and no swap holds now.
func ownIntentTemp(tmp string) bool {
	f, err := os.OpenFile(tmp, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	if lockIntent(context.Background(), f, 0) != nil {
		return false
	}
	b, err := io.ReadAll(io.LimitReader(f, 4097))
	if err != nil || len(b) > 4096 {
		return false
	}
	head := `{"format":"` + swapFormat + `"`
	return strings.HasPrefix(head, string(b)) || strings.HasPrefix(string(b), head)
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// onlyIndex reports whether the folder p holds an index and nothing else.
func onlyIndex(p string) bool {
	if fi, err := os.Lstat(p); err != nil || !fi.IsDir() {
		return false
	}
	if other, err := Foreign(p); err != nil || len(other) > 0 {
		return false
	}
	return exists(filepath.Join(p, entryStore))
}
