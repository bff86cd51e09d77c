//go:build linux

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeKmsgLinkDoesNotHangSync replaces an indexed file of the
// watched folder by a link to /proc/kmsg, which stats as a regular file
// but whose reads wait for kernel messages: the sync hung for ever on it,
// and no later change was synced. The sync now reports it and goes on (a
// link that leads out of the corpus folder is not read at all; named as a
// corpus path, /proc/kmsg is read without waiting and reported unreadable,
// corpus.TestPollableRegularFileDoesNotHang), the file's articles are kept, and a
// file dropped afterwards is indexed.
func TestServeKmsgLinkDoesNotHangSync(t *testing.T) {
	if f, err := os.Open("/proc/kmsg"); err != nil {
		t.Skipf("/proc/kmsg cannot be opened here: %v", err)
	} else {
		f.Close()
	}
	cfg := testConfig(t, "")
	dir := cfg.Corpus.Paths[0]
	p := filepath.Join(dir, "held.jsonl")
	if err := os.WriteFile(p, []byte(`{"id":"held-1","title":"Okapi seen","date":"2024-03-27","text":"Rangers saw an okapi near the river."}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := startMain(t, cfg, MainOptions{})
	waitSynced(t, "http://"+r.m.Addr())
	ctx := context.Background()
	has := func(id string) bool { _, err := r.m.ix.Article(ctx, id); return err == nil }
	if !has("held-1") {
		t.Fatal("held-1 not indexed at start-up")
	}
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/proc/kmsg", p); err != nil {
		t.Fatal(err)
	}
	waitLogged(t, r, "held.jsonl", 10*time.Second)
	if err := os.WriteFile(filepath.Join(dir, "after.jsonl"), []byte(`{"id":"after-1","title":"Okapi again","date":"2024-03-28","text":"Rangers saw the okapi again."}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for !has("after-1") {
		if time.Now().After(deadline) {
			t.Fatal("a file dropped after the link to /proc/kmsg was not indexed within 15s: the sync hangs")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !has("held-1") {
		t.Error("held-1 lost when its file became a link to /proc/kmsg")
	}
	if !strings.Contains(r.logs.String(), "file link leads outside") {
		t.Error("no warning says why held.jsonl was not read")
	}
}
