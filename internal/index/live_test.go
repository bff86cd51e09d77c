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
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// gate is an Progress that, once armed, holds the next sync that has
// files to read at its start until released: a test acts while a rebuild
// is running.
type gate struct {
	mu               sync.Mutex
	armed            bool
	entered, release chan struct{}
}

func (g *gate) arm() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.armed, g.entered, g.release = true, make(chan struct{}), make(chan struct{})
}

func (g *gate) Start(string, int64) {
	g.mu.Lock()
	if !g.armed {
		g.mu.Unlock()
		return
	}
	g.armed = false
	entered, release := g.entered, g.release
	g.mu.Unlock()
	close(entered)
	<-release
}

func (g *gate) Add(int64) {}
func (g *gate) Done()     {}

// writeStory writes a one-article text file whose text names word.
func writeStory(tb testing.TB, dir, name, word string) {
	tb.Helper()
	text := fmt.Sprintf("date 2024-03-2%d %s was reported on Wednesday by several outlets, officials said.\n", len(name)%9, word)
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// feedStory is a feed article (no corpus path) whose text names word.
func feedStory(id, word string) chronicle.Article {
	return chronicle.Article{ID: id, Title: word + " in the news", Source: "Example Feed", URL: "https://example.com/" + id,
		Published:  time.Date(2024, 3, 26, 9, 0, 0, 0, time.UTC),
		Paragraphs: []chronicle.Paragraph{{Text: word + " made the headlines of the example feed today."}}}
}

// hits returns how many articles a search for word finds.
func hits(tb testing.TB, l *Live, word string) int {
	tb.Helper()
	res, err := l.Search(context.Background(), chronicle.SearchQuery{Text: word, Limit: 10})
	if err != nil {
		tb.Fatalf("Search(%q): %v", word, err)
	}
	return len(res.Hits)
}

// dirNames lists a directory.
func dirNames(tb testing.TB, dir string) []string {
	tb.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// searchLoop queries l through every method serve uses until stop is
// closed, and returns how many rounds succeeded and the first failure.
func searchLoop(l *Live, stop <-chan struct{}) (rounds *atomic.Int64, wait func() error) {
	rounds = &atomic.Int64{}
	var firstErr error
	var wg sync.WaitGroup
	ctx := context.Background()
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			res, err := l.Search(ctx, chronicle.SearchQuery{Text: "Alpha", Limit: 5})
			if err == nil && len(res.Hits) != 1 {
				err = fmt.Errorf("Search(Alpha) found %d articles, want 1", len(res.Hits))
			}
			if err == nil {
				_, err = l.Retrieve(ctx, chronicle.RetrieveQuery{Terms: []chronicle.WeightedTerm{{Text: "alpha", Boost: 1}}})
			}
			if err == nil {
				_, _, err = l.DocFreqs(ctx, []string{"alpha"})
			}
			if err == nil {
				_, err = l.Window(ctx, chronicle.SearchQuery{})
			}
			if err == nil {
				_, err = l.Article(ctx, "feed-1")
			}
			if err == nil {
				_, err = l.Titles(ctx, "", 5)
			}
			if err == nil {
				_, err = l.Stats(ctx)
			}
			if err != nil {
				firstErr = err
				return
			}
			rounds.Add(1)
			time.Sleep(time.Millisecond)
		}
	})
	return rounds, func() error { wg.Wait(); return firstErr }
}

func TestLiveRebuild(t *testing.T) {
	ctx := context.Background()
	corpus, state := t.TempDir(), t.TempDir()
	paths := []string{corpus}
	writeStory(t, corpus, "a.txt", "Alpha")
	writeStory(t, corpus, "b.txt", "Bravo")
	g := &gate{}
	l, err := OpenLive(ctx, filepath.Join(state, "index"), Options{Progress: g})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := l.Sync(ctx, paths, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	const feedURL = "https://example.com/feed.xml"
	if _, err := l.Put(ctx, feedURL, []chronicle.Article{feedStory("feed-1", "Charlie")}); err != nil {
		t.Fatal(err)
	}
	// Gone from the corpus, but never synced: only the rebuild drops it.
	if err := os.Remove(filepath.Join(corpus, "b.txt")); err != nil {
		t.Fatal(err)
	}

	stop := make(chan struct{})
	rounds, waitLoop := searchLoop(l, stop)
	g.arm()
	type result struct {
		rep RebuildReport
		err error
	}
	done := make(chan result, 1)
	go func() {
		rep, err := l.Rebuild(ctx, paths)
		done <- result{rep, err}
	}()
	select {
	case <-g.entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the rebuild never started reading the corpus")
	}
	// While it runs: the old index serves, a second rebuild is refused, and
	// feed articles and corpus files that arrive meanwhile are kept.
	if _, err := l.Rebuild(ctx, paths); !errors.Is(err, ErrRebuildRunning) {
		t.Errorf("second Rebuild = %v, want %v", err, ErrRebuildRunning)
	}
	if n := hits(t, l, "Bravo"); n != 1 {
		t.Errorf("during the rebuild Search(Bravo) found %d, want 1 (the old index)", n)
	}
	if _, err := l.Put(ctx, feedURL, []chronicle.Article{feedStory("feed-2", "Delta")}); err != nil {
		t.Fatal(err)
	}
	writeStory(t, corpus, "echo.txt", "Echo")
	time.Sleep(20 * time.Millisecond) // let the search loop run against the old index
	close(g.release)
	var res result
	select {
	case res = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the rebuild did not finish")
	}
	close(stop)
	if err := waitLoop(); err != nil {
		t.Errorf("search during the rebuild: %v", err)
	}
	if res.err != nil {
		t.Fatalf("Rebuild: %v", res.err)
	}
	t.Logf("%d search rounds during the rebuild; %s", rounds.Load(), res.rep.Summary())
	if rounds.Load() == 0 {
		t.Error("no search ran during the rebuild")
	}

	for _, tt := range []struct {
		word string
		want int
	}{{"Alpha", 1}, {"Bravo", 0}, {"Charlie", 1}, {"Delta", 1}, {"Echo", 1}} {
		if n := hits(t, l, tt.word); n != tt.want {
			t.Errorf("after the rebuild Search(%s) found %d, want %d", tt.word, n, tt.want)
		}
	}
	if got := l.Len(); got != 4 || res.rep.Articles != 4 {
		t.Errorf("after the rebuild Len() = %d, report %d; want 4", got, res.rep.Articles)
	}
	if r := res.rep; r.Feed != 2 || r.Replayed != 1 || r.CatchUp.Added != 1 {
		t.Errorf("report: %d feed articles kept, %d replayed, %d added in the catch-up; want 2, 1, 1", r.Feed, r.Replayed, r.CatchUp.Added)
	}
	if got := dirNames(t, state); !slices.Equal(got, []string{"index"}) {
		t.Errorf("state folder holds %q, want only the index", got)
	}

	// A later rebuild clears a leftover build directory (what a rebuild
	// killed half-way leaves: the new index's own entries; a folder holding
	// anything else is refused, see TestRebuildLeavesFoldersItDidNotMake)
	// and the watcher's syncs go to the new
	if err := os.MkdirAll(filepath.Join(state, "index"+rebuildSuffix, entryBleve, "junk"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(state, "index"+rebuildSuffix, entryStore), []byte("half-written"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Rebuild(ctx, paths); err != nil {
		t.Fatalf("second Rebuild: %v", err)
	}
	if got := dirNames(t, state); !slices.Equal(got, []string{"index"}) {
		t.Errorf("after a second rebuild the state folder holds %q, want only the index", got)
	}
	writeStory(t, corpus, "foxtrot.txt", "Foxtrot")
	if _, err := l.Sync(ctx, paths, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if n := hits(t, l, "Foxtrot"); n != 1 || l.Len() != 5 {
		t.Errorf("after a sync of the rebuilt index Search(Foxtrot) found %d of %d articles, want 1 of 5", n, l.Len())
	}
}

func TestLiveRebuildCanceled(t *testing.T) {
	corpus, state := t.TempDir(), t.TempDir()
	writeStory(t, corpus, "a.txt", "Alpha")
	l, err := OpenLive(context.Background(), filepath.Join(state, "index"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := l.Sync(context.Background(), []string{corpus}, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	writeStory(t, corpus, "b.txt", "Bravo")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Rebuild(ctx, []string{corpus}); err == nil {
		t.Fatal("Rebuild with a canceled context succeeded")
	}
	if a, b := hits(t, l, "Alpha"), hits(t, l, "Bravo"); a != 1 || b != 0 {
		t.Errorf("after a failed rebuild Search found Alpha %d, Bravo %d; want the old index (1, 0)", a, b)
	}
	if got := dirNames(t, state); !slices.Equal(got, []string{"index"}) {
		t.Errorf("state folder holds %q, want only the index", got)
	}
}

// TestLiveRebuildRefusesOtherFiles: a rebuild, which deletes the old
// index folder whole, refuses one that also holds other files and leaves
// everything as it was.
func TestLiveRebuildRefusesOtherFiles(t *testing.T) {
	corpus, state := t.TempDir(), t.TempDir()
	writeStory(t, corpus, "a.txt", "Alpha")
	dir := filepath.Join(state, "index")
	l, err := OpenLive(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := l.Sync(context.Background(), []string{corpus}, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = l.Rebuild(context.Background(), []string{corpus})
	if chronicle.ErrorCode(err) != chronicle.ECONFLICT || !strings.Contains(chronicle.ErrorMessage(err), "notes.txt") {
		t.Fatalf("Rebuild with notes.txt in the index folder: error = %v, want a conflict naming it", err)
	}
	if b, err := os.ReadFile(notes); err != nil || string(b) != "mine" {
		t.Errorf("notes.txt = %q, %v; want it untouched", b, err)
	}
	if n := hits(t, l, "Alpha"); n != 1 {
		t.Errorf("after the refused rebuild Search(Alpha) found %d, want 1", n)
	}
}

// TestLiveRebuildKeepsDamagedStores: a damaged store a reset kept in the
// index folder (store.db.damaged-*) is its owner's to remove; a rebuild
// while serving replaced the folder and deleted it with the old index.
func TestLiveRebuildKeepsDamagedStores(t *testing.T) {
	ctx := context.Background()
	corpus, state := t.TempDir(), t.TempDir()
	writeStory(t, corpus, "a.txt", "Alpha")
	dir := filepath.Join(state, "index")
	l, err := OpenLive(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	kept := filepath.Join(dir, damagedPrefix+"20260101T000000")
	if err := os.WriteFile(kept, []byte("the damaged store's bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := l.Rebuild(ctx, []string{corpus})
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(kept); err != nil || string(b) != "the damaged store's bytes" {
		t.Errorf("after the rebuild the kept store reads %q, %v; want its bytes (warnings %q)", b, err, rep.Warnings)
	}
	if _, err := os.Stat(dir + oldSuffix); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the old index folder is still there (%v); want it removed", err)
	}
}
