//go:build unix

package index

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// compactCrashEnv tells TestCompactCrashChild where to sync and when to
// die: "index|corpus|during" or "index|corpus|after".
const compactCrashEnv = "CHRONICLE_TEST_COMPACT_CRASH"

// TestCompactCrash: a process killed while its sync merges the index, or
// just after (before scorch may have recorded the merged segment), leaves
// an index that opens clean, with every article found.
func TestCompactCrash(t *testing.T) {
	const n = 300
	for _, when := range []string{"during", "after"} {
		t.Run(when, func(t *testing.T) {
			corpusPath := writeStories(t, t.TempDir(), n)
			// The merge of 300 small stories takes milliseconds, and the
			// child's watcher can miss it on a loaded machine (it did
			// once in CI): a child whose sync ended unkilled is run again
			// on a new index, a few times.
			const tries = 5
			for try := 1; ; try++ {
				idx := filepath.Join(t.TempDir(), "index")
				cmd := exec.Command(os.Args[0], "-test.run=^TestCompactCrashChild$")
				cmd.Env = append(os.Environ(), compactCrashEnv+"="+idx+"|"+corpusPath+"|"+when)
				out, err := cmd.CombinedOutput()
				var ee *exec.ExitError
				if errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signal() == syscall.SIGKILL {
					reopenWhole(t, idx, n)
					return
				}
				if try == tries || !strings.Contains(string(out), missedMerge) {
					t.Fatalf("the child was not killed (%v, try %d): %s", err, try, out)
				}
				t.Logf("try %d: the child's sync ended before it saw the merge; again", try)
			}
		})
	}
}

// missedMerge is what a child says when its sync ended before it was
// killed.
const missedMerge = "without being killed"

// TestCompactCrashChild is the process TestCompactCrash kills.
func TestCompactCrashChild(t *testing.T) {
	spec := os.Getenv(compactCrashEnv)
	if spec == "" {
		t.Skip("run by TestCompactCrash")
	}
	f := strings.Split(spec, "|")
	idx, corpusPath, when := f[0], f[1], f[2]
	ctx := context.Background()
	ix, err := Open(ctx, idx, Options{BatchSize: 1, compactMin: 10})
	if err != nil {
		t.Fatal(err)
	}
	adv, err := ix.bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	stats := adv.(*scorch.Scorch).Stats().(*scorch.Stats)
	kill := func() { _ = syscall.Kill(os.Getpid(), syscall.SIGKILL) }
	var killed atomic.Bool
	if when == "during" {
		go func() {
			for {
				if forcedMergeWriting(stats) {
					killed.Store(true)
					kill()
				}
				runtime.Gosched()
			}
		}()
	}
	if _, err := ix.Sync(ctx, []string{corpusPath}, SyncOptions{}); err != nil {
		t.Fatal(err)
	}
	if when == "after" {
		kill()
	}
	time.Sleep(time.Second)
	t.Fatalf("the sync ended (killed %v) %s %s its merge", killed.Load(), missedMerge, when)
}
