package index

import (
	"context"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
)

// A search is run on every segment of the Bleve index, so an index of one
// segment answers fastest: `BenchmarkAsk` on the RealTimeQA index took a
// median of 4.9 and 5.3 ms with one segment against 6.0 and 6.0 ms with the
// eight a build left (session 33, interleaved). A build writes a segment per
// batch, and scorch merges them as they come, by tiers, so that each article
// is written again several times before the build ends. So a new index is
// built with a merge plan that merges little (bulkMergePlan), and a sync
// that wrote much of the index merges it into one segment at its end
// (compact). Every later open restores the default plan, under which the
// small segments of a feed's articles are merged as they come.

// mergePlanKey is the scorch setting that holds the merge plan.
const mergePlanKey = "scorchMergePlanOptions"

// compactMin is the fewest articles a sync must add or update to merge
// the index into one segment at its end (Options.compactMin), when they
// are also at least a quarter of the index: the merge writes the whole
// index again.
const compactMin = 1000

// bulkMergePlan is the merge plan of a new index while it is built: no
// segment counts as larger than it is (scorch's floor, 2,000 documents,
// made every batch's segment a merge candidate at once). Measured on the
// RealTimeQA build, with the final merge: 17.9 and 18.7 s of CPU against
// 20.7 and 21.0 s for the default plan.
func bulkMergePlan() map[string]any { return map[string]any{"FloorSegmentSize": 1} }

// newBleve creates the Bleve index of a new index in bdir.
func newBleve(bdir string) (bleve.Index, error) {
	return bleve.NewUsing(bdir, buildMapping(), scorch.Name, scorch.Name, map[string]any{mergePlanKey: bulkMergePlan()})
}

// openBleve opens the Bleve index in bdir with scorch's default merge plan
// (an index built by newBleve recorded the bulk one).
func openBleve(bdir string, readOnly bool) (bleve.Index, error) {
	return bleve.OpenUsing(bdir, map[string]any{"read_only": readOnly, mergePlanKey: map[string]any{}})
}

// worthCompacting reports whether a sync that added or updated changed
// articles of an index now holding total should merge it into one segment.
func worthCompacting(changed, total, least int) bool {
	return changed >= least && 4*changed >= total
}

// compact merges the segments of b into one. It returns when the merge is
// done, or at once when ctx is cancelled (the merge stops; the index keeps
// its segments, whole).
func compact(ctx context.Context, b bleve.Index) error {
	adv, err := b.Advanced()
	if err != nil {
		return fmt.Errorf("merge the search index: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	// Scorch merges only the segments it has written to disk: the last
	// batches' may still be in memory, and are written after a merge that
	// left them out (three segments, not one). So the merge waits for them,
	// and runs again if segments remain (at most three times).
	for range 3 {
		if !waitFor(ctx, s, func(st scorchStats) bool { return st.memSegments == 0 }) {
			return nil
		}
		if statsOf(s).fileSegments <= 1 {
			break
		}
		plan := mergeplan.SingleSegmentMergePlanOptions
		if err := s.ForceMerge(ctx, &plan); err != nil {
			return fmt.Errorf("merge the search index: %w", err)
		}
	}
	// Scorch deletes the files of the segments a merge replaced once it has
	// recorded the merged one: a `bot index` that ended at once left them
	// behind, doubling the search index's size on disk until the next open
	// deleted them. A search that still reads an old segment keeps its
	// file; the wait then ends at its bound.
	waitFor(ctx, s, func(st scorchStats) bool { return st.files <= st.fileSegments+1 }) // the segments and root.bolt
	return nil
}

// scorchStats is what compact reads of scorch's statistics.
type scorchStats struct {
	memSegments, fileSegments, files uint64
}

func statsOf(s *scorch.Scorch) scorchStats {
	m := s.StatsMap()
	var st scorchStats
	st.memSegments, _ = m["num_root_memorysegments"].(uint64)
	st.fileSegments, _ = m["num_root_filesegments"].(uint64)
	st.files, _ = m["CurOnDiskFiles"].(uint64)
	return st
}

// settleWait bounds each of compact's waits for scorch's own goroutines.
const settleWait = 10 * time.Second

// waitFor polls s until done holds of its statistics, and reports whether
// it did before settleWait passed or ctx ended.
func waitFor(ctx context.Context, s *scorch.Scorch, done func(scorchStats) bool) bool {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(settleWait)
	for {
		if done(statsOf(s)) {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-deadline:
			return false
		case <-tick.C:
		}
	}
}
