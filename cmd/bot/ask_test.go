package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// TestRenderAnswerText: the text answer never announces sources it does not
// list; it says how the outlets agree and how likely the answer is right.
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
			[]string{"> The council met on Tuesday.", "likely right (confidence 0.80)", "Other sources:\n1. \"The council met on Tuesday.\""},
			[]string{"closest", "No article"}},
		{"answer with other reports", chronicle.Answer{Best: &src, Confidence: 0.65, Agreement: 2, Alternatives: []chronicle.Alternative{
			{Value: "Monday", Citation: chronicle.Citation{Source: "Gazette", Published: time.Date(2024, 3, 18, 0, 0, 0, 0, time.UTC)}}}},
			[]string{"  — Council meets (2024-03-20, paragraph 1) [council]\n  2 outlets agree. Earlier: Monday (Gazette, 18 Mar)\nprobably right (confidence 0.65)\n"},
			[]string{"**", "*Gazette*"}},
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
