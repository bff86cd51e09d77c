package answer

import (
	"context"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// clockedIndex is a fakeIndex whose Newest passes over articles dated
// after tomorrow (misdated), as index.Newest does (chronicle.LastUndoubted).
type clockedIndex struct {
	*fakeIndex
	today time.Time
}

func (c clockedIndex) Newest() time.Time {
	var t time.Time
	for _, a := range c.articles {
		if a.Published.After(t) && a.Published.Before(c.today.AddDate(0, 0, 2)) {
			t = a.Published
		}
	}
	return t
}

// TestMisdatedIsLeftOut: without an as-of day the answer is given as of
// the newest article dated by tomorrow (index.Newest), and an article
// dated after that (misdated) is left out of it, as --as-of that day leaves it
// out, and counted in Misdated: quoted, a 2030 article stood under
// "Current as of" a day of 2024 (helper 132). Before, it was weighed as an
// undated article and could be quoted.
func TestMisdatedIsLeftOut(t *testing.T) {
	older := article("older", "2024-02-20", "Harbour storm",
		"The Portsmouth harbour was closed for three days after a storm, officials said.")
	other := article("other", "2024-03-25", "Ferries",
		"Ferries from Dover were cancelled during the rail strike.")
	misdated := article("misdated", "2099-01-01", "Harbour storm report",
		"The Portsmouth harbour was closed for nine days after the storm, officials in the port said.")
	today := day("2024-03-26")
	for _, q := range []string{
		"How many days was the Portsmouth harbour closed after the storm?",
		"Who said the harbour was closed after the storm?",
		"How long is the Portsmouth harbour closed now?",
	} {
		t.Run(q, func(t *testing.T) {
			without, err := New(clockedIndex{newFakeIndex(older, other), today}).Ask(context.Background(), q, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			future, err := New(clockedIndex{newFakeIndex(older, other, misdated), today}).Ask(context.Background(), q, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			// The confidence may differ a little: the word statistics
			// count every article of the index.
			if citeText(future.Best) != citeText(without.Best) {
				t.Errorf("with an article dated 2099: %q (confidence %.3f); without it: %q (%.3f)",
					citeText(future.Best), future.Confidence, citeText(without.Best), without.Confidence)
			}
			for _, c := range cited(future) {
				if c.ArticleID == "misdated" {
					t.Errorf("the article dated 2099 is cited: %+v", c)
				}
			}
			if future.Misdated != 1 || without.Misdated != 0 {
				t.Errorf("Misdated = %d with the article dated 2099, %d without; want 1 and 0", future.Misdated, without.Misdated)
			}
			if !future.Day.Equal(day("2024-03-25")) {
				t.Errorf("Day = %v, want the newest day by tomorrow, 2024-03-25", future.Day)
			}
		})
	}
}

// TestMisdatedOnlyMatch: a question only a misdated article matches gets
// no answer, and Misdated says why; with every dated article misdated
// (Newest zero), the undated ones are still read.
func TestMisdatedOnlyMatch(t *testing.T) {
	today := day("2024-05-04")
	future := article("h8", "2030-01-01", "Ravensworth observatory",
		"The Ravensworth observatory will open to the public next spring, the trust said.")
	idx := newFakeIndex(future,
		article("a1", "2024-05-01", "Council budget", "The council approved the budget for the new library on Wednesday."),
		article("a3", "2024-05-04", "School football", "The school football team won the county cup on Saturday."))
	ans, err := New(clockedIndex{idx, today}).Ask(context.Background(), "What is the current plan of the Ravensworth observatory?", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if ans.Best != nil || len(ans.Sources) > 0 || ans.Misdated != 1 {
		t.Errorf("answer %q, sources %v, Misdated %d; want none, none and 1", citeText(ans.Best), ans.Sources, ans.Misdated)
	}
	undated := article("u1", "", "Ravensworth observatory",
		"The Ravensworth observatory will open to the public next spring, the trust said.")
	ans, err = New(clockedIndex{newFakeIndex(future, undated), today}).Ask(context.Background(), "What is the plan of the Ravensworth observatory?", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cited(ans) {
		if c.ArticleID == "h8" {
			t.Errorf("the article dated 2030 is cited: %+v", c)
		}
	}
	if ans.Best != nil && ans.Best.ArticleID != "u1" || ans.Misdated != 1 {
		t.Errorf("answer %+v, Misdated %d; want the undated article or none, and 1", ans.Best, ans.Misdated)
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

// cited is every citation of ans: its answer, sources and alternatives.
func cited(ans chronicle.Answer) []chronicle.Citation {
	var out []chronicle.Citation
	if ans.Best != nil {
		out = append(out, *ans.Best)
	}
	out = append(out, ans.Sources...)
	for _, a := range ans.Alternatives {
		out = append(out, a.Citation)
	}
	return out
}
