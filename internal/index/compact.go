package index

import (
	"context"
	"fmt"

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
	plan := mergeplan.SingleSegmentMergePlanOptions
	if err := s.ForceMerge(ctx, &plan); err != nil {
		return fmt.Errorf("merge the search index: %w", err)
	}
	return nil
}
