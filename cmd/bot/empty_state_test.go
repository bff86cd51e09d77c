package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeEmptyStateFilesReported: an empty (0-byte) file at a state
// path (the schedules, the votes, the feed state) was taken as a new store
// without a word, although it may be a store cut short by a crash or a
// full disk, whose schedules (votes, feed state) are then gone. bot serve
// now starts it as a new store, as before, and says so in a WARN line
// naming the file, for each state file alike; the empty file is not
// reported as damaged (nothing of it is moved aside: it holds no bytes to
// keep).
func TestServeEmptyStateFilesReported(t *testing.T) {
	cfg := testConfig(t, "")
	cfg.Feeds = []FeedConfig{{URL: "http://127.0.0.1:9/rss.xml", Interval: time.Hour}}
	paths := map[string]string{
		"schedule": cfg.Schedule.Path,
		"feedback": cfg.FeedbackPath(),
		"feed":     feedStatePath(cfg.Index.Path),
	}
	for _, p := range paths {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	logs, err := newMainLogs(t, cfg)
	if err != nil {
		t.Fatalf("NewMain with empty state files: %v", err)
	}
	for name, p := range paths {
		found := false
		for _, line := range strings.Split(logs, "\n") {
			if strings.Contains(line, "level=WARN") && strings.Contains(line, p+" was empty (0 bytes)") && strings.Contains(line, "new store") {
				found = true
			}
		}
		if !found {
			t.Errorf("%s state file %s: no WARN line saying it was empty and is started as a new store:\n%s", name, p, logs)
		}
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Errorf("%s state file %s after the start: %v; want a store", name, p, err)
		}
		if moved, _ := filepath.Glob(p + ".damaged-*"); len(moved) != 0 {
			t.Errorf("%s state file moved aside to %q; an empty file has nothing to keep", name, moved)
		}
	}
	if strings.Contains(logs, "is damaged") {
		t.Errorf("an empty file reported as damaged:\n%s", logs)
	}
}
