package commands

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// TestAnswerText: the text answer never announces sources it does not
// list; it says how the outlets agree and how likely the answer is right.
func TestAnswerText(t *testing.T) {
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
		{"answer across a paragraph break", chronicle.Answer{Best: &chronicle.Citation{Text: "The council met. It voted.", ArticleID: "council",
			Title: "Council meets", Published: src.Published, Paragraph: 1, LastParagraph: 2}, Confidence: 0.8},
			[]string{"  — Council meets (2024-03-20, paragraphs 2–3) [council]\n"}, []string{"paragraph 2)"}},
		{"answer alone", chronicle.Answer{Best: &src, Confidence: 0.8},
			[]string{"> The council met on Tuesday."}, []string{"Other sources", "closest", "No article"}},
		{"no answer, closest sources", chronicle.Answer{Sources: []chronicle.Citation{src}, Confidence: 0.2},
			[]string{"I couldn't find a confident answer (confidence 0.20). The closest sources:\n1. \"The council met on Tuesday.\""},
			[]string{"No article", "Other sources"}},
		{"no answer just under the threshold is not shown at it", chronicle.Answer{Sources: []chronicle.Citation{src}, Confidence: 0.4599},
			[]string{"I couldn't find a confident answer (confidence 0.45)."}, []string{"0.46"}},
		{"no answer at two decimals is shown as it is", chronicle.Answer{Sources: []chronicle.Citation{src}, Confidence: 0.29},
			[]string{"I couldn't find a confident answer (confidence 0.29)."}, nil},
		{"nothing matches", chronicle.Answer{}, []string{"No article in the index matches the question.\n"},
			[]string{"closest", "confident"}},
		{"nothing matches as of a day", chronicle.Answer{AsOf: asOf},
			[]string{"No article in the index published on or before 2024-03-01 matches the question.\n"},
			[]string{"closest", "confident"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AnswerText(tt.ans)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("AnswerText() = %q, want %q in it", got, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("AnswerText() = %q, want no %q in it", got, n)
				}
			}
		})
	}
}

// asOfAnswerer answers with the as-of day it was given.
type asOfAnswerer struct{}

func (asOfAnswerer) Ask(_ context.Context, q string, asOf time.Time) (chronicle.Answer, error) {
	return chronicle.Answer{Question: q, AsOf: asOf}, nil
}

// TestRunTextAsk: bot ask prints the Text of /ask's reply, the answer of
// the day it is asked as of.
func TestRunTextAsk(t *testing.T) {
	tests := []struct {
		name string
		asOf time.Time
		want string
	}{
		{"today", time.Time{}, "No article in the index matches the question.\n"},
		{"as of a day", day(2024, 3, 1), "No article in the index published on or before 2024-03-01 matches the question.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := RunText(context.Background(), &Ask{Answerer: asOfAnswerer{}, AsOf: tt.asOf},
				Request{Options: map[string]string{"question": "Who won?"}})
			if err != nil || got != tt.want {
				t.Errorf("RunText(ask) = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if _, err := RunText(context.Background(), &Ask{Answerer: asOfAnswerer{}}, Request{}); chronicle.ErrorCode(err) != chronicle.EINVALID {
		t.Errorf("RunText(ask) without a question: error %v, want EINVALID", err)
	}
}
