//go:build unix

package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle"
)

// TestSwapRecoveryRefusalsAreNoReasonToDiscard: every refusal of the
// recovery of a stopped swap matches ErrSwapInTheWay, names <index>.swap
// and says to move it away where that is the way on, and is not
// Discardable (bot index --rebuild deleted the index for any of them);
// the index is left as it is. An index of a later format is Discardable.
func TestSwapRecoveryRefusalsAreNoReasonToDiscard(t *testing.T) {
	for _, tt := range []struct {
		name  string
		spoil func(t *testing.T, idx string)
		// moveAway: the message says to move <index>.swap away.
		moveAway bool
	}{
		{"garbage", func(t *testing.T, idx string) {
			if err := os.WriteFile(idx+swapSuffix, []byte("my notes\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"empty", func(t *testing.T, idx string) {
			if err := os.WriteFile(idx+swapSuffix, nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"folder", func(t *testing.T, idx string) {
			if err := os.Mkdir(idx+swapSuffix, 0o755); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"dangling link", func(t *testing.T, idx string) {
			if err := os.Symlink(filepath.Join(t.TempDir(), "gone"), idx+swapSuffix); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"link to an intent", func(t *testing.T, idx string) {
			// A real intent elsewhere: a link is never followed.
			m := markOnly(t, idx)
			m.keep()
			rename(t, idx+swapSuffix, idx+".elsewhere")
			if err := os.Symlink(idx+".elsewhere", idx+swapSuffix); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"FIFO", func(t *testing.T, idx string) {
			if err := syscall.Mkfifo(idx+swapSuffix, 0o644); err != nil {
				t.Skip(err)
			}
		}, true},
		{"a copy in the index's place", func(t *testing.T, idx string) {
			swapIndex(t, idx+".copy", "Copy") // before the intent: Open would recover
			m := markOnly(t, idx)
			m.keep()
			rename(t, idx, idx+oldSuffix)
			rename(t, idx+".copy", idx)
		}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			idx := filepath.Join(t.TempDir(), "index")
			swapIndex(t, idx, "Old")
			swapIndex(t, idx+rebuildSuffix, "New")
			tt.spoil(t, idx)
			before := dirNames(t, filepath.Dir(idx))
			for _, open := range []struct {
				name string
				fn   func() (*Index, error)
			}{
				{"Open", func() (*Index, error) { return Open(context.Background(), idx, Options{}) }},
				{"OpenForRebuild", func() (*Index, error) {
					l, err := OpenForRebuild(context.Background(), idx, Options{})
					if err != nil {
						return nil, err
					}
					return l.ix, nil
				}},
			} {
				ix, err := open.fn()
				if err == nil {
					ix.Close()
					t.Fatalf("%s: opened %d articles", open.name, ix.Len())
				}
				t.Logf("%s: %v", open.name, err)
				if !errors.Is(err, ErrSwapInTheWay) || Discardable(err) {
					t.Errorf("%s: ErrSwapInTheWay %v, Discardable %v; want true, false", open.name, errors.Is(err, ErrSwapInTheWay), Discardable(err))
				}
				if !strings.Contains(err.Error(), idx+swapSuffix) {
					t.Errorf("%s: the error does not name %s", open.name, idx+swapSuffix)
				}
				if tt.moveAway && !strings.Contains(err.Error(), "move it away") {
					t.Errorf("%s: the error does not say to move it away", open.name)
				}
			}
			if got := dirNames(t, filepath.Dir(idx)); !slices.Equal(got, before) {
				t.Errorf("the refused recovery changed the folder: %q, was %q", got, before)
			}
		})
	}
}

// TestDiscardable: only an index this release cannot use is Discardable;
// a store that is not a file is left as it is.
func TestDiscardable(t *testing.T) {
	newer := filepath.Join(t.TempDir(), "index")
	swapIndex(t, newer, "Old")
	edit(t, newer, func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keyVersion, []byte("chronicle-index-99")) })
	storeDir := filepath.Join(t.TempDir(), "index")
	if err := os.MkdirAll(filepath.Join(storeDir, entryStore), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		dir  string
		want bool
	}{
		{"later format", newer, true},
		{"store.db a folder", storeDir, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := OpenForRebuild(context.Background(), tt.dir, Options{})
			if err == nil {
				t.Fatal("opened")
			}
			if got := Discardable(err); got != tt.want {
				t.Errorf("Discardable(%v) = %v, want %v", err, got, tt.want)
			}
		})
	}
	if Discardable(context.Canceled) || Discardable(nil) {
		t.Error("a cancel or no error is Discardable")
	}
}

// TestStoppedSwapOpensReadOnlyInPlace: where nothing may be written (here
// Options.ReadOnly; a read-only parent in TestStoppedSwapInAReadOnlyFolder)
// a stopped swap cannot be finished. The index in place, when it is one
// the intent names and whole, opens read-only with a warning, and nothing
// beside it is touched: before, every open failed, and the recovery
// emptied <index>.old on its way.
func TestStoppedSwapOpensReadOnlyInPlace(t *testing.T) {
	for _, tt := range []struct {
		name string
		// make stops the swap of idx for idx.rebuild somewhere.
		make func(t *testing.T, idx string)
		want string // the index's word, "" when the open must fail
	}{
		{"before the renames", func(t *testing.T, idx string) {
			markOnly(t, idx).keep()
		}, "Old"},
		{"between the renames", func(t *testing.T, idx string) {
			markOnly(t, idx).keep()
			rename(t, idx, idx+oldSuffix)
		}, ""},
		{"after the renames", func(t *testing.T, idx string) {
			markOnly(t, idx).keep()
			rename(t, idx, idx+oldSuffix)
			rename(t, idx+rebuildSuffix, idx)
		}, "New"},
		{"after the renames, the new index emptied", func(t *testing.T, idx string) {
			markOnly(t, idx).keep()
			rename(t, idx, idx+oldSuffix)
			rename(t, idx+rebuildSuffix, idx)
			for _, e := range []string{entryStore, entryBleve} {
				if err := os.RemoveAll(filepath.Join(idx, e)); err != nil {
					t.Fatal(err)
				}
			}
		}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			idx := filepath.Join(t.TempDir(), "index")
			swapIndex(t, idx, "Old")
			swapIndex(t, idx+rebuildSuffix, "New")
			tt.make(t, idx)
			before := dirNames(t, filepath.Dir(idx))
			oldBefore := namesIfAny(t, idx+oldSuffix)
			ix, err := Open(context.Background(), idx, Options{ReadOnly: true})
			switch {
			case tt.want == "" && err == nil:
				ix.Close()
				t.Errorf("Open gave %d articles; want an error", ix.Len())
			case tt.want == "":
				t.Logf("Open: %v", err)
				if !errors.Is(err, ErrSwapInTheWay) || !strings.Contains(err.Error(), idx+swapSuffix) {
					t.Errorf("Open: %v; want ErrSwapInTheWay, naming %s", err, idx+swapSuffix)
				}
			case err != nil:
				t.Fatalf("Open: %v", err)
			default:
				t.Logf("Open: StoppedSwap = %q", ix.StoppedSwap)
				if _, err := ix.Article(context.Background(), "feed-"+tt.want); err != nil || !ix.ReadOnly {
					t.Errorf("Open: %v, ReadOnly %v; want the %s index, read-only", err, ix.ReadOnly, tt.want)
				}
				if !strings.Contains(ix.StoppedSwap, idx+swapSuffix) || !strings.Contains(ix.StoppedSwap, "read-only") {
					t.Errorf("Open does not say it left the swap and opened read-only: StoppedSwap = %q", ix.StoppedSwap)
				}
				// Nothing was mended: a repair it is not.
				if ix.Repaired != "" {
					t.Errorf("Open reports the read-only open as a repair: Repaired = %q", ix.Repaired)
				}
				ix.Close()
			}
			if got := dirNames(t, filepath.Dir(idx)); !slices.Equal(got, before) {
				t.Errorf("the read-only open changed the folder: %q, was %q", got, before)
			}
			if got := namesIfAny(t, idx+oldSuffix); !slices.Equal(got, oldBefore) {
				t.Errorf("the read-only open changed %s: %q, was %q", idx+oldSuffix, got, oldBefore)
			}
			// An open that may write finishes the swap, as ever.
			ix, err = Open(context.Background(), idx, Options{})
			if err != nil {
				t.Fatalf("Open for writing after: %v", err)
			}
			defer ix.Close()
			if exists(idx + swapSuffix) {
				t.Errorf("the open for writing left the intent")
			}
		})
	}
}

// TestStoppedSwapInAReadOnlyFolder: the same with the folder the index is
// in not writable (a volume remounted read-only after a crash).
func TestStoppedSwapInAReadOnlyFolder(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("runs as root, which writes whatever the mode; run the test binary as another user (setpriv --reuid=nobody), or cmd/bot/testdata/adv27_readonly_parent_search.sh")
	}
	parent := filepath.Join(t.TempDir(), "p")
	idx := filepath.Join(parent, "index")
	swapIndex(t, idx, "Old")
	swapIndex(t, idx+rebuildSuffix, "New")
	markOnly(t, idx).keep()
	rename(t, idx, idx+oldSuffix)
	rename(t, idx+rebuildSuffix, idx)
	if err := os.Chmod(parent, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(parent, 0o755) })
	oldBefore := namesIfAny(t, idx+oldSuffix)
	ix, err := Open(context.Background(), idx, Options{})
	if err != nil {
		t.Fatalf("Open: %v; want the new index in place, read-only", err)
	}
	defer ix.Close()
	if _, err := ix.Article(context.Background(), "feed-New"); err != nil || !ix.ReadOnly {
		t.Errorf("Open: %v, ReadOnly %v; want the new index, read-only", err, ix.ReadOnly)
	}
	if !strings.Contains(ix.StoppedSwap, "may not be written") || ix.Repaired != "" {
		t.Errorf("Open: StoppedSwap = %q, Repaired = %q; want the stopped swap said apart, and no repair", ix.StoppedSwap, ix.Repaired)
	}
	if got := namesIfAny(t, idx+oldSuffix); !slices.Equal(got, oldBefore) {
		t.Errorf("%s was changed: %q, was %q", idx+oldSuffix, got, oldBefore)
	}
	if !exists(idx + swapSuffix) {
		t.Error("the intent is gone")
	}
}

// TestSwapOpensTheNewIndexAsItIs: the swap's own open of the new index
// must not wipe it (a kill then left a folder the recovery took for a whole
// empty index): a new index whose store is broken fails the swap, and the
// old index is put back whole.
func TestSwapOpensTheNewIndexAsItIs(t *testing.T) {
	ctx := context.Background()
	corpus, idx := swapFixture(t)
	l, err := OpenLive(ctx, idx, Options{swapping: func(step string) {
		if step == stepMarked {
			// The new index's store says it holds no index yet.
			edit(t, idx+rebuildSuffix, func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Delete(keyVersion) })
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, err = l.Rebuild(ctx, []string{corpus})
	t.Logf("rebuild: %v", err)
	if err == nil {
		t.Fatal("the swap took a new index whose store holds no index")
	}
	checkSwapArticles(t, l.ix, false)
}

// namesIfAny is dirNames, nil when dir is not there.
func namesIfAny(tb testing.TB, dir string) []string {
	tb.Helper()
	if _, err := os.Lstat(dir); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return dirNames(tb, dir)
}

// TestSwapRecoveryKeepsAnOldIndexUsedSince: a swap of the index a link
// leads to is killed between its renames; the operator repoints the link
// at <index>.old and goes on using it (a feed article comes in). An open
// of the folder's own path later finishes the swap: it moved the new
// index in and deleted <index>.old, with the article only it held. The
// old index's store written after the intent says it was in use since: it
// is kept, and said so.
func TestSwapRecoveryKeepsAnOldIndexUsedSince(t *testing.T) {
	ctx := context.Background()
	real := filepath.Join(t.TempDir(), "real-index")
	link := filepath.Join(t.TempDir(), "index")
	swapIndex(t, real, "Old")
	swapIndex(t, real+rebuildSuffix, "New")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	markOnly(t, real).keep()
	rename(t, real, real+oldSuffix) // killed here
	// "The index is gone": ln -sfn real-index.old index.
	if err := os.Remove(link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real+oldSuffix, link); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(ctx, link, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Put(ctx, "https://example.com/feed.xml", []chronicle.Article{feedStory("feed-Later", "Later")}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(ctx, real, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Open of %s: Repaired = %q", real, ix.Repaired)
	ix.Close()
	ix, err = Open(ctx, link, Options{})
	if err != nil {
		t.Fatalf("Open through the link after: %v (beside: %q)", err, dirNames(t, filepath.Dir(real)))
	}
	defer ix.Close()
	if _, err := ix.Article(ctx, "feed-Later"); err != nil {
		t.Errorf("the article put into <index>.old after the swap stopped is lost: %v", err)
	}
}
