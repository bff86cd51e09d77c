package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `bot index --rebuild` deleted the index before reading the corpus again,
// so a corpus file emptied or cut short just before it lost every article
// it had given (a sync keeps them). Now the rebuild is built beside the old
// index and swapped in, and keeps those articles from it; --prune lets
// them go.
func TestIndexRebuildKeepsTheArticlesOfADamagedFile(t *testing.T) {
	clearEnv(t)
	for _, tt := range []struct {
		name  string
		args  []string
		found bool
	}{
		{"rebuild", []string{"index", "--rebuild"}, true},
		{"rebuild and prune", []string{"index", "--rebuild", "--prune"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
			extra := filepath.Join(corpus, "extra.jsonl")
			if err := os.WriteFile(extra, []byte(`{"id":"quokka-1","title":"Quokka census finished","publish_date":"2024-03-25",`+
				`"text":"Rangers counted the quokkas on Rottnest Island this week."}`+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			run := func(args ...string) (string, string) {
				t.Helper()
				out, errOut, err := runCLI(t, "", cliArgs(corpus, idx, args...)...)
				if err != nil {
					t.Fatalf("bot %s: %v\n%s%s", strings.Join(args, " "), err, out, errOut)
				}
				return out, errOut
			}
			run("index")
			if out, _ := run("search", "quokkas"); !strings.Contains(out, "Quokka census") {
				t.Fatalf("the extra article is not indexed:\n%s", out)
			}
			if err := os.WriteFile(extra, nil, 0o644); err != nil { // emptied
				t.Fatal(err)
			}
			out, errOut := run(tt.args...)
			if !strings.Contains(out, "rebuilt") {
				t.Errorf("bot %s does not say it rebuilt the index:\n%s", strings.Join(tt.args, " "), out)
			}
			if !strings.Contains(errOut, "extra.jsonl") {
				t.Errorf("bot %s does not report the emptied file:\n%s", strings.Join(tt.args, " "), errOut)
			}
			search, _ := run("search", "quokkas")
			if got := strings.Contains(search, "Quokka census"); got != tt.found {
				t.Errorf("after bot %s, the emptied file's article is found: %v, want %v\n%s\n%s", strings.Join(tt.args, " "), got, tt.found, out, search)
			}
			if tt.found && !strings.Contains(out, "kept from files that could not be read to their end") {
				t.Errorf("bot %s does not say it kept the article:\n%s", strings.Join(tt.args, " "), out)
			}
		})
	}
}

// A rebuild that was killed leaves its new index in <index>.rebuild, as
// big as the index; `bot index` said nothing of it. It names it now, and
// leaves it.
func TestIndexNamesALeftoverRebuildFolder(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	if _, _, err := runCLI(t, "", cliArgs(corpus, idx, "index")...); err != nil {
		t.Fatal(err)
	}
	left := idx + ".rebuild"
	if err := os.MkdirAll(filepath.Join(left, "bleve"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, errOut, err := runCLI(t, "", cliArgs(corpus, idx, "index")...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut, left) || !strings.Contains(errOut, "rebuild that was stopped") {
		t.Errorf("bot index does not name the leftover %s:\n%s", left, errOut)
	}
	if _, err := os.Stat(left); err != nil {
		t.Errorf("bot index removed the leftover folder: %v", err)
	}
}

// A rebuild killed between the two renames of its swap (by a release that
// did not record the swap's intent) left no index, only <index>.old; `bot
// index` then built a new one from the corpus, losing what only the old
// one held (here the article of a file emptied since), and `bot index
// --rebuild` refused, naming <index>.old. Both now move the old index
// back first.
func TestIndexRecoversAStoppedSwap(t *testing.T) {
	clearEnv(t)
	for _, args := range [][]string{{"index"}, {"index", "--rebuild"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
			extra := filepath.Join(corpus, "extra.jsonl")
			if err := os.WriteFile(extra, []byte(`{"id":"quokka-1","title":"Quokka census finished","publish_date":"2024-03-25",`+
				`"text":"Rangers counted the quokkas on Rottnest Island this week."}`+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			run := func(args ...string) (string, string) {
				t.Helper()
				out, errOut, err := runCLI(t, "", cliArgs(corpus, idx, args...)...)
				if err != nil {
					t.Fatalf("bot %s: %v\n%s%s", strings.Join(args, " "), err, out, errOut)
				}
				return out, errOut
			}
			run("index")
			if err := os.WriteFile(extra, nil, 0o644); err != nil { // emptied
				t.Fatal(err)
			}
			if err := os.Rename(idx, idx+".old"); err != nil { // the swap's first rename
				t.Fatal(err)
			}
			out, errOut := run(args...)
			if search, _ := run("search", "quokkas"); !strings.Contains(search, "Quokka census") {
				t.Errorf("after bot %s the article only the old index held is lost:\n%s%s\n%s", strings.Join(args, " "), out, errOut, search)
			}
			if _, err := os.Stat(idx + ".old"); err == nil {
				t.Errorf("after bot %s the old index is still in %s.old", strings.Join(args, " "), idx)
			}
		})
	}
}

// `bot index --rebuild` of an index whose search files need repair
// repaired them first (on the RealTimeQA corpus longer than the rebuild
// took), though the rebuild reads only the old index's store; it reads
// that alone now, and still keeps the article of a file emptied since.
func TestIndexRebuildOfAnIndexWhoseSearchFilesNeedRepair(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	extra := filepath.Join(corpus, "extra.jsonl")
	if err := os.WriteFile(extra, []byte(`{"id":"quokka-1","title":"Quokka census finished","publish_date":"2024-03-25",`+
		`"text":"Rangers counted the quokkas on Rottnest Island this week."}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (string, string) {
		t.Helper()
		out, errOut, err := runCLI(t, "", cliArgs(corpus, idx, args...)...)
		if err != nil {
			t.Fatalf("bot %s: %v\n%s%s", strings.Join(args, " "), err, out, errOut)
		}
		return out, errOut
	}
	run("index")
	if err := os.WriteFile(extra, nil, 0o644); err != nil { // emptied
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(idx, "bleve")); err != nil {
		t.Fatal(err)
	}
	out, errOut := run("index", "--rebuild")
	if !strings.Contains(out, "search files needed repair") || strings.Contains(errOut, "index repaired") {
		t.Errorf("bot index --rebuild repaired the search files it then deleted, or did not say it left them:\n%s%s", out, errOut)
	}
	if search, _ := run("search", "quokkas"); !strings.Contains(search, "Quokka census") {
		t.Errorf("after bot index --rebuild the emptied file's article is lost:\n%s%s\n%s", out, errOut, search)
	}
}
