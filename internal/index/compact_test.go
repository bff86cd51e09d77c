package index

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"github.com/chronicle-bot/chronicle"
)

// segmentsOf counts the segments of the Bleve index at its root.
func segmentsOf(tb testing.TB, b bleve.Index) uint64 {
	tb.Helper()
	adv, err := b.Advanced()
	if err != nil {
		tb.Fatal(err)
	}
	m := adv.(*scorch.Scorch).StatsMap()
	return m["num_root_filesegments"].(uint64) + m["num_root_memorysegments"].(uint64)
}

// writeStories writes n articles, each with its own word ("storyword7"),
// as one JSON Lines file in dir and returns its path.
func writeStories(tb testing.TB, dir string, n int) string {
	tb.Helper()
	var b strings.Builder
	for i := range n {
		line, err := json.Marshal(map[string]string{
			"id": fmt.Sprintf("story-%d", i), "title": fmt.Sprintf("Story %d", i),
			"text":         fmt.Sprintf("The council met on storyword%d and voted on the budget.", i),
			"publish_date": "2024-05-01",
		})
		if err != nil {
			tb.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	path := filepath.Join(dir, "stories.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// findsEveryStory checks that ix finds each of the n stories of
// writeStories, alone, by its own word.
func findsEveryStory(tb testing.TB, ix *Index, n int) {
	tb.Helper()
	for i := range n {
		res, err := ix.Search(context.Background(), chronicle.SearchQuery{Text: fmt.Sprintf("storyword%d", i), Limit: 3})
		if err != nil {
			tb.Fatal(err)
		}
		if len(res.Hits) != 1 || res.Hits[0].Article.ID != fmt.Sprintf("story-%d", i) {
			tb.Fatalf("search for storyword%d: %d hits, want story-%d alone", i, len(res.Hits), i)
		}
	}
}

// reopenWhole opens the index in dir, closed at the test's end, and checks
// that it is clean (no reset, no repair) and holds the n stories.
func reopenWhole(tb testing.TB, dir string, n int) *Index {
	tb.Helper()
	ix, err := Open(context.Background(), dir, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = ix.Close() })
	if ix.Reset || ix.Repaired != "" || ix.Len() != n {
		tb.Fatalf("reopened: reset %v, repaired %q, %d articles; want a clean index of %d", ix.Reset, ix.Repaired, ix.Len(), n)
	}
	findsEveryStory(tb, ix, n)
	return ix
}

// TestSyncCompactsALargeWrite: a sync that writes at least compactMin
// articles, and a quarter of the index, leaves its search index in one
// segment, whole: every article is found by its own word, and the index
// opens again clean, in one segment.
//
// It checked too that the merged-away segments' files were gone from the
// disk when Sync returned, which failed now and then on a loaded machine
// under -race. Scorch deletes them in its persister's clean-up, and only
// once the last reader of the snapshot that held them lets it go: when
// that comes after the clean-up that follows the merge, nothing deletes
// them until the next write or open (with compact's wait for them raised
// to 5 minutes, they were still there at its end). compact waits for them
// as a courtesy, bounded; what the sync promises is the one segment,
// which scorch reports, and its one file, which the next open holds.
func TestSyncCompactsALargeWrite(t *testing.T) {
	ctx := context.Background()
	const n = 60
	dir := t.TempDir()
	corpusPath := writeStories(t, t.TempDir(), n)
	ix, err := Open(ctx, dir, Options{BatchSize: 4, compactMin: 20})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ix.Sync(ctx, []string{corpusPath}, SyncOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != n {
		t.Fatalf("added %d articles, want %d", rep.Added, n)
	}
	if got := segmentsOf(t, ix.bleve); got != 1 {
		t.Errorf("after a sync of %d articles in batches of 4: %d segments, want 1", n, got)
	}
	findsEveryStory(t, ix, n)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	again := reopenWhole(t, dir, n)
	files, err := segmentFiles(again.bleve)
	if err != nil || len(files) != 1 {
		t.Errorf("reopened: segment files %v (%v), want one", files, err)
	}
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("reopened: segment file: %v", err)
		}
	}
}

// TestCompactStopsWhenCancelled: a cancelled merge returns, and the index
// keeps every article.
func TestCompactStopsWhenCancelled(t *testing.T) {
	ctx := context.Background()
	const n = 40
	corpusPath := writeStories(t, t.TempDir(), n)
	ix, err := Open(ctx, t.TempDir(), Options{BatchSize: 4, compactMin: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ix.Close() }()
	if _, err := ix.Sync(ctx, []string{corpusPath}, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := compact(cancelled, ix.bleve); err != nil {
		t.Fatalf("compact with a cancelled context: %v", err)
	}
	if got, err := ix.bleve.DocCount(); err != nil || got != n {
		t.Fatalf("after a cancelled merge: %d documents (%v), want %d", got, err, n)
	}
	if err := compact(ctx, ix.bleve); err != nil {
		t.Fatal(err)
	}
	if got := segmentsOf(t, ix.bleve); got != 1 {
		t.Errorf("after the merge run again: %d segments, want 1", got)
	}
}

func TestWorthCompacting(t *testing.T) {
	for _, c := range []struct {
		changed, total, least int
		want                  bool
	}{
		{changed: 16483, total: 16483, least: 1000, want: true}, // a new index
		{changed: 999, total: 999, least: 1000, want: false},    // too small to matter
		{changed: 1000, total: 4000, least: 1000, want: true},   // a quarter
		{changed: 1000, total: 4001, least: 1000, want: false},  // less than a quarter: the merge would write much more
		{changed: 12, total: 260000, least: 1000, want: false},  // a feed's poll
	} {
		t.Run(fmt.Sprintf("%d of %d", c.changed, c.total), func(t *testing.T) {
			if got := worthCompacting(c.changed, c.total, c.least); got != c.want {
				t.Errorf("worthCompacting(%d, %d, %d) = %v, want %v", c.changed, c.total, c.least, got, c.want)
			}
		})
	}
}

// manySegments builds, in a new folder, an index of n stories written one
// per batch and not merged at the end, so that its search index holds
// more segments than one forced merge task takes (ten), and returns it
// open with the folder.
func manySegments(t *testing.T, n int) (*Index, string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	ix, err := Open(ctx, dir, Options{BatchSize: 1, compactMin: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	if _, err := ix.Sync(ctx, []string{writeStories(t, t.TempDir(), n)}, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := segmentsOf(t, ix.bleve); got <= 10 {
		t.Fatalf("the fixture has %d segments, want more than 10", got)
	}
	return ix, dir
}

// TestCompactLeavesOneSegment: the merge leaves one segment however many
// the index had (scorch's single-segment plan merges ten segments a task,
// and ForceMerge plans once: 19 segments came out as 2).
func TestCompactLeavesOneSegment(t *testing.T) {
	ctx := context.Background()
	const n = 300
	ix, dir := manySegments(t, n)
	before := segmentsOf(t, ix.bleve)
	if err := compact(ctx, ix.bleve); err != nil {
		t.Fatal(err)
	}
	if got := segmentsOf(t, ix.bleve); got != 1 {
		t.Errorf("after the merge of %d segments: %d segments, want 1", before, got)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ix.Close() }()
	if got := segmentsOf(t, ix.bleve); got != 1 || ix.Repaired != "" || ix.Reset {
		t.Errorf("reopened: %d segments, repaired %q, reset %v; want 1 segment, clean", got, ix.Repaired, ix.Reset)
	}
}

// blockSegmentNames puts a folder where each of the next k segment files
// of the index in dir would be written, so that a merge fails to create
// its file, and returns a func that removes them. Each holds a file:
// scorch deletes the files of its folder that its index no longer uses,
// and would delete an empty folder.
func blockSegmentNames(t *testing.T, dir string, k int) func() {
	t.Helper()
	store := filepath.Join(dir, "bleve", "store")
	zaps, err := filepath.Glob(filepath.Join(store, "*.zap"))
	if err != nil || len(zaps) == 0 {
		t.Fatalf("no segments in %s (%v)", store, err)
	}
	var last uint64
	for _, z := range zaps {
		var id uint64
		if _, err := fmt.Sscanf(filepath.Base(z), "%x.zap", &id); err != nil {
			t.Fatal(err)
		}
		last = max(last, id)
	}
	// Each name is taken by a folder that already holds a file, renamed
	// into place in one step: scorch deletes the files of its folder it
	// does not use, and an empty folder made in place was once removed
	// before its file went in (in CI). The caller waits for scorch to be
	// idle first (waitIdle), so no name is taken by scorch meanwhile.
	staging := t.TempDir() // on the same file system as dir, a TempDir too
	var made []string
	for i := range uint64(k) {
		name := fmt.Sprintf("%012x.zap", last+1+i)
		tmp := filepath.Join(staging, name)
		if err := os.Mkdir(tmp, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(tmp, "keep"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(store, name)
		if err := os.Rename(tmp, p); err != nil {
			t.Fatalf("blocking %s (is scorch still writing segments?): %v", name, err)
		}
		made = append(made, p)
	}
	return func() {
		for _, p := range made {
			if err := os.RemoveAll(p); err != nil {
				t.Error(err)
			}
		}
	}
}

// waitIdle waits until scorch has written every segment and merges none:
// no segment in memory, every merge that began ended, and the same
// segments over three reads 50 ms apart.
func waitIdle(t *testing.T, ix *Index) {
	t.Helper()
	adv, err := ix.bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	s := adv.(*scorch.Scorch)
	stats := s.Stats().(*scorch.Stats)
	busy := func() bool {
		return statsOf(s).memSegments > 0 ||
			atomic.LoadUint64(&stats.TotFileMergeZapBeg) != atomic.LoadUint64(&stats.TotFileMergeZapEnd) ||
			atomic.LoadUint64(&stats.TotFileMergePlanTasks) != atomic.LoadUint64(&stats.TotFileMergePlanTasksDone)
	}
	deadline := time.Now().Add(30 * time.Second)
	last, still := segmentsOf(t, ix.bleve), 0
	for still < 3 {
		if time.Now().After(deadline) {
			t.Fatal("scorch still merging the fixture after 30 s")
		}
		time.Sleep(50 * time.Millisecond)
		n := segmentsOf(t, ix.bleve)
		if busy() || n != last {
			last, still = n, 0
			continue
		}
		still++
	}
}

// TestCompactReportsAFailedMerge: a merge that fails (here: its file
// cannot be created) is reported, not tried again at once and for ever
// (scorch's merger retries a forced merge that fails in a tight loop, and
// ForceMerge waits for it: a full disk would hang the sync, holding the
// index's write lock, and spin a core). The index keeps its segments,
// whole, and opens again clean.
func TestCompactReportsAFailedMerge(t *testing.T) {
	ctx := context.Background()
	const n, blocked = 300, 500
	ix, dir := manySegments(t, n)
	st := ix.bleve
	adv, err := st.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	stats := adv.(*scorch.Scorch).Stats().(*scorch.Stats)
	// Scorch's own merges of the fixture's segments must be over before
	// the names are blocked: one still running would fail on a blocked
	// name, be retried at once by scorch's merger, and count as the forced
	// merge's tries (it did, 2 runs in 25).
	waitIdle(t, ix)
	unblock := blockSegmentNames(t, dir, blocked)
	errsBefore := atomic.LoadUint64(&stats.TotFileMergeLoopErr)
	err = compact(ctx, ix.bleve)
	tries := atomic.LoadUint64(&stats.TotFileMergeLoopErr) - errsBefore
	if err == nil {
		t.Errorf("compact with the segment files' names taken: no error (the merge failed %d times)", tries)
	}
	if tries > 3 {
		t.Errorf("the failed merge was tried %d times, want it given up at once", tries)
	}
	if got, err := ix.bleve.DocCount(); err != nil || got != n {
		t.Fatalf("after a failed merge: %d documents (%v), want %d", got, err, n)
	}
	// A later sync's merge does not fail for the one given up.
	if err := compact(ctx, ix.bleve); err != nil && tries <= 3 {
		t.Errorf("compact again: %v", err)
	}
	unblock()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = reopenWhole(t, dir, n)
	if err := compact(ctx, ix.bleve); err != nil {
		t.Fatal(err)
	}
	if got := segmentsOf(t, ix.bleve); got != 1 {
		t.Errorf("reopened and merged: %d segments, want 1", got)
	}
}

// mergePlanFloor is the FloorSegmentSize of the merge plan the scorch
// index under b runs its merges by (read from scorch's own field: what it
// does, not what was asked).
func mergePlanFloor(tb testing.TB, b bleve.Index) int64 {
	tb.Helper()
	adv, err := b.Advanced()
	if err != nil {
		tb.Fatal(err)
	}
	f := reflect.ValueOf(adv.(*scorch.Scorch)).Elem().FieldByName("mergePlannerOptions")
	if !f.IsValid() || f.IsNil() {
		tb.Fatal("scorch has no mergePlannerOptions")
	}
	return f.Elem().FieldByName("FloorSegmentSize").Int()
}

// TestOpenRestoresTheDefaultMergePlan: a new index merges by the bulk
// plan, which its Bleve folder records; every later open (read-write,
// read-only, after a repair that made the search index again with the
// bulk plan) runs scorch's default plan.
func TestOpenRestoresTheDefaultMergePlan(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	corpusPath := writeStories(t, t.TempDir(), 30)
	ix, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := mergePlanFloor(t, ix.bleve); got != 1 {
		t.Errorf("a new index: floor %d, want the bulk plan's 1", got)
	}
	if _, err := ix.Sync(ctx, []string{corpusPath}, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	meta, err := os.ReadFile(filepath.Join(dir, "bleve", "index_meta.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(meta), `"FloorSegmentSize":1`) {
		t.Fatalf("index_meta.json does not record the bulk plan (the test would prove nothing): %s", meta)
	}
	want := int64(mergeplan.DefaultMergePlanOptions.FloorSegmentSize)
	for _, o := range []Options{{}, {ReadOnly: true}} {
		ix, err := Open(ctx, dir, o)
		if err != nil {
			t.Fatal(err)
		}
		if got := mergePlanFloor(t, ix.bleve); got != want {
			t.Errorf("reopened (read-only %v): floor %d, want the default %d", o.ReadOnly, got, want)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
	}
	zaps, err := filepath.Glob(filepath.Join(dir, "bleve", "store", "*.zap"))
	if err != nil || len(zaps) == 0 {
		t.Fatalf("no segments (%v)", err)
	}
	if err := os.WriteFile(zaps[0], []byte(strings.Repeat("\x00garbage\xff", 512)), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(ctx, dir, Options{compactMin: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ix.Close() }()
	if ix.Repaired == "" || ix.Len() != 30 {
		t.Fatalf("after a segment was garbled: repaired %q, %d articles; want a repair of 30", ix.Repaired, ix.Len())
	}
	if got := mergePlanFloor(t, ix.bleve); got != want {
		t.Errorf("repaired: floor %d, want the default %d", got, want)
	}
	if got := segmentsOf(t, ix.bleve); got != 1 {
		t.Errorf("repaired with compactMin 1: %d segments, want 1", got)
	}
}

// TestCompactWhileSearching: searches run while the index is merged (run
// with -race) and each finds its article, and a feed's Put made during a
// compacting sync waits for it and is then found.
func TestCompactWhileSearching(t *testing.T) {
	ctx := context.Background()
	const n = 80
	dir := t.TempDir()
	ix, err := Open(ctx, dir, Options{BatchSize: 1, compactMin: 20})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ix.Close() }()
	corpusPath := writeStories(t, t.TempDir(), n)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for g := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; ; i = (i + 7) % n {
				select {
				case <-stop:
					return
				default:
				}
				res, err := ix.Search(ctx, chronicle.SearchQuery{Text: fmt.Sprintf("storyword%d", i), Limit: 3})
				if err != nil {
					errs <- err
					return
				}
				// Before the sync has written it, an article is not found.
				if len(res.Hits) > 1 || len(res.Hits) == 1 && res.Hits[0].Article.ID != fmt.Sprintf("story-%d", i) {
					errs <- fmt.Errorf("search for storyword%d: %d hits", i, len(res.Hits))
					return
				}
			}
		}()
	}
	putDone := make(chan error, 1)
	syncing := make(chan struct{})
	go func() {
		<-syncing
		time.Sleep(10 * time.Millisecond)
		_, err := ix.Put(ctx, "https://example.com/feed.xml", []chronicle.Article{{
			ID: "feed-1", Title: "Lighthouse", Paragraphs: []chronicle.Paragraph{{Text: "The lighthouse keeper retired."}}, Published: time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC)}})
		putDone <- err
	}()
	close(syncing)
	if _, err := ix.Sync(ctx, []string{corpusPath}, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := <-putDone; err != nil {
		t.Fatal(err)
	}
	// Searches go on through a second merge, of the Put's segment.
	if err := compact(ctx, ix.bleve); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := segmentsOf(t, ix.bleve); got != 1 {
		t.Errorf("%d segments, want 1", got)
	}
	for _, q := range []string{"lighthouse", "storyword0", fmt.Sprintf("storyword%d", n-1)} {
		res, err := ix.Search(ctx, chronicle.SearchQuery{Text: q, Limit: 3})
		if err != nil || len(res.Hits) != 1 {
			t.Errorf("search for %s: %d hits (%v), want 1", q, len(res.Hits), err)
		}
	}
}

// forcedMergeWriting reports whether scorch is writing a forced merge's
// segment: the first merge after a sync's last batch that begins a zap
// merge while ForceOpsStarted is up.
func forcedMergeWriting(stats *scorch.Stats) bool {
	return atomic.LoadUint64(&stats.TotFileMergeForceOpsStarted) > 0 &&
		atomic.LoadUint64(&stats.TotFileMergeZapBeg) > atomic.LoadUint64(&stats.TotFileMergeZapEnd)
}

// TestSyncCancelledDuringTheMerge: a sync cancelled while it merges the
// index returns at once, and the index opens again clean, every article
// found.
func TestSyncCancelledDuringTheMerge(t *testing.T) {
	const n = 400
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ix, err := Open(ctx, dir, Options{BatchSize: 1, compactMin: n})
	if err != nil {
		t.Fatal(err)
	}
	adv, err := ix.bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	stats := adv.(*scorch.Scorch).Stats().(*scorch.Stats)
	var cancelledAt atomic.Int64
	go func() {
		for ctx.Err() == nil {
			if forcedMergeWriting(stats) {
				cancelledAt.Store(time.Now().UnixNano())
				cancel()
				return
			}
			runtime.Gosched() // a spin: the merge of 400 small stories takes milliseconds
		}
	}()
	rep, err := ix.Sync(ctx, []string{writeStories(t, t.TempDir(), n)}, SyncOptions{})
	returned := time.Now()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != n {
		t.Fatalf("added %d, want %d", rep.Added, n)
	}
	if at := cancelledAt.Load(); at == 0 {
		t.Log("the merge ended before it could be cancelled")
	} else if d := returned.Sub(time.Unix(0, at)); d > time.Second {
		t.Errorf("Sync returned %v after its context was cancelled during the merge", d)
	}
	closing := time.Now()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(closing); d > 2*time.Second {
		t.Errorf("Close took %v after a cancelled merge", d)
	}
	reopenWhole(t, dir, n)
}
