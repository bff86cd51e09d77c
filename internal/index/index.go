// Package index stores articles and finds them again. It wraps Bleve, which
// holds the inverted indexes (title and text with English stemming, the
// publication date, the outlet), and a bbolt store beside it that keeps each
// article in full, the corpus files it came from, and the index's own state.
//
// Layout of an index directory:
//
//	bleve/        Bleve (scorch) index, one document per article
//	store.db      bbolt: articles, catalog, file records, state
//
// Incremental rule: a corpus file whose size and modification time are
// unchanged is not read again; a changed file is re-read and each of its
// articles is compared by content hash (unchanged: left alone; changed:
// replaced; new: added); articles of a file that is gone from a configured
// path, or no longer in the file, are removed, within the limits of
// SyncOptions (sources.go): files outside the configured paths are kept, and
// a sync that would remove a large share of the index or all of a path
// refuses unless pruning. Articles added with Put (feeds) belong to their
// origin and are only replaced, never removed by Sync.
//
// Segments: Bleve writes a segment per batch, and a search reads every
// segment. A new index is built with a merge plan that merges little, and a
// sync that adds or updates at least 1,000 articles and a quarter of the
// index merges it into one segment at its end (compact.go); later opens use
// Bleve's default plan, which merges a feed's small segments as they come.
//
// Crash safety: before any change the store is marked dirty and after both
// Bleve and the store have committed it is marked clean. Each store write is
// one transaction, so an index found dirty, or whose search files (Bleve) are
// missing, damaged or disagree with the store, is repaired on Open: the
// search index is made again from the stored articles and Repaired says so;
// nothing is lost, a feed's articles included. An index whose store is
// unreadable or of an earlier format version (other than format 5, which is
// read as it is) is wiped and comes back empty with Reset set, so the next
// Sync rebuilds it rather than serving a silently broken index; one of a
// later format, a later release's, is refused (ErrNewerFormat) and kept as
// it is. The same holds for a damaged store.db: Open walks
// its pages first (package boltfile) instead of letting bbolt panic on them,
// and ResetReason names the damage; damage found later comes back from reads
// as an error matching boltfile.ErrDamaged.
//
// The directory belongs to the index: Open refuses a directory that holds
// other files and no index, and Remove deletes only the entries above. An
// index the user may not write (a read-only copy on a replica) opens
// read-only: it answers searches, its Sync and Put fail with ErrReadOnly,
// and it is never wiped.
//
// Live (live.go) is the index `bot serve` answers from: Rebuild builds a
// fresh index beside it and swaps it in while it serves, replaying the
// feed articles put during the build.
package index

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/boltfile"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// Options tune an index.
type Options struct {
	// BatchSize is the number of articles per Bleve batch (default 250).
	BatchSize int
	// BatchBytes ends a batch early once its articles hold this many bytes
	// of text (default 2 MiB), which bounds the memory a batch takes.
	BatchBytes int
	// SuggestMinDocs is the fewest articles the index must hold before
	// Suggest corrects spellings (default 1000): in a small corpus a word
	// is absent because the corpus is small, not because it is misspelt.
	SuggestMinDocs int
	// Progress, when set, is told how far a long sync has come.
	Progress Progress
	// Now returns the current time (default time.Now).
	Now func() time.Time
	// ReadOnly opens the index read-only even when it may be written. An
	// index whose files may not be written opens read-only anyway.
	ReadOnly bool
	// Damaged, when set, is told of a stored article whose record was
	// found damaged on disk (its checksum does not match, or it does not
	// decode) by a search, once per article while the index is open. The
	// article is left out of results; the next Sync reads it again from
	// its corpus file.
	Damaged func(id string, err error)

	// repairing, when set, is called by Open once it has found that the
	// search index must be made again, before it does so (tests race
	// another holder of the store there).
	repairing func()
	// swapping, when set, is called by a rebuild's swap after each of its
	// steps (stepClosed and on; tests end the process there).
	swapping func(step string)
	// retrieving, when set, is called by Retrieve between counting the
	// articles and searching (tests put articles there).
	retrieving func()
	// storing, when set, is called by each batch's commit before its store
	// write; an error or a panic there fails the commit (tests).
	storing func() error
	// bleveDates makes date ranges Bleve's own DateRangeQuery instead of
	// the dateFilter that reads the index's date tables (tests compare
	// the two).
	bleveDates bool
	// existing opens only an index that is there whole (openDirWith): a
	// folder without a store, or a store that holds no index yet, is an
	// error rather than a new index, and a broken index is an error rather
	// than wiped. The swap and its recovery open the new index so before
	// they delete the old one: a folder emptied by a kill must not pass
	// for a whole (empty) index.
	existing bool
	// compactMin is the fewest articles a sync writes to merge the index
	// into one segment (default compactMin).
	compactMin int
}

// Progress receives progress reports during Sync.
type Progress interface {
	// Start announces a phase with its total units (bytes or articles).
	Start(phase string, total int64)
	// Add reports n more units done.
	Add(n int64)
	// Done ends the phase.
	Done()
}

// Index is an open article index. It is safe for concurrent use: searches
// run while a sync writes.
type Index struct {
	dir   string
	bleve bleve.Index
	store *store
	terms *terms.Analyzer
	opts  Options

	// Reset is true when Open found a broken or outdated index and wiped it;
	// ResetReason says what was wrong (e.g. the state file store.db is
	// damaged).
	Reset       bool
	ResetReason string
	// Repaired says what Open mended without losing an article: after a
	// build or update that did not finish, or with the search files missing or
	// damaged, the search index is made again from the article store,
	// which holds every article (a feed's included); "" when nothing was.
	Repaired string
	// StoppedSwap, when set, says that a rebuild's swap stopped at the
	// index could not be finished because nothing may be written there
	// (a folder the index is in that this user may not write, or
	// Options.ReadOnly), and that the index in place was opened read-only
	// as it is. Nothing was mended: it is apart from Repaired so that it
	// is not reported as a repair.
	StoppedSwap string
	// searchOnly marks, during open, a problem of what is made from the
	// stored articles alone (the search files, the catalog): a repair.
	searchOnly bool
	// ReadOnly is true when the index files may not be written: searches
	// work, Sync and Put return ErrReadOnly.
	ReadOnly bool
	// unsearchable, when set, says why the search files were not opened
	// (openDirWith with storeOnly): only the store and catalog are, and
	// the index must not be searched, synced or put to.
	unsearchable string

	// damagedSeen holds the IDs of the damaged records already reported
	// to Options.Damaged.
	damagedSeen sync.Map

	writeMu sync.Mutex // serialises Sync and Put
	// commitFailed is set once a batch's commit has failed: Bleve and the
	// store may then disagree (a batch in one and not the other), so no
	// later Sync or Put marks the index clean while it is open, and the
	// next Open makes the search index again from the store.
	commitFailed atomic.Bool
	cat          catalog
	dates        dateTables // the dates of the search segments (dateFilter)
}

// Open opens the index in dir, creating it when absent. Broken search files
// are made again from the store (Repaired); an index whose store is broken
// or outdated is wiped and reopened empty with Reset set; a read-only one is
// opened read-only, and an error says why when it cannot be used as it is.
//
// A rebuild's swap that was stopped (the process killed between its
// renames) is finished or undone first (recoverSwap), so that the index is
// found whole at dir.
func Open(ctx context.Context, dir string, opts Options) (*Index, error) {
	return openRecovering(ctx, dir, opts.withDefaults(), false)
}

// openRecovering is Open (OpenForRebuild with storeOnly). An open that
// waited for the index's lock while a rebuild in another process swapped
// it may have got the old index just before it was moved aside and
// deleted: when the swap's intent is there once the index is open, or the
// folder at path is another one, it opens again (and so waits for the
// swap, then finds the new index, or that it is in use).
func openRecovering(ctx context.Context, path string, opts Options, storeOnly bool) (*Index, error) {
	var notes []string
	for attempt := 1; ; attempt++ {
		rec, err := recoverSwap(ctx, path, opts)
		if err != nil {
			return nil, err
		}
		if rec.did != "" && !rec.inPlace {
			notes = append(notes, rec.did)
		}
		dir := indexFolder(path)
		id := folderID(dir)
		o := opts
		if rec.inPlace {
			// The swap cannot be finished here: the index in place is
			// opened as it is, and nothing of it is written or wiped.
			o.ReadOnly, o.existing = true, true
		}
		ix, err := openDirWith(ctx, path, o, storeOnly)
		if err != nil {
			if rec.inPlace {
				return nil, tagged{fmt.Errorf("%s; but it did not open: %w", rec.did, err), ErrSwapInTheWay}
			}
			return nil, err
		}
		// An intent left in place (rec.inPlace) is this open's own doing,
		// not a swap running meanwhile.
		if (rec.inPlace || !exists(dir+swapSuffix)) && (id == "" || folderID(dir) == id) {
			if len(notes) > 0 {
				ix.Repaired = strings.TrimSuffix(strings.Join(notes, "; ")+"; "+ix.Repaired, "; ")
			}
			if rec.inPlace {
				ix.StoppedSwap = rec.did
			}
			return ix, nil
		}
		ix.Close()
		if attempt == 3 {
			return nil, tagged{fmt.Errorf("open index %q: a rebuild in another process kept swapping it while it was opened (%s came and went); try again", path, dir+swapSuffix), ErrSwapInTheWay}
		}
	}
}

// withDefaults fills in the options left zero.
func (opts Options) withDefaults() Options {
	if opts.BatchSize <= 0 {
		opts.BatchSize = 250
	}
	if opts.BatchBytes <= 0 {
		opts.BatchBytes = 2 << 20
	}
	if opts.SuggestMinDocs <= 0 {
		opts.SuggestMinDocs = 1000
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.compactMin <= 0 {
		opts.compactMin = compactMin
	}
	return opts
}

// openDir is Open without the recovery of a stopped swap: the swap itself
// opens the folders it moves with it, and opts has its defaults.
func openDir(ctx context.Context, dir string, opts Options) (*Index, error) {
	return openDirWith(ctx, dir, opts, false)
}

// openDirWith is openDir; with storeOnly, an index whose search files need
// repair (a build or update that did not finish, Bleve missing, damaged or at odds
// with the store) is opened without them, unrepaired: only its store and
// catalog, with unsearchable saying why (see OpenForRebuild).
//
// With opts.existing it opens only an index that is there whole, and
// never creates or wipes one; the index returned has opts.existing unset.
func openDirWith(ctx context.Context, dir string, opts Options, storeOnly bool) (ix *Index, err error) {
	defer func() {
		if ix != nil {
			ix.opts.existing = false
		}
	}()
	if opts.existing {
		if fi, err := os.Lstat(filepath.Join(dir, entryStore)); err != nil || !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("open index %q: it holds no article store (%s): it is not a whole index", dir, entryStore)
		}
	}
	if _, err := os.Stat(dir); opts.ReadOnly && errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("open index %q read-only: there is no index there", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create index dir %q: %w", dir, err)
	}
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	readOnly := opts.ReadOnly || !writable(dir)
	ix, reason, err := open(dir, opts, readOnly)
	if err == nil && reason == "" {
		return ix, nil
	}
	if storeOnly && err == nil && ix.searchOnly && ix.withoutSearch() {
		ix.unsearchable = reason
		return ix, nil
	}
	// A repair keeps the store open, and so locked, from this first look
	// to the repaired index: let go of in between, another process could
	// take it and make the repair fail as "in use".
	var held *store
	if ix != nil {
		if err == nil && ix.searchOnly && !readOnly {
			held, ix.store = ix.store, nil
		}
		ix.Close()
	}
	if err != nil && !errors.Is(err, errBroken) {
		return nil, err
	}
	why := reason
	if held != nil {
		if opts.repairing != nil {
			opts.repairing()
		}
		ix, err := repairSearch(ctx, held, dir, opts, reason)
		if err == nil {
			return ix, nil
		}
		if isNotWritable(err) {
			return nil, err
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("open index %q: %s; the repair was stopped (%w): the stored articles are kept and the repair starts again at the next open", dir, reason, err)
		}
		if !wipeAfterFailedRepair(err) {
			return nil, tagged{fmt.Errorf("open index %q: %s, and the search index could not be made again from the store: %w; "+
				"the stored articles are kept and the repair is tried again at the next open (bot index --rebuild discards them and builds the index again)",
				dir, reason, err), ErrUnrepairable}
		}
		why = fmt.Sprintf("%s, and the search index could not be made again from the store (%v)", reason, err)
	}
	var damaged *boltfile.DamagedError
	switch {
	case errors.As(err, &damaged):
		why = damaged.Error()
	case err != nil:
		why = strings.TrimPrefix(err.Error(), errBroken.Error()+": ")
	}
	if opts.existing {
		return nil, fmt.Errorf("open index %q: %s; it is left as it is", dir, why)
	}
	if readOnly {
		return nil, fmt.Errorf("open index %q: it is read-only to this user and cannot be used as it is (%s); make its files readable and writable, or rebuild it with bot index", dir, why)
	}
	// A damaged store's bytes are kept in the index folder, not deleted:
	// what it held may still be read out of it by hand.
	if errors.Is(err, boltfile.ErrDamaged) {
		to, merr := boltfile.MoveAside(filepath.Join(dir, entryStore), opts.Now())
		if merr != nil {
			return nil, fmt.Errorf("open index %q: %s; moving the damaged store aside: %w", dir, why, merr)
		}
		why += "; the damaged store was moved aside to " + to
	}
	// Broken or outdated: wipe and start again.
	if err := removeEntries(dir); err != nil {
		return nil, fmt.Errorf("wipe index %q: %w", dir, err)
	}
	ix, reason, err = open(dir, opts, false)
	if err != nil {
		return nil, err
	}
	if reason != "" {
		ix.Close()
		return nil, fmt.Errorf("open index %q: still broken after rebuild: %s", dir, reason)
	}
	ix.Reset = true
	ix.ResetReason = why
	return ix, nil
}

// The entries of an index directory.
const (
	entryBleve = "bleve"
	entryStore = "store.db"
)

// ErrNewerFormat is returned by Open for an index written by a later
// release (a higher format version), which is kept as it is.
var ErrNewerFormat = errors.New("the index has a newer format")

// ErrUnrepairable is matched (errors.Is) by the error of Open for an index
// whose search files could not be made again from its store, which is not
// damaged: the stored articles are kept for the next open to try again.
var ErrUnrepairable = errors.New("the search index could not be made again from the store")

// Discardable reports whether err, from Open or OpenForRebuild, says that
// this release cannot use the index and a rebuild can only start afresh:
// the index is of a later format, or its search files cannot be made
// again from its store. Any other error leaves the index as it is and is
// no reason to discard it: a store that is not a file or cannot be read,
// an index in use, an open stopped, and above all a stopped swap's
// recovery that refused (ErrSwapInTheWay), whose errors are about
// <index>.swap and the folders beside the index, not the index.
func Discardable(err error) bool {
	if err == nil || isInUse(err) || errors.Is(err, ErrSwapInTheWay) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	return errors.Is(err, ErrNewerFormat) || errors.Is(err, ErrUnrepairable)
}

// tagged is err, which errors.Is also matches to tag, a sentinel that is
// left out of the message.
type tagged struct{ err, tag error }

func (e tagged) Error() string   { return e.err.Error() }
func (e tagged) Unwrap() []error { return []error{e.err, e.tag} }

// newerFormat reports whether version names a later format than this
// release's ("chronicle-index-N" with a higher N).
func newerFormat(version string) bool {
	n, ok := formatNumber(version)
	ours, _ := formatNumber(formatVersion)
	return ok && n > ours
}

// formatNumber reads N of "chronicle-index-N".
func formatNumber(version string) (int, bool) {
	rest, ok := strings.CutPrefix(version, formatPrefix)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil && n > 0
}

// ErrReadOnly is returned by Sync and Put on an index opened read-only.
var ErrReadOnly = errors.New("the index is read-only")

// OtherFiles returns, for a directory that holds entries none of an
// index's and no article store (a folder of other files, which Open
// refuses), the first of them; "" for any other directory, or one that
// does not exist.
func OtherFiles(dir string) (string, error) {
	others, err := Foreign(dir)
	if err != nil || len(others) == 0 {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(dir, entryStore)); !errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	return others[0], nil
}

// checkDir refuses a directory that holds files but no index (the index
// must not mix its files with others, which a rebuild would delete), and
// one whose store.db is another program's: no bbolt file while no search
// index stands beside it, or a bbolt file whose buckets are none of an
// article store's. A store.db once made any folder count as an index, and
// a reset then deleted that program's store.db and bleve folder (helper
// 83). Other files beside an index's entries (lost+found at a volume's
// root) are left alone: an index removes only its own entries.
func checkDir(dir string) error {
	other, err := OtherFiles(dir)
	if err != nil {
		return err
	}
	if other != "" {
		return fmt.Errorf("index dir %q is not empty and holds no index (it has %q): use an empty or new directory for the index", dir, other)
	}
	store := filepath.Join(dir, entryStore)
	_, storeErr := os.Stat(store)
	noStore := errors.Is(storeErr, fs.ErrNotExist)
	_, bleveErr := os.Lstat(filepath.Join(dir, entryBleve))
	if bleveErr == nil && noStore && !isBleveDir(filepath.Join(dir, entryBleve)) {
		// A folder the user named "bleve", alone in the index dir: a reset
		// deleted what it held (nu42).
		return fmt.Errorf("index dir %q is not empty and holds no index (its %s folder is no search index: it has no %s): "+
			"it is left as it is; use an empty or new directory for the index", dir, entryBleve, bleveMeta)
	}
	if errors.Is(bleveErr, fs.ErrNotExist) && boltfile.NoMagic(store) != nil {
		return fmt.Errorf("index dir %q holds a %s that is not an article store (no bbolt file) and no search index: "+
			"it is not a Chronicle index, and is left as it is; use an empty or new directory for the index", dir, entryStore)
	}
	if b := foreignBucket(store); b != "" {
		return fmt.Errorf("open index %q: its %s is %w: it holds a bucket %q and none of an article store's; "+
			"it is left as it is; use an empty or new directory for the index", dir, entryStore, ErrForeignStore, b)
	}
	return nil
}

// bleveMeta is the file every Bleve index folder holds.
const bleveMeta = "index_meta.json"

// isBleveDir reports whether path is a folder that holds a Bleve index's
// metadata file (JSON naming its storage, as Bleve writes it; a file of
// that name that is not, the user's, does not make one: review rev42), or
// an empty folder (a build stopped before writing it).
func isBleveDir(path string) bool {
	if b, err := os.ReadFile(filepath.Join(path, bleveMeta)); err == nil && len(b) < 1<<16 {
		var meta struct {
			Storage string `json:"storage"`
		}
		return json.Unmarshal(b, &meta) == nil && meta.Storage != ""
	}
	ents, err := os.ReadDir(path)
	return err == nil && len(ents) == 0
}

// foreignBucket returns a bucket of the bbolt file at path when none of its
// buckets is an article store's (another program's file), or "". It reads
// the file read-only, so that such a file is never written: a read-write
// open writes to some (etcd's, without a freelist), and their bytes changed
// before the refusal (review rev40). A file that does not open is left to
// the store's own open, which says why.
func foreignBucket(path string) (other string) {
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 {
		return ""
	}
	defer func() {
		if recover() != nil { // damage: the store's own open says what it is
			other = ""
		}
	}()
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true, Timeout: 100 * time.Millisecond})
	if err != nil {
		return ""
	}
	defer db.Close()
	_ = db.View(func(tx *bolt.Tx) error {
		other = foreignBucketIn(tx)
		return nil
	})
	return other
}

// Foreign lists the entries of dir that do not belong to an index (a
// rebuild in dir would have to refuse them); a write probe left by a crash
// belongs to it.
func Foreign(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read index dir %q: %w", dir, err)
	}
	var out []string
	for _, e := range entries {
		if n := e.Name(); n != entryStore && n != entryBleve && !strings.HasPrefix(n, probePrefix) && !strings.HasPrefix(n, damagedPrefix) {
			out = append(out, n)
		}
	}
	return out, nil
}

// Remove deletes the index in dir: its own entries, then dir itself when
// nothing else is left in it. A directory without an index is left alone,
// and an index in use by another process is not touched.
func Remove(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, entryStore)); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	// Take the store's lock first: a running bot serve keeps it.
	if st, err := openStore(filepath.Join(dir, entryStore), false); err != nil {
		if isInUse(err) {
			return fmt.Errorf("remove index %q: %w", dir, err)
		}
	} else {
		st.close()
	}
	if err := removeEntries(dir); err != nil {
		return fmt.Errorf("remove index %q: %w", dir, err)
	}
	if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrExist) && !isNotEmpty(err) {
		return fmt.Errorf("remove index dir %q: %w", dir, err)
	}
	return nil
}

func removeEntries(dir string) error {
	if err := os.RemoveAll(filepath.Join(dir, entryBleve)); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dir, entryStore)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// isNotEmpty reports a failed removal of a directory that still has files.
func isNotEmpty(err error) bool {
	return errors.Is(err, syscall.ENOTEMPTY) || errors.Is(err, syscall.EEXIST)
}

// isNotWritable reports a permission error or a read-only file system.
func isNotWritable(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// damagedPrefix names a damaged store moved aside by a reset (boltfile's
// naming): it belongs to the index, and is kept until its owner removes it.
const damagedPrefix = entryStore + ".damaged-"

// bleveRoot is the path of Bleve's own bbolt file in its index folder
// bdir.
func bleveRoot(bdir string) string { return filepath.Join(bdir, "store", "root.bolt") }

// probePrefix names the files writable creates and removes at once.
const probePrefix = ".write-probe-"

// writable reports whether the index in dir may be written: its store and
// Bleve's root file open for writing, and files can be created beside them.
// Where they do not exist yet, only the directories are tried.
func writable(dir string) bool {
	for _, f := range []string{filepath.Join(dir, entryStore), bleveRoot(filepath.Join(dir, entryBleve))} {
		h, err := os.OpenFile(f, os.O_RDWR, 0)
		if isNotWritable(err) {
			return false
		}
		if err == nil {
			h.Close()
		}
	}
	for _, d := range []string{dir, filepath.Join(dir, entryBleve, "store")} {
		h, err := os.CreateTemp(d, probePrefix+"*")
		if isNotWritable(err) {
			return false
		}
		if err == nil {
			h.Close()
			os.Remove(h.Name())
		}
	}
	return true
}

var errBroken = errors.New("index is broken")

// open opens dir as it is; reason is non-empty when the index must be wiped.
func open(dir string, opts Options, readOnly bool) (*Index, string, error) {
	st, err := openStore(filepath.Join(dir, entryStore), readOnly)
	if err != nil {
		if isInUse(err) || isNotWritable(err) {
			return nil, "", err
		}
		if readOnly && errors.Is(err, fs.ErrNotExist) {
			return nil, "", fmt.Errorf("create index in %q: %w", dir, fs.ErrPermission)
		}
		if !errors.Is(err, boltfile.ErrDamaged) {
			// Not damage (a read that failed, a path that is no file):
			// nothing says the store is lost, so it is left alone.
			return nil, "", fmt.Errorf("open index %q: %w; the index is left as it is", dir, err)
		}
		return nil, "", fmt.Errorf("%w: %w", errBroken, err)
	}
	return openOn(st, dir, opts, readOnly)
}

// openOn is open over the store st, already open; the Index it returns
// (never nil) holds st, and closing it closes st.
func openOn(st *store, dir string, opts Options, readOnly bool) (*Index, string, error) {
	ix := &Index{dir: dir, store: st, terms: terms.New(), opts: opts, ReadOnly: readOnly}
	if m := st.db.Mended(); m != nil {
		ix.Repaired = m.String()
	}
	version, err := st.meta(keyVersion)
	if err != nil {
		return ix, "", fmt.Errorf("%w: %v", errBroken, err)
	}
	dirty, _ := st.meta(keyDirty)
	bdir := filepath.Join(dir, entryBleve)
	_, statErr := os.Stat(bdir)
	switch {
	case version == "" && (readOnly || opts.existing):
		return ix, "", fmt.Errorf("%w: the store holds no index yet", errBroken)
	case version == "" && os.IsNotExist(statErr):
		// A new index.
		b, err := newBleve(bdir)
		if err != nil {
			return ix, "", fmt.Errorf("create bleve index %q: %w", bdir, err)
		}
		ix.bleve = b
		if err := st.setMeta(keyVersion, []byte(formatVersion), keyDirty, []byte("0")); err != nil {
			return ix, "", fmt.Errorf("init index state: %w", err)
		}
	case newerFormat(version):
		// A later release's index: this one cannot read it, and wiping it
		// would lose its articles (a feed's, which no file gives back)
		// when a release is rolled back.
		return ix, "", fmt.Errorf("open index %q: %w: it was written by a later release of Chronicle (format %s; this release reads %s): "+
			"run that release or a later one, or discard it and build it again with bot index --rebuild", dir, ErrNewerFormat, version, formatVersion)
	case version == "":
		// A search index stands without the store it was built with
		// (store.db deleted or lost): said as that, not as a format
		// version "" (helper 96).
		return ix, "the article store is new or empty beside an existing search index (store.db deleted?)", nil
	case version != formatVersion && version != formatReadable:
		return ix, "format version " + version + " is not " + formatVersion, nil
	case dirty != "0":
		ix.searchOnly = true
		return ix, "a previous build or update did not finish", nil
	default:
		// Bleve keeps its own bbolt file (root.bolt): damage there must
		// not panic either. Its pages are checked first: Bleve's
		// persister reads and frees old snapshots in a goroutine of its
		// own, where a damaged page faulted the process on every start
		// (fatal, past any recover) or left a write lock held so that
		// Close never returned (helper 96). Read-only, another process
		// may be writing it, and nothing could be repaired.
		if !readOnly {
			err := boltfile.Check(bleveRoot(bdir), time.Second)
			if errors.Is(err, boltfile.ErrDamaged) {
				ix.searchOnly = true
				return ix, "bleve: " + err.Error(), nil
			}
			if err != nil {
				return ix, "", fmt.Errorf("check bleve index %q: %w", bdir, err)
			}
		}
		var b bleve.Index
		err := boltfile.Guard(bdir, func() error {
			var err error
			b, err = openBleve(bdir, readOnly)
			return err
		})
		if isNotWritable(err) {
			return ix, "", fmt.Errorf("open bleve index %q: %w", bdir, err)
		}
		if err != nil {
			ix.searchOnly = true
			return ix, "bleve: " + err.Error(), nil
		}
		// A damaged segment opens, and a search that reads its damaged
		// part panics or asks for terabytes (helper 83): its checksum
		// says so first, and the repair makes it again from the store.
		// Read-only, nothing can be repaired: the index is used as it is,
		// a query that meets the damage failing alone (searchPanic), as
		// before the check (review rev40).
		name, err := "", error(nil)
		if !readOnly {
			name, err = damagedSegment(b)
		}
		if err != nil {
			b.Close()
			return ix, "", fmt.Errorf("check bleve index %q: %w", bdir, err)
		}
		if name != "" {
			b.Close()
			ix.searchOnly = true
			return ix, "bleve: segment " + name + " does not match its checksum (damaged)", nil
		}
		ix.bleve = b
	}
	n, err := ix.bleve.DocCount()
	if err := ix.loadCatalog(int(n)); err != nil {
		// The catalog is made from the stored articles, as the search
		// index is: the repair makes it again. Wiping the index instead
		// lost every stored article for one record that did not decode.
		ix.searchOnly = true
		return ix, "catalog: " + err.Error(), nil
	}
	if err != nil || int(n) != ix.cat.len() {
		ix.searchOnly = true
		return ix, fmt.Sprintf("bleve holds %d documents, the store %d", n, ix.cat.len()), nil
	}
	if !readOnly {
		if id, err := ix.notSearchable(); err != nil {
			return ix, "", fmt.Errorf("check bleve index %q: %w", bdir, err)
		} else if id != "" {
			ix.searchOnly = true
			return ix, fmt.Sprintf("bleve holds as many documents as the store, but not its article %q (a search index of another build or time)", id), nil
		}
	}
	return ix, "", nil
}

// notSearchable returns a stored article that the search index does not
// hold, of a sample of the catalog (the newest published and others), or
// "" when it holds them all. A search index of another build or time that
// holds as many documents as the store (a bleve folder restored from a
// backup, or copied from another index of that size) passed the count, and
// its articles were never found (helper 96).
func (ix *Index) notSearchable() (string, error) {
	const newest, others = 16, 16
	var top, rest []entry
	low := 0                        // the index in top of its oldest
	for _, e := range ix.cat.byID { // in the map's own, random order
		switch {
		case len(top) < newest:
			top = append(top, e)
		case e.Published.After(top[low].Published):
			if len(rest) < others {
				rest = append(rest, top[low])
			}
			top[low] = e
		default:
			if len(rest) < others {
				rest = append(rest, e)
			}
			continue
		}
		for i := range top {
			if top[i].Published.Before(top[low].Published) {
				low = i
			}
		}
	}
	for _, e := range append(top, rest...) {
		doc, err := ix.bleve.Document(e.ID)
		if err != nil {
			return "", err
		}
		if doc == nil {
			return e.ID, nil
		}
	}
	return "", nil
}

// withoutSearch lets go of the search files of an index open must repair
// and keeps its store and catalog (loading it when open did not get to),
// and reports whether it could; when not, ix is as open left it.
func (ix *Index) withoutSearch() bool {
	if ix.cat.byID == nil {
		// A catalog that does not decode is made again by the repair.
		if err := ix.loadCatalog(0); err != nil {
			return false
		}
	}
	if ix.bleve != nil {
		ix.bleve.Close()
		ix.bleve = nil
	}
	return true
}

// wipeAfterFailedRepair reports whether a repair that failed with err
// leaves wiping the index as the only way on: only when the store itself is
// damaged. Any other failure (a full disk, Bleve unable to write) keeps the
// stored articles for the next attempt rather than losing them all.
func wipeAfterFailedRepair(err error) bool {
	return errors.Is(err, boltfile.ErrDamaged)
}

// repairSearch makes the search index (Bleve) again from the article store
// and opens the index; why is what open found wrong. Each store write is one
// bbolt transaction, so after a crash the store is whole (its articles,
// catalog and file records agree) while Bleve may hold a batch the store
// never got, or miss one it did. The store, unlike the corpus, has every
// article, a feed's too: wiping the index instead lost whatever the next
// sync could not read again. The index stays marked dirty until Bleve is
// whole, so a crash here repairs again on the next Open. The repair works
// on st, the store open (and locked) since open found the problem, and the
// index returned holds it; on an error st is closed.
func repairSearch(ctx context.Context, st *store, dir string, opts Options, why string) (*Index, error) {
	n, dropped, err := remakeSearch(ctx, st, dir, opts)
	if err != nil {
		st.close()
		return nil, err
	}
	ix, reason, err := openOn(st, dir, opts, false)
	if err != nil {
		ix.Close()
		return nil, err
	}
	if reason != "" {
		ix.Close()
		return nil, errors.New(reason)
	}
	mended := ix.Repaired // the store's own mend, if any (openOn)
	ix.Repaired = fmt.Sprintf("%s: the search index was made again from the %d stored articles; nothing was lost", why, n)
	if dropped > 0 {
		ix.Repaired = fmt.Sprintf("%s: the search index and catalog were made again from the %d stored articles; "+
			"%d stored records that did not decode were dropped and their files will be read again", why, n, dropped)
	}
	if mended != "" {
		ix.Repaired = mended + "; " + ix.Repaired
	}
	return ix, nil
}

// remakeSearch replaces the Bleve index in dir with one made from the
// store's articles, writes the catalog again from the same articles (it is
// derived from them, and must agree with Bleve on what the index holds),
// and marks the index clean. A stored article that does not decode is
// dropped rather than lose every other one, and any file record naming an
// article no longer stored is forgotten, so that the next Sync reads that
// file again. It returns how many articles were indexed and dropped.
func remakeSearch(ctx context.Context, st *store, dir string, opts Options) (n, dropped int, err error) {
	if err := ctx.Err(); err != nil {
		return 0, 0, err
	}
	if err := st.setMeta(keyDirty, []byte("1")); err != nil {
		return 0, 0, fmt.Errorf("mark index dirty: %w", err)
	}
	bdir := filepath.Join(dir, entryBleve)
	if err := os.RemoveAll(bdir); err != nil {
		return 0, 0, fmt.Errorf("remove the search index: %w", err)
	}
	b, err := newBleve(bdir)
	if err != nil {
		return 0, 0, fmt.Errorf("create bleve index %q: %w", bdir, err)
	}
	var ents []entry
	var bad [][]byte
	batch := b.NewBatch()
	docs := newDocMaker(b.Mapping())
	err = st.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketArticles).ForEach(func(k, v []byte) error {
			a, err := decodeStored(string(k), v)
			if err != nil {
				bad = append(bad, bytes.Clone(k))
				return nil
			}
			doc, err := docs.document(a)
			if err == nil {
				err = batch.IndexAdvanced(doc)
			}
			if err != nil {
				return fmt.Errorf("article %q: %w", a.ID, err)
			}
			ents = append(ents, entryOf(a))
			if batch.Size() < opts.BatchSize {
				return nil
			}
			// Stopped between batches: the index stays marked dirty, so
			// the next open repairs it again from the same articles.
			if err := ctx.Err(); err != nil {
				return err
			}
			err = b.Batch(batch)
			batch = b.NewBatch()
			return err
		})
	})
	if err == nil {
		err = ctx.Err()
	}
	if err == nil && batch.Size() > 0 {
		err = b.Batch(batch)
	}
	if err == nil && worthCompacting(len(ents), len(ents), opts.compactMin) {
		// The merge only makes searches faster: the search index is whole
		// without it. One that fails (a disk without room for a second
		// copy of it) must not fail the repair, which every later open
		// would then run again from the start.
		_ = compact(ctx, b)
	}
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, 0, fmt.Errorf("index the stored articles: %w", err)
	}
	// One transaction: the catalog, the dropped records, the file records
	// and the clean mark change together or not at all.
	err = st.db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketCatalog); err != nil && !errors.Is(err, bolt.ErrBucketNotFound) {
			return err
		}
		if _, err := tx.CreateBucket(bucketCatalog); err != nil {
			return err
		}
		if err := writeCatalog(tx, ents, nil, opts.Now()); err != nil {
			return err
		}
		ab := tx.Bucket(bucketArticles)
		for _, k := range bad {
			if err := ab.Delete(k); err != nil {
				return err
			}
		}
		fb := tx.Bucket(bucketFiles)
		var forget [][]byte
		err := fb.ForEach(func(k, v []byte) error {
			r, err := decodeFile(v)
			if err != nil {
				forget = append(forget, bytes.Clone(k))
				return nil
			}
			for _, id := range r.IDs {
				if ab.Get([]byte(id)) == nil {
					forget = append(forget, bytes.Clone(k))
					break
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range forget {
			del := fb.Delete
			if fb.Bucket(k) != nil { // a flag bit made it a bucket
				del = fb.DeleteBucket
			}
			if err := del(k); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keyDirty, []byte("0"))
	})
	if err != nil {
		return 0, 0, fmt.Errorf("write the catalog again and mark the index clean: %w", err)
	}
	return len(ents), len(bad), nil
}

// InUse reports whether err says the index is held by another process (a
// running bot serve).
func InUse(err error) bool { return isInUse(err) }

func isInUse(err error) bool {
	return err != nil && strings.Contains(err.Error(), "in use by another process")
}

// Dir returns the index directory.
func (ix *Index) Dir() string { return ix.dir }

// Close closes Bleve and the store.
func (ix *Index) Close() error {
	var errs []error
	if ix.bleve != nil {
		if err := ix.bleve.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close bleve: %w", err))
		}
		ix.bleve = nil
	}
	if ix.store != nil {
		if err := ix.store.close(); err != nil {
			errs = append(errs, fmt.Errorf("close store: %w", err))
		}
		ix.store = nil
	}
	return errors.Join(errs...)
}

// Len returns the number of indexed articles.
func (ix *Index) Len() int { return ix.cat.len() }

// Article returns one article by ID, or an ENOTFOUND error.
func (ix *Index) Article(ctx context.Context, id string) (chronicle.Article, error) {
	if err := ctx.Err(); err != nil {
		return chronicle.Article{}, err
	}
	a, ok, err := ix.store.article(id)
	if errors.Is(err, errCodec) {
		ix.reportDamaged(map[string]error{id: err})
		return chronicle.Article{}, fmt.Errorf("%w (%w)", chronicle.Errorf(chronicle.EINTERNAL,
			"The stored copy of article %q is damaged; it is left out of answers until it is stored again from its source.", id), err)
	}
	if err != nil {
		return a, err
	}
	if !ok {
		return a, chronicle.Errorf(chronicle.ENOTFOUND, "No article with ID %q.", id)
	}
	return a, nil
}
