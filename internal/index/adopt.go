package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/chronicle-bot/chronicle/internal/corpus"
)

// adoptHeld copies into ix, a new index just synced from paths, the
// articles that src (the index it replaces) holds from corpus files that ix
// could not read to their end (recorded as unread) or did not list though
// they are still there. A sync keeps such articles (see syncFile and
// planSync); a rebuild starts from nothing, so without this it would lose
// every article of a file that was emptied, cut short or made unreadable
// just before it. Each adopted file stays recorded as unread, so the next
// sync reads it again and follows it once it reads to its end.
//
// synced are the problems of ix's sync: a file is unfinished when one of
// them says so (a file whose record is unread only because another file
// holds one of its IDs was read to its end, and adopts nothing). It
// returns how many articles were adopted and a problem for each file the
// listing missed (the sync has already reported the unfinished ones).
// An ID another file of ix holds is not adopted: the file that read gives
// it.
func (ix *Index) adoptHeld(ctx context.Context, src *Index, paths []string, synced []corpus.Problem) (int, []corpus.Problem, error) {
	unfinished := map[string]bool{}
	for _, p := range synced {
		if p.Unfinished {
			unfinished[fileKey(p.Path)] = true
		}
	}
	old, err := src.store.files()
	if err != nil {
		return 0, nil, fmt.Errorf("list the files of the old index: %w", err)
	}
	now, err := ix.store.files()
	if err != nil {
		return 0, nil, err
	}
	owned := map[string]bool{}
	for _, r := range now {
		for _, id := range r.IDs {
			owned[id] = true
		}
	}
	cfg := configuredPaths(paths)
	keys := make([]string, 0, len(old))
	for key := range old {
		keys = append(keys, key)
	}
	slices.Sort(keys) // one order, so that a shared ID goes the same way every time
	w, err := ix.newWriter(ctx)
	if err != nil {
		return 0, nil, err
	}
	adopted := 0
	var problems []corpus.Problem
	for _, key := range keys {
		if strings.HasPrefix(key, originPrefix) || coveredBy(cfg, key) == nil {
			continue // feed articles are carried over apart; other paths were not asked for
		}
		rec, listed := now[key]
		if listed && (rec.Size != unreadSize || !unfinished[key]) {
			continue // read to its end: the new index has what the file holds
		}
		if !listed {
			_, err := os.Stat(key)
			if errors.Is(err, fs.ErrNotExist) {
				continue // gone
			}
			detail := "not listed, though it is there (a folder on the way may not be readable)"
			if err != nil {
				detail = err.Error()
			}
			if !unlisted(synced, key) {
				problems = append(problems, corpus.Problem{Path: key, Reason: corpus.ReasonUnreadable,
					Detail: detail, Skipped: true, Unfinished: true})
			}
			rec = fileRecord{Size: unreadSize, ModTime: old[key].ModTime}
		}
		var want []string
		for _, id := range old[key].IDs {
			if !owned[id] {
				want = append(want, id)
			}
		}
		// Read in chunks of a batch: a file may have given 200,000 articles.
		for len(want) > 0 {
			chunk := want[:min(len(want), max(ix.opts.BatchSize, 1))]
			want = want[len(chunk):]
			arts, err := src.store.articles(chunk)
			if err != nil {
				return adopted, problems, fmt.Errorf("read the old index's articles of %s: %w", key, err)
			}
			for _, id := range chunk { // in the file's order
				a, ok := arts[id]
				if !ok {
					continue
				}
				if err := w.put(a); err != nil {
					return adopted, problems, err
				}
				owned[id] = true
				rec.IDs = append(rec.IDs, id)
				adopted++
				if err := w.maybeFlush(); err != nil {
					return adopted, problems, err
				}
			}
		}
		rec.Size = unreadSize
		w.setFile(key, &rec)
	}
	return adopted, problems, w.finish()
}
