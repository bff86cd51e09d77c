//go:build unix

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// adv27: `bot index --rebuild` treats every error of index.OpenForRebuild
// that is not "in use" or a cancel as "the index cannot be opened" and
// deletes the index (index.Remove). Since 666d38d that open first
// recovers a stopped swap, and that recovery refuses with errors that say
// nothing of the index itself ("<index>.swap is in the way ... move it
// away", "<index> holds neither the index the swap moved nor the new one;
// move it away", a rename refused in a read-only parent, a swap running in
// another process that took longer than two minutes). Each of them now
// deletes the user's whole index, with the articles only it held (here the
// article of a file emptied since), and the command fails anyway.
func TestAdv27RebuildDeletesTheIndexWhenTheSwapRecoveryRefuses(t *testing.T) {
	clearEnv(t)
	for _, tt := range []struct {
		name string
		// spoil is called on the built index at idx.
		spoil func(t *testing.T, idx string)
	}{
		{"swap file is garbage", func(t *testing.T, idx string) {
			if err := os.WriteFile(idx+".swap", []byte("my notes\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"swap file is empty", func(t *testing.T, idx string) {
			if err := os.WriteFile(idx+".swap", nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}},
		{"swap is a folder", func(t *testing.T, idx string) {
			if err := os.Mkdir(idx+".swap", 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		{"swap is a dangling link", func(t *testing.T, idx string) {
			// recoverSwap opens it (ENOENT: no intent), openRecovering
			// sees it with Lstat (an intent: open again), three times.
			if err := os.Symlink(filepath.Join(t.TempDir(), "gone"), idx+".swap"); err != nil {
				t.Fatal(err)
			}
		}},
		{"swap stopped after moving the old index aside; the operator copied it back", func(t *testing.T, idx string) {
			// The swap's state at stepMovedOld, as Live.swap leaves it
			// when killed there: intent recorded, <index> moved to
			// <index>.old, the new index in <index>.rebuild.
			if err := os.CopyFS(idx+".rebuild", os.DirFS(idx)); err != nil {
				t.Fatal(err)
			}
			writeIntent(t, idx, idx, idx+".rebuild")
			if err := os.Rename(idx, idx+".old"); err != nil {
				t.Fatal(err)
			}
			// "The index is gone!": cp -a index.old index.
			if err := os.CopyFS(idx, os.DirFS(idx+".old")); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
			heldOnlyInTheIndex(t, corpus, idx)
			tt.spoil(t, idx)
			out, errOut, err := runCLI(t, "", cliArgs(corpus, idx, "index", "--rebuild")...)
			t.Logf("bot index --rebuild: err=%v\n%s%s", err, out, errOut)
			if strings.Contains(errOut, "it is discarded and built again") {
				t.Errorf("bot index --rebuild discarded the index because the swap's recovery refused")
			}
			// The user does what the message says: moves the file away.
			os.RemoveAll(idx + ".swap")
			search, searchErr, err := runCLI(t, "", cliArgs(corpus, idx, "search", "quokkas")...)
			if err != nil || !strings.Contains(search, "Quokka census") {
				t.Errorf("after bot index --rebuild (and %s.swap moved away) the article only the index held is lost: %v\n%s%s", idx, err, search, searchErr)
			}
		})
	}
}

// writeIntent writes <idx>.swap as markSwap does, naming the folders old
// and next by device and inode.
func writeIntent(t *testing.T, idx, old, next string) {
	t.Helper()
	id := func(p string) string {
		fi, err := os.Lstat(p)
		if err != nil {
			t.Fatal(err)
		}
		st := fi.Sys().(*syscall.Stat_t)
		return fmt.Sprintf("%d:%d", st.Dev, st.Ino)
	}
	b, err := json.Marshal(map[string]string{"format": "chronicle-index-swap-1", "old": id(old), "new": id(next)})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(idx+".swap", b, 0o644); err != nil {
		t.Fatal(err)
	}
}
