package index_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle/internal/index"
)

// adv27: a feed article's store record that does not decode stopped every
// rebuild, and later (ErrBadRecord) every rebuild without --prune, whose
// only way past (--prune) let go of every article a rebuild keeps from the
// old index (helper 89). A damaged record, which every answer leaves out
// all the same, is now let go and named in the rebuild's warnings, and the
// rest is kept.
func TestAdv27RebuildLetsGoOfAFeedRecordThatDoesNotDecode(t *testing.T) {
	ctx := context.Background()
	corpus := corpusV1(t)
	for _, prune := range []bool{false, true} {
		dir := closedIndexWithFeed(t, corpus)
		editStore(t, dir, func(tx *bolt.Tx) error {
			return tx.Bucket([]byte("articles")).Put([]byte("feed-1"), []byte("\xffnot an article"))
		})
		l, err := index.OpenLive(ctx, dir, index.Options{})
		if err != nil {
			t.Fatalf("OpenLive: %v", err)
		}
		rep, err := l.RebuildWith(ctx, []string{corpus}, index.SyncOptions{Prune: prune})
		if err != nil {
			t.Fatalf("rebuild (prune %v): %v", prune, err)
		}
		if sum := rep.Summary(); !strings.Contains(sum, "1 feed article of the old index was let go: its stored record") || !strings.Contains(sum, "feed-1") {
			t.Errorf("rebuild (prune %v) does not name the record it let go: %s", prune, sum)
		}
		if l.Len() != 5 {
			t.Errorf("rebuild (prune %v): %d articles, want the corpus's 5", prune, l.Len())
		}
		l.Close()
	}
}

// adv27: a file of the user's at <index>.swap.tmp (one markSwap did not
// write) is refused only at the swap, after the whole corpus was indexed
// into <index>.rebuild (20-40 s on RealTimeQA, which the failure then
// deletes); <index>.swap in the same place is refused at the start. The
// check belongs with the one for <index>.swap, before any work.
func TestAdv27SwapTempInTheWayIsRefusedOnlyAfterTheBuild(t *testing.T) {
	ctx := context.Background()
	corpus := corpusV1(t)
	dir := closedIndexWithFeed(t, corpus)
	if err := os.WriteFile(dir+".swap.tmp", []byte("my notes, not Chronicle's\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := index.OpenLive(ctx, dir, index.Options{})
	if err != nil {
		t.Fatalf("OpenLive: %v", err)
	}
	defer l.Close()
	rep, err := l.Rebuild(ctx, []string{corpus})
	t.Logf("rebuild: %v; %s", err, rep.Summary())
	if err == nil {
		t.Fatal("the rebuild overwrote or removed the user's .swap.tmp")
	}
	if rep.Corpus.FilesRead > 0 {
		t.Errorf("the rebuild refused %s.swap.tmp only after it had read %d corpus files into the new index", dir, rep.Corpus.FilesRead)
	}
	if b, _ := os.ReadFile(dir + ".swap.tmp"); string(b) != "my notes, not Chronicle's\n" {
		t.Errorf("the user's .swap.tmp was changed: %q", b)
	}
}

// adv27: a dangling symbolic link at <index>.swap: recoverSwap opens it,
// finds nothing (ENOENT) and recovers nothing; openRecovering then checks
// with Lstat, finds it, takes it for a swap running in another process and
// opens again, three times, and every Open (bot search, ask, serve)
// fails with "a rebuild in another process kept swapping it while it was
// opened; try again", which no retry mends and which names neither the
// link nor what to do. (bot index --rebuild then deletes the index: see
// cmd/bot TestAdv27RebuildDeletesTheIndexWhenTheSwapRecoveryRefuses.)
func TestAdv27DanglingSwapLinkFailsEveryOpen(t *testing.T) {
	ctx := context.Background()
	corpus := corpusV1(t)
	dir := closedIndexWithFeed(t, corpus)
	if err := os.Symlink(filepath.Join(t.TempDir(), "gone"), dir+".swap"); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(ctx, dir, index.Options{})
	if err == nil {
		ix.Close()
		return
	}
	if !strings.Contains(err.Error(), dir+".swap") {
		t.Errorf("Open with a dangling link at %s.swap fails without naming it: %v", dir, err)
	}
}

// adv27: the rebuild's summary is one line (bot index prints it, /reindex
// posts it), but the warning for search files that needed repair quotes
// Bleve's error whole, which can run over lines: with a segment file
// zeroed it ends in "error parsing mapping JSON: ...\nmapping contents:\n)".
func TestAdv27RebuildSummaryIsOneLine(t *testing.T) {
	ctx := context.Background()
	corpus := corpusV1(t)
	dir := closedIndexWithFeed(t, corpus)
	segs, _ := filepath.Glob(filepath.Join(dir, "bleve", "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no segment file")
	}
	if err := os.WriteFile(segs[0], make([]byte, 100), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := index.OpenForRebuild(ctx, dir, index.Options{})
	if err != nil {
		t.Fatalf("OpenForRebuild: %v", err)
	}
	defer l.Close()
	rep, err := l.Rebuild(ctx, []string{corpus})
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Summary(); strings.Contains(s, "\n") {
		t.Errorf("the rebuild's summary runs over %d lines:\n%s", strings.Count(s, "\n")+1, s)
	}
}
