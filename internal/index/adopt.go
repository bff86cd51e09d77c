package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/chronicle-bot/chronicle/internal/corpus"
)

// carried is what carryOver kept from the index a rebuild replaces.
type carried struct {
	// held counts the articles of files that are there but could not be
	// read to their end, or listed; kept those of files outside the paths;
	// refused those that left a file still there that a sync would keep
	// (keepLeaving).
	held, kept, refused int
	// damaged are the IDs of the old index's records that were damaged on
	// disk (checksum, or they do not decode): they are let go, not
	// carried over as they now read.
	damaged []string
	// problems are the files the listing missed though they are there
	// (the sync has already reported the unfinished ones).
	problems []corpus.Problem
}

// carryOver gives a rebuild the rules of a sync (Sync, planRemovals): ix is
// the new index, just synced from paths, and src the index it replaces. A
// sync keeps what a rebuild, starting from nothing, would lose:
//   - the articles of a corpus file that is there but could not be read to
//     its end (emptied, cut short, unreadable) or listed (a folder on the
//     way that cannot be read);
//   - the articles of files outside the paths given;
//   - the articles that left a file still there, or a moved file's new
//     copy, that a sync would keep (keepLeaving, judgeMove);
//
// and it refuses to remove every article of a path that holds no files now
// (an unmounted folder) or more than RemovalShare of the index. Without
// opts.Prune, carryOver copies them from src into ix, each file
// recorded as unread (held) or as it was (kept), and returns
// ErrRemovalRefused, before copying anything, where a sync would refuse.
// With opts.Prune it does nothing: the rebuild holds what the files give.
//
// synced are the problems of ix's sync: a file is unfinished when one of
// them says so (one whose record is unread only because another file holds
// one of its IDs was read to its end). An ID another file of ix holds is
// not copied: the file that gave it wins.
func (ix *Index) carryOver(ctx context.Context, src *Index, paths []string, synced []corpus.Problem, opts SyncOptions) (carried, error) {
	var c carried
	if opts.Prune {
		return c, nil
	}
	unfinished := map[string]bool{}
	for _, p := range synced {
		if p.Unfinished {
			unfinished[fileKey(p.Path)] = true
		}
	}
	old, err := src.store.files()
	if err != nil {
		return c, fmt.Errorf("list the files of the old index: %w", err)
	}
	now, err := ix.store.files()
	if err != nil {
		return c, err
	}
	cfg := configuredPaths(paths)
	// What to copy, and what the new index holds as a sync would see it.
	present := make(map[string]bool, len(now))
	for key := range now {
		present[key] = true
	}
	type copyFile struct {
		key     string
		held    bool // else kept: outside the paths
		refused bool // held as a sync would refuse to remove them
		// from is the old file whose articles are copied, when it is not
		// key: a gone file whose articles are kept by its successor
		// (keepMoved).
		from string
		// renamed are the old IDs whose records the file gives under
		// new IDs (renamedIn): never copied.
		renamed map[string]bool
	}
	// The IDs each file of the new index gives, for the articles that left
	// a file and another file now gives (moved, not lost).
	givenBy := map[string]string{}
	for key, r := range now {
		for _, id := range r.IDs {
			givenBy[id] = key
		}
	}
	var copies []copyFile
	oldIDs := knownIDsOnce(old)    // every ID of the old index, for what a file gives anew
	keptByMove := map[string]int{} // a gone file -> its articles its successor keeps
	// The articles of the gone files a new file gives under new IDs, found
	// by content (contentMoves): asked for at the first gone file.
	var found *finds
	findMoved := func() {
		if found != nil {
			return
		}
		lost := map[string]bool{}
		for key, r := range old {
			if _, listed := now[key]; listed || strings.HasPrefix(key, originPrefix) || coveredBy(cfg, key) == nil {
				continue
			}
			for _, id := range r.IDs {
				if givenBy[id] == "" {
					lost[id] = true
				}
			}
		}
		found = ix.foundByContent(src, lost, now, old, oldIDs)
	}
	for key := range old {
		if strings.HasPrefix(key, originPrefix) {
			continue // feed articles are carried over apart
		}
		rec, listed := now[key]
		switch {
		case coveredBy(cfg, key) == nil:
			copies = append(copies, copyFile{key: key})
		case listed:
			gives := make(map[string]bool, len(rec.IDs))
			for _, id := range rec.IDs {
				gives[id] = true
			}
			if rec.Size == unreadSize && unfinished[key] {
				// Not read to its end: it holds its articles, but not
				// those it gave under new IDs (renamedIn).
				var unread []string
				for _, id := range old[key].IDs {
					if !gives[id] {
						unread = append(unread, id)
					}
				}
				copies = append(copies, copyFile{key: key, held: true, renamed: renamedIn(unread, rec.IDs, old[key].IDs)})
				continue
			}
			// What a sync would keep of the articles that left the file
			// (keepLeaving), the rebuild keeps: it dropped them without
			// a word, after a sync had said they were kept (review rev40).
			var leaving []string
			for _, id := range old[key].IDs {
				if o, ok := givenBy[id]; !gives[id] && (!ok || o == key) {
					leaving = append(leaving, id)
				}
			}
			// Its own under new IDs are neither left nor new (renamedIn),
			// as in a sync (helper 104: the rebuild counted them new).
			renamed := renamedIn(leaving, rec.IDs, old[key].IDs)
			leftN := len(leaving) - len(renamed)
			// New to the index, not moved in from another file (helper 87).
			fresh := max(0, countNew(oldIDs(), rec.IDs)-len(renamed))
			if why := keepLeaving(leftN, len(old[key].IDs), len(rec.IDs), fresh, src.Len()); why != "" {
				copies = append(copies, copyFile{key: key, held: true, refused: true, renamed: renamed})
				c.problems = append(c.problems, refusedRemoval(key, leftN, len(old[key].IDs), why, "bot index --rebuild --prune"))
			}
		default:
			p, gone := unlistedFile(key)
			if gone {
				// The removal rule below weighs it; but what its successor
				// would keep in a sync (keepMoved), the rebuild keeps.
				ids := old[key].IDs
				findMoved()
				// Its rows edited as it was renamed moved too.
				found.pairEdited(key, ids, func(id string) bool { return givenBy[id] != "" },
					func(k string) []string { return now[k].IDs }, oldIDs)
				m := judgeMove(ids, func(id string) (string, bool) {
					k, ok := givenBy[id]
					if !ok {
						k, ok = found.by(id)
					}
					_, was := old[k]
					return k, ok && !was
				}, func(id string) bool { _, ok := givenBy[id]; _, by := found.by(id); return ok || by },
					func(k string) []string { return now[k].IDs }, func(k string) bool { return unfinished[k] },
					withFound(oldIDs, found.fresh), src.Len())
				if m.why == "" {
					continue
				}
				keptByMove[key] = len(m.rest)
				// Those the successor gives under new IDs are not copied.
				renamed := map[string]bool{}
				for _, id := range ids {
					if _, ok := found.by(id); ok {
						renamed[id] = true
					}
				}
				copies = append(copies, copyFile{key: m.succ, from: key, held: true, refused: !m.hold, renamed: renamed})
				if !m.hold {
					c.problems = append(c.problems, movedRemoval(m.succ, key, len(m.rest), len(ids), m.why, "bot index --rebuild --prune"))
				}
				continue
			}
			if !unlisted(synced, key) {
				c.problems = append(c.problems, p)
			}
			present[key] = true
			copies = append(copies, copyFile{key: key, held: true})
		}
	}
	removals := planRemovals(cfg, old, present, src.Len(), opts)
	// One order, so that an ID two old files share goes the same way.
	slices.SortFunc(copies, func(a, b copyFile) int {
		return cmp.Or(strings.Compare(a.key, b.key), strings.Compare(a.from, b.from))
	})
	owned := map[string]bool{}
	for _, r := range now {
		for _, id := range r.IDs {
			owned[id] = true
		}
	}
	if removals.checked() {
		// As in a sync (planSync): the gone files' articles that the
		// rebuild read from other files moved, and those their successor
		// keeps stay; neither counts.
		// So did those it read under a new ID (movedIDs: a text file's
		// ID is its path, and its folder was renamed).
		again := ix.givenAgain(src, old, removals.gone, owned, now, unfinished, oldIDs)
		stays := func(key string) stay {
			st := stay{kept: keptByMove[key]}
			for _, id := range old[key].IDs {
				if owned[id] || again[id] {
					st.moved++
				}
			}
			return st
		}
		if err := removals.refused(stays, "rebuild", unreadNew(synced, old)); err != nil {
			return carried{}, err
		}
	}
	w, err := ix.newWriter(ctx)
	if err != nil {
		return c, err
	}
	defer w.wait()
	recs := map[string]*fileRecord{} // the records written, as several old files may go to one
	for _, cf := range copies {
		rec := recs[cf.key]
		switch {
		case rec != nil:
		case cf.held:
			r := now[cf.key] // a held file keeps what it gave the new index
			rec = &r
		default:
			rec = &fileRecord{Size: old[cf.key].Size, ModTime: old[cf.key].ModTime}
		}
		recs[cf.key] = rec
		from := cmp.Or(cf.from, cf.key)
		var want []string
		for _, id := range old[from].IDs {
			if !owned[id] && !cf.renamed[id] {
				want = append(want, id)
			}
		}
		n, damaged, err := ix.copyArticles(w, src, want, owned, rec)
		c.damaged = append(c.damaged, damaged...)
		switch {
		case cf.refused:
			c.refused += n
			rec.Size = unreadSize // read again at the next sync
		case cf.held:
			c.held += n
			rec.Size = unreadSize // read again at the next sync
		default:
			c.kept += n
		}
		if err != nil {
			return c, fmt.Errorf("copy the old index's articles of %s: %w", cf.key, err)
		}
		w.setFile(cf.key, rec)
	}
	return c, w.finish()
}

// copyArticles puts the articles of ids from src into w, in order, adds
// their IDs to rec and owned, and returns how many it put. They are read a
// batch at a time: one file may have given 200,000 articles. A record
// damaged on disk is not put: its ID is returned in damaged.
func (ix *Index) copyArticles(w *writer, src *Index, ids []string, owned map[string]bool, rec *fileRecord) (n int, damaged []string, err error) {
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), max(ix.opts.BatchSize, 1))]
		ids = ids[len(chunk):]
		arts, bad, err := src.store.articlesOrBad(chunk)
		if err != nil {
			return n, damaged, err
		}
		for _, id := range chunk {
			if _, ok := bad[id]; ok {
				damaged = append(damaged, id)
				continue
			}
			a, ok := arts[id]
			if !ok { // gone from the store: let go, and said as a damaged one is (helper 92)
				damaged = append(damaged, id)
				continue
			}
			if err := w.put(a); err != nil {
				return n, damaged, err
			}
			owned[id] = true
			rec.IDs = append(rec.IDs, id)
			n++
			if err := w.maybeFlush(); err != nil {
				return n, damaged, err
			}
		}
	}
	return n, damaged, nil
}

// givenAgain returns the IDs of the gone files of src (old, their records)
// that no file of ix gives (owned) but whose content an article of ix gives
// under another ID (contentOf), as a sync finds them (movedIDs): from a
// file read to its end (not in unfinished), under an ID new to src (known
// gives src's IDs) or from a file that did not change.
func (ix *Index) givenAgain(src *Index, old map[string]fileRecord, gone []string, owned map[string]bool,
	now map[string]fileRecord, unfinished map[string]bool, known func() map[string]bool) map[string]bool {
	lost := map[string]bool{}
	for _, key := range gone {
		for _, id := range old[key].IDs {
			if !owned[id] {
				lost[id] = true
			}
		}
	}
	twins := src.contentOf(lost)
	if len(twins) == 0 {
		return nil
	}
	again := map[string]bool{}
	for key, r := range now {
		if unfinished[key] {
			continue
		}
		before, ok := old[key]
		steady := ok && before.same(r.Size, r.ModTime)
		for _, id := range r.IDs {
			if !steady && known()[id] {
				continue // an ID of src in a file that changed: a sync would not count it
			}
			if was, ok := ix.twinOf(twins, id); ok {
				again[was] = true
			}
		}
	}
	return again
}
