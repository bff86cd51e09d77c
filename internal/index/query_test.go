package index_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

func TestRetrieve(t *testing.T) {
	ix := floodIndex(t)
	d := func(s string) time.Time { return day(t, s) }
	flood := []chronicle.WeightedTerm{{Text: "flood", Boost: 1}}
	tests := []struct {
		name string
		q    chronicle.RetrieveQuery
		want []string // sorted
	}{
		{"no terms", chronicle.RetrieveQuery{}, nil},
		{"one term", chronicle.RetrieveQuery{Terms: flood}, []string{"d1", "d2", "d3", "u1"}},
		{"limit", chronicle.RetrieveQuery{Terms: flood, Limit: 2}, nil}, // checked by count below
		{"date range", chronicle.RetrieveQuery{Terms: flood, From: d("2024-03-11"), To: d("2024-03-12")}, []string{"d2", "d3"}},
		{"to only", chronicle.RetrieveQuery{Terms: flood, To: d("2024-03-11")}, []string{"d1", "d2"}},
		{"title term", chronicle.RetrieveQuery{Terms: []chronicle.WeightedTerm{{Text: "history", Boost: 1}}}, []string{"u1"}},
		{"title term, text only", chronicle.RetrieveQuery{Terms: []chronicle.WeightedTerm{{Text: "history", Boost: 1, TextOnly: true}}}, nil},
		{"two terms", chronicle.RetrieveQuery{Terms: []chronicle.WeightedTerm{{Text: "harbour"}, {Text: "budget", Boost: 2}}}, []string{"x1", "x2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cands, err := ix.Retrieve(context.Background(), tt.q)
			if err != nil {
				t.Fatalf("Retrieve(%+v) error: %v", tt.q, err)
			}
			var got []string
			for i, c := range cands {
				got = append(got, c.Article.ID)
				if c.Score <= 0 || i > 0 && c.Score > cands[i-1].Score {
					t.Errorf("Retrieve(%+v) scores are not positive and descending: %v", tt.q, cands)
				}
				if len(c.Article.Paragraphs) == 0 {
					t.Errorf("Retrieve(%+v) candidate %s has no text", tt.q, c.Article.ID)
				}
			}
			if tt.name == "limit" {
				if len(got) != 2 {
					t.Errorf("Retrieve(%+v) returned %d candidates, want 2", tt.q, len(got))
				}
				return
			}
			if diff := cmp.Diff(tt.want, sorted(got), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Retrieve(%+v) IDs mismatch (-want +got):\n%s", tt.q, diff)
			}
		})
	}
	t.Run("from only", func(t *testing.T) {
		regression(t, fromOnlyBug, func(tb testing.TB) {
			cands, err := ix.Retrieve(context.Background(), chronicle.RetrieveQuery{Terms: flood, From: d("2024-03-11")})
			if err != nil || len(cands) != 2 {
				tb.Errorf("Retrieve(flood, from 2024-03-11) = %d candidates, %v; want 2, nil", len(cands), err)
			}
		})
	})
}

// Phrases boost the articles that hold every word of the phrase (the index
// keeps no positions; the answer package checks exact phrases in sentences).
func TestRetrievePhrases(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "cars.jsonl", jsonl(t,
		rec{ID: "p1", Title: "Report one", Text: "The car was fast. A car, a fast one, and another car."},
		rec{ID: "p2", Title: "Report two", Text: "A red car crashed into the wall."},
	), baseTime)
	ix := openIndex(t, t.TempDir())
	syncOK(t, ix, dir)
	q := chronicle.RetrieveQuery{
		Terms:   []chronicle.WeightedTerm{{Text: "car", Boost: 1}},
		Phrases: []chronicle.WeightedTerm{{Text: "red car", Boost: 5}},
	}
	cands, err := ix.Retrieve(context.Background(), q)
	if err != nil {
		t.Fatalf("Retrieve(%+v) error: %v", q, err)
	}
	if len(cands) != 2 {
		t.Fatalf("Retrieve(%+v) = %d candidates, want 2", q, len(cands))
	}
	if cands[0].Article.ID != "p2" {
		t.Errorf("Retrieve with phrase \"red car\" ranks %s first (scores %g, %g), want p2", cands[0].Article.ID, cands[0].Score, cands[1].Score)
	}
	only := chronicle.RetrieveQuery{Terms: []chronicle.WeightedTerm{{Text: "zebra"}}, Phrases: q.Phrases}
	got, err := ix.Retrieve(context.Background(), only)
	if err != nil || len(got) != 1 || got[0].Article.ID != "p2" {
		t.Errorf("Retrieve(zebra, phrase \"red car\") = %d candidates, %v; want p2 alone", len(got), err)
	}
}

func TestDocFreqs(t *testing.T) {
	ix := floodIndex(t)
	an := terms.New()
	words := map[string]int{"flood": 4, "valley": 2, "harbour": 1, "zebra": 0, "rising": 0} // "rising" is only in a title
	var stems []string
	want := map[string]int{}
	for w, n := range words {
		s := an.Stem(w)
		stems = append(stems, s, s) // duplicates are fine
		want[s] = n
	}
	n, got, err := ix.DocFreqs(context.Background(), stems)
	if err != nil {
		t.Fatalf("DocFreqs(%v) error: %v", stems, err)
	}
	if n != 6 {
		t.Errorf("DocFreqs(%v) count = %d, want 6", stems, n)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DocFreqs(%v) mismatch (-want +got):\n%s", stems, diff)
	}
}

func TestWindow(t *testing.T) {
	ix := floodIndex(t)
	d := func(s string) time.Time { return day(t, s) }
	tests := []struct {
		name string
		q    chronicle.SearchQuery
		want []string // newest first
	}{
		{"all dated", chronicle.SearchQuery{}, []string{"d3", "d2", "d1", "x1", "x2"}},
		{"range", chronicle.SearchQuery{From: d("2024-03-10"), To: d("2024-03-11")}, []string{"d2", "d1", "x1"}},
		{"range and limit", chronicle.SearchQuery{From: d("2024-03-10"), To: d("2024-03-11"), Limit: 2}, []string{"d2", "d1"}},
		{"from only", chronicle.SearchQuery{From: d("2024-03-11")}, []string{"d3", "d2"}},
		{"text", chronicle.SearchQuery{Text: "flood"}, []string{"d3", "d2", "d1", "u1"}},
		{"text and range", chronicle.SearchQuery{Text: "flood", To: d("2024-03-11")}, []string{"d2", "d1"}},
		{"text and limit", chronicle.SearchQuery{Text: "harbour festival", Limit: 1}, []string{"x2"}},
		{"nothing in range", chronicle.SearchQuery{From: d("2030-01-01")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, err := ix.Window(context.Background(), tt.q)
			if err != nil {
				t.Fatalf("Window(%+v) error: %v", tt.q, err)
			}
			var got []string
			for _, a := range arts {
				got = append(got, a.ID)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Window(%+v) mismatch (-want +got):\n%s", tt.q, diff)
			}
		})
	}
	// A topic of stop words alone is refused as a search's is, instead of
	// matching nothing (a digest said "No coverage" of a full window).
	t.Run("stop words only", func(t *testing.T) {
		arts, err := ix.Window(context.Background(), chronicle.SearchQuery{Text: "the of and"})
		if chronicle.ErrorCode(err) != chronicle.EINVALID || !strings.Contains(chronicle.ErrorMessage(err), "too common") {
			t.Errorf("Window(the of and) = %d articles, %v; want the too-common error", len(arts), err)
		}
	})
	// A topic with no word at all (punctuation, symbols, invisible
	// characters) is refused likewise: it matched nothing, and /digest said
	// "No coverage of “!!!”" of a full window, /timeline "No event matches",
	// and /schedule add kept a schedule that could never post.
	t.Run("no words", func(t *testing.T) {
		for _, text := range []string{"!!!", "\u200b", "\u200b\u200d \ufeff", "— … ?", "🔥🔥"} {
			arts, err := ix.Window(context.Background(), chronicle.SearchQuery{Text: text})
			if chronicle.ErrorCode(err) != chronicle.EINVALID || !strings.Contains(chronicle.ErrorMessage(err), "no words") {
				t.Errorf("Window(%q) = %d articles, %v; want the no-words error", text, len(arts), err)
			}
		}
		if arts, err := ix.Window(context.Background(), chronicle.SearchQuery{Text: "flood!"}); err != nil || len(arts) == 0 {
			t.Errorf("Window(flood!) = %d articles, %v; want the flood articles", len(arts), err)
		}
	})
	t.Run("text and from only", func(t *testing.T) {
		regression(t, fromOnlyBug, func(tb testing.TB) {
			arts, err := ix.Window(context.Background(), chronicle.SearchQuery{Text: "flood", From: d("2024-03-11")})
			if err != nil || len(arts) != 2 {
				tb.Errorf("Window(flood, from 2024-03-11) = %d articles, %v; want 2, nil", len(arts), err)
			}
		})
	})
}

func TestTitles(t *testing.T) {
	ix := floodIndex(t)
	tests := []struct {
		prefix string
		limit  int
		want   []string
	}{
		{"flo", 0, []string{"d1", "u1"}},    // title start, then word start
		{"FLOODS", 0, []string{"d1", "u1"}}, // case does not matter
		{"flo", 1, []string{"d1"}},
		{"ud", 0, []string{"x1"}}, // inside a word
		{"x2", 0, []string{"x2"}}, // an ID
		{"zzz", 0, nil},
		{"", 3, []string{"d3", "d2", "d1"}}, // newest first
		{"", 0, []string{"d3", "d2", "d1", "x1", "x2", "u1"}},
		{"  ", 2, []string{"d3", "d2"}},
	}
	for _, tt := range tests {
		t.Run(tt.prefix, func(t *testing.T) {
			ms, err := ix.Titles(context.Background(), tt.prefix, tt.limit)
			if err != nil {
				t.Fatalf("Titles(%q, %d) error: %v", tt.prefix, tt.limit, err)
			}
			var got []string
			for _, m := range ms {
				got = append(got, m.ArticleID)
				a, err := ix.Article(context.Background(), m.ArticleID)
				if err != nil || a.Title != m.Title || !a.Published.Equal(m.Published) {
					t.Errorf("Titles(%q) match %+v does not agree with Article: %+v, %v", tt.prefix, m, a, err)
				}
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Titles(%q, %d) mismatch (-want +got):\n%s", tt.prefix, tt.limit, diff)
			}
		})
	}
}

func TestStats(t *testing.T) {
	ix := floodIndex(t)
	want := chronicle.CorpusStats{
		Articles: 6,
		Outlets:  map[string]int{"Valley Times": 2, "Wire": 2, "Archive": 1, "City Desk": 1},
		Oldest:   time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC),
		Newest:   time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC),
		Undated:  1,
		Updated:  clock,
	}
	got, err := ix.Stats(context.Background())
	if err != nil {
		t.Fatalf("Stats() error: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Stats() mismatch (-want +got):\n%s", diff)
	}
	got, err = reopen(t, ix).Stats(context.Background())
	if err != nil {
		t.Fatalf("Stats() after reopen error: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Stats() after reopen mismatch (-want +got):\n%s", diff)
	}

	empty, err := openIndex(t, t.TempDir()).Stats(context.Background())
	if err != nil {
		t.Fatalf("Stats() of an empty index error: %v", err)
	}
	if diff := cmp.Diff(chronicle.CorpusStats{Outlets: map[string]int{}}, empty); diff != "" {
		t.Errorf("Stats() of an empty index mismatch (-want +got):\n%s", diff)
	}
}

func TestArticle(t *testing.T) {
	ix := floodIndex(t)
	got, err := ix.Article(context.Background(), "d1")
	if err != nil {
		t.Fatalf("Article(d1) error: %v", err)
	}
	want := chronicle.Article{
		ID: "d1", Title: "Floods hit the valley", Source: "Valley Times",
		Published: time.Date(2024, 3, 10, 9, 0, 0, 0, time.UTC),
		Paragraphs: []chronicle.Paragraph{
			{Text: "Heavy rain flooded the valley on Sunday."},
			{Text: "Residents were evacuated as the river rose."},
		},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(chronicle.Article{}, "Path", "Hash")); diff != "" {
		t.Errorf("Article(d1) mismatch (-want +got):\n%s", diff)
	}
	if got.Hash == "" || got.Path == "" {
		t.Errorf("Article(d1) Hash = %q, Path = %q; want both set", got.Hash, got.Path)
	}

	_, err = ix.Article(context.Background(), "missing")
	if code := chronicle.ErrorCode(err); code != chronicle.ENOTFOUND {
		t.Errorf("Article(missing) error = %v (code %q), want code %q", err, code, chronicle.ENOTFOUND)
	}
	if msg := chronicle.ErrorMessage(err); msg == "" || msg == chronicle.ErrorMessage(context.Canceled) {
		t.Errorf("Article(missing) message = %q, want a user-safe message naming the ID", msg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Article(ctx, "d1"); err == nil {
		t.Errorf("Article with a cancelled context: error = nil, want an error")
	}
}
