//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// stoppedSwapReadOnly is what the log says when a rebuild's swap stopped
// at the index cannot be finished and the index opens read-only in place.
const stoppedSwapReadOnly = "index opened read-only: a stopped rebuild swap could not be finished"

// A rebuild's swap stopped in a folder this user may not write opens the
// index read-only in place. That is no repair, and an operator told "index
// repaired" has no reason to look further: the log says what happened
// (stoppedSwapReadOnly) and what to do, and not "index repaired", whether
// the CLI or bot serve opens the index.
func TestStoppedSwapInAReadOnlyFolderIsNotLoggedAsARepair(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("runs as root, which writes a folder whatever its mode; run the test binary as another user (setpriv --reuid=nobody)")
	}
	clearEnv(t)
	// stopped builds an index at <tmp>/ro/index, stops a swap there
	// after its intent was recorded, before its renames (<index>.rebuild
	// a whole copy), and makes <tmp>/ro read-only.
	stopped := func(t *testing.T, corpus string) string {
		t.Helper()
		idx := filepath.Join(t.TempDir(), "ro", "index")
		if _, _, err := runCLI(t, "", cliArgs(corpus, idx, "index")...); err != nil {
			t.Fatal(err)
		}
		if err := os.CopyFS(idx+".rebuild", os.DirFS(idx)); err != nil {
			t.Fatal(err)
		}
		writeIntent(t, idx, idx, idx+".rebuild")
		parent := filepath.Dir(idx)
		if err := os.Chmod(parent, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(parent, 0o755) })
		return idx
	}
	check := func(t *testing.T, logs string) {
		t.Helper()
		for line := range strings.Lines(logs) {
			if strings.Contains(line, stoppedSwapReadOnly) {
				t.Logf("%s", line)
			}
		}
		if !strings.Contains(logs, stoppedSwapReadOnly) || !strings.Contains(logs, ".swap") || !strings.Contains(logs, "writable") {
			t.Errorf("the log does not say %q, naming the swap's intent and what to do:\n%s", stoppedSwapReadOnly, logs)
		}
		if strings.Contains(logs, "index repaired") {
			t.Errorf("the log calls the read-only open a repair:\n%s", logs)
		}
	}
	t.Run("bot search", func(t *testing.T) {
		corpus := copyCorpus(t)
		idx := stopped(t, corpus)
		out, errOut, err := runCLI(t, "", cliArgs(corpus, idx, "search", "Moscow")...)
		if err != nil {
			t.Fatalf("bot search: %v\n%s%s", err, out, errOut)
		}
		check(t, errOut)
	})
	t.Run("bot serve", func(t *testing.T) {
		cfg := testConfig(t, "")
		cfg.Index.Path = stopped(t, cfg.Corpus.Paths[0])
		r := startMain(t, cfg, MainOptions{})
		check(t, r.logs.String())
	})
}
