package index_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// setMeta writes key=value into the meta bucket of a closed index's store,
// as writer.flush does when it marks the index dirty.
func setMeta(tb testing.TB, dir, key, value string) {
	tb.Helper()
	editStore(tb, dir, func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("meta"))
		if b == nil {
			tb.Fatal("store.db has no meta bucket")
		}
		return b.Put([]byte(key), []byte(value))
	})
}

// editStore runs fn in one write transaction on the closed index's store,
// straight through bbolt.
func editStore(tb testing.TB, dir string, fn func(tx *bolt.Tx) error) {
	tb.Helper()
	db, err := bolt.Open(filepath.Join(dir, "store.db"), 0o644, &bolt.Options{Timeout: time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(fn); err != nil {
		tb.Fatal(err)
	}
}

// closedIndexWithFeed builds an index of corpus plus one article a feed
// Put (no corpus file holds it, so only the store can give it back: search
// "lighthouse keeper" finds feed-1) in a new directory, closes it and
// returns the directory.
func closedIndexWithFeed(tb testing.TB, corpus string) string {
	tb.Helper()
	dir := tb.TempDir()
	ix := openIndex(tb, dir)
	syncOK(tb, ix, corpus)
	put(tb, ix, feedURL, feedArticle("feed-1", "Lighthouse keeper retires", "The lighthouse keeper retired after forty years.",
		time.Date(2024, 3, 23, 0, 0, 0, 0, time.UTC)))
	if err := ix.Close(); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// garble overwrites a file with bytes that are no valid content.
func garble(tb testing.TB, path string) {
	tb.Helper()
	if err := os.WriteFile(path, []byte(strings.Repeat("\x00garbage\xff", 512)), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// segments lists Bleve's segment files in an index directory.
func segments(tb testing.TB, dir string) []string {
	tb.Helper()
	segs, err := filepath.Glob(filepath.Join(dir, "bleve", "store", "*.zap"))
	if err != nil || len(segs) == 0 {
		tb.Fatalf("no Bleve segments in %s (err %v)", dir, err)
	}
	return segs
}

// TestOpenRepairsOrResets: damage confined to the search files (Bleve), or a
// build that did not finish, is repaired from the article store, which holds
// every article: nothing is lost, a feed's articles included. A damaged or
// outdated store cannot be repaired: the index is wiped and rebuilt by the
// next Sync.
func TestOpenRepairsOrResets(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(t *testing.T, dir string)
		repair  bool // repaired from the store; else reset
	}{
		// The flag is left by a build or by an incremental update (Sync,
		// a feed's poll) that was killed: the reason says both.
		{"dirty flag (build or update did not finish)", func(t *testing.T, dir string) { setMeta(t, dir, "dirty", "1") }, true},
		{"bleve folder deleted", func(t *testing.T, dir string) {
			if err := os.RemoveAll(filepath.Join(dir, "bleve")); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"bleve meta corrupted", func(t *testing.T, dir string) { garble(t, filepath.Join(dir, "bleve", "index_meta.json")) }, true},
		{"bleve root corrupted", func(t *testing.T, dir string) { garble(t, filepath.Join(dir, "bleve", "store", "root.bolt")) }, true},
		{"bleve segments deleted", func(t *testing.T, dir string) {
			for _, s := range segments(t, dir) {
				remove(t, s)
			}
		}, true},
		{"bleve segments corrupted", func(t *testing.T, dir string) {
			for _, s := range segments(t, dir) {
				garble(t, s)
			}
		}, true},
		// A few bits flipped inside a segment, its length and footer
		// whole: Bleve opens it, and a search reading the damaged part
		// panicked or asked for terabytes (helper 83). Its checksum
		// finds it at open.
		{"bits flipped in a segment", func(t *testing.T, dir string) {
			for _, seg := range segments(t, dir) {
				b, err := os.ReadFile(seg)
				if err != nil {
					t.Fatal(err)
				}
				// One byte, early in the file: the stored documents,
				// which Open does not read.
				b[len(b)/8] ^= 0x10
				if err := os.WriteFile(seg, b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}, true},
		{"format version mismatch", func(t *testing.T, dir string) { setMeta(t, dir, "version", "chronicle-index-0") }, false},
		{"store deleted", func(t *testing.T, dir string) { remove(t, filepath.Join(dir, "store.db")) }, false},
		{"store corrupted", func(t *testing.T, dir string) { garble(t, filepath.Join(dir, "store.db")) }, false},
	}
	corpus := corpusV1(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := closedIndexWithFeed(t, corpus)
			tt.corrupt(t, dir)

			ix, err := index.Open(context.Background(), dir, index.Options{})
			if err != nil {
				t.Fatalf("Open of a broken index error: %v, want a repair or a reset", err)
			}
			defer ix.Close()
			if !tt.repair {
				if !ix.Reset || ix.Repaired != "" || ix.Len() != 0 {
					t.Errorf("Open: Reset = %v, Repaired = %q, Len() = %d; want a reset: true, \"\", 0", ix.Reset, ix.Repaired, ix.Len())
				}
				// helper 96: a deleted store was said as `format version  is not ...`.
				if tt.name == "store deleted" && !strings.Contains(ix.ResetReason, "store.db deleted?") {
					t.Errorf("ResetReason = %q, want it to say the store is new beside a search index", ix.ResetReason)
				}
				if got := searchIDs(t, ix, chronicle.SearchQuery{Text: "harbour"}); len(got) != 0 {
					t.Errorf("Search(harbour) on a reset index = %v, want none", got)
				}
				rep := syncOK(t, ix, corpus)
				if diff := cmp.Diff(counts{Files: 3, FilesRead: 3, Added: 5}, countsOf(rep)); diff != "" {
					t.Errorf("rebuilding Sync report mismatch (-want +got):\n%s", diff)
				}
				if got := searchIDs(t, ix, chronicle.SearchQuery{Text: "harbour"}); !cmp.Equal(got, []string{"b"}) {
					t.Errorf("Search(harbour) after the rebuild = %v, want [b]", got)
				}
				return
			}
			if strings.HasPrefix(tt.name, "dirty flag") && !strings.HasPrefix(ix.Repaired, "a previous build or update did not finish: ") {
				t.Errorf("Open: Repaired = %q, want it to start with the reason, true of a build and of an update", ix.Repaired)
			}
			if strings.HasPrefix(tt.name, "bits flipped") && !strings.Contains(ix.Repaired, "does not match its checksum") {
				t.Errorf("Open: Repaired = %q, want the segment's checksum named", ix.Repaired)
			}
			if ix.Reset || !strings.Contains(ix.Repaired, "6 stored articles") || ix.Len() != 6 {
				t.Errorf("Open: Reset = %v, Repaired = %q, Len() = %d; want a repair: false, the 6 stored articles, 6", ix.Reset, ix.Repaired, ix.Len())
			}
			for q, want := range map[string][]string{"harbour": {"b"}, "lighthouse keeper": {"feed-1"}} {
				if got := searchIDs(t, ix, chronicle.SearchQuery{Text: q}); !cmp.Equal(got, want) {
					t.Errorf("Search(%s) after the repair = %v, want %v", q, got, want)
				}
			}
			rep := syncOK(t, ix, corpus)
			if diff := cmp.Diff(counts{Files: 3, Unchanged: 5}, countsOf(rep)); diff != "" {
				t.Errorf("Sync after the repair (-want +got):\n%s", diff)
			}
			ix = reopen(t, ix)
			if ix.Reset || ix.Repaired != "" || ix.Len() != 6 {
				t.Errorf("Open after the repair: Reset = %v, Repaired = %q, Len() = %d; want false, \"\", 6", ix.Reset, ix.Repaired, ix.Len())
			}
		})
	}
}

// stopAfterFirst cancels a sync's context once the first file is indexed.
type stopAfterFirst struct{ cancel context.CancelFunc }

func (p stopAfterFirst) Start(string, int64) {}
func (p stopAfterFirst) Add(int64)           { p.cancel() }
func (p stopAfterFirst) Done()               {}

// TestInterruptedSyncIsRepaired: what the store committed before the
// interruption stays; the next Sync adds the rest. A sync whose context was
// cancelled waited for its commits, which went in whole: the index is
// clean, and the next Open does not make the search index again
// (TestInterruptedSync).
func TestInterruptedSyncIsRepaired(t *testing.T) {
	corpus := corpusV1(t)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ix, err := index.Open(ctx, dir, index.Options{BatchSize: 1, Progress: stopAfterFirst{cancel}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Sync(ctx, []string{corpus}, index.SyncOptions{}); err == nil {
		t.Errorf("Sync with a context cancelled midway: error = nil, want an error")
	}
	partial := ix.Len()
	if partial == 0 || partial == 5 {
		t.Fatalf("after the interrupted Sync Len() = %d, want a partial index", partial)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = openIndex(t, dir)
	if ix.Reset || ix.Repaired != "" || ix.Len() != partial {
		t.Errorf("Open after an interrupted Sync: Reset = %v, Repaired = %q, Len() = %d; want false, no repair, %d (what the store committed)", ix.Reset, ix.Repaired, ix.Len(), partial)
	}
	if rep := syncOK(t, ix, corpus); rep.Added != 5-partial {
		t.Errorf("the Sync after the repair added %d articles, want %d", rep.Added, 5-partial)
	}
	ix = reopen(t, ix)
	if ix.Reset || ix.Len() != 5 {
		t.Errorf("Open after the rebuild: Reset = %v, Len() = %d; want false, 5", ix.Reset, ix.Len())
	}
}

func TestOpenInUse(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the store's 2 s lock timeout")
	}
	dir := t.TempDir()
	ix := openIndex(t, dir)
	syncOK(t, ix, corpusV1(t))
	second, err := index.Open(context.Background(), dir, index.Options{})
	if err == nil {
		second.Close()
		t.Fatalf("second Open of an index in use: error = nil, want an error")
	}
	if !strings.Contains(err.Error(), "in use") {
		t.Errorf("second Open error = %v, want it to say the index is in use", err)
	}
	// The index in use must not have been wiped.
	if got := searchIDs(t, ix, chronicle.SearchQuery{Text: "harbour"}); !cmp.Equal(got, []string{"b"}) {
		t.Errorf("Search(harbour) after a refused second Open = %v, want [b]", got)
	}
}
