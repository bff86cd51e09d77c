package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeAskJSONExample: the README's `bot ask --json` example is what
// the command prints over the bundled corpus, byte for byte. Its "value"
// had become "French President Emmanuel Macron" (the reading of a bare
// "who" passed over "ISIS" as a word in capitals) with nothing to say so.
func TestReadmeAskJSONExample(t *testing.T) {
	clearEnv(t)
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const cmd = `$ bot ask --json "Who claimed the Moscow attack?"` + "\n"
	_, after, ok := strings.Cut(string(readme), cmd)
	if !ok {
		t.Fatalf("README.md has no %q example", strings.TrimSpace(cmd))
	}
	want, _, _ := strings.Cut(after, "\n")
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	out, _, err := runCLI(t, "", cliArgs(corpus, idx, "ask", "--json", "Who claimed the Moscow attack?")...)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(out); got != want {
		t.Errorf("bot ask --json prints\n%s\nthe README shows\n%s", got, want)
	}
}

// TestReadmeQuickStart: the reply the README's quick start shows is what
// `bot ask "Who claimed the Moscow attack?"` prints over the bundled
// corpus, line for line.
func TestReadmeQuickStart(t *testing.T) {
	clearEnv(t)
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "The first command builds the index")
	if !ok {
		t.Fatal("README.md has no quick start reply")
	}
	_, block, ok := strings.Cut(after, "```\n")
	want, _, ok2 := strings.Cut(block, "```\n")
	if !ok || !ok2 {
		t.Fatal("the quick start's reply is not in a ``` block")
	}
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	out, _, err := runCLI(t, "", cliArgs(corpus, idx, "ask", "Who claimed the Moscow attack?")...)
	if err != nil {
		t.Fatal(err)
	}
	if out != want {
		t.Errorf("bot ask prints\n%s\nthe README's quick start shows\n%s", out, want)
	}
}
