package answer

import (
	"context"
	"strings"
	"testing"
)

// TestQuotesShowNoTimeStamp: a page time stamp glued to the answer's
// sentence ("Updated Jan. 3, 2026, 2:06 p.m. ET") is not shown, the
// highlighted words stay on their words, and the answer's value is the name
// without the stamp's time zone.
func TestQuotesShowNoTimeStamp(t *testing.T) {
	tests := []struct {
		name, question, para, want, value string
	}{
		{"stamp before the answer", "Who won the Springfield mayoral election?",
			"Updated Jan. 3, 2026, 2:06 p.m. ET Bob Jones won the Springfield mayoral election on Tuesday, officials said.",
			"Bob Jones won the Springfield mayoral election on Tuesday, officials said.", "Bob Jones"},
		{"a stamp between sentences", "Who won the Springfield mayoral election?",
			"Bob Jones won the Springfield mayoral election. Updated Jan. 3, 2026, 2:06 p.m. ET Officials said the count took two days.",
			"Bob Jones won the Springfield mayoral election. … Officials said the count took two days.", "Bob Jones"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idx := newFakeIndex(
				article("a", "2026-01-03", "Springfield election", tt.para),
				article("x", "2025-12-01", "Weather", "Rain fell on Springfield for a week."),
			)
			a := New(idx)
			a.Threshold = 0
			ans, err := a.Ask(context.Background(), tt.question, day("2026-01-04"))
			if err != nil {
				t.Fatal(err)
			}
			if ans.Best == nil || ans.Best.Text != tt.want {
				t.Fatalf("Ask(%q) quotes %+v, want %q", tt.question, ans.Best, tt.want)
			}
			if ans.Value != tt.value {
				t.Errorf("value %q, want %q", ans.Value, tt.value)
			}
			for _, h := range ans.Best.Highlights {
				w := strings.ToLower(ans.Best.Text[h.Start:h.End])
				if !strings.Contains(strings.ToLower(tt.question), w) {
					t.Errorf("highlight %q is no question word", w)
				}
			}
		})
	}
}

// TestValueFromStampIsNoValue: a value read from a page's time stamp alone
// (the day of "May 5, 2026" for "how many") is no value: the stamp goes
// from the quote, and the answer has no value, agreement or alternatives.
func TestValueFromStampIsNoValue(t *testing.T) {
	idx := newFakeIndex(
		article("a", "2026-05-05", "Strait of Hormuz",
			"10:50 pm ET May 5, 2026 Share this update Civilian sailors died in the Strait of Hormuz, the navy said."),
		article("b", "2026-05-04", "Shipping",
			"Shipping through the Strait of Hormuz slowed after the attacks on civilian sailors."),
	)
	a := New(idx)
	a.Threshold = 0
	ans, err := a.Ask(context.Background(), "How many civilian sailors died in the Strait of Hormuz?", day("2026-05-06"))
	if err != nil {
		t.Fatal(err)
	}
	if ans.Best == nil || strings.Contains(ans.Best.Text, "May 5") {
		t.Fatalf("quotes %+v, want it without the stamp", ans.Best)
	}
	if ans.Value != "" || ans.Agreement != 0 || len(ans.Alternatives) != 0 {
		t.Errorf("value %q, agreement %d, alternatives %v; want none", ans.Value, ans.Agreement, ans.Alternatives)
	}
}

// TestQuotesShowNoByline: a quote widened across the paragraphs a page sets
// its byline in ("Michael Holden and Sam Tobin", "Reuters") is shown
// without it, its citation starting at the report's paragraph; a byline
// that states the answer's value stays.
func TestQuotesShowNoByline(t *testing.T) {
	tests := []struct {
		name, question, want, value string
		para                        int
	}{
		{"the report after the byline", "Who settled a privacy claim against the Springfield publisher?",
			"LONDON - Prince Harry settled his privacy claim against the Springfield publisher on Wednesday.", "Prince Harry", 2},
		{"a byline that states the value", "Which reporter wrote about the Springfield publisher with Sam Tobin?",
			"Michael Holden and Sam Tobin Reuters LONDON - Prince Harry settled his privacy claim against the Springfield publisher on Wednesday.",
			"Michael Holden", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idx := newFakeIndex(
				article("a", "2026-01-03", "Harry settles", "Michael Holden and Sam Tobin", "Reuters",
					"LONDON - Prince Harry settled his privacy claim against the Springfield publisher on Wednesday."),
				article("x", "2025-12-01", "Weather", "Rain fell on Springfield for a week."),
			)
			a := New(idx)
			a.Threshold = 0
			ans, err := a.Ask(context.Background(), tt.question, day("2026-01-04"))
			if err != nil {
				t.Fatal(err)
			}
			if ans.Best == nil || ans.Best.Text != tt.want {
				t.Fatalf("Ask(%q) quotes %+v, want %q", tt.question, ans.Best, tt.want)
			}
			if ans.Value != tt.value {
				t.Errorf("value %q, want %q", ans.Value, tt.value)
			}
			if ans.Best.Paragraph != tt.para {
				t.Errorf("paragraph %d, want %d", ans.Best.Paragraph, tt.para)
			}
		})
	}
}
