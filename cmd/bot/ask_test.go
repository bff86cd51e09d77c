package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// TestRenderAnswerText: the text answer never announces sources it does not
// list.
func TestRenderAnswerText(t *testing.T) {
	src := chronicle.Citation{Text: "The council met on Tuesday.", ArticleID: "council", Title: "Council meets",
		Published: time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC)}
	asOf := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		ans  chronicle.Answer
		want []string
		not  []string
	}{
		{"answer with other sources", chronicle.Answer{Best: &src, Sources: []chronicle.Citation{src}, Confidence: 0.8},
			[]string{"> The council met on Tuesday.", "confidence 0.80", "Other sources:\n1. \"The council met on Tuesday.\""},
			[]string{"closest", "No article"}},
		{"answer alone", chronicle.Answer{Best: &src, Confidence: 0.8},
			[]string{"> The council met on Tuesday."}, []string{"Other sources", "closest", "No article"}},
		{"no answer, closest sources", chronicle.Answer{Sources: []chronicle.Citation{src}, Confidence: 0.2},
			[]string{"I couldn't find a confident answer (confidence 0.20). The closest sources:\n1. \"The council met on Tuesday.\""},
			[]string{"No article", "Other sources"}},
		{"nothing matches", chronicle.Answer{}, []string{"No article in the index matches the question.\n"},
			[]string{"closest", "confident"}},
		{"nothing matches as of a day", chronicle.Answer{AsOf: asOf},
			[]string{"No article in the index published on or before 2024-03-01 matches the question.\n"},
			[]string{"closest", "confident"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := renderAnswerText(tt.ans)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("renderAnswerText() = %q, want %q in it", got, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("renderAnswerText() = %q, want no %q in it", got, n)
				}
			}
		})
	}
	t.Run("ask before the corpus begins", func(t *testing.T) {
		clearEnv(t)
		corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
		out, _, err := runCLI(t, "", cliArgs(corpus, idx, "ask", "--as-of", "2024-03-01", "Who claimed the Moscow attack?")...)
		if want := "No article in the index published on or before 2024-03-01 matches the question.\n"; err != nil || out != want {
			t.Errorf("ask --as-of 2024-03-01 printed %q (%v), want %q", out, err, want)
		}
	})
}
