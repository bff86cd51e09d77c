package index

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// TestFailingMergeIsPaused: scorch's merger tries a merge that failed
// again at once. A forced merge without compact's done channel is the
// case that shows it: with the segment files' names taken (as a full disk
// fails the merge), it was tried again and again in a tight loop, a core
// busy until the names were free. The callback the index registers pauses
// the merger a second after each failure. The test bounds the failures
// from above only, so a slow machine cannot fail it.
func TestFailingMergeIsPaused(t *testing.T) {
	ix, dir := manySegments(t, 300) // as the compact tests: more than 10 segments
	adv, err := ix.bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	s := adv.(*scorch.Scorch)
	stats := s.Stats().(*scorch.Stats)
	failures := func() uint64 { return atomic.LoadUint64(&stats.TotFileMergeLoopErr) }
	waitIdle(t, ix)
	unblock := blockSegmentNames(t, dir, 500)
	defer unblock()
	before := failures()
	plan := mergeplan.SingleSegmentMergePlanOptions
	returned := make(chan error, 1)
	go func() { returned <- s.ForceMerge(context.Background(), &plan) }()
	start := time.Now()
	for failures() == before && time.Since(start) < 10*time.Second {
		time.Sleep(10 * time.Millisecond)
	}
	first := failures()
	if first == before {
		t.Fatal("the forced merge did not fail with the segment names taken: the test checks nothing")
	}
	const window = 2 * time.Second
	time.Sleep(window)
	got := failures() - first
	// A failure a pause, and one more for a pause under way at each end.
	if limit := uint64(window/asyncErrorPause + 2); got > limit {
		t.Errorf("the failed merge was tried %d times in %v, want at most %d (a pause after each failure)", got, window, limit)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-returned:
	case <-time.After(30 * time.Second):
		t.Fatal("ForceMerge did not return after the index was closed")
	}
}
