package index

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

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

// TestSyncCompactsALargeWrite: a sync that writes at least compactMin
// articles, and a quarter of the index, leaves its search index in one
// segment, whole: every article is found by its own word, and the index
// opens again clean.
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
	// The merged-away segments' files are gone when Sync returns.
	zaps, err := filepath.Glob(filepath.Join(dir, entryBleve, "store", "*.zap"))
	if err != nil || len(zaps) != 1 {
		t.Errorf("segment files on disk after the sync: %v (%v), want one", zaps, err)
	}
	found := func(ix *Index) {
		t.Helper()
		for i := range n {
			res, err := ix.Search(ctx, chronicle.SearchQuery{Text: fmt.Sprintf("storyword%d", i), Limit: 3})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Hits) != 1 || res.Hits[0].Article.ID != fmt.Sprintf("story-%d", i) {
				t.Fatalf("search for storyword%d: %d hits, want story-%d alone", i, len(res.Hits), i)
			}
		}
	}
	found(ix)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ix.Close() }()
	if ix.Reset || ix.Repaired != "" || ix.Len() != n {
		t.Fatalf("reopened: reset %v, repaired %q, %d articles; want a clean index of %d", ix.Reset, ix.Repaired, ix.Len(), n)
	}
	found(ix)
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
	var made []string
	for i := range uint64(k) {
		p := filepath.Join(store, fmt.Sprintf("%012x.zap", last+1+i))
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "keep"), nil, 0o644); err != nil {
			t.Fatal(err)
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
	errsBefore := atomic.LoadUint64(&stats.TotFileMergeLoopErr)
	unblock := blockSegmentNames(t, dir, blocked)
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
	ix, err = Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ix.Close() }()
	if ix.Reset || ix.Repaired != "" || ix.Len() != n {
		t.Fatalf("reopened: reset %v, repaired %q, %d articles; want a clean index of %d", ix.Reset, ix.Repaired, ix.Len(), n)
	}
	if err := compact(ctx, ix.bleve); err != nil {
		t.Fatal(err)
	}
	if got := segmentsOf(t, ix.bleve); got != 1 {
		t.Errorf("reopened and merged: %d segments, want 1", got)
	}
}
