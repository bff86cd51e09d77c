package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputLinkToMissingFile: an output file given as a link whose target
// does not exist yet is written at the target, as a link to an earlier
// output already was, or refused naming the target's missing folder; the
// link was replaced by a regular file either way (bot feedback export
// --out, bot eval --all and --failures; helper 152).
func TestOutputLinkToMissingFile(t *testing.T) {
	dir := t.TempDir()
	votes := filepath.Join(dir, "feedback.db")
	writeVotes(t, votes, "u1")
	config := writeConfig(t, fmt.Sprintf("index: {path: %q}\nschedule: {path: %q}\nfeedback: {path: %q}\n",
		filepath.Join(dir, "index"), filepath.Join(dir, "schedule.db"), votes))
	if err := os.Mkdir(filepath.Join(dir, "exports"), 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "latest.jsonl")
	if err := os.Symlink(filepath.Join("exports", "votes.jsonl"), link); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	if _, _, err := runCLI(t, "", "feedback", "export", "--out", link, "--config", config); err != nil {
		t.Fatalf("export --out a link to a new file in a folder that exists: %v", err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced (lstat: %v, %v); want it kept", fi.Mode(), err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "exports", "votes.jsonl")); err != nil || !strings.Contains(string(b), `"votes"`) {
		t.Errorf("the link's target holds %q (%v); want the export", b, err)
	}

	dangling := filepath.Join(dir, "dangling.jsonl")
	if err := os.Symlink(filepath.Join(dir, "no-such-folder", "votes.jsonl"), dangling); err != nil {
		t.Fatal(err)
	}
	_, _, err := runCLI(t, "", "feedback", "export", "--out", dangling, "--config", config)
	want := dangling + " (a link to " + filepath.Join(dir, "no-such-folder", "votes.jsonl") + "): the folder " + filepath.Join(dir, "no-such-folder") + " does not exist"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("export --out a link into a missing folder: %v; want %q", err, want)
	}
	if fi, err := os.Lstat(dangling); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced (lstat: %v, %v); want it kept", fi.Mode(), err)
	}
}

// TestOutFolderOKSaysWhy: a folder that cannot be looked at for another
// reason than its absence (a link loop) is not said to be missing.
func TestOutFolderOKSaysWhy(t *testing.T) {
	dir := t.TempDir()
	loop := filepath.Join(dir, "loop")
	if err := os.Symlink("loop", loop); err != nil {
		t.Skipf("no symlinks here: %v", err)
	}
	err := outFolderOK("--all", filepath.Join(loop, "x.jsonl"))
	if err == nil || strings.Contains(err.Error(), "does not exist") || !strings.Contains(err.Error(), loop) {
		t.Errorf("outFolderOK below a link loop = %v; want the reason, naming the folder", err)
	}
}
