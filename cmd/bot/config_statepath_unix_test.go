//go:build unix

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/schedule"
)

// TestConfigCheckStatePathsNoStateFileCanBe: bot config --check passed a
// schedule.path or feedback.path that no state file can be at, and bot
// serve or bot index then failed, or worse: a file that is no bbolt file
// (an article of the corpus, the config file) was renamed aside by serve
// and a store written in its place; a FIFO or device is refused by serve;
// a store at the index's <index>.swap made every later open of the index
// fail ("ix.swap is in the way"), and one at <index>.swap.tmp or inside
// <index>.rebuild or <index>.old was in a rebuild's way or deleted by it;
// and a path below a file cannot be made. Each is now an error naming the
// key and the path, and the index's feed state file (<index>-feeds.db,
// not a key of its own) is checked as its state files are. A missing file,
// an empty one and a bbolt store pass.
func TestConfigCheckStatePathsNoStateFileCanBe(t *testing.T) {
	dir := t.TempDir()
	article := filepath.Join(dir, "corpus", "moscow.txt")
	if err := os.MkdirAll(filepath.Dir(article), 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		article:                             "Moscow concert hall attack\n\nIslamic State claimed it.\n",
		filepath.Join(dir, "empty.db"):      "",
		filepath.Join(dir, "text-feeds.db"): "feeds: kept by hand\n",
	}
	for p, b := range files {
		if err := os.WriteFile(p, []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo"), 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if err := os.Symlink(os.DevNull, filepath.Join(dir, "null")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, config string
		want         string // "" for no error
	}{
		{"schedules in an article", "schedule: {path: DIR/corpus/moscow.txt}\n",
			`schedule.path: DIR/corpus/moscow.txt is not a bbolt file (it begins "Moscow concert hall attack\n\nIsla"): the bot refuses it and leaves it as it is`},
		{"votes in the config file", "feedback: {path: CONFIG}\n", "feedback.path: CONFIG is not a bbolt file"},
		{"schedules in a FIFO", "schedule: {path: DIR/fifo}\n", "schedule.path: DIR/fifo is a named pipe (FIFO), not a file"},
		{"votes in a device", "feedback: {path: DIR/null}\n", "feedback.path: DIR/null is a device, not a file"},
		{"schedules at the rebuild's swap record", "index: {path: DIR/ix}\nschedule: {path: DIR/ix.swap}\n",
			"schedule.path: DIR/ix.swap is one of the paths a rebuild of the index DIR/ix writes beside it"},
		{"votes at the swap record's first name", "index: {path: DIR/ix}\nfeedback: {path: DIR/ix.swap.tmp}\n",
			"feedback.path: DIR/ix.swap.tmp is one of the paths a rebuild of the index DIR/ix writes beside it"},
		{"schedules in the rebuild's folder", "index: {path: DIR/ix}\nschedule: {path: DIR/ix.rebuild/s.db}\n",
			"schedule.path: DIR/ix.rebuild/s.db is inside DIR/ix.rebuild, one of the paths a rebuild of the index DIR/ix writes beside it"},
		{"votes at the old index", "index: {path: DIR/ix}\nfeedback: {path: DIR/ix.old}\n",
			"feedback.path: DIR/ix.old is one of the paths a rebuild of the index DIR/ix writes beside it"},
		{"schedules below a file", "schedule: {path: DIR/corpus/moscow.txt/s.db}\n",
			"schedule.path: DIR/corpus/moscow.txt/s.db is below DIR/corpus/moscow.txt, which is a file, not a folder"},
		{"the index below a file", "index: {path: DIR/corpus/moscow.txt/ix}\n",
			"index.path: DIR/corpus/moscow.txt/ix is below DIR/corpus/moscow.txt, which is a file, not a folder; give the index a folder of its own"},
		{"the index deeper below a file", "index: {path: DIR/corpus/moscow.txt/a/b/ix}\n",
			"index.path: DIR/corpus/moscow.txt/a/b/ix is below DIR/corpus/moscow.txt, which is a file, not a folder"},
		{"the index a file, written as a folder", "index: {path: DIR/corpus/moscow.txt/}\n",
			"index.path: DIR/corpus/moscow.txt/ is a file, not a folder"},
		{"schedules in an article written as a folder", "schedule: {path: DIR/corpus/moscow.txt/}\n",
			"schedule.path: DIR/corpus/moscow.txt/ ends in a slash, which names a folder; a state file needs a file's path"},
		{"votes in a new folder", "feedback: {path: DIR/state/}\n",
			"feedback.path: DIR/state/ ends in a slash, which names a folder; a state file needs a file's path"},
		{"schedules in an article written as its dot", "schedule: {path: DIR/corpus/moscow.txt/.}\n",
			`schedule.path: DIR/corpus/moscow.txt/. ends in ".", which names a folder; a state file needs a file's path`},
		{"votes in a new folder written with its dot", "feedback: {path: DIR/state/f.db/.}\n",
			`feedback.path: DIR/state/f.db/. ends in ".", which names a folder; a state file needs a file's path`},
		{"votes in a new folder's parent", "feedback: {path: DIR/state/f.db/..}\n",
			`feedback.path: DIR/state/f.db/.. ends in "..", which names a folder; a state file needs a file's path`},
		{"the feed state is text", "index: {path: DIR/text}\n",
			"index.path: the index's feed state file: DIR/text-feeds.db is not a bbolt file"},
		{"an empty file and missing ones", "index: {path: DIR/ix}\nschedule: {path: DIR/empty.db}\nfeedback: {path: DIR/state/f.db}\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			config := filepath.Join(t.TempDir(), "config.yaml")
			text := strings.NewReplacer("DIR", dir, "CONFIG", config).Replace(tt.config)
			if err := os.WriteFile(config, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			cfg, _, err := LoadConfig(context.Background(), config)
			if err != nil {
				t.Fatal(err)
			}
			err = cfg.Validate(false)
			want := strings.NewReplacer("DIR", dir, "CONFIG", config).Replace(tt.want)
			switch {
			case want == "" && err != nil:
				t.Errorf("Validate: %v; want no error", err)
			case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
				t.Errorf("Validate: %v; want an error with %q", err, want)
			}
			if after, err := os.ReadFile(article); err != nil || string(after) != files[article] {
				t.Errorf("the check changed %s (%v)", article, err)
			}
		})
	}
}

// TestConfigCheckSchedulesAtTheSwapRecord is the report's repro: after bot
// index made an index, a schedule store made at <index>.swap (by bot
// serve) made every later bot index and bot ask fail ("ix.swap is in the
// way") while bot config --check said 0 errors. The check now exits 1
// naming it, and bot index refuses the config for it, leaving the index
// and the store as they are.
func TestConfigCheckSchedulesAtTheSwapRecord(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	ix := filepath.Join(dir, "ix")
	corpus := copyCorpus(t)
	if _, _, err := runCLI(t, "", "index", "--index", ix, "--corpus", corpus, "--config", writeConfig(t, "{}")); err != nil {
		t.Fatalf("bot index: %v", err)
	}
	st, err := schedule.Open(ix + ".swap")
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	config := writeConfig(t, "index: {path: "+ix+"}\nschedule: {path: "+ix+".swap}\ncorpus: {paths: ["+corpus+"]}\n")
	want := "schedule.path: " + ix + ".swap is one of the paths a rebuild of the index " + ix + " writes beside it"
	out, _, err := runCLI(t, "", "config", "--check", "--config", config)
	if err == nil || exitCode(err) != 1 || !strings.Contains(out, "error: "+want) {
		t.Errorf("bot config --check with schedule.path at %s.swap: exit %v, printed:\n%s\nwant exit status 1 and %q", ix, err, out, want)
	}
	if _, _, err := runCLI(t, "", "index", "--config", config); err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("bot index with schedule.path at %s.swap: %v; want the config refused with %q", ix, err, want)
	}
	if _, err := os.Stat(filepath.Join(ix, "store.db")); err != nil {
		t.Errorf("the index: %v", err)
	}
}
