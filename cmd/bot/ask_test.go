package main

import (
	"path/filepath"
	"testing"
)

// TestAskBeforeTheCorpus: bot ask --as-of a day before every article says
// that nothing published by then matches (commands.AnswerText).
func TestAskBeforeTheCorpus(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	out, _, err := runCLI(t, "", cliArgs(corpus, idx, "ask", "--as-of", "2024-03-01", "Who claimed the Moscow attack?")...)
	if want := "No article in the index published on or before 2024-03-01 matches the question.\n"; err != nil || out != want {
		t.Errorf("ask --as-of 2024-03-01 printed %q (%v), want %q", out, err, want)
	}
}
