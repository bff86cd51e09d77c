package index

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/chronicle-bot/chronicle"
)

// dateCorpus fills ix with random articles over a few puts (so that the
// search index has several segments) and updates some of them (so that
// segments hold deleted documents). Dates fall within a few weeks, some at
// the ends of what Bleve holds or past them, and some articles are undated;
// texts draw on a vocabulary of vocab words, repeating earlier texts now
// and then (exact ties). It returns the publication times used.
//
// sz bounds the puts, the new articles of each and the words of a text.
func dateCorpus(t *testing.T, ix *Index, rng *rand.Rand, vocab []string, sz corpusSize) []time.Time {
	t.Helper()
	ctx := context.Background()
	edges := []time.Time{
		document.MinTimeRepresentable, document.MaxTimeRepresentable,
		time.Date(1677, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2262, 4, 11, 11, 59, 59, 0, time.UTC),
		time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2500, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Unix(0, math.MinInt64+1<<52-1), time.Unix(0, math.MaxInt64-(1<<52-1)),
		time.Unix(0, math.MaxInt64-(1<<52-2)),
	}
	zones := []*time.Location{time.UTC, time.FixedZone("+0530", 5*3600+1800), time.FixedZone("-0800", -8*3600)}
	var texts []string
	var pubs []time.Time
	article := func(id string) chronicle.Article {
		var text string
		if len(texts) > 0 && rng.IntN(4) == 0 {
			text = texts[rng.IntN(len(texts))]
		} else {
			var b strings.Builder
			for range 1 + rng.IntN(sz.words) {
				b.WriteString(vocab[rng.IntN(len(vocab))] + " ")
			}
			text = b.String()
			texts = append(texts, text)
		}
		a := chronicle.Article{ID: id, Title: vocab[rng.IntN(len(vocab))] + " report", Paragraphs: []chronicle.Paragraph{{Text: text}}}
		switch r := rng.IntN(20); {
		case r == 0: // undated
		case r == 1:
			a.Published = edges[rng.IntN(len(edges))]
		default:
			at := time.Duration(rng.Int64N(int64(24 * time.Hour)))
			if rng.IntN(3) == 0 {
				at = []time.Duration{0, 24*time.Hour - 1, 12 * time.Hour}[rng.IntN(3)]
			}
			a.Published = time.Date(2024, 3, 1+rng.IntN(40), 0, 0, 0, 0, zones[rng.IntN(len(zones))]).Add(at)
		}
		if !a.Published.IsZero() {
			pubs = append(pubs, a.Published)
		}
		return a
	}
	n := 0
	for put := range 1 + rng.IntN(sz.puts) {
		var arts []chronicle.Article
		for range 1 + rng.IntN(sz.articles) {
			arts = append(arts, article(fmt.Sprintf("a%03d", n)))
			n++
		}
		// Some earlier articles again, changed: their old documents are
		// deleted from their segments.
		for range rng.IntN(6) {
			if n > 0 {
				arts = append(arts, article(fmt.Sprintf("a%03d", rng.IntN(n))))
			}
		}
		if _, err := ix.Put(ctx, fmt.Sprintf("https://example.com/feed%d", put%2), arts); err != nil {
			t.Fatal(err)
		}
	}
	return pubs
}

type corpusSize struct{ puts, articles, words int }

// dateRanges are the ranges the tests filter by: open at either end,
// closed, empty, inverted, and about the given dates and Bleve's limits.
func dateRanges(rng *rand.Rand, pubs []time.Time) [][2]time.Time {
	var days []time.Time
	for d := -2; d < 45; d += 1 + rng.IntN(3) {
		days = append(days, time.Date(2024, 3, 1+d, 0, 0, 0, 0, time.UTC))
	}
	days = append(days, time.Date(1677, 11, 30, 0, 0, 0, 0, time.UTC), time.Date(2262, 4, 11, 0, 0, 0, 0, time.UTC),
		time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2262, 2, 19, 0, 0, 0, 0, time.UTC))
	for range 8 {
		if len(pubs) > 0 {
			p := pubs[rng.IntN(len(pubs))]
			days = append(days, p, p.Add(-1), p.Add(1))
		}
	}
	// Bleve's range searcher enumerates its terms for ever for a range of a
	// few nanoseconds at its open ends (openStart, openEnd): no such end.
	near := func(t time.Time, ns int64) bool {
		return !t.Before(time.Unix(0, ns-1000)) && !t.After(time.Unix(0, ns+1000))
	}
	days = slices.DeleteFunc(days, func(d time.Time) bool {
		return near(d, openStart) || near(d, openEnd) || near(d.AddDate(0, 0, -30), openStart) || near(d.Add(time.Nanosecond), openEnd)
	})
	var out [][2]time.Time
	for _, d := range days {
		out = append(out, [2]time.Time{{}, d}, [2]time.Time{d, {}}, [2]time.Time{d.AddDate(0, 0, -30), d})
		e := days[rng.IntN(len(days))]
		out = append(out, [2]time.Time{d, e}, [2]time.Time{e, d})
	}
	return out
}

// The date filter's searcher must step exactly as Bleve's numeric range
// searcher over the same range: the same Count and Weight, and, for any
// sequence of Next and Advance past the last document returned (up to past
// the last document) until the end, the same documents with the same
// scores (bit for bit, NaN included), before and after a query norm is set.
// (That is how a conjunction or a boolean's must-not steps it. Bleve's
// searcher, asked to go back or on after its end, restarts some of its
// term readers; this one does not.)
func TestDateFilterSearcher(t *testing.T) {
	ctx := context.Background()
	vocab := []string{"storm", "rain", "coast", "wind", "flood"}
	for seed := range 12 {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(seed), 23))
			ix, err := Open(ctx, t.TempDir(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			pubs := dateCorpus(t, ix, rng, vocab, corpusSize{5, 40, 20})
			r, err := ix.bleve.Advanced()
			if err != nil {
				t.Fatal(err)
			}
			reader, err := r.Reader()
			if err != nil {
				t.Fatal(err)
			}
			defer reader.Close()
			m := ix.bleve.Mapping()
			var maxDoc uint64 // past the last document number
			for _, s := range reader.(*scorch.IndexSnapshot).Segments() {
				maxDoc += s.Segment().Count()
			}
			for _, w := range dateRanges(rng, pubs) {
				q := ix.dateRange(w[0], w[1])
				f, ok := q.(*dateFilter)
				if !ok {
					continue // a range past Bleve's dates: MatchNone either way
				}
				opts := search.SearcherOptions{}
				name := fmt.Sprintf("%v..%v", w[0], w[1])
				want, err := f.bleve.Searcher(ctx, reader, m, opts)
				if err != nil {
					t.Fatal(err)
				}
				got, err := f.Searcher(ctx, reader, m, opts)
				if err != nil {
					t.Fatal(err)
				}
				if _, ok := got.(*dateSearcher); !ok {
					t.Fatalf("dateFilter.Searcher gave a %T", got)
				}
				if g, w := got.Count(), want.Count(); g != w {
					t.Errorf("%s: Count %d, Bleve %d", name, g, w)
				}
				if g, w := got.Weight(), want.Weight(); math.Float64bits(g) != math.Float64bits(w) {
					t.Errorf("%s: Weight %v, Bleve %v", name, g, w)
				}
				if rng.IntN(3) > 0 {
					norm := 1 / math.Sqrt(0.1+rng.Float64()*5)
					got.SetQueryNorm(norm)
					want.SetQueryNorm(norm)
				}
				sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(16, 0)}
				var trace []string
				next := uint64(0) // past the last document returned
				for step := 0; ; step++ {
					var g, wm *search.DocumentMatch
					var gerr, werr error
					what := "Next"
					if rng.IntN(3) == 0 {
						id := index.NewIndexInternalID(nil, next+uint64(rng.IntN(int(maxDoc-next)+3)))
						what = fmt.Sprintf("Advance(%d)", id.Value())
						g, gerr = got.Advance(sctx, id)
						wm, werr = want.Advance(sctx, id)
					} else {
						g, gerr = got.Next(sctx)
						wm, werr = want.Next(sctx)
					}
					if gerr != nil || werr != nil {
						t.Fatalf("%s step %d %s: errors %v, Bleve %v", name, step, what, gerr, werr)
					}
					if (g == nil) != (wm == nil) {
						t.Fatalf("%s step %d %s: got %v, Bleve %v (after %v)", name, step, what, g, wm, trace)
					}
					if g == nil {
						break
					}
					trace = append(trace, fmt.Sprintf("%s=%d", what, wm.IndexInternalID.Value()))
					if !g.IndexInternalID.Equals(wm.IndexInternalID) || math.Float64bits(g.Score) != math.Float64bits(wm.Score) {
						t.Fatalf("%s step %d %s: doc %d score %v, Bleve doc %d score %v (after %v)", name, step, what,
							g.IndexInternalID.Value(), g.Score, wm.IndexInternalID.Value(), wm.Score, trace)
					}
					next = wm.IndexInternalID.Value() + 1
				}
				got.Close()
				want.Close()
			}
		})
	}
}

// Retrieve, Search and Window must give with the date filter exactly what
// they gave with Bleve's date range: the same hits, scores (bit for bit)
// and order, ties included, on random corpora with several segments and
// deletions, and queries of enough words that Bleve's heap disjunction
// (over 10 clauses), whose summing order depends on how the range steps
// it, is used.
func TestDateFilterRetrieveSame(t *testing.T) {
	ctx := context.Background()
	vocab := strings.Fields("storm rain coast wind flood river harbour bridge tide surge levee dam shelter power school road")
	for seed := range 8 {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(seed), 29))
			ix, err := Open(ctx, t.TempDir(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			pubs := dateCorpus(t, ix, rng, vocab, corpusSize{6, 150, 80})
			words := func(n int) string {
				var b []string
				for range n {
					b = append(b, vocab[rng.IntN(len(vocab))])
				}
				return strings.Join(b, " ")
			}
			// Scorch merges segments in the background, which renumbers
			// the documents and with them the order of exact ties: the
			// filter's answer is compared with Bleve's on either side of
			// it, until those two agree.
			both := func(f func() string) (got, want string) {
				for range 20 {
					ix.opts.bleveDates = true
					want = f()
					ix.opts.bleveDates = false
					got = f()
					ix.opts.bleveDates = true
					again := f()
					ix.opts.bleveDates = false
					if again == want {
						break
					}
				}
				return got, want
			}
			if !steppingMatters(t, ix, rng, words) {
				t.Fatal("no search of this corpus sums its word scores differently when stepped differently: the test could not tell")
			}
			for _, w := range dateRanges(rng, pubs) {
				var terms []chronicle.WeightedTerm
				for range 1 + rng.IntN(8) {
					terms = append(terms, chronicle.WeightedTerm{Text: words(1 + rng.IntN(12)), Boost: 0.25 + rng.Float64(), TextOnly: rng.IntN(4) == 0})
				}
				var phrases []chronicle.WeightedTerm
				if rng.IntN(3) == 0 {
					phrases = append(phrases, chronicle.WeightedTerm{Text: words(2), Boost: 0.5})
				}
				limit := []int{0, 1, 6, 20, 1000}[rng.IntN(5)]
				rq := chronicle.RetrieveQuery{Terms: terms, Phrases: phrases, From: w[0], To: w[1], Limit: limit}
				got, want := both(func() string {
					cs, err := ix.Retrieve(ctx, rq)
					return fmt.Sprint(candKeys(cs), err)
				})
				if got != want {
					t.Errorf("Retrieve %v..%v limit %d:\n got %s\nwant %s", w[0], w[1], limit, got, want)
				}
				sq := chronicle.SearchQuery{Text: words(1 + rng.IntN(14)), From: w[0], To: w[1], Limit: limit}
				got, want = both(func() string {
					res, err := ix.Search(ctx, sq)
					var keys []string
					for _, h := range res.Hits {
						keys = append(keys, fmt.Sprintf("%s:%v", h.Article.ID, h.Score))
					}
					return fmt.Sprint(res.Total, keys, err)
				})
				if got != want {
					t.Errorf("Search %q %v..%v:\n got %s\nwant %s", sq.Text, w[0], w[1], got, want)
				}
				got, want = both(func() string {
					arts, err := ix.Window(ctx, sq)
					var ids []string
					for _, a := range arts {
						ids = append(ids, a.ID)
					}
					return fmt.Sprint(ids, err)
				})
				if got != want {
					t.Errorf("Window %q %v..%v:\n got %s\nwant %s", sq.Text, w[0], w[1], got, want)
				}
			}
		})
	}
}

// A date range is Bleve's own when the index is told so, and the filter
// otherwise; its ends are those Bleve's range searcher computes.
func TestDateFilterEnds(t *testing.T) {
	incl, excl := true, false
	tm := func(ns int64) query.BleveQueryTime { return query.BleveQueryTime{Time: time.Unix(0, ns)} }
	for _, tt := range []struct {
		q      query.DateRangeQuery
		lo, hi int64
	}{
		{query.DateRangeQuery{Start: tm(10), End: tm(20), InclusiveStart: &incl, InclusiveEnd: &incl}, 10, 20},
		{query.DateRangeQuery{Start: tm(10), End: tm(20), InclusiveStart: &excl, InclusiveEnd: &excl}, 11, 19},
		{query.DateRangeQuery{Start: tm(10), End: tm(20)}, 10, 19},
		{query.DateRangeQuery{End: tm(20), InclusiveEnd: &incl}, openStart, 20},
		{query.DateRangeQuery{Start: tm(10), InclusiveStart: &incl, InclusiveEnd: &incl}, 10, openEnd},
	} {
		lo, hi, err := rangeEnds(&tt.q)
		if err != nil || lo != tt.lo || hi != tt.hi {
			t.Errorf("rangeEnds(%v..%v) = %d, %d, %v; want %d, %d", tt.q.Start, tt.q.End, lo, hi, err, tt.lo, tt.hi)
		}
	}
}

// steppingMatters reports whether a word's score in ix depends on how
// Bleve steps the words' searcher (which the date filter must keep): some
// of 50 random queries score a hit differently under a date range (which
// advances the words' searcher to the range's documents) and under "not
// published after" (which steps it one hit at a time).
func steppingMatters(t *testing.T, ix *Index, rng *rand.Rand, words func(int) string) bool {
	t.Helper()
	ctx := context.Background()
	for range 50 {
		var terms []chronicle.WeightedTerm
		for range 1 + rng.IntN(8) {
			terms = append(terms, chronicle.WeightedTerm{Text: words(1 + rng.IntN(12)), Boost: 0.25 + rng.Float64()})
		}
		end := dayEnd(time.Date(2024, 3, 1+rng.IntN(40), 0, 0, 0, 0, time.UTC))
		b := bleve.NewBooleanQuery()
		b.AddMust(ix.buildQuery(terms, nil, time.Time{}, time.Time{}))
		b.AddMustNot(ix.dateRange(end.Add(time.Nanosecond), time.Time{}))
		byRange, err := ix.searchBM25(ctx, bleve.NewSearchRequestOptions(ix.buildQuery(terms, nil, time.Time{}, end), MaxLimit, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		byNot, err := ix.searchBM25(ctx, bleve.NewSearchRequestOptions(b, MaxLimit, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		score := map[string]float64{}
		for _, h := range byRange.Hits {
			score[h.ID] = h.Score
		}
		for _, h := range byNot.Hits {
			if s, ok := score[h.ID]; ok && s != h.Score {
				return true
			}
		}
	}
	return false
}
