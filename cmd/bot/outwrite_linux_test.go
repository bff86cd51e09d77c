package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputFolderNotWritable: an output file in a folder where no file can
// be made is refused before the work, naming the folder; bot eval ran
// every question, then failed naming the temporary file it makes beside
// the output ("open /sys/.x.jsonl.3618098795.tmp: permission denied"), and
// feedback export named it too. /sys refuses new files even to root.
func TestOutputFolderNotWritable(t *testing.T) {
	if fi, err := os.Stat("/sys/kernel"); err != nil || !fi.IsDir() {
		t.Skip("no /sys here")
	}
	if f, err := os.CreateTemp("/sys", "x"); err == nil {
		f.Close()
		os.Remove(f.Name())
		t.Skip("/sys takes new files here")
	}
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	questions := filepath.Join(t.TempDir(), "q.jsonl")
	must(t, os.WriteFile(questions, []byte(`{"id":"a","question":"Who claimed the Moscow attack?","answers":["ISIS"]}`+"\n"), 0o644))
	const want = "no file can be made in the folder /sys"
	for _, args := range [][]string{
		cliArgs(corpus, idx, "eval", "--all", "/sys/x.jsonl", questions),
		cliArgs(corpus, idx, "eval", "--failures", "/sys/x.jsonl", questions),
	} {
		_, _, err := runCLI(t, "", args...)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), ".tmp") {
			t.Errorf("bot %s: error %v, want one saying %q", strings.Join(args, " "), err, want)
		}
		if _, err := os.Stat(idx); err == nil {
			t.Errorf("bot %s built the index: the output was not checked before the work", strings.Join(args, " "))
		}
	}
	dir := t.TempDir()
	votes := filepath.Join(dir, "feedback.db")
	writeVotes(t, votes, "u1")
	config := writeConfig(t, "index: {path: "+filepath.Join(dir, "index")+"}\nschedule: {path: "+filepath.Join(dir, "schedule.db")+"}\nfeedback: {path: "+votes+"}\n")
	_, _, err := runCLI(t, "", "feedback", "export", "--out", "/sys/votes.jsonl", "--config", config)
	if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), ".tmp") {
		t.Errorf("feedback export --out /sys/votes.jsonl: error %v, want one saying %q", err, want)
	}
}
