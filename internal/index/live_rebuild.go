package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/corpus"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// Directories beside the index directory during a rebuild: the new index
// is built in <path>.rebuild; during the swap the old one is moved to
// <path>.old and removed once the new one is open.
const (
	rebuildSuffix = ".rebuild"
	oldSuffix     = ".old"
)

// Leftovers lists the folders beside the index at path that a rebuild
// makes and removes, when one is there: a rebuild that was killed before
// its swap leaves its new index in <path>.rebuild (the next rebuild makes
// it again). A swap that was stopped is finished or undone by the next
// Open (recoverSwap); <path>.old is left only where that cannot tell it is
// the swap's own (it holds other files too, or an older release stopped
// after moving the new index in), and the next rebuild refuses until it is
// moved away. Neither is ever removed without a rebuild, so that an
// operator hears of them.
func Leftovers(path string) []string {
	dir := indexFolder(path)
	var out []string
	for _, p := range besideIndex(dir) {
		if _, err := os.Stat(p); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// OwnPaths are the paths the index at path writes: its own folder, the
// rebuild's folders beside it (built, then swapped in; the old one kept
// until the swap is done) and the file where a rebuild records its swap
// (<index>.swap, written first as <index>.swap.tmp), whether they exist yet
// or not. A watcher of a corpus folder that holds the index leaves them
// out (watch.Options.Ignore); bot config --check refuses a state file at
// one of them, or inside one: a file put at <index>.swap stopped every
// later open of the index ("is in the way").
func OwnPaths(path string) []string {
	if path == "" {
		return nil
	}
	dir := indexFolder(path)
	return append([]string{filepath.Clean(path), dir}, append(besideIndex(dir), dir+swapSuffix, dir+swapSuffix+tmpSuffix)...)
}

// besideIndex are the folders a rebuild of the index in folder dir writes
// beside it: the new index, built before the swap, and the old one, kept
// until the swap is done.
func besideIndex(dir string) []string {
	return []string{dir + rebuildSuffix, dir + oldSuffix}
}

// indexFolder is the folder of the index at path: path cleaned ("idx/" is
// "idx"), or the folder it links to when it is a symbolic link (an index
// kept on another disk), so that a rebuild builds beside that folder and
// takes its place, and the link still leads to it.
func indexFolder(path string) string {
	if dir, err := filepath.EvalSymlinks(path); err == nil {
		return dir
	}
	// A link whose folder is not there (a swap stopped between its
	// renames) still names the folder to recover.
	p := filepath.Clean(path)
	for range 40 {
		to, err := os.Readlink(p)
		if err != nil {
			break
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(p), to)
		}
		p = filepath.Clean(to)
	}
	if parent, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
		return filepath.Join(parent, filepath.Base(p))
	}
	return p
}

// RebuildReport says what a rebuild (Live.Rebuild) did.
type RebuildReport struct {
	// Corpus is the first pass over the corpus into the new index; CatchUp
	// the second pass, just before the swap, for files changed meanwhile.
	Corpus, CatchUp SyncReport
	// Feed counts the feed articles the new index holds: carried over from
	// the old index or put while the rebuild ran (Replayed of them; an
	// article may be both).
	Feed, Replayed int
	// feedIDs are the IDs counted in Feed.
	feedIDs map[string]bool
	// Copied counts the articles copied from the old index (held, kept
	// and feed articles) and Copy is the time that took: the passes over
	// the corpus time themselves (Corpus.Duration, CatchUp.Duration).
	Copied int
	Copy   time.Duration
	// Articles is the size of the new
	Articles int
	// NewIDs lists the articles of the corpus passes that the index
	// replaced did not hold: new to the index, as a sync's AddedIDs are;
	// UpdatedIDs those it held otherwise (changed, or its record damaged).
	// Those it held as they are are in neither: a rebuild indexes every
	// article again, but only these are news to a watch. When the old
	// index cannot tell, all of them are in UpdatedIDs (and a warning
	// says so).
	NewIDs, UpdatedIDs []string
	// Warnings are problems that did not stop the swap.
	Warnings []string
	Duration time.Duration
}

// Summary is the one-line account of a rebuild.
func (r RebuildReport) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%d kept from feeds); corpus: %s", terms.Counted(r.Articles, "article", "articles"), r.Feed, r.Corpus.Summary())
	fmt.Fprintf(&b, "; %d copied from the old index in %s", r.Copied, r.Copy.Round(time.Millisecond))
	// The catch-up reads again the files changed meanwhile and those that
	// could not be read to their end, and holds the latter's articles again.
	c := r.CatchUp
	fmt.Fprintf(&b, "; catch-up: %s read, %s made during the rebuild applied, %d held; %s",
		terms.Counted(c.FilesRead, "file", "files"), terms.Counted(c.Added+c.Updated+c.Removed, "change", "changes"), c.Held, c.Duration.Round(time.Millisecond))
	for _, w := range r.Warnings {
		b.WriteString("; warning: " + w)
	}
	fmt.Fprintf(&b, "; took %s", r.Duration.Round(time.Millisecond))
	// One line, whatever a warning quotes (Bleve's errors run over lines):
	// bot index prints it, /reindex posts it.
	return strings.Join(strings.Fields(b.String()), " ")
}

// Rebuild builds a fresh index from the corpus paths in <path>.rebuild
// while the current index keeps serving, carries the feed articles over,
// and swaps the new index in. Only one rebuild runs at a time; a second
// call meanwhile returns ErrRebuildRunning. On any failure before the swap
// the current index is left as it was and the new directory is removed.
//
// Nothing a damaged file still holds is lost: the articles of a corpus file
// the rebuild could not read to its end (emptied, cut short, unreadable) or
// could not list though it is there are carried over from the current
// index, as a sync keeps them (RebuildReport.Corpus.Held).
func (l *Live) Rebuild(ctx context.Context, paths []string) (RebuildReport, error) {
	return l.RebuildWith(ctx, paths, SyncOptions{})
}

// RebuildWith is Rebuild with the sync's options: with opts.Prune the
// articles of damaged files are let go, as a sync with Prune does.
func (l *Live) RebuildWith(ctx context.Context, paths []string, opts SyncOptions) (RebuildReport, error) {
	if !l.rebuilding.TryLock() {
		return RebuildReport{}, ErrRebuildRunning
	}
	defer l.rebuilding.Unlock()
	start := time.Now()
	rep := RebuildReport{feedIDs: map[string]bool{}}
	if err := l.reopen(ctx); err != nil {
		return rep, err
	}
	ro, err := stored(l, func(ix *Index) (bool, error) { return ix.ReadOnly, nil })
	if l.opts.ReadOnly || err == nil && ro {
		// The swap could not remove it, and every later rebuild would stop
		// at the folder it left.
		// (Open also opens an index read-only where the folder it is in
		// may not be written and a swap stopped there.)
		return rep, fmt.Errorf("%w: make its files, and the folder it is in, writable to rebuild it", ErrReadOnly)
	}
	if why, _ := stored(l, func(ix *Index) (string, error) { return ix.unsearchable, nil }); why != "" {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("the old index's search files needed repair (%s); the rebuild read its article store only", why))
	}
	dir := indexFolder(l.path)
	// The swap moves the whole index folder aside and deletes it: refuse
	// a folder that also holds files that are not the index's.
	other, err := Foreign(dir)
	if err != nil {
		return rep, err
	}
	if len(other) > 0 {
		return rep, chronicle.Errorf(chronicle.ECONFLICT,
			"The index folder also holds %q, which a rebuild would delete; move it out of %s and rebuild again.", other[0], dir)
	}
	// The folders beside it that the rebuild uses are only ever deleted
	// when they are its own: a leftover new index of a rebuild that was
	// stopped is made again; anything else is in the way, said, and left.
	next, old := dir+rebuildSuffix, dir+oldSuffix
	if other, err := Foreign(next); err != nil || len(other) > 0 {
		if err == nil {
			err = fmt.Errorf("it holds %q, which is not part of an index", other[0])
		}
		return rep, chronicle.Errorf(chronicle.ECONFLICT, "%s is in the way of the rebuild (%v); move it away and rebuild again.", next, err)
	}
	if entries, err := os.ReadDir(old); err == nil && len(entries) > 0 || err != nil && !errors.Is(err, fs.ErrNotExist) {
		return rep, chronicle.Errorf(chronicle.ECONFLICT,
			"%s is in the way of the rebuild: it is left from a rebuild that stopped while swapping the indexes, or a copy of the index (the index in use is %s); move it away or delete it, and rebuild again.", old, dir)
	}
	if mark := dir + swapSuffix; exists(mark) {
		// Open has recovered from any swap of Chronicle's: this one is not.
		return rep, chronicle.Errorf(chronicle.ECONFLICT, "%s is in the way of the rebuild's swap; move it away and rebuild again.", mark)
	}
	// Refused now, not after the whole build (markSwap would refuse it).
	if tmp := dir + swapSuffix + tmpSuffix; exists(tmp) && !ownIntentTemp(tmp) {
		return rep, chronicle.Errorf(chronicle.ECONFLICT, "%s is in the way of the rebuild's swap (it is not an intent a rebuild began to write); move it away and rebuild again.", tmp)
	}
	if err := os.RemoveAll(next); err != nil {
		return rep, fmt.Errorf("remove leftover %q: %w", next, err)
	}
	// Record Puts from now on: the copy below may miss those made during it.
	l.record(true)
	defer l.record(false)
	nix, err := openDir(ctx, next, l.opts)
	if err != nil {
		return rep, fmt.Errorf("create index %q: %w", next, err)
	}
	defer func() {
		// After a swap nix is closed already and next is gone.
		nix.Close()
		os.RemoveAll(next)
	}()
	// The files that hold an ID now keep it in the new index.
	owners, err := stored(l, func(ix *Index) (map[string]string, error) {
		recs, damaged, err := ix.store.filesChecked()
		if err != nil {
			return nil, err
		}
		for _, key := range damaged {
			rep.Warnings = append(rep.Warnings, damagedRecordWarning(key, len(damaged)))
		}
		out := map[string]string{}
		for key, r := range recs {
			if r.Recovered { // a file that gives one of its IDs takes it
				continue
			}
			for _, id := range r.IDs {
				out[id] = key
			}
		}
		return out, nil
	})
	if err != nil && !errors.Is(err, ErrNoIndex) {
		// A rebuild is how damage is mended: it goes on, as a build from
		// nothing would.
		rep.Warnings = append(rep.Warnings, fmt.Sprintf(
			"which file held each article ID could not be read from the current index (%v); an ID two files repeat goes to the first one read", err))
		owners = nil
	}
	first := opts
	first.owners = owners
	if rep.Corpus, err = nix.Sync(ctx, paths, first); err != nil {
		if errors.As(err, new(interrupted)) {
			return rep, rebuildInterrupted{cause: err}
		}
		return rep, fmt.Errorf("index the corpus: %w", err)
	}
	// What a sync keeps, the rebuild keeps (carryOver); the current index is
	// only read, and a failed swap may have left none.
	copyStart := time.Now()
	kept, err := stored(l, func(ix *Index) (carried, error) {
		return nix.carryOver(ctx, ix, paths, rep.Corpus.Problems, opts)
	})
	if err != nil && !errors.Is(err, ErrNoIndex) {
		return rep, err
	}
	rep.Corpus.Held += kept.held
	rep.Corpus.Kept += kept.kept
	rep.Corpus.Refused += kept.refused
	rep.Corpus.Problems = append(rep.Corpus.Problems, kept.problems...)
	bad, err := l.copyFeedArticles(ctx, nix, rep.feedIDs, opts.Prune)
	if err != nil {
		return rep, err
	}
	switch n := len(bad); {
	case n == 1:
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("1 feed article of the old index was let go: its stored record was damaged on disk or gone (%s); "+
			"its feed's next fetch takes it again while it lists it", someIDs(bad)))
	case n > 1:
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("%d feed articles of the old index were let go: their stored records were damaged on disk or gone (%s); "+
			"their feed's next fetch takes them again while it lists them", n, someIDs(bad)))
	}
	switch n := len(kept.damaged); {
	case n == 1:
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("1 article the rebuild keeps from the old index was let go: its stored record was damaged on disk or gone (%s); "+
			"a sync gives it back from its corpus file while the file holds it", someIDs(kept.damaged)))
	case n > 1:
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("%d articles the rebuild keeps from the old index were let go: their stored records were damaged on disk or gone (%s); "+
			"a sync gives them back from their corpus files while the files hold them", n, someIDs(kept.damaged)))
	}
	rep.Copied = kept.held + kept.kept + kept.refused + len(rep.feedIDs)
	rep.Copy = time.Since(copyStart)
	// From here until the swap is done no corpus sync runs: the watcher's
	// next sync goes to the new
	l.syncMu.Lock()
	defer l.syncMu.Unlock()
	if rep.CatchUp, err = nix.Sync(ctx, paths, opts); err != nil {
		if errors.As(err, new(interrupted)) {
			return rep, rebuildInterrupted{cause: err}
		}
		return rep, fmt.Errorf("index the corpus changes made during the rebuild: %w", err)
	}
	rep.Corpus.Problems = settledClaims(rep.Corpus.Problems, rep.CatchUp.Problems)
	// No sync changes the old index from here on (syncMu): compared now,
	// what it held is what it holds at the swap.
	l.sortNew(nix, &rep)
	l.mu.Lock()
	// The swap is short and must not stop half-way at a shutdown.
	mark, err := l.swap(context.WithoutCancel(ctx), nix, dir, next, &rep)
	l.mu.Unlock()
	if err != nil {
		return rep, err
	}
	if warn := removeOldIndex(dir, old); warn != "" {
		rep.Warnings = append(rep.Warnings, warn)
	}
	l.step(stepRemoved)
	if err := mark.done(); err != nil {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("could not remove the swap's record %s: %v", mark.path, err))
	}
	rep.Feed = len(rep.feedIDs)
	rep.Articles = l.Len()
	rep.Duration = time.Since(start)
	return rep, nil
}

// sortNew sorts the articles the corpus passes put into nix, the new
// index, into rep.NewIDs and rep.UpdatedIDs by what the current index
// holds (see RebuildReport).
func (l *Live) sortNew(nix *Index, rep *RebuildReport) {
	ids := union(nil, slices.Concat(rep.Corpus.ChangedIDs, rep.CatchUp.ChangedIDs)) // each once, in order
	if len(ids) == 0 {
		return
	}
	now, err := nix.store.hashes(ids)
	var old map[string]string
	if err == nil {
		old, err = stored(l, func(ix *Index) (map[string]string, error) { return ix.store.hashes(ids) })
	}
	if err != nil {
		rep.UpdatedIDs = ids
		rep.Warnings = append(rep.Warnings, fmt.Sprintf(
			"which articles are new to the index could not be told (%v): watches take none of the %d indexed as new coverage", err, len(ids)))
		return
	}
	for _, id := range ids {
		h, ok := now[id]
		if !ok {
			continue // a file of it went during the rebuild
		}
		switch was, held := old[id]; {
		case !held:
			rep.NewIDs = append(rep.NewIDs, id)
		case was != h || h == "":
			rep.UpdatedIDs = append(rep.UpdatedIDs, id)
		}
	}
}

// reopen opens the index again when a failed swap left none open, after
// finishing or undoing that swap (Open).
func (l *Live) reopen(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ix != nil {
		return nil
	}
	ix, err := Open(ctx, l.path, l.opts)
	if err != nil {
		return fmt.Errorf("reopen the index: %w", err)
	}
	l.ix = ix
	return nil
}

// copyFeedArticles puts every feed article of the current index into dst,
// under its feed, and adds their IDs to ids. A stored record damaged on
// disk (its checksum, or it does not decode) is let go and its ID returned
// in bad: carried over, it would be left out of every answer all the same,
// and it used to stop the rebuild, whose only way past (prune) let go of
// every article a rebuild keeps (helper 89).
func (l *Live) copyFeedArticles(ctx context.Context, dst *Index, ids map[string]bool, prune bool) (bad []string, err error) {
	var batch []chronicle.Article
	origin := ""
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if _, err := dst.Put(ctx, origin, batch); err != nil {
			return fmt.Errorf("copy feed articles of %s: %w", origin, err)
		}
		for _, a := range batch {
			ids[a.ID] = true
		}
		batch = batch[:0]
		return nil
	}
	skip := func(_, id string, _ error) { bad = append(bad, id) }
	_, err = stored(l, func(ix *Index) (struct{}, error) {
		return struct{}{}, ix.eachPut(ctx, func(o string, a chronicle.Article) error {
			if originPrefix+o == recoveredOrigin {
				if _, held := dst.cat.get(a.ID); held || prune {
					return nil // a file of the new index gives it, or --prune lets it go
				}
			}
			if o != origin || len(batch) == 500 {
				if err := flush(); err != nil {
					return err
				}
				origin = o
			}
			batch = append(batch, a)
			return nil
		}, skip)
	})
	if errors.Is(err, ErrNoIndex) {
		return nil, nil // a failed swap left none: nothing to keep
	}
	if err != nil {
		return nil, fmt.Errorf("list the feed articles of the old index: %w", err)
	}
	return bad, flush()
}

// someIDs lists the first few of ids for a message.
func someIDs(ids []string) string {
	const most = 5
	if len(ids) <= most {
		return fmt.Sprintf("%q", ids)
	}
	return fmt.Sprintf("%q and %d more", ids[:most], len(ids)-most)
}

// The steps of a swap, after which Options.swapping is called.
const (
	stepClosed   = "closed"    // the new index closed
	stepMarked   = "marked"    // the intent recorded, the old index closed
	stepMovedOld = "moved-old" // <index> moved to <index>.old
	stepMovedNew = "moved-new" // <index>.rebuild moved to <index>
	stepOpened   = "opened"    // the new index open in <index>
	stepRemoved  = "removed"   // <index>.old removed, the intent not yet
)

func (l *Live) step(name string) {
	if l.opts.swapping != nil {
		l.opts.swapping(name)
	}
}

// swap replaces the current index, in dir (l.path, or the folder it links
// to), with nix, built in next: it replays the Puts recorded during the
// rebuild, closes nix, records its intent (markSwap), closes the old
// index, moves dir aside and next into its place, and opens it. When a
// step fails the old index is put back. On success it returns the intent,
// which the caller removes once the old index is gone: a process stopped
// before that has its swap finished at the next Open. The caller holds
// syncMu and the write lock.
func (l *Live) swap(ctx context.Context, nix *Index, dir, next string, rep *RebuildReport) (*swapMark, error) {
	var err error
	if rep.Replayed, err = l.replayPuts(ctx, nix, rep.feedIDs); err != nil {
		return nil, err
	}
	if err := nix.Close(); err != nil {
		return nil, fmt.Errorf("close the new index: %w", err)
	}
	l.step(stepClosed)
	// The intent is recorded while the old index is still open, and so
	// locked: another process waiting for its lock to open it finds the
	// intent once it has it, and opens again after the swap (Open).
	mark, err := markSwap(dir, next)
	if err != nil {
		return nil, err
	}
	old := dir + oldSuffix
	if l.ix != nil {
		if err := l.ix.Close(); err != nil {
			rep.Warnings = append(rep.Warnings, fmt.Sprintf("closing the old index: %v", err))
		}
		l.ix = nil
	}
	l.step(stepMarked)
	if err := os.Rename(dir, old); err != nil {
		return nil, l.restore(ctx, dir, "", mark, fmt.Errorf("move the old index aside: %w", err))
	}
	l.step(stepMovedOld)
	if err := os.Rename(next, dir); err != nil {
		return nil, l.restore(ctx, dir, old, mark, fmt.Errorf("move the new index into place: %w", err))
	}
	l.step(stepMovedNew)
	// Opened as it is, never created or wiped: a broken new index wiped
	// here, and the process killed before its removal below, left a
	// folder the recovery could take for a whole empty index.
	o := l.opts
	o.existing = true
	ix, err := openDir(ctx, l.path, o)
	if err == nil && ix.Reset {
		ix.Close()
		err = errors.New("it was broken and came back empty")
	}
	if err != nil {
		cause := fmt.Errorf("open the new index: %w", err)
		if rerr := os.RemoveAll(dir); rerr != nil {
			mark.keep()
			return nil, errors.Join(cause, fmt.Errorf("remove the new index: %w", rerr))
		}
		return nil, l.restore(ctx, dir, old, mark, cause)
	}
	l.ix = ix
	l.step(stepOpened)
	return mark, nil
}

// restore reopens the old index after a failed swap, first moving it back
// from aside to dir when aside is set, and removes the swap's intent mark
// (when set) once the old index is back; it returns cause (joined with any
// further failure, which leaves no index open, and the intent for the next
// Open to recover from).
func (l *Live) restore(ctx context.Context, dir, aside string, mark *swapMark, cause error) error {
	if aside != "" {
		if err := os.Rename(aside, dir); err != nil {
			if mark != nil {
				mark.keep()
			}
			return errors.Join(cause, fmt.Errorf("move the old index back: %w", err))
		}
	}
	if mark != nil {
		if err := mark.done(); err != nil {
			cause = errors.Join(cause, fmt.Errorf("remove the swap's intent: %w", err))
		}
	}
	ix, err := openDir(ctx, l.path, l.opts)
	if err != nil {
		return errors.Join(cause, fmt.Errorf("reopen the old index: %w", err))
	}
	l.ix = ix
	return cause
}

// settledClaims drops from the first pass's problems the duplicates it
// skipped for an ID the index being rebuilt gave another file (a rebuild's
// claim, SyncOptions.owners) when the catch-up, which reads their files
// again, skipped none of that file's: the claim was stale (its owner no
// longer gives the ID, or gives it under this release's path IDs) and the
// catch-up indexed the articles. The summary said them skipped (helper
// 102: an index of an earlier release rebuilt said "3 skipped (duplicate
// ID: 3)" and indexed all 6).
func settledClaims(first, catchUp []corpus.Problem) []corpus.Problem {
	still := map[string]bool{}
	for _, p := range catchUp {
		if p.Reason == corpus.ReasonDuplicateID {
			still[p.Path] = true
		}
	}
	return slices.DeleteFunc(first, func(p corpus.Problem) bool {
		return p.Reason == corpus.ReasonDuplicateID && strings.Contains(p.Detail, rebuildClaim) && !still[p.Path]
	})
}

// rebuildInterrupted is the error of a rebuild whose sync of the new index
// was interrupted (Ctrl-C). The new index is removed as the rebuild ends,
// so the sync's "what it stored is kept, and the next update goes on from
// there" (interrupted), said of it, was not so: the index in use is
// unchanged, and a rebuild starts again from the corpus.
type rebuildInterrupted struct{ cause error }

func (e rebuildInterrupted) Error() string {
	return "the rebuild was interrupted before it finished: the index in use is unchanged, and a rebuild run again starts over"
}

func (e rebuildInterrupted) Unwrap() error { return e.cause }
