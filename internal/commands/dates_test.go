package commands

import (
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// TestDatesShownInUTC: a date given with an offset is shown on its UTC
// day, the day --as-of, --until and a digest's window put it on (helper
// 132): 23:30 on 2 May in New York is 3 May.
func TestDatesShownInUTC(t *testing.T) {
	pub := time.Date(2024, 5, 2, 23, 30, 0, 0, time.FixedZone("", -5*3600))
	c := chronicle.Citation{ArticleID: "tz", Title: "Marlow bridge", Source: "Wire", Published: pub}
	if got := CiteText(c); !strings.Contains(got, "2024-05-03") {
		t.Errorf("CiteText = %q, want 2024-05-03", got)
	}
	if got := sourceField(c); !strings.Contains(got.Name+got.Value, "2024-05-03") {
		t.Errorf("sourceField = %+v, want 2024-05-03", got)
	}
	if got := shortDate(pub, day(2024, 5, 4)); got != "3 May" {
		t.Errorf("shortDate = %q, want 3 May", got)
	}
	// The last hour of a year in New York is the next year in UTC.
	eve := time.Date(2023, 12, 31, 23, 30, 0, 0, time.FixedZone("", -5*3600))
	if got := shortDate(eve, day(2024, 5, 4)); got != "1 Jan" {
		t.Errorf("shortDate = %q, want 1 Jan (of the reference's year, 2024)", got)
	}
}

// TestMisdatedNote: an answer not given because the only matching articles
// are dated after tomorrow says so, in the Discord reply and in the text, and
// an answer given says nothing of them.
func TestMisdatedNote(t *testing.T) {
	c := chronicle.Citation{ArticleID: "a1", Title: "Council budget", Published: day(2024, 5, 1), Text: "The council approved the budget."}
	tests := []struct {
		name string
		ans  chronicle.Answer
		want string // "" wants no note
	}{
		{"none close", chronicle.Answer{Question: "q", Misdated: 1}, "1 article that matches is dated after tomorrow"},
		{"closest sources", chronicle.Answer{Question: "q", Misdated: 2, Sources: []chronicle.Citation{c}}, "2 articles that match are dated after tomorrow"},
		{"answered", chronicle.Answer{Question: "q", Misdated: 1, Best: &c}, ""},
		{"none misdated", chronicle.Answer{Question: "q"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for what, got := range map[string]string{"renderAnswer": renderAnswer(tt.ans, 2, "").Content, "AnswerText": AnswerText(tt.ans)} {
				if tt.want == "" && strings.Contains(got, "dated after tomorrow") || tt.want != "" && !strings.Contains(got, tt.want) {
					t.Errorf("%s = %q; want note %q", what, got, tt.want)
				}
			}
		})
	}
}

// TestMisdatedOnlyNotNothing: when every article matching the question is
// dated after tomorrow, the reply does not open with "No article in the index
// matches" (or "nothing in the sources looks close") before saying that one
// matches and was left out (helper 139): it says that none dated by tomorrow
// matches.
func TestMisdatedOnlyNotNothing(t *testing.T) {
	ans := chronicle.Answer{Question: "q", Misdated: 1}
	for what, got := range map[string]string{"renderAnswer": renderAnswer(ans, 2, "").Content, "AnswerText": AnswerText(ans)} {
		t.Run(what, func(t *testing.T) {
			for _, bad := range []string{"No article in the index matches", "nothing in the sources looks close"} {
				if strings.Contains(got, bad) {
					t.Errorf("%q says %q beside the matching article left out", got, bad)
				}
			}
			if want := "No article dated by tomorrow matches the question."; !strings.Contains(got, want) {
				t.Errorf("%q; want %q", got, want)
			}
		})
	}
}
