package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A search reads every segment of the Bleve index. A build writes a
// segment per batch, and scorch merges them as they come, by tiers, so that
// each article is written again several times before the build ends, and a
// build still ended with 4 to 12 segments. So a new index is built with a
// merge plan that merges little (bulkMergePlan), and a sync that wrote much
// of the index merges it into one segment at its end (compact). Every later
// open restores the default plan, under which the small segments of a
// feed's articles are merged as they come. Measured on the RealTimeQA index
// (session 33): `BenchmarkAsk`, five interleaved rounds, median of the
// rounds 6.97 ms on one segment against 7.33 ms on the nine segments of
// session 32's build (the machine moves 10% from one round to the next).

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
	return bleve.NewUsing(bdir, buildMapping(), scorch.Name, scorch.Name,
		map[string]any{mergePlanKey: bulkMergePlan(), asyncErrorKey: asyncErrorName})
}

// openBleve opens the Bleve index in bdir with scorch's default merge plan
// (an index built by newBleve recorded the bulk one).
func openBleve(bdir string, readOnly bool) (bleve.Index, error) {
	b, err := bleve.OpenUsing(bdir, map[string]any{"read_only": readOnly, mergePlanKey: map[string]any{}, asyncErrorKey: asyncErrorName})
	if errors.Is(err, bleve.ErrorIndexMetaMissing) {
		// Bleve says "metadata missing" for any failure to read its meta
		// file: a file it may not read is named as what it is (permission
		// denied), so that the reason is not taken for a lost file.
		meta := filepath.Join(bdir, bleveMetaFile)
		if f, oerr := os.Open(meta); oerr != nil && !errors.Is(oerr, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: %w", err, oerr)
		} else if oerr == nil {
			f.Close()
		}
	}
	return b, err
}

// Scorch's merger and persister run in the background and try again at
// once what failed: on a full disk a failed merge was tried again and
// again, a core kept busy until space was freed. Scorch reports each
// failure to the callback its config names, from the goroutine that will
// try again; the callback pauses that goroutine (asyncErrorPause), so that
// a failure is tried again about once a second. Closing the index waits
// out a pause under way.
const (
	asyncErrorKey   = "asyncErrorCallbackName" // scorch's config key
	asyncErrorName  = "chronicle_pause"
	asyncErrorPause = time.Second
)

func init() {
	// Scorch finds the callback by name in its registry, which is filled
	// in init and read-only after (as for the analyzer, analyzer.go).
	scorch.RegistryAsyncErrorCallbacks[asyncErrorName] = pauseAfterFailure
}

// pauseAfterFailure is the callback: it pauses after a failed merge or
// write (scorch.ErrPersist), which scorch tries again at once, and not
// after a failed clean-up or a panic, which it does not (review rev37).
func pauseAfterFailure(err error, _ string) {
	var se *scorch.ScorchError
	if errors.As(err, &se) && se.ErrType == scorch.ErrPersist {
		time.Sleep(asyncErrorPause)
	}
}

// bleveMetaFile is the file in which Bleve keeps an index's mapping and
// kind (index_meta.json).
const bleveMetaFile = "index_meta.json"

// worthCompacting reports whether a sync that added or updated changed
// articles of an index now holding total should merge it into one segment.
func worthCompacting(changed, total, least int) bool {
	return changed >= least && 4*changed >= total
}

// scorchMergeDone is the context key under which scorch's merger sends
// the outcome of a forced merge to a chan error (mergeDoneKey in
// index/scorch/merge.go, bleve v2.6.3). Without it the merger tries a
// forced merge that failed again at once, for ever (a full disk would
// spin a core and hold the sync, and its write lock, until ctx ends);
// with it the merger gives the merge up and sends its error, though
// ForceMerge still waits until the index is closed
// (TestCompactReportsAFailedMerge checks that the key still works).
const scorchMergeDone = "mergeDone"

// compact merges the segments of b into one. It returns when the merge is
// done or has failed (its error), or at once when ctx is cancelled (nil:
// the merge stops; the index keeps its segments, whole).
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
	// left them out (the RealTimeQA build ended with three segments, not
	// one). So each merge waits for them first, and the merge runs again
	// while it still lowers the count.
	for ctx.Err() == nil {
		if !waitFor(ctx, s, func(st scorchStats) bool { return st.memSegments == 0 }) {
			return nil
		}
		before := rootSegments(s)
		if before <= 1 {
			break
		}
		if err := forceMerge(ctx, s); err != nil {
			return fmt.Errorf("merge the search index: %w", err)
		}
		if rootSegments(s) >= before {
			break
		}
	}
	// Scorch deletes the files of the segments a merge replaced once it has
	// recorded the merged one: a `bot index` that ended at once left them
	// behind, doubling the search index's size on disk until the next open
	// deleted them. A search that still reads an old segment keeps its
	// file; the wait then ends at its bound. So it does when the old
	// snapshot's last reader let it go after scorch's clean-up, which runs
	// as its persister goes idle: nothing deletes them then until the next
	// write or open.
	waitFor(ctx, s, func(st scorchStats) bool { return st.files <= st.fileSegments+1 }) // the segments and root.bolt
	return nil
}

// rootSegments counts the segments of s's current snapshot.
func rootSegments(s *scorch.Scorch) uint64 {
	m := s.StatsMap()
	files, _ := m["num_root_filesegments"].(uint64)
	mem, _ := m["num_root_memorysegments"].(uint64)
	return files + mem
}

// forceMerge asks scorch's merger to merge every segment of s in one task
// and waits for the outcome, or for ctx. It does nothing while a forced
// merge given up before (failed, or its ctx cancelled before the merger
// took it) is still waiting for the merger or the index's close: scorch
// runs one at a time and refuses the next.
func forceMerge(ctx context.Context, s *scorch.Scorch) error {
	if st, ok := s.Stats().(*scorch.Stats); ok &&
		atomic.LoadUint64(&st.TotFileMergeForceOpsStarted) > atomic.LoadUint64(&st.TotFileMergeForceOpsCompleted) {
		return nil
	}
	plan := mergeplan.SingleSegmentMergePlanOptions
	plan.SegmentsPerMergeTask = math.MaxInt32
	outcome := make(chan error, 1) // the merger sends once, never waiting
	mctx, cancel := context.WithCancel(context.WithValue(ctx, scorchMergeDone, outcome))
	defer cancel()
	// ForceMerge waits for the merger to take the request, which it does
	// between its own merges, without heeding ctx; and for a merge that
	// failed, until the index is closed. So it is waited for only while it
	// is sure to return soon: it returns once the index is closed at the
	// latest.
	returned := make(chan error, 1)
	go func() { returned <- s.ForceMerge(mctx, &plan) }()
	select {
	case err := <-outcome:
		if err != nil && !errors.Is(err, segment.ErrClosed) {
			return err
		}
		// Done, or stopped (ctx, or the index closed): the merger closes
		// the request's done channel right after sending.
		return <-returned
	case err := <-returned:
		// Refused, or the index closed.
		return err
	case <-ctx.Done():
		return nil
	}
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
