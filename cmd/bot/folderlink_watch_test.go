//go:build unix

package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestServeLinkToRootInFolder makes a link to / inside the watched folder
// while serve runs: the watcher walked it (the whole file system, a watch
// on every folder) inside its event loop, so no later change was synced and
// serve did not stop. The link is reported (not followed) and a file
// dropped afterwards is indexed.
func TestServeLinkToRootInFolder(t *testing.T) {
	cfg := testConfig(t, "")
	dir := cfg.Corpus.Paths[0]
	r := startMain(t, cfg, MainOptions{})
	waitSynced(t, "http://"+r.m.Addr())
	if err := os.Symlink("/", filepath.Join(dir, "escape")); err != nil {
		t.Fatal(err)
	}
	waitLogged(t, r, "escape: folder link not followed", 15*time.Second)
	if err := os.WriteFile(filepath.Join(dir, "after.jsonl"), []byte(`{"id":"after-1","title":"Okapi again","date":"2024-03-28","text":"Rangers saw the okapi again."}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		if _, err := r.m.ix.Article(context.Background(), "after-1"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a file dropped after a link to / was made in the folder was not indexed within 15s")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
