package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// TestAskOutput: the JSON answer object, and the text answer of bot ask
// (commands.AnswerText) before the corpus begins.
func TestAskOutput(t *testing.T) {
	src := chronicle.Citation{Text: "The council met on Tuesday.", ArticleID: "council", Title: "Council meets",
		Published: time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC)}
	t.Run("json", func(t *testing.T) {
		ans := chronicle.Answer{Question: "q", Best: &src, Confidence: 0.8, Value: "Tuesday", Agreement: 2,
			Alternatives: []chronicle.Alternative{{Value: "Monday", Citation: src}}}
		b, err := json.Marshal(toAnswerJSON(ans))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`"confidence":0.8`, `"value":"Tuesday"`, `"agreement":2`,
			`"alternatives":[{"value":"Monday","text":"The council met on Tuesday.","article_id":"council","title":"Council meets","source":"","date":"2024-03-20"`} {
			if !strings.Contains(string(b), want) {
				t.Errorf("toAnswerJSON = %s, want %s in it", b, want)
			}
		}
		if b, _ := json.Marshal(toAnswerJSON(chronicle.Answer{})); !strings.Contains(string(b), `"agreement":0,"alternatives":[]`) {
			t.Errorf("toAnswerJSON of no answer = %s, want agreement 0 and no alternatives", b)
		}
	})
	t.Run("ask before the corpus begins", func(t *testing.T) {
		clearEnv(t)
		corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
		out, _, err := runCLI(t, "", cliArgs(corpus, idx, "ask", "--as-of", "2024-03-01", "Who claimed the Moscow attack?")...)
		if want := "No article in the index published on or before 2024-03-01 matches the question.\n"; err != nil || out != want {
			t.Errorf("ask --as-of 2024-03-01 printed %q (%v), want %q", out, err, want)
		}
	})
}
