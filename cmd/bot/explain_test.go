package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestExplainSaysTheAnswer: --explain ends with the answer as ask gives it,
// which is not always the first candidate (the quotes around the best five
// compete by their mass): a new user read the first candidate as the answer
// (review nu39).
func TestExplainSaysTheAnswer(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"answered", []string{"ask", "--explain", "2", "--as-of", "2024-03-26", "Who claimed the Moscow attack?"},
			"answer: the quote, of those around the 5 best, that holds the most probability mass"},
		{"declined at the threshold", []string{"ask", "--explain", "2", "--threshold", "1", "--as-of", "2024-03-26", "Who claimed the Moscow attack?"},
			"answer: none (confidence "},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runCLI(t, "", cliArgs(corpus, idx, tt.args...)...)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out, tt.want) || !strings.Contains(out, " 1. ") {
				t.Errorf("ask --explain printed\n%s\nwant the candidates and %q", out, tt.want)
			}
		})
	}
}

// TestQueryOverRefusedSync: when --corpus names paths whose sync the index
// refuses (most of its files moved away), ask still answers from the index
// as it is, with a warning, and bot index still refuses; before, the
// refusal stood in place of the answer (review nu39).
func TestQueryOverRefusedSync(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	for i := range 30 { // more than the 20 a sync removes without asking
		text := fmt.Sprintf("date 2024-03-1%d Filler story number %d about gardening, tomatoes and rain.\n", i%10, i)
		if err := os.WriteFile(filepath.Join(corpus, fmt.Sprintf("filler%d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := runCLI(t, "", cliArgs(corpus, idx, "index")...); err != nil {
		t.Fatal(err)
	}
	// Leave only the seed article: a sync would remove most of the index.
	entries, err := os.ReadDir(corpus)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "000_") {
			if err := os.Remove(filepath.Join(corpus, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	out, stderr, err := runCLI(t, "", cliArgs(corpus, idx, "ask", "--as-of", "2024-03-26", "Who claimed the Moscow attack?")...)
	if err != nil || !strings.Contains(out, "ISIS") || !strings.Contains(stderr, "the index was not synced with the corpus") {
		t.Errorf("ask = %q, stderr %q, %v; want the answer and a warning", out, stderr, err)
	}
	if _, _, err := runCLI(t, "", cliArgs(corpus, idx, "index")...); err == nil || !strings.Contains(err.Error(), "refused to remove") {
		t.Errorf("index after the files went: %v, want the refusal", err)
	}
}

// TestVersion: bot --version names the build (the README asks replicas to
// run the release that built their index; there was no way to tell).
func TestVersion(t *testing.T) {
	clearEnv(t)
	out, _, err := runCLI(t, "", "--version")
	if err != nil || !strings.HasPrefix(out, "bot version ") || !strings.Contains(out, runtime.Version()) {
		t.Errorf("bot --version = %q, %v; want the version and %s", out, err, runtime.Version())
	}
}

// TestEmptyIndexSaid: a query over an index that the corpus paths left
// empty (a folder of no articles; a glob that matches nothing is refused)
// says so on stderr, beside "no article matches" (review nu39).
func TestEmptyIndexSaid(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	news := filepath.Join(dir, "news")
	if err := os.Mkdir(news, 0o755); err != nil {
		t.Fatal(err)
	}
	out, stderr, err := runCLI(t, "", cliArgs(news, filepath.Join(dir, "index"), "ask", "Who claimed the Moscow attack?")...)
	if err != nil || !strings.Contains(stderr, "holds no article: the corpus paths") || !strings.Contains(out, "No article") {
		t.Errorf("ask over an empty index = %q, stderr %q, %v", out, stderr, err)
	}
}

func TestTuneVerdict(t *testing.T) {
	for _, tt := range []struct {
		current, learned float64
		want             string
	}{
		{0.500, 0.496, "below the current model's 0.500 on these questions: keep the current one"},
		{0.500, 0.500, "the same as the current model's"},
		{0.500, 0.510, "judge it out-of-fold with bot eval --cv 5"},
	} {
		if got := tuneVerdict(tt.current, tt.learned); !strings.Contains(got, tt.want) {
			t.Errorf("tuneVerdict(%v, %v) = %q, want %q", tt.current, tt.learned, got, tt.want)
		}
	}
}
