package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRebuildSaysARefusalOnce: a file moved and cut (30 of its 50 articles
// gone) has its articles kept with "removal refused"; `bot index --rebuild`
// then said it twice, once by the rebuild (its path absolute, naming bot
// index --rebuild --prune) and once by the catch-up that reads the file
// again (its path as configured, naming bot index --prune). It says it
// once now, and still keeps the articles.
func TestRebuildSaysARefusalOnce(t *testing.T) {
	clearEnv(t)
	corpus, idx := t.TempDir(), filepath.Join(t.TempDir(), "index")
	for f := range 3 {
		var b strings.Builder
		for i := range 50 {
			line, err := json.Marshal(map[string]string{"id": fmt.Sprintf("a%d-%d", f, i), "title": fmt.Sprintf("Story %d %d", f, i),
				"text": fmt.Sprintf("Harbour storm report number %d of file %d. The ferry stopped.", i, f), "publish_date": "2024-03-25"})
			if err != nil {
				t.Fatal(err)
			}
			b.Write(append(line, '\n'))
		}
		if err := os.WriteFile(filepath.Join(corpus, fmt.Sprintf("f%d.jsonl", f)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
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
	b, err := os.ReadFile(filepath.Join(corpus, "f0.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	if err := os.WriteFile(filepath.Join(corpus, "g0.jsonl"), []byte(strings.Join(lines[:20], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(corpus, "f0.jsonl")); err != nil {
		t.Fatal(err)
	}
	if _, errOut := run("index"); strings.Count(errOut, "removal refused") != 1 {
		t.Fatalf("the sync does not refuse the removal once:\n%s", errOut)
	}
	out, errOut := run("index", "--rebuild")
	if n := strings.Count(errOut, "removal refused"); n != 1 {
		t.Errorf("bot index --rebuild says \"removal refused\" %d times, want once:\n%s", n, errOut)
	}
	if !strings.Contains(out, "rebuilt: 150 articles") {
		t.Errorf("the rebuild does not keep the 30 articles:\n%s", out)
	}
}
