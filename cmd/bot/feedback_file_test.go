package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
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

// TestFeedbackStatsOfAnotherFile: feedback.path naming another program's
// bbolt file (a copy of an index's store.db) made `bot feedback stats`
// count no votes and exit 0. It now fails, saying the file is not a
// feedback store, and leaves the file as it is.
func TestFeedbackStatsOfAnotherFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "store.db")
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range []string{"articles", "catalog", "files", "meta"} {
			b, err := tx.CreateBucket([]byte(name))
			if err != nil {
				return err
			}
			if err := b.Put([]byte("seed-1"), []byte(`{"id":"seed-1"}`)); err != nil {
				return err
			}
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	config := writeConfig(t, fmt.Sprintf("feedback: {path: %q}\n", path))
	for _, args := range [][]string{{"feedback", "stats"}, {"feedback", "export"}} {
		stdout, _, err := runCLI(t, "", append(args, "--config", config)...)
		if err == nil || !strings.Contains(err.Error(), "not a feedback store") || !strings.Contains(err.Error(), path) {
			t.Errorf("bot %s of an index's store.db: %q, error %v; want an error saying %s is not a feedback store", strings.Join(args, " "), stdout, err, path)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
		t.Errorf("%s changed", path)
	}
}

// TestFeedbackUnknownSubcommand: "bot feedback bogus" printed the help and
// exited 0, while "bot bogus" is an error (helper 107).
func TestFeedbackUnknownSubcommand(t *testing.T) {
	clearEnv(t)
	if _, _, err := runCLI(t, "", "feedback", "bogus"); err == nil || !strings.Contains(err.Error(), `unknown command "bogus"`) {
		t.Errorf("bot feedback bogus: %v; want an unknown command error", err)
	}
	// A misspelt subcommand is named, as "bot serach" is (helper 159):
	// "bot feedback stat" said only to run --help.
	if _, _, err := runCLI(t, "", "feedback", "stat"); err == nil || !strings.Contains(err.Error(), `did you mean "stats"?`) {
		t.Errorf("bot feedback stat: %v; want it to suggest stats", err)
	}
	if _, _, err := runCLI(t, "", "feedback", "exprot"); err == nil || !strings.Contains(err.Error(), `did you mean "export"?`) {
		t.Errorf("bot feedback exprot: %v; want it to suggest export", err)
	}
	if out, _, err := runCLI(t, "", "feedback"); err != nil || !strings.Contains(out, "export") {
		t.Errorf("bot feedback: %q, %v; want its help", out, err)
	}
}

// TestServeRefusesATextFeedbackFile: bot serve took a text file at
// feedback.path for a damaged votes file, renamed it to
// <path>.damaged-<time> and started a new store in its place. It now
// refuses to start, naming the file, and leaves it where it is; bot
// feedback stats says the same.
func TestServeRefusesATextFeedbackFile(t *testing.T) {
	cfg := testConfig(t, "")
	path := filepath.Join(t.TempDir(), "votes.txt")
	cfg.Feedback.Path = path
	text := []byte("helpful: 12\nwrong: 3\n")
	if err := os.WriteFile(path, text, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := newMainLogs(t, cfg)
	if err == nil || !strings.Contains(err.Error(), "not a bbolt file") || !strings.Contains(err.Error(), path) {
		t.Errorf("NewMain with a text file at feedback.path: %v; want an error saying %s is not a bbolt file", err, path)
	}
	config := writeConfig(t, fmt.Sprintf("feedback: {path: %q}\n", path))
	if _, _, err := runCLI(t, "", "feedback", "stats", "--config", config); err == nil || !strings.Contains(err.Error(), "not a bbolt file") {
		t.Errorf("bot feedback stats of a text file: %v; want it said not to be a bbolt file", err)
	}
	if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, text) {
		t.Errorf("%s changed or went (%v)", path, err)
	}
	if aside, _ := filepath.Glob(path + ".damaged-*"); len(aside) != 0 {
		t.Errorf("moved aside: %q", aside)
	}
}
