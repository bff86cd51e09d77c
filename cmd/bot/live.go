package main

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// liveIndex is the index `bot serve` answers from. It holds the open
// *index.Index behind a read-write lock so that /reindex can build a fresh
// index beside it and swap it in (see Rebuild): every method delegates
// under the read lock and the swap takes the write lock, so a search made
// during a rebuild uses the old index, one made during the short swap
// waits for it, and none sees a closed index.
//
// Corpus syncs are serialised by syncMu, which the swap holds too: the
// watcher never syncs the old index while it is being replaced. Puts (feed
// articles) made while a rebuild runs are recorded and replayed on the new
// index during the swap, so that no feed article is lost.
type liveIndex struct {
	path string
	opts index.Options

	syncMu     sync.Mutex // serialises Sync and the swap
	rebuilding sync.Mutex // held by the one running Rebuild

	mu sync.RWMutex
	ix *index.Index // nil only when a failed swap could not reopen any index

	recMu     sync.Mutex
	recording bool
	puts      []putCall // Puts made since the rebuild began
}

// putCall is one recorded Put.
type putCall struct {
	origin string
	arts   []chronicle.Article
}

// errNoIndex is returned when no index is open (a swap failed badly).
var errNoIndex = chronicle.Errorf(chronicle.EINTERNAL, "The index is not available right now; try /reindex.")

// openLiveIndex opens the index in path.
func openLiveIndex(ctx context.Context, path string, opts index.Options) (*liveIndex, error) {
	ix, err := index.Open(ctx, path, opts)
	if err != nil {
		return nil, err
	}
	return &liveIndex{path: path, opts: opts, ix: ix}, nil
}

// readIndex calls fn with the current index under the read lock.
func readIndex[T any](l *liveIndex, fn func(ix *index.Index) (T, error)) (T, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.ix == nil {
		var zero T
		return zero, errNoIndex
	}
	return fn(l.ix)
}

// Search implements commands.Searcher.
func (l *liveIndex) Search(ctx context.Context, q chronicle.SearchQuery) (chronicle.SearchResult, error) {
	return readIndex(l, func(ix *index.Index) (chronicle.SearchResult, error) { return ix.Search(ctx, q) })
}

// Retrieve implements answer.Retriever.
func (l *liveIndex) Retrieve(ctx context.Context, q chronicle.RetrieveQuery) ([]chronicle.Candidate, error) {
	return readIndex(l, func(ix *index.Index) ([]chronicle.Candidate, error) { return ix.Retrieve(ctx, q) })
}

// DocFreqs implements answer.Retriever.
func (l *liveIndex) DocFreqs(ctx context.Context, stems []string) (int, map[string]int, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.ix == nil {
		return 0, nil, errNoIndex
	}
	return l.ix.DocFreqs(ctx, stems)
}

// Window implements digest.Source.
func (l *liveIndex) Window(ctx context.Context, q chronicle.SearchQuery) ([]chronicle.Article, error) {
	return readIndex(l, func(ix *index.Index) ([]chronicle.Article, error) { return ix.Window(ctx, q) })
}

// Titles implements commands.Articles.
func (l *liveIndex) Titles(ctx context.Context, prefix string, limit int) ([]chronicle.TitleMatch, error) {
	return readIndex(l, func(ix *index.Index) ([]chronicle.TitleMatch, error) { return ix.Titles(ctx, prefix, limit) })
}

// Article implements commands.Articles.
func (l *liveIndex) Article(ctx context.Context, id string) (chronicle.Article, error) {
	return readIndex(l, func(ix *index.Index) (chronicle.Article, error) { return ix.Article(ctx, id) })
}

// Stats implements commands.StatsSource.
func (l *liveIndex) Stats(ctx context.Context) (chronicle.CorpusStats, error) {
	return readIndex(l, func(ix *index.Index) (chronicle.CorpusStats, error) { return ix.Stats(ctx) })
}

// Len returns the number of articles in the current index.
func (l *liveIndex) Len() int {
	n, _ := readIndex(l, func(ix *index.Index) (int, error) { return ix.Len(), nil })
	return n
}

// Dir returns the index directory (the same before and after a swap).
func (l *liveIndex) Dir() string { return l.path }

// Sync brings the current index in line with the corpus paths, one sync at
// a time and never during a swap.
func (l *liveIndex) Sync(ctx context.Context, paths []string, opts index.SyncOptions) (index.SyncReport, error) {
	l.syncMu.Lock()
	defer l.syncMu.Unlock()
	return readIndex(l, func(ix *index.Index) (index.SyncReport, error) { return ix.Sync(ctx, paths, opts) })
}

// Suggest implements answer.Retriever.
func (l *liveIndex) Suggest(ctx context.Context, stems []string) (map[string]string, error) {
	return readIndex(l, func(ix *index.Index) (map[string]string, error) { return ix.Suggest(ctx, stems) })
}

// SentenceRepeats implements answer.Retriever.
func (l *liveIndex) SentenceRepeats(sentence string) int {
	n, _ := readIndex(l, func(ix *index.Index) (int, error) { return ix.SentenceRepeats(sentence), nil })
	return n
}

// Generation returns the current index's generation (a rebuild swaps in
// one with a new generation).
func (l *liveIndex) Generation(ctx context.Context) (string, error) {
	return readIndex(l, func(ix *index.Index) (string, error) { return ix.Generation(ctx) })
}

// Put adds feed articles to the current index and, while a rebuild runs,
// records them for the new index.
func (l *liveIndex) Put(ctx context.Context, origin string, arts []chronicle.Article) (index.SyncReport, error) {
	return readIndex(l, func(ix *index.Index) (index.SyncReport, error) {
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
func (l *liveIndex) record(on bool) {
	l.recMu.Lock()
	defer l.recMu.Unlock()
	l.recording, l.puts = on, nil
}

// replayPuts applies the recorded Puts to ix, adds the articles' IDs to ids
// and returns how many it put. The caller holds the write lock, so no Put
// is running or can start.
func (l *liveIndex) replayPuts(ctx context.Context, ix *index.Index, ids map[string]bool) (int, error) {
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

// Close closes the current index.
func (l *liveIndex) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ix == nil {
		return nil
	}
	err := l.ix.Close()
	l.ix = nil
	return err
}

// errRebuildRunning refuses a second rebuild while one runs.
var errRebuildRunning = chronicle.Errorf(chronicle.ECONFLICT, "A rebuild is already running; its summary will be posted when it is done.")
