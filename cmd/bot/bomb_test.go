//go:build unix

package main

import (
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestIssue12_Item4_ServeSurvivesBomb drops a gzip bomb (a line that
// expands past the per-file limit), a FIFO and a /dev/zero symlink into the
// watched corpus folder while serve runs: /healthz stays 200, the index
// keeps its articles, and a normal file dropped afterwards is indexed.
func TestIssue12_Item4_ServeSurvivesBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 300 MB gzip stream")
	}
	cfg := testConfig(t, "")
	r := startMain(t, cfg, MainOptions{})
	base := "http://" + r.m.Addr()
	before := r.m.ix.Len()
	if before == 0 {
		t.Fatal("index empty after start-up")
	}
	dir := cfg.Corpus.Paths[0]

	// Health is polled throughout.
	stopPoll := make(chan struct{})
	bad := make(chan string, 1)
	go func() {
		for {
			select {
			case <-stopPoll:
				close(bad)
				return
			case <-time.After(50 * time.Millisecond):
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/healthz", nil)
			resp, err := http.DefaultClient.Do(req)
			cancel()
			status := 0
			if err == nil {
				status = resp.StatusCode
				resp.Body.Close()
			}
			if status != http.StatusOK {
				select {
				case bad <- fmt.Sprintf("/healthz = %d (%v)", status, err):
				default:
				}
			}
		}
	}()

	writeBomb(t, filepath.Join(dir, "bomb.jsonl.gz"), 300<<20)
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.jsonl"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.txt")); err != nil {
		t.Fatal(err)
	}
	waitLogged(t, r, "bomb.jsonl.gz", 60*time.Second)

	normal := "date 2024-03-27\nOkapi sighting confirmed\n\nRangers confirmed an okapi sighting near the northern river on Wednesday.\n"
	if err := os.WriteFile(filepath.Join(dir, "okapi.txt"), []byte(normal), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for r.m.ix.Len() != before+1 {
		if time.Now().After(deadline) {
			t.Fatalf("index holds %d articles 60s after a normal file was dropped, want %d", r.m.ix.Len(), before+1)
		}
		time.Sleep(100 * time.Millisecond)
	}
	close(stopPoll)
	if msg, ok := <-bad; ok {
		t.Errorf("serve was not healthy throughout: %s", msg)
	}
	if status, body := httpGet(t, base+"/healthz"); status != http.StatusOK {
		t.Errorf("/healthz at the end = %d %s", status, body)
	}
}

// writeBomb writes a .jsonl.gz holding one record whose title never ends,
// n bytes after decompression.
func writeBomb(tb testing.TB, path string, n int) {
	tb.Helper()
	tmp := path + ".tmp" // not a corpus extension: the watcher ignores it
	f, err := os.Create(tmp)
	if err != nil {
		tb.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	zw.Write([]byte(`{"id":"bomb","title":"`))
	chunk := []byte(strings.Repeat("a", 1<<20))
	for range n >> 20 {
		zw.Write(chunk)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatal(err)
	}
}

// waitLogged waits until the bot's log mentions s.
func waitLogged(tb testing.TB, r *running, s string, d time.Duration) {
	tb.Helper()
	deadline := time.Now().Add(d)
	for !strings.Contains(r.logs.String(), s) {
		if time.Now().After(deadline) {
			tb.Fatalf("the log never mentions %q within %s", s, d)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
