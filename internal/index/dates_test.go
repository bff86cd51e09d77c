package index_test

import (
	"context"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

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
