package index_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// A day outside the dates a Bleve range can hold (about 1677-09-21 to
// 2262-04-11) is an answer, not an error: an as-of day before them holds no
// article, one after them every dated article, and the same for a search's
// window.
func TestFarDays(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "far.jsonl", jsonl(t,
		rec{ID: "dated", Title: "Harbour report", Date: "2024-03-26T10:00:00Z", Text: "The harbour flooded after the storm."},
		rec{ID: "undated", Title: "Harbour note", Text: "A storm closed the harbour again."},
	), baseTime)
	ix := openIndex(t, t.TempDir())
	syncOK(t, ix, dir)
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	ctx := context.Background()
	storm := []chronicle.WeightedTerm{{Text: "harbour storm", Boost: 1}}
	for _, tt := range []struct {
		name     string
		from, to string
		want     []string
	}{
		{"as of a day before the first", "", "1600-05-05", nil},
		{"as of a day just before the first", "", "1677-09-20", nil},
		{"as of a day in the first weeks", "", "1677-11-20", nil},
		{"as of a day after the last", "", "2300-01-01", []string{"dated"}},
		{"as of the last day there is", "", "9999-12-31", []string{"dated"}},
		{"from a day before the first", "1600-05-05", "", []string{"dated"}},
		{"from a day after the last", "2300-01-01", "", nil},
		{"between days outside on both sides", "1600-05-05", "9999-12-31", []string{"dated"}},
		{"between two days before the first", "1500-01-01", "1600-05-05", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var from, to time.Time
			if tt.from != "" {
				from = day(tt.from)
			}
			if tt.to != "" {
				to = day(tt.to)
			}
			cands, err := ix.Retrieve(ctx, chronicle.RetrieveQuery{Terms: storm, From: from, To: to, Limit: 10})
			if err != nil {
				t.Fatalf("Retrieve: %v", err)
			}
			var got []string
			for _, c := range cands {
				got = append(got, c.Article.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Retrieve = %v, want %v", got, tt.want)
			}
			res, err := ix.Search(ctx, chronicle.SearchQuery{Text: "harbour storm", From: from, To: to})
			if err != nil {
				t.Fatalf("Search: %v", err)
			}
			got = nil
			for _, h := range res.Hits {
				got = append(got, h.Article.ID)
			}
			if !slices.Equal(got, tt.want) || res.Total != len(tt.want) {
				t.Errorf("Search = %v (total %d), want %v", got, res.Total, tt.want)
			}
			arts, err := ix.Window(ctx, chronicle.SearchQuery{Text: "harbour", From: from, To: to})
			if err != nil {
				t.Fatalf("Window: %v", err)
			}
			got = nil
			for _, a := range arts {
				got = append(got, a.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Window = %v, want %v", got, tt.want)
			}
		})
	}
}

// A query of only common words gets a reply that says so, not "no articles
// match": the stop words are never searched.
func TestSearchOnlyCommonWords(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.jsonl", jsonl(t, rec{ID: "a", Title: "Harbour", Date: "2024-03-26T10:00:00Z", Text: "The harbour is open and the boats are in."}), baseTime)
	ix := openIndex(t, t.TempDir())
	syncOK(t, ix, dir)
	for _, tt := range []struct {
		query, wantErr string
		hits           int
	}{
		{"the of and is a", "all too common to search by", 0},
		{"AND OR NOT", "all too common to search by", 0}, // never query syntax: words, and common ones
		{"The harbour", "", 1},
		{"!!! ???", "", 0},
	} {
		t.Run(tt.query, func(t *testing.T) {
			res, err := ix.Search(context.Background(), chronicle.SearchQuery{Text: tt.query})
			switch {
			case tt.wantErr != "":
				if chronicle.ErrorCode(err) != chronicle.EINVALID || !strings.Contains(chronicle.ErrorMessage(err), tt.wantErr) {
					t.Errorf("Search(%q) error = %v, want EINVALID with %q", tt.query, err, tt.wantErr)
				}
			case err != nil:
				t.Errorf("Search(%q): %v", tt.query, err)
			case len(res.Hits) != tt.hits:
				t.Errorf("Search(%q) = %d hits, want %d", tt.query, len(res.Hits), tt.hits)
			}
		})
	}
}
