package index_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// Retrieve filters by the as-of day in one of two ways (retrieveQuery): it
// keeps the articles published by the day, or, when fewer are published
// after it, leaves those out and drops the undated ones it then finds. Both
// must give the articles, in the order, of the unfiltered search less those
// dated after the day's end and the undated.
func TestRetrieveByDay(t *testing.T) {
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name    string
		undated int
	}{
		{"no undated articles", 0},
		{"a few undated articles", 5},
		{"more undated articles than are skipped", 70},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			var recs []rec
			published := map[string]time.Time{}
			// Three articles a day for ten days: at midnight, at noon and
			// in the day's last second, each with the word "storm" a
			// different number of times so that no two score alike.
			n := 0
			for d := range 10 {
				for _, at := range []time.Duration{0, 12 * time.Hour, 24*time.Hour - time.Second} {
					n++
					id := fmt.Sprintf("a%02d", n)
					p := start.AddDate(0, 0, d).Add(at)
					published[id] = p
					recs = append(recs, rec{ID: id, Title: "Weather report " + id, Date: p.Format(time.RFC3339),
						Text: strings.Repeat("The storm went on. ", 1+n%17) + "Rain fell on the coast for " + id + "."})
				}
			}
			for i := range tt.undated {
				n++
				recs = append(recs, rec{ID: fmt.Sprintf("u%02d", i), Title: "Undated note",
					Text: strings.Repeat("A storm came. ", 1+n%13) + "Nobody dated this one."})
			}
			writeFile(t, dir, "storms.jsonl", jsonl(t, recs...), baseTime)
			ix := openIndex(t, t.TempDir())
			syncOK(t, ix, dir)
			storm := []chronicle.WeightedTerm{{Text: "storm", Boost: 1}}
			all, err := ix.Retrieve(context.Background(), chronicle.RetrieveQuery{Terms: storm, Limit: 1000})
			if err != nil || len(all) != len(recs) {
				t.Fatalf("Retrieve(storm) = %d candidates, %v; want %d, nil", len(all), err, len(recs))
			}
			// Every cut day, from the first (most articles after it) to the
			// last (none after it), and limits that cut the list short.
			for d := range 10 {
				to := start.AddDate(0, 0, d)
				for _, limit := range []int{3, 12, 1000} {
					var want []string
					for _, c := range all {
						p, ok := published[c.Article.ID]
						if ok && !p.After(to.Add(24*time.Hour-time.Nanosecond)) && len(want) < limit {
							want = append(want, c.Article.ID)
						}
					}
					got, err := ix.Retrieve(context.Background(), chronicle.RetrieveQuery{Terms: storm, To: to, Limit: limit})
					if err != nil {
						t.Fatalf("Retrieve(storm, to %s, limit %d): %v", to.Format(time.DateOnly), limit, err)
					}
					var ids []string
					for _, c := range got {
						ids = append(ids, c.Article.ID)
					}
					if !slices.Equal(ids, want) {
						t.Errorf("Retrieve(storm, to %s, limit %d) = %v, want %v", to.Format(time.DateOnly), limit, ids, want)
					}
				}
			}
		})
	}
}

// The counts behind the choice are kept until the articles change: undated
// articles added after a Retrieve are still dropped by the next one.
func TestRetrieveByDayAfterPut(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "dated.jsonl", jsonl(t,
		rec{ID: "d1", Title: "Storm warning", Date: "2024-03-01T08:00:00Z", Text: "A storm is coming to the coast."},
		rec{ID: "d2", Title: "Storm arrives", Date: "2024-03-02T08:00:00Z", Text: "The storm reached the coast at dawn."},
	), baseTime)
	ix := openIndex(t, t.TempDir())
	syncOK(t, ix, dir)
	q := chronicle.RetrieveQuery{Terms: []chronicle.WeightedTerm{{Text: "storm", Boost: 1}}, To: day(t, "2024-03-05")}
	check := func(want ...string) {
		t.Helper()
		got, err := ix.Retrieve(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, c := range got {
			ids = append(ids, c.Article.ID)
		}
		if !slices.Equal(sorted(ids), want) {
			t.Errorf("Retrieve(storm, to 2024-03-05) = %v, want %v", ids, want)
		}
	}
	check("d1", "d2")
	writeFile(t, dir, "undated.jsonl", jsonl(t,
		rec{ID: "u1", Title: "Storm, storm, storm", Text: "Storm after storm after storm."},
	), baseTime)
	syncOK(t, ix, dir)
	check("d1", "d2")
}

// Bleve indexes no date before 1677-09-21 or after 2262-04-11, and a date
// range open at one end reaches only to 52 days inside those limits (its
// open end is the sortable bits of an infinite float, 2^52 ns short of the
// int64's limit): such a range neither matches nor leaves out an article
// dated outside its reach, so Retrieve drops it as an undated one,
// whichever way it filters (the first cut day leaves out more articles than
// it keeps, the last fewer). Leaving out "published after the day" once kept
// an article dated 2262-03-01 in every as-of search, and one dated 2500.
func TestRetrieveByDayUnrepresentable(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "odd.jsonl", jsonl(t,
		rec{ID: "old", Title: "Storm of 1500", Date: "1500-01-01", Text: "A storm hit."},
		rec{ID: "far", Title: "Storm of 2500", Date: "2500-01-01", Text: "A storm will hit."},
		rec{ID: "n1", Title: "Storm", Date: "2024-03-01", Text: "A storm hit the coast."},
		rec{ID: "n2", Title: "Storm", Date: "2024-03-02", Text: "A storm hit the coast again."},
		rec{ID: "late", Title: "Storm of 2262", Date: "2262-03-01T00:00:00Z", Text: "A storm will hit."},
		rec{ID: "early", Title: "Storm of 1677", Date: "1677-10-01T00:00:00Z", Text: "A storm hit."},
		rec{ID: "n3", Title: "Storm", Date: "2024-03-03", Text: "Another storm hit the coast."},
		rec{ID: "n4", Title: "Storm", Date: "2024-03-04", Text: "Yet another storm hit the coast."},
		rec{ID: "n5", Title: "Storm", Date: "2024-03-05", Text: "The storm hit the coast once more."},
	), baseTime)
	ix := openIndex(t, t.TempDir())
	syncOK(t, ix, dir)
	for _, tt := range []struct {
		to   string
		want []string
	}{
		{"2024-03-01", []string{"n1"}},
		{"2024-03-05", []string{"n1", "n2", "n3", "n4", "n5"}},
	} {
		got, err := ix.Retrieve(context.Background(), chronicle.RetrieveQuery{
			Terms: []chronicle.WeightedTerm{{Text: "storm", Boost: 1}}, To: day(t, tt.to)})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, c := range got {
			ids = append(ids, c.Article.ID)
		}
		if !slices.Equal(sorted(ids), tt.want) {
			t.Errorf("Retrieve(storm, to %s) = %v, want %v", tt.to, sorted(ids), tt.want)
		}
	}
}

// TestRetrieveTiesByID: copies of one article (two feeds carrying the same
// wire story) score alike, and Retrieve orders them by ID, not by Bleve's
// document numbers, which follow the order in which a build committed its
// batches: two builds of one corpus cited different copies.
func TestRetrieveTiesByID(t *testing.T) {
	story := func(id string) rec {
		return rec{ID: id, Title: "Harbour strike ends", Date: "2024-03-01T08:00:00Z",
			Text: "Dock workers at the harbour ended their strike after a pay deal."}
	}
	dir := t.TempDir()
	ix := openIndex(t, t.TempDir())
	// The later ID is indexed first, in a batch of its own.
	writeFile(t, dir, "b.jsonl", jsonl(t, story("wire-9"), rec{ID: "other", Title: "Harbour budget", Date: "2024-03-01T08:00:00Z",
		Text: "The harbour budget was approved."}), baseTime)
	syncOK(t, ix, dir)
	writeFile(t, dir, "a.jsonl", jsonl(t, story("wire-1")), baseTime)
	syncOK(t, ix, dir)
	got, err := ix.Retrieve(context.Background(), chronicle.RetrieveQuery{Terms: []chronicle.WeightedTerm{{Text: "harbour strike", Boost: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range got {
		ids = append(ids, c.Article.ID)
	}
	if len(got) < 2 || got[0].Score != got[1].Score {
		t.Fatalf("Retrieve = %v: the two copies do not tie first, so the case tests nothing", got)
	}
	if want := []string{"wire-1", "wire-9", "other"}; !slices.Equal(ids, want) {
		t.Errorf("Retrieve(harbour strike) = %v, want %v: ties by ID", ids, want)
	}
}

// TestSearchPagesTiesByID: Search pages copies of one story (the same
// score) in the order of their IDs, whatever order a build indexed them
// in, so that paging shows each once.
func TestSearchPagesTiesByID(t *testing.T) {
	story := func(id string) rec {
		return rec{ID: id, Title: "Harbour strike ends", Date: "2024-03-01T08:00:00Z",
			Text: "Dock workers at the harbour ended their strike after a pay deal."}
	}
	dir := t.TempDir()
	ix := openIndex(t, t.TempDir())
	// The later IDs are indexed first, each sync a batch of its own.
	for _, id := range []string{"wire-9", "wire-5", "wire-1"} {
		writeFile(t, dir, id+".jsonl", jsonl(t, story(id)), baseTime)
		syncOK(t, ix, dir)
	}
	var pages []string
	for offset := range 3 {
		res, err := ix.Search(context.Background(), chronicle.SearchQuery{Text: "harbour strike", Limit: 1, Offset: offset})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 || res.Total != 3 {
			t.Fatalf("Search(offset %d) = %d hits of %d, want 1 of 3", offset, len(res.Hits), res.Total)
		}
		pages = append(pages, res.Hits[0].Article.ID)
	}
	if want := []string{"wire-1", "wire-5", "wire-9"}; !slices.Equal(pages, want) {
		t.Errorf("Search pages = %v, want %v: ties by ID", pages, want)
	}
}
