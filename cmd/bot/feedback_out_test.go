package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFeedbackExportOutRefusesStateFiles: `bot feedback export --out`
// truncated whatever it named, the bot's own schedule.db, feedback.db and
// the index's store.db included, and said it had written the export; the
// next start lost the schedules, the votes or the index (helper 75). It
// now refuses those, and any existing file that is not an export, leaving
// them as they were; an earlier export is replaced whole.
func TestFeedbackExportOutRefusesStateFiles(t *testing.T) {
	dir := t.TempDir()
	votes := filepath.Join(dir, "feedback.db")
	writeVotes(t, votes, "u1")
	index := filepath.Join(dir, "index")
	if err := os.MkdirAll(index, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Stand-ins for state files: they begin as a bbolt file does (its
	// first page's ID, 0), so config's check takes them for ones.
	const boltLike = "\x00\x00\x00\x00\x00\x00\x00\x00bolt pages"
	schedule := write("schedule.db", boltLike)
	store := write("index/store.db", boltLike)
	meta := write("index/index_meta.json", `{"storage":"scorch"}`)
	feeds := write("index-feeds.db", boltLike)
	notes := write("notes.txt", "my notes\n")
	corpusFile := write("news.jsonl", `{"id":"n1","title":"Harbour","text":"The harbour opened."}`+"\n")
	questions := write("questions.jsonl", `{"id":"q1","question":"Who won?","as_of":"2024-01-01","answers":["Smith"]}`+"\n")
	link := filepath.Join(dir, "link.db")
	if err := os.Symlink(schedule, link); err != nil {
		t.Fatal(err)
	}
	config := writeConfig(t, fmt.Sprintf("index: {path: %q}\nschedule: {path: %q}\nfeedback: {path: %q}\n", index, schedule, votes))
	for _, tt := range []struct{ name, out, want string }{
		{"the schedules", schedule, "the schedules file"},
		{"the votes", votes, "the votes file"},
		{"the index's store", store, "in the index's folder"},
		{"the index's meta file", meta, "in the index's folder"},
		{"the feed state", feeds, "the feed state file"},
		{"a link to the schedules", link, "the schedules file"},
		{"a text file", notes, "not an earlier export"},
		{"a JSON Lines corpus file", corpusFile, "not an earlier export"},
		{"a question set", questions, "not an earlier export"},
		{"a folder", index, "in the index's folder"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadFile(tt.out)
			_, _, err := runCLI(t, "", "feedback", "export", "--out", tt.out, "--config", config)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("export --out %s: error %v, want one saying %q", tt.out, err, tt.want)
			}
			if after, _ := os.ReadFile(tt.out); string(after) != string(before) {
				t.Errorf("%s changed", tt.out)
			}
		})
	}
	t.Run("an earlier export is replaced", func(t *testing.T) {
		out := write("votes.jsonl", `{"id":"old","question":"Q?","as_of":"2024-01-01","answers":["x"],"article_id":"a","quote":"q","votes":1}`+"\n")
		if _, _, err := runCLI(t, "", "feedback", "export", "--out", out, "--config", config); err != nil {
			t.Fatalf("export over an earlier export: %v", err)
		}
		got, _ := os.ReadFile(out)
		if !strings.Contains(string(got), "Who claimed the attack?") || strings.Contains(string(got), `"old"`) {
			t.Errorf("the export holds %q, want the vote's question and nothing of the earlier export", got)
		}
		if tmp, _ := filepath.Glob(filepath.Join(dir, ".votes.jsonl.*")); len(tmp) > 0 {
			t.Errorf("temporary files left: %v", tmp)
		}
		// Through a link, the link's target is the export replaced.
		link := filepath.Join(dir, "latest.jsonl")
		if err := os.Symlink(out, link); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(out, 0o640); err != nil {
			t.Fatal(err)
		}
		if _, _, err := runCLI(t, "", "feedback", "export", "--out", link, "--config", config); err != nil {
			t.Fatalf("export through a link to an earlier export: %v", err)
		}
		if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("the link %s was replaced by a file (%v)", link, err)
		}
		if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o640 {
			t.Errorf("the export's mode is %v (%v), want the replaced file's 0640", fi.Mode().Perm(), err)
		}
	})
}

// TestFeedbackExportOutMissingFolder: an --out in a folder that does not
// exist is refused naming that folder, as bot eval's --all and --failures
// are; it said "--out: open DIR/.x.jsonl.2203581267.tmp: no such file or
// directory", naming a temporary file the user never gave (helper 148).
func TestFeedbackExportOutMissingFolder(t *testing.T) {
	dir := t.TempDir()
	votes := filepath.Join(dir, "feedback.db")
	writeVotes(t, votes, "u1")
	config := writeConfig(t, fmt.Sprintf("index: {path: %q}\nschedule: {path: %q}\nfeedback: {path: %q}\n",
		filepath.Join(dir, "index"), filepath.Join(dir, "schedule.db"), votes))
	out := filepath.Join(dir, "no-such-folder", "votes.jsonl")
	_, _, err := runCLI(t, "", "feedback", "export", "--out", out, "--config", config)
	want := "the folder " + filepath.Dir(out) + " does not exist"
	if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), ".tmp") {
		t.Errorf("export --out %s: error %v, want one saying %q and naming no temporary file", out, err, want)
	}
	// Below a file: it said "--out: stat FILE/votes.jsonl: not a directory".
	out = filepath.Join(config, "votes.jsonl")
	_, _, err = runCLI(t, "", "feedback", "export", "--out", out, "--config", config)
	want = config + " is a file, not a folder"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("export --out %s: error %v, want one saying %q", out, err, want)
	}
}
