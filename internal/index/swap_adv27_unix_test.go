//go:build unix

package index_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/index"
)

// adv27: the recovery deletes the old index once the folder the intent
// names as new "opened whole" (finishSwap), but openDir opens any folder:
// one whose store is gone is made a fresh, empty index, not Reset. The
// swap's own open of the new index wipes it when it is broken (removeEntries,
// then a fresh store), and only afterwards says "it was broken and came
// back empty" and deletes it; a process killed inside that (after the
// wipe, before the RemoveAll of the failure path is done) leaves the new
// index's folder, same inode, empty or holding the fresh empty store. The
// next Open then finishes the swap: the empty index opens "whole", and the
// old index, with every article and the feed's, is deleted. Here the
// state after that kill is made by hand (the two renames, then the new
// index's entries removed).
func TestAdv27RecoveryDeletesTheOldIndexForAnEmptyNewOne(t *testing.T) {
	ctx := context.Background()
	corpus := corpusV1(t)
	dir := closedIndexWithFeed(t, corpus) // 5 corpus articles and feed-1
	next := dir + ".rebuild"
	nix, err := index.Open(ctx, next, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	syncOK(t, nix, corpus)
	if err := nix.Close(); err != nil {
		t.Fatal(err)
	}
	writeSwapIntent(t, dir, next)
	if err := os.Rename(dir, dir+".old"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(next, dir); err != nil {
		t.Fatal(err)
	}
	// The swap's open of the new index wiped it (removeEntries) and the
	// process died there.
	for _, e := range []string{"store.db", "bleve"} {
		if err := os.RemoveAll(filepath.Join(dir, e)); err != nil {
			t.Fatal(err)
		}
	}
	ix, err := index.Open(ctx, dir, index.Options{})
	if err != nil {
		t.Logf("Open: %v", err)
	} else {
		t.Logf("Open: %d articles; Repaired %q; Reset %v", ix.Len(), ix.Repaired, ix.Reset)
		defer ix.Close()
	}
	_, oldErr := os.Stat(filepath.Join(dir+".old", "store.db"))
	if err == nil && ix.Len() == 0 && oldErr != nil {
		t.Errorf("the recovery took an empty folder for the new index and deleted the old index (6 articles, feed-1 among them)")
	}
}

// writeSwapIntent writes <dir>.swap as markSwap does, for the index in dir
// and the new one in next.
func writeSwapIntent(t *testing.T, dir, next string) {
	t.Helper()
	id := func(p string) string {
		fi, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		st := fi.Sys().(*syscall.Stat_t)
		return fmt.Sprintf("%d:%d", st.Dev, st.Ino)
	}
	b, err := json.Marshal(map[string]string{"format": "chronicle-index-swap-1", "old": id(dir), "new": id(next)})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+".swap", b, 0o644); err != nil {
		t.Fatal(err)
	}
}
