package index

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// Live is an index that can be rebuilt while it serves, the one `bot serve`
// answers from. It holds the open *Index behind a read-write lock so that a
// fresh index is built beside it and swapped in (see Rebuild): every method delegates
// under the read lock and the swap takes the write lock, so a search made
// during a rebuild uses the old index, one made during the short swap
// waits for it, and none sees a closed index.
//
// Corpus syncs are serialised by syncMu, which the swap holds too: the
// watcher never syncs the old index while it is being replaced. Puts (feed
// articles) made while a rebuild runs are recorded and replayed on the new
// index during the swap, so that no feed article is lost.
type Live struct {
	path string
	opts Options

	syncMu     sync.Mutex // serialises Sync and the swap
	rebuilding sync.Mutex // held by the one running Rebuild

	mu sync.RWMutex
	ix *Index // nil only when a failed swap could not reopen any index

	recMu     sync.Mutex
	recording bool
	puts      []putCall // Puts made since the rebuild began
}

// putCall is one recorded Put.
type putCall struct {
	origin string
	arts   []chronicle.Article
}

// ErrNoIndex is returned when no index is open (a swap failed badly). A
// rebuild opens it again first (reopen), so /reindex is the way back.
var ErrNoIndex = chronicle.Errorf(chronicle.EINTERNAL, "The index is not available right now (a rebuild stopped while swapping it); an admin's /reindex opens it again.")

// OpenLive opens the index in path (see Open) for serving and rebuilding.
func OpenLive(ctx context.Context, path string, opts Options) (*Live, error) {
	opts = opts.withDefaults()
	ix, err := Open(ctx, path, opts)
	if err != nil {
		return nil, err
	}
	return &Live{path: path, opts: opts, ix: ix}, nil
}

// OpenForRebuild opens the index in path (see Open) to be rebuilt
// (Live.Rebuild) and closed, nothing else. A rebuild reads only the old
// index's store (the articles it carries over, its file records): when the
// search files need repair, they are not opened and not repaired (a repair
// reads every stored article into a search index the swap then deletes;
// on the RealTimeQA corpus it took longer than the rebuild), and the
// index answers nothing until the rebuild has swapped the new one in.
func OpenForRebuild(ctx context.Context, path string, opts Options) (*Live, error) {
	opts = opts.withDefaults()
	ix, err := openRecovering(ctx, path, opts, true)
	if err != nil {
		return nil, err
	}
	return &Live{path: path, opts: opts, ix: ix}, nil
}

// current calls fn with the current index under the read lock.
func current[T any](l *Live, fn func(ix *Index) (T, error)) (T, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.ix == nil || l.ix.unsearchable != "" {
		var zero T
		return zero, ErrNoIndex
	}
	return fn(l.ix)
}

// stored is current for what reads only the store, which an index opened
// for a rebuild alone (OpenForRebuild) has.
func stored[T any](l *Live, fn func(ix *Index) (T, error)) (T, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.ix == nil {
		var zero T
		return zero, ErrNoIndex
	}
	return fn(l.ix)
}

// Search implements commands.Searcher.
func (l *Live) Search(ctx context.Context, q chronicle.SearchQuery) (chronicle.SearchResult, error) {
	return current(l, func(ix *Index) (chronicle.SearchResult, error) { return ix.Search(ctx, q) })
}

// Retrieve implements answer.Retriever.
func (l *Live) Retrieve(ctx context.Context, q chronicle.RetrieveQuery) ([]chronicle.Candidate, error) {
	return current(l, func(ix *Index) ([]chronicle.Candidate, error) { return ix.Retrieve(ctx, q) })
}

// DocFreqs implements answer.Retriever.
func (l *Live) DocFreqs(ctx context.Context, stems []string) (int, map[string]int, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.ix == nil {
		return 0, nil, ErrNoIndex
	}
	return l.ix.DocFreqs(ctx, stems)
}

// Window implements digest.Source.
func (l *Live) Window(ctx context.Context, q chronicle.SearchQuery) ([]chronicle.Article, error) {
	return current(l, func(ix *Index) ([]chronicle.Article, error) { return ix.Window(ctx, q) })
}

// Titles implements commands.Articles.
func (l *Live) Titles(ctx context.Context, prefix string, limit int) ([]chronicle.TitleMatch, error) {
	return current(l, func(ix *Index) ([]chronicle.TitleMatch, error) { return ix.Titles(ctx, prefix, limit) })
}

// Article implements commands.Articles.
func (l *Live) Article(ctx context.Context, id string) (chronicle.Article, error) {
	return current(l, func(ix *Index) (chronicle.Article, error) { return ix.Article(ctx, id) })
}

// Stats implements commands.StatsSource.
func (l *Live) Stats(ctx context.Context) (chronicle.CorpusStats, error) {
	return current(l, func(ix *Index) (chronicle.CorpusStats, error) { return ix.Stats(ctx) })
}

// Len returns the number of articles in the current
func (l *Live) Len() int {
	n, _ := current(l, func(ix *Index) (int, error) { return ix.Len(), nil })
	return n
}

// Dir returns the index directory (the same before and after a swap).
func (l *Live) Dir() string { return l.path }

// Sync brings the current index in line with the corpus paths, one sync at
// a time and never during a swap.
func (l *Live) Sync(ctx context.Context, paths []string, opts SyncOptions) (SyncReport, error) {
	l.syncMu.Lock()
	defer l.syncMu.Unlock()
	return current(l, func(ix *Index) (SyncReport, error) { return ix.Sync(ctx, paths, opts) })
}

// Suggest implements answer.Retriever.
func (l *Live) Suggest(ctx context.Context, words, context []string) (map[string]string, error) {
	return current(l, func(ix *Index) (map[string]string, error) { return ix.Suggest(ctx, words, context) })
}

// SentenceRepeats implements answer.Retriever.
func (l *Live) SentenceRepeats(sentence string) int {
	n, _ := current(l, func(ix *Index) (int, error) { return ix.SentenceRepeats(sentence), nil })
	return n
}

// Newest implements answer.Retriever.
func (l *Live) Newest() time.Time {
	t, _ := current(l, func(ix *Index) (time.Time, error) { return ix.Newest(), nil })
	return t
}

// Generation returns the current index's generation (a rebuild swaps in
// one with a new generation).
func (l *Live) Generation(ctx context.Context) (string, error) {
	return current(l, func(ix *Index) (string, error) { return ix.Generation(ctx) })
}

// Put adds feed articles to the current index and, while a rebuild runs,
// records them for the new
func (l *Live) Put(ctx context.Context, origin string, arts []chronicle.Article) (SyncReport, error) {
	return current(l, func(ix *Index) (SyncReport, error) {
		rep, err := ix.Put(ctx, origin, arts)
		if err != nil {
			return rep, err
		}
		l.recMu.Lock()
		if l.recording {
			l.puts = append(l.puts, putCall{origin: origin, arts: slices.Clone(arts)})
		}
		l.recMu.Unlock()
		return rep, nil
	})
}

// record starts (or stops) recording Puts; stopping drops what was recorded.
func (l *Live) record(on bool) {
	l.recMu.Lock()
	defer l.recMu.Unlock()
	l.recording, l.puts = on, nil
}

// replayPuts applies the recorded Puts to ix, adds the articles' IDs to ids
// and returns how many it put. The caller holds the write lock, so no Put
// is running or can start.
func (l *Live) replayPuts(ctx context.Context, ix *Index, ids map[string]bool) (int, error) {
	l.recMu.Lock()
	puts := l.puts
	l.recMu.Unlock()
	n := 0
	for _, p := range puts {
		if _, err := ix.Put(ctx, p.origin, p.arts); err != nil {
			return n, fmt.Errorf("replay feed articles of %q: %w", p.origin, err)
		}
		n += len(p.arts)
		for _, a := range p.arts {
			ids[a.ID] = true
		}
	}
	return n, nil
}

// Close closes the current
func (l *Live) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ix == nil {
		return nil
	}
	err := l.ix.Close()
	l.ix = nil
	return err
}

// ErrRebuildRunning refuses a second rebuild while one runs.
var ErrRebuildRunning = chronicle.Errorf(chronicle.ECONFLICT, "A rebuild is already running; its summary will be posted when it is done.")

// Reset reports whether opening found the current index broken, incomplete
// or outdated and wiped it (see Index.Reset), and why.
func (l *Live) Reset() (reset bool, reason string) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.ix == nil {
		return false, ""
	}
	return l.ix.Reset, l.ix.ResetReason
}

// StoppedSwap says, when a rebuild's swap stopped at the index could not
// be finished and the index was opened read-only in place, what was left
// (see Index.StoppedSwap); "" otherwise.
func (l *Live) StoppedSwap() string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.ix == nil {
		return ""
	}
	return l.ix.StoppedSwap
}

// Repaired says what Open mended without losing an article (see
// Index.Repaired); "" when nothing was.
func (l *Live) Repaired() string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.ix == nil {
		return ""
	}
	return l.ix.Repaired
}
