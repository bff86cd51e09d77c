package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/corpus"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// originPrefix marks file records that belong to Put origins (feeds), not
// corpus files.
const originPrefix = "origin:"

// MaxFeedURLBytes is the longest feed URL an index keeps articles from: the
// URL names the feed's record, which is held to an ID's bound.
const MaxFeedURLBytes = maxIDBytes - len(originPrefix)

// SyncReport says what a Sync or Put changed.
type SyncReport struct {
	Files, FilesRead                   int
	Added, Updated, Unchanged, Removed int
	// Moved counts the removed articles that are the same articles as
	// some of the added, under new IDs: found again by their content in a
	// file new to the index (a renamed file of path IDs), or by the record
	// their IDs name (renamedIn: the corpus paths changed). The rest of the
	// removed are found again by neither: they left the corpus, or changed
	// as they moved (a renamed file edited).
	Moved int
	// MovedChanged counts those of Moved whose article changed too: a
	// record edited in the sync that gave it its new ID (renamedIn pairs
	// them by the record, not by its content).
	MovedChanged int
	// ChangedIDs lists the IDs of the articles added or updated, in the order
	// they were indexed; AddedIDs those of them that are new to the index
	// (what a watch for new coverage looks at: see UpdatedIDs).
	ChangedIDs, AddedIDs []string
	// RefusedIDs lists the IDs of the feed articles Put did not take
	// because a corpus file gives an article of that ID (each also a
	// problem).
	RefusedIDs []string
	// Kept counts the articles of files outside this sync's paths, which
	// stay in the index (SyncOptions.Prune removes them).
	Kept int
	// Missing counts the articles whose file is gone but which were kept
	// (SyncOptions.NoRemove, or KeepRefused with a removal refused).
	Missing int
	// Refusal is the removal a sync with SyncOptions.KeepRefused refused
	// (it wraps ErrRemovalRefused), nil when none was.
	Refusal error
	// Held counts the articles kept from files that are still there but
	// could not be read to their end (corpus.Problem.Unfinished), or whose
	// moved copy could not be (keepMoved).
	Held int
	// Damaged counts the stored articles found damaged on disk
	// (SyncOptions.Verify); DamagedMended those of them this sync stored
	// whole again from their files. The rest (a feed's, or one whose file
	// no longer gives it) stay left out of answers.
	Damaged, DamagedMended int
	// Refused counts the articles kept that left a file still there, when
	// the file now gives none at all, or lost more than the removal limits
	// allow (keepLeaving), and those a moved file's new copy lost so
	// (keepMoved); SyncOptions.Prune removes them.
	Refused int
	// Problems lists bad input: skipped records and warnings.
	Problems []corpus.Problem
	Duration time.Duration
}

// UpdatedIDs lists the IDs of ChangedIDs that are not in AddedIDs: the
// articles the index held before, indexed again changed.
func (r SyncReport) UpdatedIDs() []string {
	added := make(map[string]bool, len(r.AddedIDs))
	for _, id := range r.AddedIDs {
		added[id] = true
	}
	var out []string
	for _, id := range r.ChangedIDs {
		if !added[id] {
			out = append(out, id)
		}
	}
	return out
}

// Changed reports whether the index was modified.
func (r SyncReport) Changed() bool { return r.Added+r.Updated+r.Removed > 0 }

// Skipped counts skipped records by reason.
func (r SyncReport) Skipped() map[string]int {
	m := map[string]int{}
	for _, p := range r.Problems {
		if p.Skipped {
			m[p.Reason] += p.Count()
		}
	}
	return m
}

// Summary is the one-line account of a sync.
func (r SyncReport) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%d read): %s added, %d updated, %d unchanged, %d removed",
		terms.Counted(r.Files, "file", "files"), r.FilesRead, terms.Counted(r.Added, "article", "articles"), r.Updated, r.Unchanged, r.Removed)
	if r.Moved > 0 {
		fmt.Fprintf(&b, " (%d moved to new IDs", r.Moved)
		if r.MovedChanged > 0 {
			fmt.Fprintf(&b, ", %d of them changed", r.MovedChanged)
		}
		if left := r.Removed - r.Moved; left > 0 {
			// Found again neither by their IDs nor by their content: gone,
			// or changed as they moved (a renamed file edited).
			fmt.Fprintf(&b, ", %d no longer in any file as they were", left)
		}
		b.WriteString(")")
	}
	skipped := r.Skipped()
	total := 0
	for _, n := range skipped {
		total += n
	}
	if r.Kept > 0 {
		fmt.Fprintf(&b, "; %d kept from files outside these paths (--prune removes them)", r.Kept)
	}
	if r.Missing > 0 {
		fmt.Fprintf(&b, "; %d kept although their files are gone (--prune removes them)", r.Missing)
	}
	if r.Held > 0 {
		fmt.Fprintf(&b, "; %d kept from files that could not be read to their end", r.Held)
	}
	if r.Refused > 0 {
		fmt.Fprintf(&b, "; %d kept that are no longer in files still there (see the warnings; bot index --prune removes them)", r.Refused)
	}
	if n := r.DamagedMended; n == 1 {
		b.WriteString("; 1 damaged on disk, stored again from its file")
	} else if n > 1 {
		fmt.Fprintf(&b, "; %d damaged on disk, stored again from their files", n)
	}
	if n := r.Damaged - r.DamagedMended; n > 0 {
		fmt.Fprintf(&b, "; %d damaged on disk that no file read gives again (left out of answers: a sync of paths that hold their files stores them again; a feed's are let go by bot index --rebuild, and its next fetch takes them again while the feed lists them)", n)
	}
	fmt.Fprintf(&b, "; %d skipped", total)
	if total > 0 {
		b.WriteString(" (")
		b.WriteString(countList(skipped))
		b.WriteString(")")
	}
	warn := map[string]int{}
	for _, p := range r.Problems {
		if !p.Skipped {
			warn[p.Reason] += p.Count()
		}
	}
	if len(warn) > 0 {
		b.WriteString("; warnings: ")
		b.WriteString(countList(warn))
	}
	fmt.Fprintf(&b, "; %s", r.Duration.Round(time.Millisecond))
	return b.String()
}

func countList(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] || m[keys[i]] == m[keys[j]] && keys[i] < keys[j] })
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

// Sync brings the index in line with the corpus files under paths, following
// the incremental rule in the package comment and the removal rule of
// SyncOptions. A path that does not exist is an error, and nothing is
// removed then.
func (ix *Index) Sync(ctx context.Context, paths []string, opts SyncOptions) (_ SyncReport, err error) {
	start := time.Now()
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	defer func() {
		if err != nil && ctx.Err() != nil {
			err = interrupted{dir: ix.dir, cause: context.Cause(ctx)}
		}
	}()

	var rep SyncReport
	if ix.ReadOnly {
		return rep, fmt.Errorf("sync index %q: %w", ix.dir, ErrReadOnly)
	}
	var damaged []string
	if opts.Verify {
		var err error
		if damaged, err = ix.verify(ctx, &rep); err != nil {
			return rep, fmt.Errorf("sync index %q: %w", ix.dir, err)
		}
	}
	plan, err := ix.planSync(ctx, paths, opts, &rep)
	if err != nil {
		return rep, err
	}
	if len(plan.changed) > 0 || len(plan.gone) > 0 {
		if err := ix.applySync(ctx, plan, &rep); err != nil {
			return rep, err
		}
		if worthCompacting(rep.Added+rep.Updated, ix.Len(), ix.opts.compactMin) {
			if err := compact(ctx, ix.bleve); err != nil {
				return rep, fmt.Errorf("sync index %q: %w", ix.dir, err)
			}
		}
	}
	if len(plan.vanished) > 0 && !plan.prune {
		// The articles of a vanished file that an existing file holds
		// now are that file's, not kept from outside the paths: --prune
		// would not remove them.
		if err := ix.uncountClaimed(plan, &rep); err != nil {
			return rep, err
		}
	}
	countMended(&rep, damaged)
	rep.Duration = time.Since(start)
	return rep, nil
}

// interrupted is the error of a sync whose context ended (Ctrl-C): said
// as a sentence for whoever ran it, which errors.Is matches to the
// context's error.
type interrupted struct {
	dir   string
	cause error
}

func (e interrupted) Error() string {
	return fmt.Sprintf("the update of index %q was interrupted before it finished: what it stored is kept, and the next update goes on from there", e.dir)
}

func (e interrupted) Unwrap() error { return e.cause }

// verify finds the stored articles damaged on disk (SyncOptions.Verify)
// and marks their files to be read again by the sync that follows, which
// stores them whole (their hash reads as changed), and returns their IDs
// (Sync counts them, and those it stored again: a feed's, or one whose
// file no longer gives it, stays damaged).
//
// An article the catalog (and so the search index) holds whose record is
// gone from the store (a key lost on a damaged page, which bbolt's
// structure check passes) is damaged too: searches leave it out without a
// word (a hit without a record is also what a search meets between the
// two commits of a write, so only here, under the write lock, is it told
// apart).
//
// It also gives the stored articles that no record of a file or feed holds
// (a record changed on disk that still decodes, a key lost) to
// recoveredOrigin, and says so in rep: a rebuild, which carries over what
// the records hold, dropped them without a word (helper 92).
func (ix *Index) verify(ctx context.Context, rep *SyncReport) ([]string, error) {
	listed := ix.cat.ids()
	recs, err := ix.knownFiles(&rep.Problems)
	if err != nil {
		return nil, err
	}
	if orphans := unheld(recs, listed); len(orphans) > 0 {
		adopt(recs, orphans)
		if err := ix.store.putFiles(recs, []string{recoveredOrigin}); err != nil {
			return nil, fmt.Errorf("keep the articles no record holds: %w", err)
		}
		rep.Problems = append(rep.Problems, corpus.Problem{Path: ix.dir, Reason: ReasonDamagedRecord,
			Detail: fmt.Sprintf("%d stored articles were held by no record of the index's files and feeds (one changed on disk): "+
				"they are kept as recovered articles, which a rebuild keeps too, a file read again takes back those it gives, and --prune lets go of the rest", len(orphans))})
	}
	ids, missing, err := ix.store.damagedIDs(ctx, listed)
	if err != nil {
		return nil, err
	}
	if ids = append(ids, missing...); len(ids) == 0 {
		return nil, nil
	}
	if _, err := ix.store.rereadFilesOf(ids); err != nil {
		return nil, err
	}
	for _, id := range ids {
		ix.damagedSeen.Store(id, true) // said here; a search need not say it again
	}
	return ids, nil
}

// countMended sets rep.Damaged to the damaged articles verify found and
// rep.DamagedMended to those of them the sync stored again.
func countMended(rep *SyncReport, damaged []string) {
	if len(damaged) == 0 {
		return
	}
	changed := make(map[string]bool, len(rep.ChangedIDs))
	for _, id := range rep.ChangedIDs {
		changed[id] = true
	}
	rep.Damaged = len(damaged)
	for _, id := range damaged {
		if changed[id] {
			rep.DamagedMended++
		}
	}
}

// uncountClaimed takes out of rep.Kept the IDs of plan's vanished files
// that another file holds.
func (ix *Index) uncountClaimed(plan syncPlan, rep *SyncReport) error {
	recs, err := ix.store.files()
	if err != nil {
		return err
	}
	held := map[string]bool{}
	for key, r := range recs {
		if !plan.vanished[key] {
			for _, id := range r.IDs {
				held[id] = true
			}
		}
	}
	for key := range plan.vanished {
		for _, id := range recs[key].IDs {
			if held[id] && rep.Kept > 0 {
				rep.Kept--
			}
		}
	}
	return nil
}

// syncPlan is what a Sync will do: the files to read again, the files whose
// articles go, and what the index knew of every file before.
type syncPlan struct {
	changed []corpus.File
	gone    []string // file keys
	known   map[string]fileRecord
	total   int64 // bytes to read
	// prune drops the articles of files that could not be read to their
	// end too (SyncOptions.Prune), which are otherwise held.
	prune bool
	// owners are SyncOptions.owners.
	owners map[string]string
	// cfg are the configured paths.
	cfg []configured
	// size is how many articles the index held when the sync began.
	size int
	// vanished are the files outside the configured paths that no longer
	// exist: their articles are kept (until Prune), but they hold no claim
	// on an ID against a file that exists (fileOwners).
	vanished map[string]bool
	// twins gives the articles of the gone files by their content
	// (goneContent), for finding them under new IDs.
	twins func() map[string]string
}

// planSync lists the corpus files, compares them with what the index
// knows, decides what may be removed (planRemovals) and records the paths
// synced from. Unchanged files are counted in rep.
func (ix *Index) planSync(ctx context.Context, paths []string, opts SyncOptions, rep *SyncReport) (syncPlan, error) {
	plan := syncPlan{prune: opts.Prune, owners: opts.owners, size: ix.Len()}
	files, problems, err := corpus.Files(paths)
	if err != nil {
		return plan, fmt.Errorf("list corpus: %w", err)
	}
	files, problems = ix.leaveOutOwnFiles(files, problems)
	rep.Problems = append(rep.Problems, problems...)
	rep.Files = len(files)
	if plan.known, err = ix.knownFiles(&rep.Problems); err != nil {
		return plan, err
	}
	present := map[string]bool{}
	var steady []string // the listed files that did not change
	for _, f := range files {
		key := fileKey(f.Path)
		present[key] = true
		if r, ok := plan.known[key]; ok && r.same(f.Size, f.ModTime) {
			rep.Unchanged += len(r.IDs)
			steady = append(steady, key)
			continue
		}
		plan.changed = append(plan.changed, f)
		plan.total += f.Size
	}
	cfg := configuredPaths(paths)
	plan.cfg = cfg
	isOwn := ix.ownFile()
	// Each known file that was not listed is looked at once on disk.
	for key, r := range plan.known {
		if present[key] || strings.HasPrefix(key, originPrefix) {
			continue
		}
		if coveredBy(cfg, key) == nil {
			// A folder moved ("mv news news-2024") and synced under its
			// new path left every ID with its old files, which are
			// outside the new paths and kept: the new files' articles
			// were all skipped as duplicates, and their edits ignored
			// until --prune (helper 73). Such a file that no longer
			// exists holds no claim (fileOwners).
			if _, err := os.Stat(key); errors.Is(err, fs.ErrNotExist) {
				if plan.vanished == nil {
					plan.vanished = map[string]bool{}
				}
				plan.vanished[key] = true
			}
			continue
		}
		// A file is gone only when the system says it does not exist: one
		// the listing missed (a folder it could not read, which a glob
		// passes over without a word) keeps what the index holds from it,
		// untouched, and is reported unless the listing already reported
		// a folder above it.
		if opts.Prune || isOwn(key) {
			continue // an index file read as an article by an earlier release goes
		}
		p, gone := unlistedFile(key)
		if gone {
			continue
		}
		if !unlisted(problems, key) {
			rep.Problems = append(rep.Problems, p)
		}
		present[key] = true
		rep.Held += len(r.IDs)
	}
	removals := planRemovals(cfg, plan.known, present, ix.Len(), opts)
	plan.twins = ix.goneContent(plan.known, removals.gone)
	if removals.checked() {
		// Past the limit, or with a path emptied, the gone files' articles
		// may only have moved: a folder renamed inside a configured path
		// ("sub" to "sub-2024") is gone files and as many new ones. Those
		// the changed files give again are not removed (applySync), nor
		// those their new copy keeps (keepMoved), so they do not count;
		// the files are read twice only in this case.
		stays, unread, err := ix.movedIDs(ctx, plan.changed, plan.known, removals.gone, steady, plan.twins)
		if err != nil {
			return plan, fmt.Errorf("sync index %q: %w", ix.dir, err)
		}
		if err := removals.refused(func(key string) stay { return stays[key] }, "sync", unread); err != nil {
			err = fmt.Errorf("sync index %q: %w", ix.dir, err)
			if !opts.KeepRefused {
				return plan, err
			}
			rep.Refusal = err
			removals.missing += removals.removing
			removals.gone = nil
		}
	}
	plan.gone = removals.gone
	if opts.Prune && len(plan.known[recoveredOrigin].IDs) > 0 {
		// The recovered articles no file took back are let go, as those
		// of a file gone are: they were kept through --prune and
		// --rebuild --prune (helper 94).
		plan.gone = append(plan.gone, recoveredOrigin)
	}
	rep.Kept, rep.Missing = removals.kept, removals.missing
	if err := ix.recordSources(cfg); err != nil {
		return plan, fmt.Errorf("record index sources: %w", err)
	}
	return plan, nil
}

// movedIDs counts, for each gone file of a sync past the removal limit or
// with a path emptied, the articles that stay: moved, those a changed file
// gives (by ID, the first that gives it, as the sync's reading claims
// them), and kept, those no file gives that the sync keeps all the same
// (judgeMove). The files are read before the sync reads them again; the
// progress shows it. What they say of their problems is left to that
// second reading, but for unread: the new files (the index did not know
// them) not read to their end, "path: why", which a refusal names.
// goneContent gives the gone articles by their content.
func (ix *Index) movedIDs(ctx context.Context, changed []corpus.File, known map[string]fileRecord, gone, steady []string,
	goneContent func() map[string]string) (map[string]stay, []string, error) {
	leaving := map[string]bool{}
	for _, key := range gone {
		for _, id := range known[key].IDs {
			leaving[id] = true
		}
	}
	if p := ix.opts.Progress; p != nil {
		var total int64
		for _, f := range changed {
			total += f.Size
		}
		p.Start("finding moved articles", total)
		defer p.Done()
	}
	givenBy := map[string]string{}  // a gone file's ID -> the first changed file that gives it
	found := newFinds()             // those changed files give under new IDs
	gives := map[string][]string{}  // a changed file -> the IDs it gives, each once
	claimed := map[string]bool{}    // every ID a changed file gives
	unfinished := map[string]bool{} // the changed files not read to their end
	// The same article under a new ID moved too: one that takes its ID
	// from its file's path, in a folder renamed ("news/a.txt" to
	// "news-2024/a.txt"); its old ID goes as the new one comes. Without it,
	// such a rename was refused, and a bot serve that synced what a refusal
	// left (the rest, with nothing removed) held both (helper 98). The new
	// ID must be new to the index (one another file holds is skipped as its
	// duplicate: helper 99 lost the articles), and its file read to its end
	// (a copy cut short holds what it had, as a moved file does).
	twins := goneContent() // a gone article's content -> its ID
	all := knownIDsOnce(known)
	holders := sync.OnceValue(func() map[string]string { // an ID -> the file that holds it
		m := map[string]string{}
		for key, r := range known {
			for _, id := range r.IDs {
				m[id] = key
			}
		}
		return m
	})
	var unread []string
	for _, f := range changed {
		key := fileKey(f.Path)
		var foundHere []string // the gone IDs this file gives under new IDs
		problems, err := corpus.StreamFile(ctx, f, func(arts []chronicle.Article, _ []int) error {
			for _, a := range arts {
				if len(twins) > 0 && all()[a.ID] && !leaving[a.ID] {
					// Another file holds the ID its path gives: the sync
					// gives it its full path ID (pathClaims.full).
					if h := holders()[a.ID]; h != key && yieldsTo(f, a.ID, h) {
						if full, ok := corpus.FullPathID(f, a.ID); ok && !all()[full] {
							a.ID = full
						}
					}
				}
				if checkID(a.ID) != "" || claimed[a.ID] {
					continue // refused, or a duplicate the sync skips
				}
				claimed[a.ID] = true
				gives[key] = append(gives[key], a.ID)
				switch {
				case leaving[a.ID]:
					givenBy[a.ID] = key
				case len(twins) > 0 && !all()[a.ID]:
					if id, ok := twins[articleContent(a)]; ok {
						foundHere = append(foundHere, id)
						found.add(id, key, a.ID)
					}
				}
			}
			return nil
		})
		if err != nil {
			return nil, nil, fmt.Errorf("load %q: %w", f.Path, err)
		}
		unfinished[key] = slices.ContainsFunc(problems, func(p corpus.Problem) bool { return p.Unfinished })
		if !unfinished[key] {
			for _, id := range foundHere {
				claimed[id] = true
			}
		}
		unread = append(unread, unreadNew(problems, known)...)
		if p := ix.opts.Progress; p != nil {
			p.Add(f.Size)
		}
	}
	// And one the index holds already under another ID, from a file of the
	// corpus that did not change (steady): renamed while bot serve was
	// stopped (its start-up sync, which removes nothing, took the new
	// copies), or an identical copy. Removing the gone one loses nothing,
	// and a rebuild finds it so too. A copy in a file read again now may be
	// going in the same sync (a mirror rewritten, an export that drops it:
	// helper 100 lost the articles), and a feed's or a file's outside the
	// paths may go later: neither counts.
	if len(twins) > 0 {
		for _, key := range steady {
			for _, id := range known[key].IDs {
				if was, ok := ix.twinOf(twins, id); ok && !leaving[id] {
					claimed[was] = true
				}
			}
		}
	}
	// And a row edited in the run that renamed its export, by the record
	// it names (finds.pairEdited).
	if len(found.file) > 0 {
		for _, key := range gone {
			found.pairEdited(key, known[key].IDs, func(id string) bool { return claimed[id] },
				func(k string) []string { return gives[k] }, all)
		}
		for id := range found.edited {
			claimed[id] = claimed[id] || !unfinished[found.file[id]]
		}
	}
	stays := map[string]stay{}
	for _, key := range gone {
		ids := known[key].IDs
		m := judgeMove(ids, func(id string) (string, bool) {
			k, ok := givenBy[id]
			if !ok {
				k, ok = found.by(id) // under a new ID: a file of path IDs renamed (contentMoves)
			}
			_, was := known[k]
			return k, ok && !was
		}, func(id string) bool { return claimed[id] }, func(k string) []string { return gives[k] },
			func(k string) bool { return unfinished[k] }, withFound(all, found.fresh), ix.Len())
		st := stay{moved: len(ids) - len(m.rest)}
		if m.why != "" {
			st.kept = len(m.rest)
		}
		stays[key] = st
	}
	return stays, unread, nil
}

// contentOf returns, for the articles of ids that hold a sentence long
// enough to hash, the ID by content (entryContent). Nil when ids is empty.
func (ix *Index) contentOf(ids map[string]bool) map[string]string {
	if len(ids) == 0 {
		return nil
	}
	out := make(map[string]string, len(ids))
	for id := range ids {
		if e, ok := ix.cat.get(id); ok && len(e.Lines) > 0 {
			out[entryContent(e)] = id
		}
	}
	return out
}

// twinOf returns the ID of twins (contentOf) whose content the article id
// of the index holds.
func (ix *Index) twinOf(twins map[string]string, id string) (string, bool) {
	e, ok := ix.cat.get(id)
	if !ok || len(e.Lines) == 0 {
		return "", false
	}
	was, ok := twins[entryContent(e)]
	return was, ok
}

// entryContent is the content of a catalog entry for finding its article
// under another ID: title, outlet, link, date, length and the sentences'
// hashes (articleContent of the article the entry was made from). Two
// outlets' copies of one agency story differ in outlet or link (helper 99:
// an agency's folder gone while another outlet's copies came was taken
// for a move).
func entryContent(e entry) string {
	return fmt.Sprintf("%s\x00%s\x00%s\x00%s\x00%d\x00%s", e.Title, e.Source, e.URL,
		e.Published.UTC().Format(time.RFC3339Nano), e.Words, e.Lines)
}

// articleContent is entryContent for an article as read.
func articleContent(a chronicle.Article) string {
	return entryContent(entryOf(a))
}

// unreadNew describes the problems that stopped the reading of a file the
// index did not know (not in known), "path: why", for a refusal to name.
func unreadNew(problems []corpus.Problem, known map[string]fileRecord) []string {
	var out []string
	for _, p := range problems {
		if _, was := known[fileKey(p.Path)]; p.Unfinished && !was {
			out = append(out, strings.TrimSuffix(fmt.Sprintf("%s: %s: %s", p.Path, p.Reason, p.Detail), ": "))
		}
	}
	return out
}

// unlistedFile asks the system about a file the listing missed: gone when
// it says the file does not exist, else the problem to report (what
// os.Stat said instead, if anything).
func unlistedFile(key string) (p corpus.Problem, gone bool) {
	fi, statErr := os.Stat(key)
	if errors.Is(statErr, fs.ErrNotExist) {
		// A link that is still there but leads nowhere (its volume not
		// mounted for now) is no file gone: its articles were removed,
		// and came back with the volume (helper 96).
		if li, err := os.Lstat(key); err != nil || li.Mode()&fs.ModeSymlink == 0 {
			return corpus.Problem{}, true
		}
		return corpus.Problem{Path: key, Reason: corpus.ReasonUnreadable, Skipped: true, Unfinished: true,
			Detail: "a link whose target is missing (a volume not mounted?): the articles indexed from it are kept (bot index --prune removes them)"}, false
	}
	detail := "not listed, though it is there (a folder on the way may not be readable)"
	switch {
	case statErr != nil:
		detail = statErr.Error()
	case fi.IsDir():
		// A file replaced by a folder of the same name: what the index
		// holds from the file is kept, as for any file it cannot read.
		detail = "now a folder, not a file: the articles indexed from the file are kept (bot index --prune removes them)"
	}
	return corpus.Problem{Path: key, Reason: corpus.ReasonUnreadable, Detail: detail, Skipped: true, Unfinished: true}, false
}

// unlisted reports whether a listing problem that stopped the listing
// names key or a folder above it.
func unlisted(problems []corpus.Problem, key string) bool {
	for _, p := range problems {
		if under := fileKey(p.Path); p.Unfinished && (key == under || strings.HasPrefix(key, under+string(filepath.Separator))) {
			return true
		}
	}
	return false
}

// applySync reads the changed files and removes the articles that left
// the corpus, in one writer.
func (ix *Index) applySync(ctx context.Context, plan syncPlan, rep *SyncReport) error {
	if p := ix.opts.Progress; p != nil {
		p.Start("indexing", plan.total)
		defer p.Done() // after the writer's last commit (deferred below)
	}
	w, err := ix.newWriter(ctx)
	if err != nil {
		return err
	}
	defer w.stop()
	owner := fileOwners(plan)
	// A rebuild reads every file anew: a file that held an ID in the index
	// it replaces keeps it against one read before it ("0.jsonl" repeating
	// the ID of a seed article took it over at each rebuild, while a sync
	// kept the seed's; helper 73).
	if len(plan.owners) > 0 {
		read := make(map[string]bool, len(plan.changed))
		for _, f := range plan.changed {
			read[fileKey(f.Path)] = true
		}
		for id, key := range plan.owners {
			// A feed's article keeps its ID against a corpus file, as in a
			// sync: a rebuild let a corpus row take it, and the feed's
			// article, copied over after the corpus, was refused
			// (session 47).
			if _, ok := owner[id]; !ok && (read[key] || feedKey(key)) {
				owner[id] = key
			}
		}
	}
	// drop collects the IDs that left their file; they are removed at the
	// end unless another file claimed them meanwhile.
	// Their records go at the end, with the articles no other file took:
	// a sync that ends before leaves none of them without a record.
	var drop []string
	for _, key := range plan.gone {
		drop = append(drop, plan.known[key].IDs...)
	}
	var left []leftFile
	read := map[string]*readFile{}
	claims := newPathClaims(plan)
	known := knownIDsOnce(plan.known)
	moves := ix.newContentMoves(plan, known)
	for _, f := range plan.changed {
		if err := ix.syncFile(ctx, w, f, plan, claims, moves, owner, &drop, &left, read, rep); err != nil {
			return err
		}
		if p := ix.opts.Progress; p != nil {
			p.Add(f.Size)
		}
	}
	moves.pairEdited(plan, owner, read)
	// Once every file is read, the articles that left a file still there
	// and no other file gave go, or stay (keepLeaving): decided after
	// the reading, so that articles moved to another file go with it in
	// whichever order the two are read.
	moved := map[string]bool{}   // under new IDs: renamedIn, contentMoves
	changed := map[string]bool{} // those of moved whose article changed too
	for _, l := range left {
		var stays []string
		for _, id := range l.ids {
			if o, ok := owner[id]; (!ok || o == l.key) && l.moved[id] == "" {
				stays = append(stays, id)
			}
		}
		// New are the articles the index did not hold: those moved in from
		// another file are none (a file that lost 40 of its own and took
		// 20 of a deleted file's was taken for an edit: helper 87), nor
		// are its own under new IDs (renamedIn).
		fresh := max(0, countNew(known(), l.rec.IDs)-len(l.moved))
		why := keepLeaving(len(stays), l.old, l.got, fresh, plan.size)
		for id := range l.moved {
			moved[id] = true
		}
		for id := range l.changed {
			changed[id] = true
		}
		if why == "" {
			drop = append(drop, l.ids...)
			continue
		}
		for id := range l.moved {
			drop = append(drop, id) // the file gives it under its new ID
		}
		for _, id := range stays {
			owner[id] = l.key
		}
		l.rec.IDs = append(l.rec.IDs, stays...)
		l.rec.Size = unreadSize // read again at the next sync, and by --prune
		w.setFile(l.key, l.rec)
		rep.Refused += len(stays)
		p := refusedRemoval(l.path, len(stays), l.old, why, "bot index --prune")
		if l.repeats > 0 {
			// An index of an earlier release holds each copy of a repeated
			// record as an article of its own: they are still in the file
			// (helper 111: "no longer in it" and "changed on purpose" after
			// an upgrade, of a file nobody changed).
			p.Detail += fmt.Sprintf("; %d of its records repeat an earlier record field for field and are now read as one article with it "+
				"(\"repeated record\"): an index made by an earlier release holds each copy apart, and bot index --prune lets the copies go", l.repeats)
		}
		rep.Problems = append(rep.Problems, p)
	}
	if !plan.prune {
		ix.keepMoved(w, plan, owner, read, known, moves, rep)
	}
	var removed []string
	for _, id := range drop {
		if _, claimed := owner[id]; !claimed {
			removed = append(removed, id)
			if _, found := moves.givenBy(id); found || moved[id] {
				rep.Moved++
				if changed[id] || moves.changed(id) {
					rep.MovedChanged++
				}
			}
		}
	}
	w.remove(removed)
	rep.Removed += len(removed)
	for _, key := range plan.gone {
		w.setFile(key, nil)
	}
	for key, rf := range read {
		if !rf.final {
			w.setFile(key, rf.rec)
		}
	}
	return w.finish()
}

// keepMoved keeps the articles of a gone file that no file gives now when
// a new file read now gives its others: the file was moved or renamed, and
// the new copy that gives the most of them, its successor, is judged as
// the file itself would be had it stayed (judgeMove, helper 86): one not
// read to its end (cut short, a copy still running) holds them, and one
// that lost more than a sync removes keeps them (keepLeaving). A rename
// let a cut file lose the articles after its cut, which the same cut in
// place held.
// known gives every ID the index held (knownIDsOnce).
//
// A new file that gives them under new IDs, found by their content
// (moves), may be the successor too: a file of path IDs renamed.
func (ix *Index) keepMoved(w *writer, plan syncPlan, owner map[string]string, read map[string]*readFile,
	known func() map[string]bool, moves *contentMoves, rep *SyncReport) {
	var found map[string]bool
	if moves != nil {
		found = moves.found.fresh
	}
	known = withFound(known, found)
	for _, g := range plan.gone {
		ids := plan.known[g].IDs
		m := judgeMove(ids, func(id string) (string, bool) {
			o, ok := owner[id]
			if !ok {
				o, ok = moves.givenBy(id)
			}
			_, was := plan.known[o]
			return o, ok && read[o] != nil && !was
		}, func(id string) bool { _, ok := owner[id]; _, by := moves.givenBy(id); return ok || by },
			func(k string) []string { return read[k].rec.IDs }, func(k string) bool { return read[k].unfinished },
			known, plan.size)
		if m.why == "" {
			continue
		}
		rf := read[m.succ]
		for _, id := range m.rest {
			owner[id] = m.succ
		}
		rf.rec.IDs = append(rf.rec.IDs, m.rest...)
		rf.rec.Size = unreadSize // read again at the next sync, and by --prune
		w.setFile(m.succ, rf.rec)
		if m.hold {
			rep.Held += len(m.rest)
			continue
		}
		rep.Refused += len(m.rest)
		rep.Problems = append(rep.Problems, movedRemoval(rf.path, pathLike(g, rf.path), len(m.rest), len(ids), m.why, "bot index --prune"))
	}
}

// move is what judgeMove decides of a gone file's articles.
type move struct {
	// succ is the new file that gives the most of them ("" for none);
	// rest are those no file gives.
	succ string
	rest []string
	// why says why rest are kept ("" when they go); hold is true when
	// they are held as a file cut short holds its articles.
	why  string
	hold bool
}

// judgeMove decides, for the ids of a gone file, whether the articles no
// file gives now stay, as the sync and the rebuild both do: of the new
// files that give some of them (givenBy says which file gives an ID, and
// whether it may be a successor: one the index did not know, as a moved
// file is; a deleted file's neighbour that repeats a few of its articles
// is none, review rev41), the one that gives the most is judged as the gone
// file would be in place (moveKeeps), from what it gives (gives) and
// whether it was read to its end (unfinished). taken says whether any
// file gives an ID; known gives the IDs the index held, asked for only
// when a successor is judged (knownIDsOnce); size is its articles.
func judgeMove(ids []string, givenBy func(id string) (string, bool), taken func(id string) bool,
	gives func(key string) []string, unfinished func(key string) bool, known func() map[string]bool, size int) move {
	var m move
	m.succ, m.rest = successor(ids, givenBy, taken, unfinished)
	if m.succ == "" || len(m.rest) == 0 {
		return m
	}
	m.why, m.hold = moveKeeps(len(m.rest), len(ids), gives(m.succ), known, unfinished(m.succ), size)
	return m
}

// knownIDsOnce returns the IDs of records as a set, built at its first
// call and kept for the next: a sync that moves nothing never builds it.
func knownIDsOnce(records map[string]fileRecord) func() map[string]bool {
	var ids map[string]bool
	return func() map[string]bool {
		if ids == nil {
			ids = map[string]bool{}
			for _, r := range records {
				for _, id := range r.IDs {
					ids[id] = true
				}
			}
		}
		return ids
	}
}

// countNew counts the IDs of got that known (the IDs the index held) does
// not hold: articles new to the index, not moved in from another file.
func countNew(known map[string]bool, got []string) int {
	n := 0
	for _, id := range got {
		if !known[id] {
			n++
		}
	}
	return n
}

// successor returns, of the files that give some of a gone file's ids
// (givenBy says which file gives an ID, and whether it counts), the one
// that was not read to its end (cut: helper 87 split a file in two and cut
// the smaller piece, whose lost articles went) or, of those alike, gives
// the most (the first in key order of those that give as many), and the
// ids no file gives (taken says whether any file does).
func successor(ids []string, givenBy func(id string) (string, bool), taken func(id string) bool,
	unfinished func(key string) bool) (succ string, rest []string) {
	by := map[string]int{}
	for _, id := range ids {
		if key, ok := givenBy(id); ok {
			by[key]++
		} else if !taken(id) {
			rest = append(rest, id)
		}
	}
	gives, cut := 0, false
	for key, n := range by {
		u := unfinished(key)
		if succ == "" || u && !cut || u == cut && (n > gives || n == gives && key < succ) {
			succ, gives, cut = key, n, u
		}
	}
	return succ, rest
}

// moveKeeps says why left articles of a gone file of old that no file gives
// now are kept, or "" when they go, given its successor (successor), which
// gives got (those the index did not hold, not in known(), are new). hold is
// true when the successor was not read to its end (unfinished), as a file
// cut in place holds its articles.
func moveKeeps(left, old int, got []string, known func() map[string]bool, unfinished bool, size int) (why string, hold bool) {
	if unfinished {
		return "its new copy could not be read to its end", true
	}
	return keepLeaving(left, old, len(got), countNew(known(), got), size), false
}

// feedKey reports whether key is a feed's record (not a corpus file's, nor
// the record of recovered articles, which a file that gives one takes).
func feedKey(key string) bool {
	return strings.HasPrefix(key, originPrefix) && key != recoveredOrigin
}

// pathGave reports whether id is an ID that the path of the file of key
// gives under some folder that holds it (corpus.PathID): one an earlier
// release gave, or other corpus paths; else a record's own id.
func pathGave(key, id string) bool {
	for dir := filepath.Dir(key); ; {
		if corpus.PathID(corpus.File{Path: key, Root: dir}, id) {
			return true
		}
		up := filepath.Dir(dir)
		if up == dir {
			return false
		}
		dir = up
	}
}

// rebuildClaim ends the detail of a duplicate a rebuild's claim skipped
// (settledClaims finds them by it).
const rebuildClaim = "in the index being rebuilt"

// fileOwners maps every known article ID to its file, to report
// duplicates. Only files that are not read again keep their claim: changed
// files claim their IDs again in order, and gone files have none.
func fileOwners(plan syncPlan) map[string]string {
	skip := make(map[string]bool, len(plan.changed)+len(plan.gone))
	for _, f := range plan.changed {
		skip[fileKey(f.Path)] = true
	}
	for _, key := range plan.gone {
		skip[key] = true
	}
	for key := range plan.vanished {
		skip[key] = true
	}
	owner := map[string]string{}
	for key, r := range plan.known {
		if skip[key] || r.Recovered { // a recovered record's IDs are a file's to take
			continue
		}
		for _, id := range r.IDs {
			owner[id] = key
		}
	}
	return owner
}

// syncFile reads one changed file and queues its changes. The file is
// streamed (corpus.StreamFile), so a large one is never held whole.
func (ix *Index) syncFile(ctx context.Context, w *writer, f corpus.File, plan syncPlan, claims *pathClaims, moves *contentMoves,
	owner map[string]string, drop *[]string, left *[]leftFile, read map[string]*readFile, rep *SyncReport) error {
	key := fileKey(f.Path)
	var ids []string
	var idProbs []corpus.Problem // this file's bad and duplicate IDs (corpus.Note)
	claimed := false             // an article was skipped because another file holds its ID
	old := plan.known[key].IDs
	_, known := plan.known[key]
	gave := map[string]bool{} // the IDs it gave
	// added maps the articles it gives that are new to the index to their
	// content (contentHash), for those that are its own under new IDs
	// (changedMoves).
	var added map[string]string
	var onAdded func(chronicle.Article)
	if len(old) > 0 {
		onAdded = func(a chronicle.Article) {
			if added == nil {
				added = map[string]string{}
			}
			added[a.ID] = contentHash(a)
		}
	}
	var kept0 struct { // its records that kept their earlier ID (pathClaims.earlier)
		n        int
		was, now string
		holder   string
	}
	w.reading = &readingFile{key: key, base: fileRecord{Size: unreadSize, ModTime: f.ModTime, IDs: old}}
	defer func() { w.reading = nil }()
	problems, err := corpus.StreamFile(ctx, f, func(arts []chronicle.Article, lines []int) error {
		kept := arts[:0]
		for i, a := range arts {
			if why := checkID(a.ID); why != "" {
				idProbs = corpus.Note(idProbs, corpus.Problem{Path: f.Path, Line: lines[i], Reason: "bad ID",
					Detail: why, Skipped: true})
				continue
			}
			// An ID its path gives that another file holds from before
			// the paths changed: the record keeps the ID it had.
			h, refuses := claims.holder(key, a.ID, owner)
			if h != "" && h != key && corpus.PathID(f, a.ID) {
				if was, ok := claims.earlier(key, a.ID, owner, gave); ok {
					if kept0.n == 0 {
						kept0.was, kept0.now, kept0.holder = was, a.ID, h
					}
					kept0.n++
					a.ID = was
					a.Hash = corpus.Hash(a)
					h, refuses = "", false
				}
			} else if _, ok := owner[a.ID]; !ok {
				refuses = false // a claim of a file the rebuild does not read is on its path IDs alone
			}
			// An ID another file's path gives too, in the same folder:
			// the record takes its full path ID; an own id that another
			// file's record has as its full path ID: it takes a number.
			if full, holder, ok := claims.full(f, key, a.ID, owner, gave); ok {
				if holder != "" {
					own := !corpus.PathID(corpus.File{Path: holder, Root: f.Root}, a.ID)
					idProbs = corpus.Note(idProbs, samePathID(f, lines[i], a.ID, pathLike(holder, f.Path), full, own))
				}
				a.ID = full
				a.Hash = corpus.Hash(a)
				refuses = false
			}
			if o, ok := owner[a.ID]; ok && o != key {
				// A record's own id that a file read before it took as
				// its path's: the record takes it back.
				back, err := ix.takeBack(w, f, key, a.ID, claims, moves, owner, read, rep)
				if err != nil {
					return err
				}
				if back {
					owner[a.ID], refuses = key, false
				}
			}
			if o, ok := owner[a.ID]; ok && o != key || refuses {
				if !ok {
					o = h
				}
				shown := pathLike(o, f.Path)
				detail := fmt.Sprintf("article %q is already indexed from %s", a.ID, shown)
				switch {
				case !ok:
					// Not read by this rebuild, and kept by it as a sync
					// keeps it (carryOver).
					detail = fmt.Sprintf("article %q is %s's %s, which keeps that file's articles", a.ID, shown, rebuildClaim)
				case plan.owners[a.ID] == o && !feedKey(o):
					// A rebuild's claim (SyncOptions.owners): o may not be
					// read yet, or may no longer hold the ID (the rebuild's
					// catch-up then gives it to this file).
					detail = fmt.Sprintf("article %q is %s's %s", a.ID, shown, rebuildClaim)
				case feedKey(o):
				case !corpus.PathID(f, a.ID):
					if corpus.PathID(corpus.File{Path: o, Root: f.Root}, a.ID) {
						// This record's own id is o's path ID, which o's
						// article had before the sync (else o's would
						// yield: pathClaims.full, takeBack).
						detail += "; it is the ID that file's path gives, under which its article was indexed before this record came, " +
							"and an indexed article keeps its ID: give this record another id, or that file another name"
					}
				case pathGave(o, a.ID):
					// An index of an earlier release holds o's articles
					// under the IDs its path gave then (helper 102), and
					// so does one synced from other corpus paths.
					detail += "; this ID comes from the file's path, and that file holds it under the ID its own path gave when the index was made " +
						"(by an earlier release, or from other corpus paths: such IDs are paths under the folder that holds them all); " +
						"it keeps it until it changes, and bot index --rebuild gives every file the IDs of the paths given"
				}
				idProbs = corpus.Note(idProbs, corpus.Problem{Path: f.Path, Line: lines[i], Reason: "duplicate ID",
					Detail: detail, Skipped: true})
				claimed = true
				continue
			}
			owner[a.ID] = key
			gave[a.ID] = true
			if !known {
				moves.see(key, a)
			}
			kept = append(kept, a)
			ids = append(ids, a.ID)
		}
		return ix.queueArticles(w, kept, rep, onAdded)
	})
	if err != nil {
		return fmt.Errorf("load %q: %w", f.Path, err)
	}
	rep.FilesRead++
	rep.Problems = append(rep.Problems, idProbs...)
	if kept0.n > 0 {
		rep.Problems = append(rep.Problems, earlierIDs(f.Path, kept0.n, kept0.was, kept0.now, pathLike(kept0.holder, f.Path)))
	}
	rep.Problems = append(rep.Problems, problems...)
	unfinished := slices.ContainsFunc(problems, func(p corpus.Problem) bool { return p.Unfinished })
	hold := unfinished && !plan.prune
	stay := make(map[string]bool, len(ids))
	for _, id := range ids {
		stay[id] = true
	}
	var given []string // under new IDs of its own (renamedIn), not held
	if hold {
		var gone []string
		for _, id := range old {
			if !stay[id] {
				gone = append(gone, id)
			}
		}
		for id := range renamedIn(gone, ids, old) {
			given = append(given, id)
			stay[id] = true // not held: it is here under its new ID
		}
		*drop = append(*drop, given...)
	}
	var leaving []string
	for _, id := range old {
		switch {
		case stay[id]:
		case hold:
			// The file was not read to its end (emptied, cut short, no
			// longer readable): it may still hold the article, so it
			// stays, unless another file has claimed its ID meanwhile.
			if o, ok := owner[id]; !ok || o == key {
				owner[id] = key
				ids = append(ids, id)
				rep.Held++
			}
		default:
			leaving = append(leaving, id)
		}
	}
	rec := &fileRecord{Size: f.Size, ModTime: f.ModTime, IDs: ids}
	switch {
	case len(leaving) == 0:
	case plan.prune:
		*drop = append(*drop, leaving...)
	default:
		moved := renamedPairs(leaving, ids, old)
		changed, err := ix.changedMoves(moved, added)
		if err != nil {
			return fmt.Errorf("load %q: %w", f.Path, err)
		}
		*left = append(*left, leftFile{key: key, path: f.Path, rec: rec, ids: leaving, old: len(old), got: len(ids),
			moved: moved, changed: changed, repeats: repeatedRecords(problems)})
	}
	if claimed || unfinished {
		// Not remembered as read: once the other file is gone (a moved
		// corpus pruned, say), or the file reads again (mended, or its
		// copy finished), the next sync reads it again and takes the
		// articles it was refused or could not read now.
		rec.Size = unreadSize
	}
	rf := &readFile{path: f.Path, rec: rec, unfinished: unfinished}
	read[key] = rf
	claims.done[key] = true
	w.reading = nil
	w.setFile(key, rf.held(old))
	return w.maybeFlush()
}

// held returns the record of the file that the batches flushed before the
// sync's last hold (a copy: the sync may change rec before its end). It
// is rec itself when rec holds every ID the file had; else the IDs that
// leave the file, which the sync removes or keeps at its end, are held
// too, and the file is read again by the next sync should this one end
// before (applySync writes rec then).
func (r *readFile) held(old []string) *fileRecord {
	ids := union(r.rec.IDs, old)
	r.final = len(ids) == len(r.rec.IDs)
	if r.final {
		c := *r.rec
		c.IDs = ids // rec's, in a slice of its own
		return &c
	}
	return &fileRecord{Size: unreadSize, ModTime: r.rec.ModTime, IDs: ids}
}

// union returns the IDs of a, then those of b that a does not have, in a
// new slice.
func union(a, b []string) []string {
	out := slices.Clone(a)
	have := make(map[string]bool, len(a))
	for _, id := range a {
		have[id] = true
	}
	for _, id := range b {
		if !have[id] {
			out = append(out, id)
			have[id] = true
		}
	}
	return out
}

// readFile is a file a sync read: its record as syncFile set it, and
// whether it was read to its end.
type readFile struct {
	path       string
	rec        *fileRecord
	unfinished bool
	// final is true when the record the sync wrote of it as it read it
	// was rec (held).
	final bool
}

// leftFile is a file read again whose articles left it: whether they go
// is decided once every file is read (applySync, keepLeaving).
type leftFile struct {
	key, path string
	rec       *fileRecord // the file's record, as syncFile set it
	ids       []string    // the IDs it held and no longer gives
	// old is how many IDs it held, got how many it gives now.
	old, got int
	// moved maps those of ids whose article the file now gives under a new
	// ID to that ID (renamedPairs); changed are those of them whose article
	// changed too (changedMoves).
	moved   map[string]string
	changed map[string]bool
	// repeats counts the file's records skipped as repeats of an earlier
	// record (corpus.ReasonSameRecord).
	repeats int
}

// repeatedRecords counts the records of problems skipped as repeats.
func repeatedRecords(problems []corpus.Problem) int {
	n := 0
	for _, p := range problems {
		if p.Reason == corpus.ReasonSameRecord {
			n += 1 + p.More
		}
	}
	return n
}

// contentHash is the hash of a's content: corpus.Hash without its ID.
func contentHash(a chronicle.Article) string {
	a.ID = ""
	return corpus.Hash(a)
}

// changedMoves returns those of moved (an ID a file held -> the new ID it
// gives that record under, renamedPairs) whose article changed too: the
// stored article's content differs from the new one's (added maps the
// new IDs to their content, contentHash). A stored article that does not
// read back as the hash stored with it is taken as unchanged.
func (ix *Index) changedMoves(moved, added map[string]string) (map[string]bool, error) {
	if len(moved) == 0 || len(added) == 0 {
		return nil, nil
	}
	var ids []string
	for id, to := range moved {
		if _, ok := added[to]; ok {
			ids = append(ids, id)
		}
	}
	var changed map[string]bool
	const batch = 256 // stored articles read at once
	for len(ids) > 0 {
		chunk := ids[:min(batch, len(ids))]
		ids = ids[len(chunk):]
		arts, _, err := ix.store.articlesOrBad(chunk)
		if err != nil {
			return nil, err
		}
		for id, a := range arts {
			// a.Hash is the hash stored with the record.
			if corpus.Hash(a) == a.Hash && contentHash(a) != added[moved[id]] {
				if changed == nil {
					changed = map[string]bool{}
				}
				changed[id] = true
			}
		}
	}
	return changed, nil
}

// renamedIn returns the IDs of leaving that the file gives under new IDs
// (renamedPairs).
func renamedIn(leaving, given, had []string) map[string]bool {
	pairs := renamedPairs(leaving, given, had)
	if pairs == nil {
		return nil
	}
	moved := make(map[string]bool, len(pairs))
	for id := range pairs {
		moved[id] = true
	}
	return moved
}

// renamedPairs maps the IDs of leaving (the IDs a file held and no longer
// gives) that it now gives under the path ID of another root to that ID:
// the same record, its ID with folders before it or without them
// ("export-5" and "2024-03/export-5"; the same text file, line or numeric
// id). An index of
// an earlier release holds a file's articles under the IDs its path gave
// then, and a corpus path added above the others changes them too: the
// file gives them all again under new IDs, and they are no articles lost,
// nor new ones. Counted as new, they made a file cut from 40 articles to 5
// an edit, and 35 were removed without a refusal (helper 103). They are
// paired by the record their IDs name, not by their text, so that a row
// edited in the same sync is no new article either, and identical rows
// pair one to one (helper 104: a first version that paired by content let
// one edited row make a cut an edit, and paired twenty identical rows with
// one).
func renamedPairs(leaving, given, had []string) map[string]string {
	if len(leaving) == 0 || len(given) == 0 {
		return nil
	}
	old := make(map[string]bool, len(had))
	for _, id := range had {
		old[id] = true
	}
	// Only IDs new to the file name a record it held under another ID
	// (helper 105: "01" leaving was paired with "sport/01", which the file
	// gave all along, and the cut went without a refusal).
	fresh := map[string]bool{}
	for _, g := range given {
		if !old[g] {
			fresh[g] = true
		}
	}
	if len(fresh) == 0 {
		return nil
	}
	// matches lists, for each leaving ID, the new IDs it may be: itself
	// with folders before it, or without the folders it had.
	matches := map[string][]string{}
	news := newTailIndex(maps.Keys(fresh))
	claims := map[string]int{} // a new ID -> how many leaving IDs it may be
	for _, id := range leaving {
		m := news.matches(id)
		matches[id] = m
		for _, g := range m {
			claims[g]++
		}
	}
	// One to one, or not at all: a new ID that two leaving IDs may be
	// ("07" for "sport/07" and "tech/07") names neither for sure.
	var moved map[string]string
	for _, id := range leaving {
		if m := matches[id]; len(m) == 1 && claims[m[0]] == 1 {
			if moved == nil {
				moved = map[string]string{}
			}
			moved[id] = m[0]
		}
	}
	return moved
}

// keepLeaving says why the articles that left a file still there are kept
// (a sync without Prune), or "" when they go: left of the old articles the
// file held (none of them given by another file), when it now gives got,
// fresh of them new, and the index holds size. A file that gives none at
// all (records all refused after an upstream change of field names, "{}"
// written over it) keeps them, as does one that gives nothing new and
// loses more than the sync's removal limits allow of the index, or more
// than half its own articles past the floor (a file cut at a line
// boundary): these are how an export gone wrong looks, and the articles
// would be lost with nothing else to give them back (helper 83). A file
// that gives new articles (an export written anew each day) is an edit.
func keepLeaving(left, old, got, fresh, size int) string {
	switch {
	case left == 0:
		return ""
	case got == 0:
		return "it gives no article now"
	case fresh > 0:
		return ""
	case left > removalFloor && float64(left) > RemovalShare*float64(size):
		return fmt.Sprintf("more than %.0f%% of the index", RemovalShare*100)
	case left > removalFloor && 2*left > old:
		return "more than half of the file's"
	}
	return ""
}

// refusedRemoval is the problem of a file whose kept articles, of the old
// it held, left it and stay (keepLeaving says why); prune is the command
// that lets them go.
func refusedRemoval(path string, kept, old int, why, prune string) corpus.Problem {
	return corpus.Problem{Path: path, Reason: corpus.ReasonRemovalRefused,
		Detail: fmt.Sprintf("%d of the %d articles indexed from it are no longer in it (%s): they are kept; "+
			"if the file was changed on purpose, run %s", kept, old, why, prune)}
}

// movedRemoval is the problem of a file that a gone file (written as path
// is, pathLike) moved to (its successor) when the articles the move lost
// are kept (moveKeeps).
func movedRemoval(path, gone string, kept, old int, why, prune string) corpus.Problem {
	return corpus.Problem{Path: path, Reason: corpus.ReasonRemovalRefused,
		Detail: fmt.Sprintf("it gives articles of %s, which is gone (moved here?), but %d of the %d indexed from that file are in no file now (%s): they are kept; "+
			"if they were removed on purpose, run %s", gone, kept, old, why, prune)}
}

// unreadSize is the size recorded for a file that must be read again at
// the next sync: no file has it.
const unreadSize = -1

// queueArticles compares articles with the stored hashes and queues the new
// and changed ones. added, when not nil, is called with each article new to
// the index.
func (ix *Index) queueArticles(w *writer, arts []chronicle.Article, rep *SyncReport, added func(chronicle.Article)) error {
	for startI := 0; startI < len(arts); startI += ix.opts.BatchSize {
		chunk := arts[startI:min(startI+ix.opts.BatchSize, len(arts))]
		ids := make([]string, len(chunk))
		for i, a := range chunk {
			ids[i] = a.ID
		}
		hashes, err := w.hashes(ids)
		if err != nil {
			return err
		}
		for _, a := range chunk {
			if a.Hash == "" {
				a.Hash = corpus.Hash(a)
			}
			h, ok := hashes[a.ID]
			switch {
			case ok && h == a.Hash:
				rep.Unchanged++
				continue
			case ok:
				rep.Updated++
			default:
				rep.Added++
				rep.AddedIDs = append(rep.AddedIDs, a.ID)
				if added != nil {
					added(a)
				}
			}
			rep.ChangedIDs = append(rep.ChangedIDs, a.ID)
			if r := w.reading; r != nil {
				r.queued = append(r.queued, a.ID)
			}
			if err := w.put(a); err != nil {
				return err
			}
			if err := w.maybeFlush(); err != nil {
				return err
			}
		}
	}
	return nil
}

// Put adds or replaces articles that come from origin (a feed URL). Articles
// with an unchanged hash are left alone. Put is idempotent.
func (ix *Index) Put(ctx context.Context, origin string, arts []chronicle.Article) (_ SyncReport, err error) {
	start := time.Now()
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	defer func() {
		if err != nil && ctx.Err() != nil {
			err = interrupted{dir: ix.dir, cause: context.Cause(ctx)}
		}
	}()
	var rep SyncReport
	if ix.ReadOnly {
		return rep, fmt.Errorf("add articles to index %q: %w", ix.dir, ErrReadOnly)
	}
	key := originPrefix + origin
	if origin == "" || len(origin) > MaxFeedURLBytes {
		return rep, fmt.Errorf("add articles from %q: a feed URL of %d bytes (it must have 1 to %d)", origin[:min(len(origin), 80)], len(origin), MaxFeedURLBytes)
	}
	valid := make([]chronicle.Article, 0, len(arts))
	for _, a := range arts {
		if why := checkID(a.ID); why != "" {
			rep.Problems = corpus.Note(rep.Problems, corpus.Problem{Path: origin, Reason: "bad ID", Detail: why, Skipped: true})
			continue
		}
		// A feed item is held to the limits a file's article is; a
		// feed's problems are listed as a file's are (corpus.Note).
		for _, p := range corpus.DefaultLimits().Fit(&a, origin) {
			rep.Problems = corpus.Note(rep.Problems, p)
		}
		valid = append(valid, a)
	}
	arts = valid
	known, err := ix.knownFiles(&rep.Problems)
	if err != nil {
		return rep, err
	}
	// An article a corpus file gives is that file's: a feed item of its ID
	// is skipped as a file's duplicate is (helper 96: the item replaced the
	// file's article without a word, while the other order was reported).
	fileOf := map[string]string{}
	for k, r := range known {
		if !strings.HasPrefix(k, originPrefix) {
			for _, id := range r.IDs {
				fileOf[id] = k
			}
		}
	}
	if len(fileOf) > 0 {
		kept := arts[:0]
		for _, a := range arts {
			if f, ok := fileOf[a.ID]; ok {
				rep.Problems = corpus.Note(rep.Problems, corpus.Problem{Path: origin, Reason: "duplicate ID", Skipped: true,
					Detail: fmt.Sprintf("article %q is already indexed from %s", a.ID, f)})
				rep.RefusedIDs = append(rep.RefusedIDs, a.ID)
				continue
			}
			kept = append(kept, a)
		}
		arts = kept
	}
	w, err := ix.newWriter(ctx)
	if err != nil {
		return rep, err
	}
	defer w.stop()
	rec := known[key]
	rec.ModTime = ix.opts.Now()
	rec.Recovered = rec.Recovered || key == recoveredOrigin
	// A batch flushed before the end holds the articles stored so far in
	// the feed's record (writer.reading).
	w.reading = &readingFile{key: key, base: rec}
	if err := ix.queueArticles(w, arts, &rep, nil); err != nil {
		return rep, err
	}
	w.reading = nil
	seen := make(map[string]bool, len(rec.IDs))
	for _, id := range rec.IDs {
		seen[id] = true
	}
	for _, a := range arts {
		if !seen[a.ID] {
			rec.IDs = append(rec.IDs, a.ID)
			seen[a.ID] = true
		}
	}
	w.setFile(key, &rec)
	if err := w.finish(); err != nil {
		return rep, err
	}
	rep.Duration = time.Since(start)
	return rep, nil
}

// knownFiles is the store's file records. A record that does not decode
// is reported in problems (with its file's path or its feed's URL) and
// written back as filesChecked gives it, so that it is reported once, its
// file is read again by this sync and its record written whole.
func (ix *Index) knownFiles(problems *[]corpus.Problem) (map[string]fileRecord, error) {
	recs, damaged, err := ix.store.filesChecked()
	if err != nil {
		return nil, err
	}
	write := slices.Clone(damaged)
	for key, r := range recs {
		if r.settled || key == recoveredOrigin && len(damaged) > 1 {
			write = append(write, key)
		}
	}
	if len(write) == 0 {
		return recs, nil
	}
	slices.Sort(write)
	write = slices.Compact(write)
	if err := ix.store.putFiles(recs, write); err != nil {
		return nil, fmt.Errorf("write the index's file records again (%s): %w; bot index --rebuild makes them anew", strings.Join(write, ", "), err)
	}
	for _, key := range damaged {
		what, path := "file", key
		if origin, ok := strings.CutPrefix(key, originPrefix); ok {
			what, path = "feed", origin
		}
		*problems = append(*problems, corpus.Problem{Path: path, Reason: ReasonDamagedRecord,
			Detail: fmt.Sprintf("the index's record of this %s is damaged on disk; %s", what, heldBy(recs, key, len(damaged)))})
	}
	return recs, nil
}

// heldBy says which articles the damaged record of key is taken to hold
// (filesChecked), one of n damaged.
func heldBy(recs map[string]fileRecord, key string, n int) string {
	if n > 1 {
		return fmt.Sprintf("%d records are damaged, so which articles each held is not known: those no whole record holds (%d) are kept as recovered articles, which a rebuild keeps too, a file read again takes back those it gives, and --prune lets go of the rest",
			n, len(recs[recoveredOrigin].IDs))
	}
	return fmt.Sprintf("it is written again, holding the articles of the index that no other record holds (%d)", len(recs[key].IDs))
}

// damagedRecordWarning is a rebuild's warning for the damaged file record
// of key, one of n.
func damagedRecordWarning(key string, n int) string {
	what := "the file " + key
	if origin, ok := strings.CutPrefix(key, originPrefix); ok {
		what = "the feed " + origin
	}
	if n > 1 {
		return fmt.Sprintf("the old index's record of %s was damaged on disk (%d records were): the articles no whole record held are kept as recovered articles", what, n)
	}
	return fmt.Sprintf("the old index's record of %s was damaged on disk: the articles no other record held were taken for its own", what)
}

func fileKey(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// pathLike returns the file of key (fileKey) written as path, the file a
// warning is about, is written, so that a warning names both files alike:
// relative to the working folder when path is relative (a relative corpus
// path lists its files so), else key itself, as is a feed's.
func pathLike(key, path string) string {
	if filepath.IsAbs(path) || !filepath.IsAbs(key) {
		return key
	}
	wd, err := filepath.Abs(".")
	if err != nil {
		return key
	}
	if rel, err := filepath.Rel(wd, key); err == nil {
		return rel
	}
	return key
}

// errNoRecord is the error of an article a file record lists whose stored
// record is gone.
var errNoRecord = errors.New("its stored record is gone")

// EachPut calls fn for every article added with Put, with its origin (the
// feed URL), origin by origin, until fn returns an error. It is how a
// rebuild carries feed articles over to a fresh index.
func (ix *Index) EachPut(ctx context.Context, fn func(origin string, a chronicle.Article) error) error {
	return ix.eachPut(ctx, fn, nil)
}

// eachPut is EachPut; when skip is set, a stored record that does not
// decode is given to it (with its origin) instead of failing the walk.
func (ix *Index) eachPut(ctx context.Context, fn func(origin string, a chronicle.Article) error, skip func(origin, id string, err error)) error {
	known, err := ix.store.files()
	if err != nil {
		return err
	}
	origins := make([]string, 0, len(known))
	for key := range known {
		if strings.HasPrefix(key, originPrefix) {
			origins = append(origins, key)
		}
	}
	sort.Strings(origins)
	for _, key := range origins {
		ids := known[key].IDs
		for start := 0; start < len(ids); start += ix.opts.BatchSize {
			if err := ctx.Err(); err != nil {
				return err
			}
			chunk := ids[start:min(start+ix.opts.BatchSize, len(ids))]
			var arts map[string]chronicle.Article
			var bad map[string]error
			if skip == nil {
				arts, err = ix.store.articles(chunk)
			} else {
				arts, bad, err = ix.store.articlesOrBad(chunk)
			}
			if err != nil {
				return err
			}
			for _, id := range chunk {
				if err, ok := bad[id]; ok {
					skip(strings.TrimPrefix(key, originPrefix), id, err)
					continue
				}
				a, ok := arts[id]
				if !ok {
					if skip != nil {
						skip(strings.TrimPrefix(key, originPrefix), id, errNoRecord)
					}
					continue
				}
				if err := fn(strings.TrimPrefix(key, originPrefix), a); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// leaveOutOwnFiles drops the index's own files from a corpus listing: a
// corpus folder that holds the index folder ("--corpus ." with the index in
// ./index) would otherwise give its metadata to the loaders as articles.
// Each is reported, skipped.
func (ix *Index) leaveOutOwnFiles(files []corpus.File, problems []corpus.Problem) ([]corpus.File, []corpus.Problem) {
	isOwn := ix.ownFile()
	// The index's files that the lister does not take for article files
	// (store.db, root.bolt, *.zap) were reported as of an unknown
	// extension at every sync (helper 75): the problems below say why the
	// folder is left out.
	probs := problems[:0]
	for _, p := range problems {
		if p.Reason != corpus.ReasonUnknownExt || !isOwn(p.Path) {
			probs = append(probs, p)
		}
	}
	kept := files[:0]
	for _, f := range files {
		if isOwn(f.Path) {
			probs = append(probs, corpus.Problem{Path: f.Path, Reason: corpus.ReasonIndexFile, Skipped: true,
				Detail: "the index folder is inside a corpus folder; its files are not articles"})
			continue
		}
		kept = append(kept, f)
	}
	return kept, probs
}

// ownFile returns a test of whether a path lies in one of the index's own
// folders: its own, and those of the live index and the rebuild beside it.
// An index rebuilt beside a live one inside a corpus folder read the live
// one's files as articles ("idx/bleve/index_meta.json: no text"), and after
// the swap reported the file "not listed, though it is there" at every
// sync (helper 100).
func (ix *Index) ownFile() func(path string) bool {
	base := realDir(ix.dir)
	for _, suffix := range []string{rebuildSuffix, oldSuffix} {
		base = strings.TrimSuffix(base, suffix)
	}
	own := append([]string{base}, besideIndex(base)...)
	inside := map[string]bool{} // by the folder as listed
	return func(path string) bool {
		dir := filepath.Dir(path)
		in, seen := inside[dir]
		if !seen {
			d := realDir(dir)
			in = slices.ContainsFunc(own, func(o string) bool {
				return d == o || strings.HasPrefix(d, o+string(filepath.Separator))
			})
			inside[dir] = in
		}
		return in
	}
}

// realDir is dir as fileKey makes it, with its symbolic links resolved
// when they can be.
func realDir(dir string) string {
	abs := fileKey(dir)
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	return abs
}
