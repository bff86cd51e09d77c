//go:build unix

package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// swapFixture builds, in a new folder, an index that a rebuild must not
// lose anything of: 10 articles of keep.jsonl, 5 of edit.jsonl (one of
// which the file no longer holds: only the old index has e04), 30 of
// held.jsonl (cut short since: the rebuild keeps them from the old index),
// a feed's article (no file gives it back) and a damaged store a reset
// kept in the folder. It returns the corpus folder and the index path.
func swapFixture(t *testing.T) (corpus, idx string) {
	t.Helper()
	ctx := context.Background()
	corpus = t.TempDir()
	swapCorpusRecords(t, corpus, "keep.jsonl", "k", 10, 0)
	swapCorpusRecords(t, corpus, "edit.jsonl", "e", 5, 0)
	swapCorpusRecords(t, corpus, "held.jsonl", "h", 30, 0)
	idx = filepath.Join(t.TempDir(), "index")
	ix, err := Open(ctx, idx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Sync(ctx, []string{corpus}, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Put(ctx, "https://example.com/feed.xml", []chronicle.Article{feedStory("feed-1", "Charlie")}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(idx, damagedPrefix+"20260101T000000"), []byte("the damaged store's bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	swapCorpusRecords(t, corpus, "edit.jsonl", "e", 4, 0)
	swapCorpusRecords(t, corpus, "held.jsonl", "h", 30, 1000)
	return corpus, idx
}

// swapCrashEnv tells TestSwapCrashChild where to rebuild and after which
// step to die: "index|corpus|step".
const swapCrashEnv = "CHRONICLE_TEST_SWAP_CRASH"

// TestSwapCrash: a rebuild killed after any step of its swap leaves what
// the next Open recovers to one whole index in its place, with nothing
// lost (the articles held from a damaged file, the feed's, the damaged
// store a reset kept) and nothing left beside it but, when the process
// died before the swap recorded its intent, the new index in
// <index>.rebuild, which the next rebuild makes again. Before the intent
// the old index stays (e04, which the file no longer holds, is there);
// from it on the swap is finished (e04 is gone). Before the intent was
// recorded, a process killed between the renames left no index: Open
// built an empty one, and the old one stayed in <index>.old.
func TestSwapCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process per step")
	}
	for _, tt := range []struct {
		step     string
		swapped  bool // the new index is in place
		leftover bool // the new index is left in <index>.rebuild
	}{
		{stepClosed, false, true},
		{stepMarked, true, false},
		{stepMovedOld, true, false},
		{stepMovedNew, true, false},
		{stepOpened, true, false},
		{stepRemoved, true, false},
	} {
		// Every open recovers: Open (bot index, bot search), OpenLive (bot
		// serve, bot index --rebuild).
		via := "Open"
		if len(tt.step)%2 == 1 {
			via = "OpenLive"
		}
		t.Run(tt.step+" "+via, func(t *testing.T) {
			ctx := context.Background()
			corpus, idx := swapFixture(t)
			cmd := exec.Command(os.Args[0], "-test.run", "^TestSwapCrashChild$")
			cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s|%s|%s", swapCrashEnv, idx, corpus, tt.step))
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("the rebuild was not killed after step %s: %v\n%s", tt.step, err, out)
			}
			t.Logf("after the kill: %q", dirNames(t, filepath.Dir(idx)))

			var ix *Index
			if via == "Open" {
				ix, err = Open(ctx, idx, Options{})
			} else {
				var l *Live
				if l, err = OpenLive(ctx, idx, Options{}); err == nil {
					ix = l.ix
				}
			}
			if err != nil {
				t.Fatalf("%s after the kill: %v", via, err)
			}
			t.Logf("Open: Repaired = %q", ix.Repaired)
			if ix.Reset {
				t.Errorf("Open after the kill reset the index: %s", ix.ResetReason)
			}
			checkSwapArticles(t, ix, tt.swapped)
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			want := []string{"index"}
			if tt.leftover {
				want = append(want, "index"+rebuildSuffix)
			}
			if got := dirNames(t, filepath.Dir(idx)); !slices.Equal(got, want) {
				t.Errorf("after the recovery the index's folder holds %q, want %q", got, want)
			}
			if b, err := os.ReadFile(filepath.Join(idx, damagedPrefix+"20260101T000000")); err != nil || string(b) != "the damaged store's bytes" {
				t.Errorf("the damaged store a reset kept reads %q, %v; want its bytes", b, err)
			}

			// Opened again, it is as it was left; and a rebuild runs.
			l, err := OpenLive(ctx, idx, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			if what := l.Repaired(); what != "" {
				t.Errorf("the second open repaired %q, want nothing", what)
			}
			rep, err := l.Rebuild(ctx, []string{corpus})
			if err != nil {
				t.Fatalf("rebuild after the recovery: %v", err)
			}
			if rep.Feed != 1 || rep.Corpus.Held != 22 {
				t.Errorf("rebuild after the recovery kept %d feed and %d held articles, want 1 and 22: %s", rep.Feed, rep.Corpus.Held, rep.Summary())
			}
			if got := dirNames(t, filepath.Dir(idx)); !slices.Equal(got, []string{"index"}) {
				t.Errorf("after a rebuild the index's folder holds %q, want only the index", got)
			}
		})
	}
}

// checkSwapArticles checks that ix holds every article of swapFixture's
// index that a rebuild keeps, and e04 only when the rebuild was not
// swapped in.
func checkSwapArticles(t *testing.T, ix *Index, swapped bool) {
	t.Helper()
	ctx := context.Background()
	want := []string{"feed-1"}
	for i := range 10 {
		want = append(want, fmt.Sprintf("k%02d", i))
	}
	for i := range 4 {
		want = append(want, fmt.Sprintf("e%02d", i))
	}
	for i := range 30 {
		want = append(want, fmt.Sprintf("h%02d", i))
	}
	if !swapped {
		want = append(want, "e04")
	}
	var missing []string
	for _, id := range want {
		if _, err := ix.Article(ctx, id); err != nil {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 || ix.Len() != len(want) {
		t.Errorf("the index holds %d articles, want %d; missing %q", ix.Len(), len(want), missing)
	}
	res, err := ix.Search(ctx, chronicle.SearchQuery{Text: "Charlie"})
	if err != nil || len(res.Hits) != 1 {
		t.Errorf("Search(Charlie) found %d, %v; want the feed's article", len(res.Hits), err)
	}
}

// TestSwapCrashChild is the process TestSwapCrash kills: a rebuild that
// kills itself after a step of its swap.
func TestSwapCrashChild(t *testing.T) {
	spec := os.Getenv(swapCrashEnv)
	if spec == "" {
		t.Skip("run by TestSwapCrash")
	}
	f := strings.Split(spec, "|")
	idx, corpus, step := f[0], f[1], f[2]
	l, err := OpenLive(context.Background(), idx, Options{swapping: func(s string) {
		if s == step {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = l.Rebuild(context.Background(), []string{corpus})
	t.Fatalf("the rebuild ended (error %v) without reaching step %s", err, step)
}

// swapIndex makes a closed index at path that holds one feed article
// naming word.
func swapIndex(t *testing.T, path, word string) {
	t.Helper()
	ix, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Put(context.Background(), "https://example.com/feed.xml", []chronicle.Article{feedStory("feed-"+word, word)}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
}

func rename(t *testing.T, from, to string) {
	t.Helper()
	if err := os.Rename(from, to); err != nil {
		t.Fatal(err)
	}
}

// TestSwapRecoveryStates: the recovery of a stopped swap moves and deletes
// only what it can tell is the swap's own, and says what it did. "Old"
// and "New" are the indexes' words.
func TestSwapRecoveryStates(t *testing.T) {
	const notes = "my-notes.txt"
	for _, tt := range []struct {
		name string
		// make builds the state from the old index in idx and the new one
		// in idx.rebuild, neither moved yet.
		make func(t *testing.T, idx string)
		// want is the index's word after Open ("" when Open must fail),
		// and left the folder's names beside it.
		want string
		left []string
	}{
		{"an older release stopped between the renames", func(t *testing.T, idx string) {
			rename(t, idx, idx+oldSuffix)
		}, "Old", []string{"index", "index.rebuild"}},
		{"an older release stopped; the old folder holds other files too", func(t *testing.T, idx string) {
			rename(t, idx, idx+oldSuffix)
			writeStory(t, idx+oldSuffix, notes, "mine")
		}, "", []string{"index", "index.old", "index.rebuild"}},
		{"a copy of the index put in the new one's place", func(t *testing.T, idx string) {
			mark := markOnly(t, idx)
			rename(t, idx, idx+oldSuffix)
			rename(t, idx+rebuildSuffix, idx+".mine")
			swapIndex(t, idx+rebuildSuffix, "Copy")
			mark.keep()
		}, "Old", []string{"index", "index.mine", "index.rebuild"}},
		{"the old folder given other files after the swap", func(t *testing.T, idx string) {
			mark := markOnly(t, idx)
			rename(t, idx, idx+oldSuffix)
			rename(t, idx+rebuildSuffix, idx)
			writeStory(t, idx+oldSuffix, notes, "mine")
			mark.keep()
		}, "New", []string{"index", "index.old"}},
		{"another index made in the index's place", func(t *testing.T, idx string) {
			mark := markOnly(t, idx)
			rename(t, idx, idx+oldSuffix)
			mark.keep()
			ix, err := openDir(context.Background(), idx, Options{}.withDefaults()) // not Open, which would recover
			if err != nil {
				t.Fatal(err)
			}
			ix.Close()
		}, "", []string{"index", "index.old", "index.rebuild", "index.swap"}},
		{"neither index where the swap put it", func(t *testing.T, idx string) {
			mark := markOnly(t, idx)
			rename(t, idx, idx+".mine")
			rename(t, idx+rebuildSuffix, idx+".mine2")
			mark.keep()
		}, "", []string{"index.mine", "index.mine2", "index.swap"}},
		{"an intent cut short before it was recorded", func(t *testing.T, idx string) {
			if err := os.WriteFile(idx+swapSuffix+".tmp", []byte(`{"format":"chronicle-ind`), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "Old", []string{"index", "index.rebuild"}},
		{"a file in the way of the intent that is not Chronicle's", func(t *testing.T, idx string) {
			if err := os.WriteFile(idx+swapSuffix+".tmp", []byte(`mine`), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "Old", []string{"index", "index.rebuild", "index.swap.tmp"}},
		{"an intent file that is not Chronicle's", func(t *testing.T, idx string) {
			if err := os.WriteFile(idx+swapSuffix, []byte("mine"), 0o644); err != nil {
				t.Fatal(err)
			}
			rename(t, idx, idx+oldSuffix)
		}, "", []string{"index.old", "index.rebuild", "index.swap"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			idx := filepath.Join(t.TempDir(), "index")
			swapIndex(t, idx, "Old")
			swapIndex(t, idx+rebuildSuffix, "New")
			tt.make(t, idx)
			ix, err := Open(context.Background(), idx, Options{})
			if err == nil {
				t.Logf("Open: Repaired = %q", ix.Repaired)
				defer ix.Close()
			}
			switch {
			case tt.want == "" && err == nil && ix.Len() > 0:
				t.Errorf("Open gave an index of %d articles; want an error or an empty index", ix.Len())
			case tt.want != "" && err != nil:
				t.Errorf("Open: %v", err)
			case tt.want != "":
				if _, aerr := ix.Article(context.Background(), "feed-"+tt.want); aerr != nil || ix.Len() != 1 {
					t.Errorf("Open gave an index of %d articles without feed-%s (%v)", ix.Len(), tt.want, aerr)
				}
			default:
				t.Logf("Open: %v", err)
			}
			if got := dirNames(t, filepath.Dir(idx)); !slices.Equal(got, tt.left) {
				t.Errorf("after Open the folder holds %q, want %q", got, tt.left)
			}
			if p := filepath.Join(idx+oldSuffix, notes); strings.Contains(tt.name, "other files") && !exists(p) {
				t.Errorf("%s is gone", p)
			}
		})
	}
}

// markOnly records the intent to swap idx for idx.rebuild, as the swap
// does before its first rename.
func markOnly(t *testing.T, idx string) *swapMark {
	t.Helper()
	m, err := markSwap(idx, idx+rebuildSuffix)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSwapRecoveryWaitsForARunningSwap: a swap running in another process
// holds its intent's lock; an Open meanwhile waits for it rather than
// finish or undo it under its feet.
func TestSwapRecoveryWaitsForARunningSwap(t *testing.T) {
	idx := filepath.Join(t.TempDir(), "index")
	swapIndex(t, idx, "Old")
	swapIndex(t, idx+rebuildSuffix, "New")
	mark := markOnly(t, idx) // held: the swap is running
	rename(t, idx, idx+oldSuffix)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if ix, err := Open(ctx, idx, Options{}); err == nil || !errors.Is(err, context.DeadlineExceeded) {
		if err == nil {
			ix.Close()
		}
		t.Fatalf("Open during a running swap: %v; want it to wait until its context ends", err)
	}
	if got := dirNames(t, filepath.Dir(idx)); !slices.Equal(got, []string{"index.old", "index.rebuild", "index.swap"}) {
		t.Errorf("Open during a running swap changed the folders: %q", got)
	}
	// The swap goes on and finishes; an Open then finds nothing to do.
	rename(t, idx+rebuildSuffix, idx)
	if warn := removeOldIndex(idx, idx+oldSuffix); warn != "" {
		t.Fatal(warn)
	}
	if err := mark.done(); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(context.Background(), idx, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Article(context.Background(), "feed-New"); err != nil || ix.Repaired != "" {
		t.Errorf("Open after the swap: %v, Repaired %q; want the new index as it is", err, ix.Repaired)
	}
}

// TestSwapRecoveryThroughALink: an index path that is a symbolic link to
// the index folder (kept on another disk) leads nowhere while a swap is
// stopped between its renames; the recovery follows it all the same, and
// the link leads to the new index after.
func TestSwapRecoveryThroughALink(t *testing.T) {
	real := filepath.Join(t.TempDir(), "real-index")
	link := filepath.Join(t.TempDir(), "index")
	swapIndex(t, real, "Old")
	swapIndex(t, real+rebuildSuffix, "New")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	mark := markOnly(t, real)
	rename(t, real, real+oldSuffix)
	mark.keep()
	ix, err := Open(context.Background(), link, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Article(context.Background(), "feed-New"); err != nil {
		t.Errorf("Open through the link after a stopped swap: %v; want the new index (Repaired %q)", err, ix.Repaired)
	}
	if got := dirNames(t, filepath.Dir(real)); !slices.Equal(got, []string{"real-index"}) {
		t.Errorf("beside the index: %q, want only the index", got)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the index path is no longer a link: %v, %v", fi, err)
	}
}

// TestSwapFailureLeavesItsIntent: a swap that fails and cannot put the old
// index back (here a file took the index's place between the renames)
// leaves no index open; its intent stays, and the next rebuild of the same
// Live recovers from it first.
func TestSwapFailureLeavesItsIntent(t *testing.T) {
	ctx := context.Background()
	corpus, idx := swapFixture(t)
	block := true
	l, err := OpenLive(ctx, idx, Options{swapping: func(step string) {
		if step == stepMovedOld && block {
			if err := os.WriteFile(idx, []byte("in the way"), 0o644); err != nil {
				t.Error(err)
			}
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := l.Rebuild(ctx, []string{corpus}); err == nil {
		t.Fatal("the rebuild succeeded with a file in the index's place")
	}
	if _, err := l.Search(ctx, chronicle.SearchQuery{Text: "harbour"}); !errors.Is(err, ErrNoIndex) {
		t.Fatalf("after the failed swap Search: %v, want ErrNoIndex", err)
	}
	if !exists(idx + swapSuffix) {
		t.Fatalf("the failed swap left no intent: %q", dirNames(t, filepath.Dir(idx)))
	}
	block = false
	if err := os.Remove(idx); err != nil {
		t.Fatal(err)
	}
	rep, err := l.Rebuild(ctx, []string{corpus})
	if err != nil {
		t.Fatalf("rebuild after the failed swap: %v", err)
	}
	checkSwapArticles(t, l.ix, true)
	if rep.Corpus.Held != 22 || rep.Feed != 1 {
		t.Errorf("rebuild after the failed swap held %d, carried %d feed articles; want 22, 1", rep.Corpus.Held, rep.Feed)
	}
	if got := dirNames(t, filepath.Dir(idx)); !slices.Equal(got, []string{"index"}) {
		t.Errorf("after the rebuild the index's folder holds %q, want only the index", got)
	}
}

// TestOpenDuringASwap: an Open in another process waits for the index's
// lock while a rebuild holds it; it got the lock the moment the swap
// closed the old index, and then served (and wrote to) that index, which
// the swap moved aside and deleted under it. It now opens again once it
// finds the swap's intent or another folder in place: here the new index
// is held by the rebuild, so it says the index is in use. (One process
// stands for two: bbolt's lock is taken per open file.)
func TestOpenDuringASwap(t *testing.T) {
	ctx := context.Background()
	corpus, idx := swapFixture(t)
	type result struct {
		ix  *Index
		err error
	}
	opened := make(chan result, 1)
	l, err := OpenLive(ctx, idx, Options{swapping: func(step string) {
		switch step {
		case stepClosed:
			go func() {
				ix, err := Open(ctx, idx, Options{})
				opened <- result{ix, err}
			}()
			time.Sleep(300 * time.Millisecond) // the Open waits for the old index's lock
		case stepMarked:
			time.Sleep(500 * time.Millisecond) // and gets it, now the old index is closed
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if _, err := l.Rebuild(ctx, []string{corpus}); err != nil {
		t.Fatal(err)
	}
	var res result
	select {
	case res = <-opened:
	case <-time.After(20 * time.Second):
		t.Fatal("the Open did not return")
	}
	if res.err == nil {
		defer res.ix.Close()
		if _, err := res.ix.Article(ctx, "e04"); err == nil {
			t.Fatal("the Open made during the swap got the old index, which the swap deleted under it (it holds e04)")
		}
		return
	}
	if !InUse(res.err) {
		t.Errorf("the Open made during the swap: %v; want the index in use (by the rebuild)", res.err)
	}
}
