package commands

import (
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// TestPresentNote: a question about the present asked without an as-of day
// is answered as of the newest article in the index; the reply says which
// day that is (nu42: "current alert level" was "likely right" from a 2024
// article asked in 2026, and only the citation's date told). Other answers
// say nothing of it.
func TestPresentNote(t *testing.T) {
	day := time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC)
	best := &chronicle.Citation{Text: "France raised its alert to the highest level.", Title: "Alert", ArticleID: "a1", Published: day}
	const note = "Current as of 2024-03-25, the day of the newest article in the index."
	for _, tc := range []struct {
		name string
		ans  chronicle.Answer
		want bool
	}{
		{"now, no as-of day", chronicle.Answer{Best: best, Present: true, Day: day, Confidence: 0.8}, true},
		{"now, an as-of day", chronicle.Answer{Best: best, Present: true, AsOf: day, Day: day, Confidence: 0.8}, false},
		{"not about now", chronicle.Answer{Best: best, Day: day, Confidence: 0.8}, false},
		{"declined", chronicle.Answer{Present: true, Day: day, Sources: []chronicle.Citation{*best}}, false},
		{"an empty index", chronicle.Answer{Best: best, Present: true, Confidence: 0.8}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Contains(AnswerText(tc.ans), note); got != tc.want {
				t.Errorf("AnswerText says the day: %v, want %v\n%s", got, tc.want, AnswerText(tc.ans))
			}
			resp := renderAnswer(tc.ans, 2, "")
			got := len(resp.Embeds) == 1 && strings.Contains(resp.Embeds[0].Description, note)
			if got != tc.want {
				t.Errorf("the /ask embed says the day: %v, want %v\n%+v", got, tc.want, resp)
			}
		})
	}
}

// TestPresentNoteOlderReport: when the report quoted is older than the day
// "now" is, the note says so: the answer was not confirmed on that day
// (review rev42).
func TestPresentNoteOlderReport(t *testing.T) {
	old := &chronicle.Citation{Text: "The alert level is moderate.", ArticleID: "a0", Published: time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC)}
	ans := chronicle.Answer{Best: old, Present: true, Day: time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC), Confidence: 0.7}
	const want = "Current as of 2024-03-25, the day of the newest article in the index; the report quoted is of 2019-05-01."
	if got := PresentNote(ans); got != want {
		t.Errorf("PresentNote = %q, want %q", got, want)
	}
}

// TestPresentNoteStanding: a question in the present tense without "now"
// ("Who is the UK prime minister?") quoted a report of 2022 in an index
// whose newest article is of 2026 without a word (nu43). The note is said
// when the report quoted is more than staleAfter older than the day, and
// not for a recent one.
func TestPresentNoteStanding(t *testing.T) {
	day := time.Date(2026, 7, 17, 0, 0, 0, 0, time.UTC)
	at := func(pub time.Time) chronicle.Answer {
		return chronicle.Answer{Best: &chronicle.Citation{Text: "Sunak formed his cabinet.", ArticleID: "a0", Published: pub},
			Standing: true, Day: day, Confidence: 0.6}
	}
	for _, tc := range []struct {
		name string
		ans  chronicle.Answer
		want string
	}{
		{"a report of years before", at(time.Date(2022, 10, 25, 0, 0, 0, 0, time.UTC)),
			"Current as of 2026-07-17, the day of the newest article in the index; the report quoted is of 2022-10-25."},
		{"a report of the week", at(day.AddDate(0, 0, -3)), ""},
		{"a report just past the limit", at(day.Add(-staleAfter - 24*time.Hour)),
			"Current as of 2026-07-17, the day of the newest article in the index; the report quoted is of 2026-06-16."},
		{"an as-of day given", func() chronicle.Answer {
			a := at(time.Date(2022, 10, 25, 0, 0, 0, 0, time.UTC))
			a.AsOf = day
			return a
		}(), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := PresentNote(tc.ans); got != tc.want {
				t.Errorf("PresentNote = %q, want %q", got, tc.want)
			}
		})
	}
}
