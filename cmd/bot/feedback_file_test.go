package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFeedbackStatsOfAnEmptyFile: feedback.path naming an existing empty
// (0-byte) file made `bot feedback stats` fail with "write ...: bad file
// descriptor". Such a file is a new store with no votes (bot serve sets it
// up, as bbolt does): stats says so, like a missing file, and counts none.
func TestFeedbackStatsOfAnEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.jsonl")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	config := writeConfig(t, fmt.Sprintf("feedback: {path: %q}\n", path))
	stats, stderr, err := runCLI(t, "", "feedback", "stats", "--config", config)
	if err != nil {
		t.Fatalf("bot feedback stats of an empty file: %v", err)
	}
	if !strings.Contains(stats, "helpful: 0\nwrong: 0\n") {
		t.Errorf("bot feedback stats = %q, want no votes", stats)
	}
	if want := path + " is empty (0 bytes"; !strings.Contains(stderr, want) {
		t.Errorf("stderr = %q, want it to say %q", stderr, want)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
		t.Errorf("the empty file is now %v, %v; want it left as it was", fi, err)
	}
}
