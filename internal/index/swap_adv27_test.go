package index_test

import (
	"context"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle/internal/index"
)

// adv27: a feed article's store record that does not decode stops every
// rebuild, --prune included (copyFeedArticles copies every feed article
// whatever the options), while Open, Sync and searches go on without a
// word about it. The error names the record but not what to do: nothing
// in it (or in bot index --rebuild --help) says how the user gets past
// it, and no flag does. A rebuild should let go of (and report) what it
// cannot decode, at least with --prune, or the error should say how to
// remove the record.
func TestAdv27RebuildStopsAtAFeedRecordThatDoesNotDecode(t *testing.T) {
	ctx := context.Background()
	corpus := corpusV1(t)
	dir := closedIndexWithFeed(t, corpus)
	editStore(t, dir, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("articles")).Put([]byte("feed-1"), []byte("\xffnot an article"))
	})
	l, err := index.OpenLive(ctx, dir, index.Options{})
	if err != nil {
		t.Fatalf("OpenLive: %v", err)
	}
	defer l.Close()
	for _, prune := range []bool{false, true} {
		rep, err := l.RebuildWith(ctx, []string{corpus}, index.SyncOptions{Prune: prune})
		t.Logf("rebuild (prune %v): %v; %s", prune, err, rep.Summary())
		if err == nil {
			continue
		}
		msg := err.Error()
		if prune || !strings.Contains(msg, "prune") && !strings.Contains(msg, "delete") && !strings.Contains(msg, "remove") {
			t.Errorf("rebuild (prune %v) fails and does not say how to get past the record: %v", prune, err)
		}
	}
}
