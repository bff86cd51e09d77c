package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/chronicle-bot/chronicle/internal/buildmem"
	"github.com/chronicle-bot/chronicle/internal/corpus"
	"github.com/chronicle-bot/chronicle/internal/index"
	"github.com/chronicle-bot/chronicle/internal/progress"
)

func newIndexCmd(a *app) *cobra.Command {
	var rebuild, verbose, prune bool
	cmd := &cobra.Command{
		Use:   "index",
		Short: "Build or update the on-disk index from the corpus",
		Long: "Reads every corpus file, folder and glob and updates the index incrementally: unchanged files\n" +
			"are not read again, changed articles are replaced, articles whose file is gone are removed.\n\n" +
			"Nothing is lost by accident: articles from files outside the given paths are kept, a path that\n" +
			"does not exist (or a glob that matches no file) is an error, and a sync that would remove more than 5% of the index (or every\n" +
			"article of one path, as an unmounted folder would) refuses and names the cause. --prune removes\n" +
			"all of these.\n\n" +
			"Every configured feed is then fetched once. Exit status: 0 when all went well; 3 when the corpus\n" +
			"was indexed but one or more feeds failed (each is named on stderr, with \"N of M feeds failed\"; the\n" +
			"other feeds are still taken); 1 on any other error.",
		Args: noArgsEach("for a corpus path, give --corpus"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.cfg.Validate(false); err != nil {
				return err
			}
			if rebuild {
				// Refuse before deleting anything when the folder also holds
				// other files: the index could not be created there again.
				other, err := index.Foreign(a.cfg.Index.Path)
				if err != nil {
					return err
				}
				if len(other) > 0 {
					return fmt.Errorf("index folder %q also holds %q: move other files out of it, or give another --index", a.cfg.Index.Path, other[0])
				}
			}
			if err := a.checkCorpusFirst(); err != nil {
				return err
			}
			rebuilt := false
			if rebuild {
				var err error
				if rebuilt, err = a.rebuildIndex(cmd.Context(), prune, verbose); err != nil {
					return err
				}
			}
			ix, err := a.openIndex(cmd.Context())
			if err != nil {
				return err
			}
			defer ix.Close()
			for _, p := range index.Leftovers(a.cfg.Index.Path) {
				a.log.Warn("a rebuild that was stopped left this folder beside the index; the next bot index --rebuild uses it or names it, or delete it",
					"folder", p)
			}
			if !rebuilt { // a rebuild has synced the corpus already
				restoreGC := buildmem.Tune(buildmem.DefaultLimit)
				rep, err := ix.Sync(cmd.Context(), a.cfg.Corpus.Paths, index.SyncOptions{Prune: prune, Verify: true})
				restoreGC()
				if err != nil {
					// Damage the sync found (and mended) is said even when
					// it then stops (a refused removal): it is not found
					// again (helper 92).
					a.printProblems(slices.DeleteFunc(rep.Problems, func(p corpus.Problem) bool {
						return p.Reason != index.ReasonDamagedRecord
					}), verbose)
					return err
				}
				a.printProblems(rep.Problems, verbose)
				fmt.Fprintf(a.stdout, "index %s: %s\n", a.cfg.Index.Path, rep.Summary())
			}
			err = a.fetchFeedsOnce(cmd.Context(), ix)
			// Said on every run, not only the one that read the files
			// (nu42: the second run of a corpus of no article said
			// nothing).
			a.warnEmpty(ix)
			a.warnAhead(ix, time.Now())
			return err
		},
	}
	addIndexFlags(cmd)
	cmd.Flags().BoolVar(&rebuild, "rebuild", false, "build the index again from the corpus beside the old one and swap it in (a damaged file's articles are kept unless --prune)")
	cmd.Flags().BoolVar(&prune, "prune", false, "remove articles whose files are gone or outside the given paths, beyond the safety limits")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list every skipped record and warning (of a file with more than 1,000, the first 1,000 and a count of the rest by reason)")
	return cmd
}

// openIndex opens the configured index with a progress bar for long builds.
func (a *app) openIndex(ctx context.Context) (*index.Index, error) {
	ix, err := index.Open(ctx, a.cfg.Index.Path, index.Options{Progress: progress.NewBar(a.stderr), Damaged: warnDamaged(a.log)})
	if err != nil {
		return nil, err
	}
	if ix.Reset {
		a.log.Warn("index was incomplete, outdated or damaged and has been reset; it will be rebuilt",
			"path", a.cfg.Index.Path, "reason", ix.ResetReason)
	}
	warnMended(a.log, a.cfg.Index.Path, ix.Repaired, ix.StoppedSwap)
	if ix.ReadOnly {
		a.log.Info("index is read-only: it answers but is not updated", "path", a.cfg.Index.Path)
	}
	return ix, nil
}

// warnDamaged returns an index.Options.Damaged that logs a stored article
// found damaged on disk.
func warnDamaged(log *slog.Logger) func(id string, err error) {
	return func(id string, err error) {
		log.Warn("a stored article is damaged on disk: it is left out of answers until the index stores it again", "article", id, "error", err)
	}
}

// warnMended logs what opening the index at path mended (repaired:
// index.Index.Repaired) and, apart, a rebuild's swap stopped there that
// could not be finished, so that the index was opened read-only
// (stoppedSwap: index.Index.StoppedSwap). Nothing was repaired then, and
// the operator has something to do, so it is not said as "index repaired".
func warnMended(log *slog.Logger, path, repaired, stoppedSwap string) {
	if repaired != "" {
		log.Warn("index repaired", "path", path, "what", repaired)
	}
	if stoppedSwap != "" {
		log.Warn("index opened read-only: a stopped rebuild swap could not be finished", "path", path,
			"do", "make the folder the index is in writable, then open it again (bot index) to finish the swap", "what", stoppedSwap)
	}
}

// rebuildIndex builds the index again from the corpus beside the current
// one and swaps it in (index.Live.RebuildWith), and reports whether it did:
// a rebuild that fails leaves the current index as it was, and the
// articles of a corpus file that cannot be read to its end now are kept
// from it, as a sync keeps them (with prune they go). An index this
// release cannot use at all (one of a later format, or search files that
// cannot be made again: index.Discardable) has nothing a rebuild could
// keep: it is discarded, and the sync that follows builds it afresh. Any
// other failure to open it leaves it as it is: one in use by a running
// bot, an open that was interrupted (Ctrl-C during a repair), a store that
// cannot be read, and a stopped swap whose recovery refused (the error
// names <index>.swap and what to do).
func (a *app) rebuildIndex(ctx context.Context, prune, verbose bool) (bool, error) {
	// Search files that need repair are not repaired: the rebuild reads
	// the old index's store only.
	l, err := index.OpenForRebuild(ctx, a.cfg.Index.Path, index.Options{Progress: progress.NewBar(a.stderr)})
	if err != nil {
		if ctx.Err() != nil || !index.Discardable(err) {
			return false, err
		}
		a.log.Warn("the index cannot be opened; it is discarded and built again", "path", a.cfg.Index.Path, "error", err)
		return false, index.Remove(a.cfg.Index.Path)
	}
	warnMended(a.log, a.cfg.Index.Path, l.Repaired(), l.StoppedSwap())
	restoreGC := buildmem.Tune(buildmem.DefaultLimit)
	rep, err := l.RebuildWith(ctx, a.cfg.Corpus.Paths, index.SyncOptions{Prune: prune})
	restoreGC()
	if cerr := l.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close the rebuilt index: %w", cerr)
	}
	if err != nil {
		return false, fmt.Errorf("rebuild index %q: %w", a.cfg.Index.Path, err)
	}
	// The catch-up pass reads again the files that changed meanwhile and
	// those that could not be read: a problem both passes met is said once,
	// as the rebuild said it (the catch-up, a sync, names the file as
	// configured and its own way out: "removal refused" twice for one
	// file, with two paths and two commands).
	problems := rep.Corpus.Problems
	seen := make(map[problemKey]bool, len(problems))
	for _, p := range problems {
		seen[keyOf(p)] = true
	}
	for _, p := range rep.CatchUp.Problems {
		if !seen[keyOf(p)] {
			problems = append(problems, p)
		}
	}
	a.printProblems(problems, verbose)
	fmt.Fprintf(a.stdout, "index %s rebuilt: %s\n", a.cfg.Index.Path, rep.Summary())
	return true, nil
}

// problemKey is what makes two reports of a problem the same: its file (as
// an absolute path), line and reason.
type problemKey struct {
	path, reason string
	line         int
}

func keyOf(p corpus.Problem) problemKey {
	path := p.Path
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return problemKey{path: path, reason: p.Reason, line: p.Line}
}

// printProblems lists problems on stderr: the first 20, or all when
// verbose.
func (a *app) printProblems(problems []corpus.Problem, verbose bool) {
	head, more := problems, 0
	if !verbose {
		head, more = corpus.Head(problems, loggedProblems)
	}
	for _, p := range head {
		fmt.Fprintln(a.stderr, p.String())
	}
	if more > 0 {
		noun := "problems"
		if more == 1 {
			noun = "problem"
		}
		fmt.Fprintf(a.stderr, "... and %d more %s (--verbose lists them)\n", more, noun)
	}
}

// readyIndex opens the index and, when it is empty, builds it from the
// configured corpus first (ask, search and digest need no separate step).
func (a *app) readyIndex(ctx context.Context) (*index.Index, error) {
	if err := a.checkCorpusFirst(); err != nil {
		return nil, err
	}
	ix, err := a.openIndex(ctx)
	if err != nil {
		return nil, err
	}
	if ix.Len() == 0 {
		if err := missingCorpus(a.cfg.Corpus.Paths, a.corpusGiven); err != nil {
			ix.Close()
			return nil, err
		}
	}
	// An empty index is built from the corpus; a filled one is synced only
	// when --corpus names the corpus it should hold (an index built with
	// other paths, such as an evaluation corpus, is otherwise left as it is).
	if ix.Len() > 0 && !a.corpusGiven {
		return ix, nil
	}
	if ix.Len() > 0 && ix.ReadOnly {
		a.log.Warn("--corpus is not applied: the index is read-only", "path", a.cfg.Index.Path)
		return ix, nil
	}
	rep, err := ix.Sync(ctx, a.cfg.Corpus.Paths, index.SyncOptions{})
	if errors.Is(err, index.ErrRemovalRefused) && ix.Len() > 0 {
		// The sync removed nothing and the index is whole: the question
		// is answered from it as it is, and bot index says the rest
		// (before, the refusal stood in place of the answer; review nu39).
		fmt.Fprintf(a.stderr, "warning: the index was not synced with the corpus, and answers from it as it is: %s\n", err)
		return ix, nil
	}
	if err != nil {
		ix.Close()
		return nil, err
	}
	if rep.Changed() || len(rep.Problems) > 0 {
		a.log.Info("synced index with the corpus", "path", a.cfg.Index.Path, "summary", rep.Summary())
	}
	if rep.Added > 0 && rep.Kept > 0 {
		// --corpus on a command that reads adds to the index for good:
		// later commands without it answer from these articles too (nu42).
		added := fmt.Sprintf("%d articles of %s were", rep.Added, strings.Join(a.cfg.Corpus.Paths, ", "))
		if rep.Added == 1 {
			added = fmt.Sprintf("1 article of %s was", strings.Join(a.cfg.Corpus.Paths, ", "))
		}
		fmt.Fprintf(a.stderr, "note: %s added to the index %s, which also keeps %d of other corpus paths: "+
			"later commands answer from both (bot index --prune with the configured corpus alone removes the others)\n",
			added, a.cfg.Index.Path, rep.Kept)
	}
	// Else "no article matches" reads as if the question were at fault (a
	// glob that matched nothing; review nu39).
	a.warnEmpty(ix)
	return ix, nil
}

// warnEmpty warns on stderr when the index holds no article.
func (a *app) warnEmpty(ix *index.Index) {
	if ix.Len() == 0 {
		fmt.Fprintf(a.stderr, "warning: the index %s holds no article: the corpus paths (%s) gave none\n",
			a.cfg.Index.Path, strings.Join(a.cfg.Corpus.Paths, ", "))
	}
}

// warnAhead warns on stderr, in one line, of the articles misdated on
// now: dated after tomorrow, UTC (index.Ahead, chronicle.LastUndoubted; as
// answers, /sources, digest and timeline judge them). Answers without
// --as-of leave them out until their day is tomorrow (index.Newest),
// which for a typo (2042 for 2024) is years. An article dated tomorrow is
// not named: the day has begun east of UTC. Before, the warning cut at a
// day from now, answers at the end of today (helper 140).
func (a *app) warnAhead(ix *index.Index, now time.Time) {
	n, id, latest := ix.Ahead(now)
	switch {
	case n == 1:
		fmt.Fprintf(a.stderr, "warning: 1 article is dated after tomorrow (%s, %s): answers without --as-of leave it out "+
			"as misdated until the day before its date; check its date in the corpus\n", id, latest.UTC().Format(time.DateOnly))
	case n > 1:
		fmt.Fprintf(a.stderr, "warning: %d articles are dated after tomorrow (the latest %s, %s): answers without --as-of "+
			"leave them out as misdated until the days before theirs; check their dates in the corpus\n", n, id, latest.UTC().Format(time.DateOnly))
	}
}

// checkCorpusFirst refuses, before the index folder is created, a corpus
// path that does not exist when the index would be built from it (no index
// yet, or --corpus given), so that a run from the wrong folder leaves
// nothing behind.
func (a *app) checkCorpusFirst() error {
	if _, err := os.Stat(a.cfg.Index.Path); err == nil && !a.corpusGiven {
		return nil
	}
	return missingCorpus(a.cfg.Corpus.Paths, a.corpusGiven)
}

// absentCorpusPath reports whether corpus path p does not exist (missing),
// or is a glob that matches no file (unmatched).
func absentCorpusPath(p string) (missing, unmatched bool) {
	_, err := os.Stat(p)
	switch {
	case err == nil:
		return false, false
	case strings.ContainsAny(p, "*?["):
		m, gerr := filepath.Glob(p)
		return false, gerr == nil && len(m) == 0
	}
	return errors.Is(err, fs.ErrNotExist), false
}

// missingCorpus is one sentence about the first corpus path that does not
// exist, or glob that matches nothing, or nil; given says the paths came
// from --corpus.
func missingCorpus(paths []string, given bool) error {
	for _, p := range paths {
		fix := "fix corpus.paths or pass --corpus"
		if given {
			fix = "check the path given to --corpus"
		}
		missing, unmatched := absentCorpusPath(p)
		if unmatched {
			// A pattern that matches nothing is a typo as a missing
			// path is (nu44: it built an empty index and exited 0).
			wd, _ := os.Getwd()
			return fmt.Errorf("corpus pattern %q matches no file here (%s); %s", p, wd, fix)
		}
		if !missing {
			continue
		}
		if filepath.IsAbs(p) {
			return fmt.Errorf("corpus path %q does not exist; %s", p, fix)
		}
		wd, _ := os.Getwd()
		if !given {
			fix = "run from the repository root, " + fix
		}
		return fmt.Errorf("corpus path %q does not exist here (%s); %s", p, wd, fix)
	}
	return nil
}
