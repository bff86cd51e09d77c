package answer

import (
	"context"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// clockedIndex is a fakeIndex whose Newest passes over articles dated
// after today, as index.Newest does.
type clockedIndex struct {
	*fakeIndex
	today time.Time
}

func (c clockedIndex) Newest() time.Time {
	var t time.Time
	for _, a := range c.articles {
		if a.Published.After(t) && a.Published.Before(c.today.AddDate(0, 0, 1)) {
			t = a.Published
		}
	}
	return t
}

// TestMisdatedIsNotNewest: without an as-of day, an article dated after
// today (misdated: index.Newest passes over it) is weighed as an undated
// one, not as the freshest news of the newest day.
func TestMisdatedIsNotNewest(t *testing.T) {
	older := article("older", "2024-02-20", "Harbour storm",
		"The Portsmouth harbour was closed for three days after a storm, officials said.")
	other := article("other", "2024-03-25", "Ferries",
		"Ferries from Dover were cancelled during the rail strike.")
	misdated := func(date string) chronicle.Article {
		return article("misdated", date, "Harbour storm report",
			"The Portsmouth harbour was closed for nine days after the storm, officials in the port said.")
	}
	today := day("2024-03-26")
	for _, q := range []string{
		"How many days was the Portsmouth harbour closed after the storm?",
		"Who said the harbour was closed after the storm?",
	} {
		t.Run(q, func(t *testing.T) {
			undated, err := New(clockedIndex{newFakeIndex(older, other, misdated("")), today}).Ask(context.Background(), q, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			future, err := New(clockedIndex{newFakeIndex(older, other, misdated("2099-01-01")), today}).Ask(context.Background(), q, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if citeText(future.Best) != citeText(undated.Best) || future.Confidence != undated.Confidence {
				t.Errorf("dated 2099: %q (confidence %.3f); undated: %q (%.3f)",
					citeText(future.Best), future.Confidence, citeText(undated.Best), undated.Confidence)
			}
		})
	}
}

// TestRecentWindowEndsOnTheDay: without an as-of day the 30-day window of
// recent articles ends on the newest day, not after it, so that misdated
// articles do not join the candidates as recent news.
func TestRecentWindowEndsOnTheDay(t *testing.T) {
	idx := newFakeIndex(
		article("a", "2024-03-20", "Harbour storm", "The Portsmouth harbour was closed for three days after a storm."),
		article("z", "2099-01-01", "Harbour storm", "The Portsmouth harbour was closed for nine days after a storm."),
	)
	today := day("2024-03-26")
	if _, err := New(clockedIndex{idx, today}).Ask(context.Background(), "How long was the Portsmouth harbour closed?", time.Time{}); err != nil {
		t.Fatal(err)
	}
	var windows int
	for _, q := range idx.queries {
		if q.From.IsZero() {
			if !q.To.IsZero() {
				t.Errorf("the main search is bounded (To %v); want every article read", q.To)
			}
			continue
		}
		windows++
		if want := day("2024-03-20"); !q.To.Equal(want) {
			t.Errorf("recent window %v to %v; want it to end on the newest day, %v", q.From, q.To, want)
		}
	}
	if windows == 0 {
		t.Error("no recent window was searched")
	}
}
