package index_test

import (
	"context"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// TestStatsAhead: Stats spans the articles dated by the end of the
// index's tomorrow (UTC, chronicle.LastUndoubted), as Newest does, and counts apart
// those dated later (misdated: answers without an as-of day leave them
// out), with the latest of them; /sources said "Dates ... to 2030-01-01"
// beside answers given as of a day of 2024 (helper 132). One dated
// tomorrow is not misdated: it was counted ahead (helper 140). Ahead
// counts the same misdated articles, for bot index's warning.
func TestStatsAhead(t *testing.T) {
	ctx := context.Background()
	ix := openIndex(t, t.TempDir())
	art := func(id string, pub time.Time) chronicle.Article {
		return chronicle.Article{ID: id, Title: "Harbour storm " + id, Source: "Test", Published: pub,
			Paragraphs: []chronicle.Paragraph{{Text: "A storm closed the harbour for a day."}}}
	}
	today := clock.Truncate(24 * time.Hour)
	old, today20 := today.AddDate(0, -1, 0), today.Add(20*time.Hour)
	newest, after, far := today.AddDate(0, 0, 1), today.AddDate(0, 0, 2), today.AddDate(5, 0, 0)
	if _, err := ix.Put(ctx, "feed:test", []chronicle.Article{art("old", old), art("today", today20),
		art("tomorrow", newest), art("after", after), art("far", far), art("far2", far), art("undated", time.Time{})}); err != nil {
		t.Fatal(err)
	}
	st, err := ix.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Oldest.Equal(old) || !st.Newest.Equal(newest) || st.Ahead != 3 || !st.Latest.Equal(far) || st.Undated != 1 {
		t.Errorf("Stats() = %+v; want %v to %v (tomorrow), 3 ahead (the latest %v), 1 undated", st, old, newest, far)
	}
	if !st.Newest.Equal(ix.Newest()) {
		t.Errorf("Stats().Newest = %v, Newest() = %v; want one day", st.Newest, ix.Newest())
	}
	if n, id, latest := ix.Ahead(clock); n != 3 || id != "far" || !latest.Equal(far) {
		t.Errorf("Ahead(now) = %d, %q, %v; want 3, \"far\" (the first ID of the latest), %v", n, id, latest, far)
	}
}

// TestDatesReadInUTC: an article's date is read back in UTC, whatever
// offset it was given with, from the store and the catalog, so that the
// day shown is the day the date filters (whole UTC days) put it on: one
// of 23:30 on 2 May in New York (3 May in UTC) was shown as 2 May and
// found only by --as-of 3 May (helper 132).
func TestDatesReadInUTC(t *testing.T) {
	ctx := context.Background()
	ix := openIndex(t, t.TempDir())
	pub := time.Date(2024, 5, 2, 23, 30, 0, 0, time.FixedZone("", -5*3600))
	a := chronicle.Article{ID: "tz", Title: "Marlow bridge", Source: "Test", Published: pub,
		Paragraphs: []chronicle.Paragraph{{Text: "The Marlow bridge was closed after a barge struck it."}}}
	if _, err := ix.Put(ctx, "feed:test", []chronicle.Article{a}); err != nil {
		t.Fatal(err)
	}
	for round := range 2 {
		if round == 1 {
			ix = reopen(t, ix)
		}
		got, err := ix.Article(ctx, "tz")
		if err != nil {
			t.Fatal(err)
		}
		utc := func(what string, t2 time.Time) {
			t.Helper()
			if !t2.Equal(pub) || t2.Location() != time.UTC {
				t.Errorf("%s Published = %v; want %v in UTC", what, t2, pub.UTC())
			}
		}
		utc("Article", got.Published)
		ms, err := ix.Titles(ctx, "Marlow", 5)
		if err != nil || len(ms) != 1 {
			t.Fatalf("Titles = %v, %v", ms, err)
		}
		utc("Titles", ms[0].Published)
		res, err := ix.Search(ctx, chronicle.SearchQuery{Text: "Marlow bridge"})
		if err != nil || len(res.Hits) != 1 {
			t.Fatalf("Search = %+v, %v", res, err)
		}
		utc("Search", res.Hits[0].Article.Published)
		utc("Search snippet", res.Hits[0].Snippet.Published)
	}
}
