package main

import (
	"path/filepath"
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
