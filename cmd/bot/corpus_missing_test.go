package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMissingCorpusLeavesNothingBehind(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"outside the repository", []string{"ask", "Who claimed the Moscow attack?"},
			`corpus path "corpus" does not exist here (DIR); run from the repository root, fix corpus.paths or pass --corpus`},
		{"missing --corpus", []string{"search", "--corpus", "/nonexistent/news", "attack"},
			`corpus path "/nonexistent/news" does not exist; check the path given to --corpus`},
		// nu42: "pass --corpus" to a user who had passed it.
		{"missing relative --corpus", []string{"index", "--corpus", "corpus/nonexistent"},
			`corpus path "corpus/nonexistent" does not exist here (DIR); check the path given to --corpus`},
		// nu44: a pattern that matched nothing built an empty index.
		{"a --corpus pattern that matches nothing", []string{"index", "--corpus", "news/*.jsonl"},
			`corpus pattern "news/*.jsonl" matches no file here (DIR); check the path given to --corpus`},
		{"index", []string{"index"},
			`corpus path "corpus" does not exist here (DIR); run from the repository root, fix corpus.paths or pass --corpus`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			dir := t.TempDir()
			t.Chdir(dir)
			dir, _ = os.Getwd()
			_, _, err := runCLI(t, "", tt.args...)
			want := strings.ReplaceAll(tt.want, "DIR", dir)
			if err == nil || err.Error() != want {
				t.Errorf("bot %q: %v, want %q", tt.args, err, want)
			}
			if _, err := os.Stat(filepath.Join(dir, ".chronicle")); !os.IsNotExist(err) {
				t.Errorf("bot %q left .chronicle behind (stat: %v)", tt.args, err)
			}
		})
	}
}

// TestIndexFolderOfOtherFilesSaidFirst: an index path that is a folder of
// other files is said to hold no index before any state path is said to be
// inside it (nu44: --index / was told, every time, to move schedule.path).
func TestIndexFolderOfOtherFilesSaidFirst(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CHRONICLE_SCHEDULE_PATH", filepath.Join(dir, "state", "schedules.db"))
	_, _, err := runCLI(t, "", "index", "--index", dir, "--corpus", "../../corpus")
	want := fmt.Sprintf(`index.path: %s is not empty and holds no index (it has "notes.txt"): give a new or empty folder for the index`, dir)
	if err == nil || err.Error() != want {
		t.Errorf("bot index --index DIR: %v, want %q", err, want)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "notes.txt")); err != nil || string(data) != "mine" {
		t.Errorf("notes.txt = %q, %v; want it left as it was", data, err)
	}
}
