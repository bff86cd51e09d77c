package index_test

import (
	"context"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// TestNewest: the newest publication time among the articles dated by
// the end of the index's tomorrow (UTC, chronicle.LastUndoubted): one dated later is
// misdated and passed over, one dated tomorrow is not (it is today's news
// east of UTC; it was passed over, helper 140); undated ones do not count; a put that adds or replaces an
// article is seen at once. answer.Answerer answers a question without an
// as-of day as of it.
func TestNewest(t *testing.T) {
	ctx := context.Background()
	ix := openIndex(t, t.TempDir())
	if got := ix.Newest(); !got.IsZero() {
		t.Fatalf("Newest() of an empty index = %v, want zero", got)
	}
	art := func(id string, pub time.Time) chronicle.Article {
		return chronicle.Article{ID: id, Title: "Harbour storm " + id, Source: "Test", Published: pub,
			Paragraphs: []chronicle.Paragraph{{Text: "A storm closed the harbour for a day."}}}
	}
	today := clock.Truncate(24 * time.Hour)
	steps := []struct {
		name string
		put  []chronicle.Article
		want time.Time
	}{
		{"undated only", []chronicle.Article{art("u", time.Time{})}, time.Time{}},
		{"a week ago", []chronicle.Article{art("w", today.AddDate(0, 0, -7))}, today.AddDate(0, 0, -7)},
		{"misdated, next year", []chronicle.Article{art("f", today.AddDate(1, 0, 0))}, today.AddDate(0, 0, -7)},
		{"later today", []chronicle.Article{art("t", today.Add(23*time.Hour))}, today.Add(23 * time.Hour)},
		{"the newest replaced by an older copy", []chronicle.Article{art("t", today.AddDate(0, -1, 0))}, today.AddDate(0, 0, -7)},
		{"misdated, the day after tomorrow", []chronicle.Article{art("d", today.AddDate(0, 0, 2))}, today.AddDate(0, 0, -7)},
		{"tomorrow, date-only", []chronicle.Article{art("m", today.AddDate(0, 0, 1))}, today.AddDate(0, 0, 1)},
		{"tomorrow's last hour", []chronicle.Article{art("m2", today.AddDate(0, 0, 1).Add(23*time.Hour))}, today.AddDate(0, 0, 1).Add(23 * time.Hour)},
	}
	for _, s := range steps {
		if _, err := ix.Put(ctx, "feed:test", s.put); err != nil {
			t.Fatalf("%s: Put: %v", s.name, err)
		}
		if got := ix.Newest(); !got.Equal(s.want) {
			t.Errorf("%s: Newest() = %v, want %v", s.name, got, s.want)
		}
	}
}
