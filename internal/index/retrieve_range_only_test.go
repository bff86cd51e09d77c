package index

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/numeric"

	"github.com/chronicle-bot/chronicle"
)

// retrieveByRange is Retrieve as it was before it could filter by leaving
// out the newer articles: the words AND published in From..To.
func retrieveByRange(ctx context.Context, ix *Index, rq chronicle.RetrieveQuery) ([]chronicle.Candidate, error) {
	limit := rq.Limit
	if limit <= 0 {
		limit = 20
	}
	bq := ix.buildQuery(rq.Terms, rq.Phrases, rq.From, rq.To)
	limit = min(limit, MaxLimit)
	sr, err := ix.searchBM25(ctx, bleve.NewSearchRequestOptions(bq, limit+tieMargin, 0, false))
	if err != nil {
		return nil, err
	}
	sr.Hits = topHits(sr.Hits, limit) // as Retrieve's are, whichever filter they come by
	arts, err := ix.hitArticles(sr)
	if err != nil {
		return nil, err
	}
	var out []chronicle.Candidate
	for _, h := range sr.Hits {
		if a, ok := arts[h.ID]; ok {
			out = append(out, chronicle.Candidate{Article: a, Score: h.Score})
		}
	}
	return out, nil
}

func candKeys(cs []chronicle.Candidate) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = fmt.Sprintf("%s:%v", c.Article.ID, c.Score)
	}
	return out
}

// Retrieve with an as-of day must find what the range-only form finds, in
// its order and with its scores, whichever filter it chooses: random corpora
// with dates at a day's last nanosecond, in other zones, at and past Bleve's
// limits, undated counts about maxUndatedSkip, and identical texts (ties);
// every cut day, each publication instant and its neighbours, limits from 1
// past MaxLimit.
func TestRetrieveByDayAsRangeOnly(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	zones := []*time.Location{time.UTC, time.FixedZone("+0530", 5*3600+1800), time.FixedZone("-0800", -8*3600), ny}
	edges := []time.Time{
		document.MinTimeRepresentable, document.MaxTimeRepresentable,
		document.MinTimeRepresentable.Add(-1), document.MaxTimeRepresentable.Add(1),
		time.Date(1677, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2262, 4, 11, 11, 59, 59, 0, time.UTC),
		time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2500, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1, 1, 2, 0, 0, 0, 0, time.UTC),
		// The ends of a Bleve date range open at one end (+-Inf's sortable
		// bits), 2^52 ns inside the representable dates.
		time.Unix(0, math.MinInt64+1<<52-1), time.Unix(0, math.MinInt64+1<<52-2),
		time.Unix(0, math.MaxInt64-(1<<52-1)), time.Unix(0, math.MaxInt64-(1<<52-2)),
	}
	vocab := []string{"storm", "rain", "coast", "wind", "flood"}
	base := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	ctx := context.Background()
	for seed := range 8 {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(seed), 21))
			ix, err := Open(ctx, t.TempDir(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			n := 5 + rng.IntN(60)
			undated := []int{0, 1, 63, 64, 65, rng.IntN(10)}[rng.IntN(6)]
			var arts []chronicle.Article
			var pubs []time.Time
			texts := []string{}
			for i := range n + undated {
				var text string
				if len(texts) > 0 && rng.IntN(3) == 0 {
					text = texts[rng.IntN(len(texts))] // a tie
				} else {
					var b strings.Builder
					for range 1 + rng.IntN(12) {
						b.WriteString(vocab[rng.IntN(len(vocab))] + " ")
					}
					text = b.String()
					texts = append(texts, text)
				}
				a := chronicle.Article{ID: fmt.Sprintf("a%03d", i), Title: "Report", Paragraphs: []chronicle.Paragraph{{Text: text}}}
				if i < n {
					switch rng.IntN(8) {
					case 0:
						a.Published = edges[rng.IntN(len(edges))]
					default:
						d := rng.IntN(10)
						at := []time.Duration{0, 12 * time.Hour, 24*time.Hour - 1, time.Duration(rng.Int64N(int64(24 * time.Hour)))}[rng.IntN(4)]
						z := zones[rng.IntN(len(zones))]
						a.Published = time.Date(2024, 3, 1+d, 0, 0, 0, 0, z).Add(at)
					}
					pubs = append(pubs, a.Published)
				}
				arts = append(arts, a)
			}
			if _, err := ix.Put(ctx, "https://example.com/feed", arts); err != nil {
				t.Fatal(err)
			}
			var tos []time.Time
			for d := -2; d < 13; d++ {
				tos = append(tos, base.AddDate(0, 0, d), time.Date(2024, 3, 1+d, 0, 0, 0, 0, zones[1+rng.IntN(3)]))
			}
			tos = append(tos, time.Date(1677, 11, 30, 0, 0, 0, 0, time.UTC), time.Date(1677, 12, 1, 0, 0, 0, 0, time.UTC),
				time.Date(2262, 4, 10, 0, 0, 0, 0, time.UTC), time.Date(2262, 4, 11, 0, 0, 0, 0, time.UTC),
				time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC))
			for _, p := range pubs[:min(len(pubs), 12)] {
				tos = append(tos, p, p.Add(-1), p.Add(1))
			}
			for _, to := range tos {
				for _, limit := range []int{0, 1, 3, 1000, 5000} {
					for _, q := range [][]chronicle.WeightedTerm{
						{{Text: "storm", Boost: 1}},
						{{Text: "storm rain coast", Boost: 1}, {Text: "wind", Boost: 0.5}},
					} {
						rq := chronicle.RetrieveQuery{Terms: q, To: to, Limit: limit}
						want, werr := retrieveByRange(ctx, ix, rq)
						got, gerr := ix.Retrieve(ctx, rq)
						if (werr == nil) != (gerr == nil) {
							t.Errorf("to %v limit %d: error %v, before %v", to, limit, gerr, werr)
							continue
						}
						if g, w := candKeys(got), candKeys(want); strings.Join(g, " ") != strings.Join(w, " ") {
							t.Errorf("to %v limit %d q %v:\n got %v\nwant %v", to, limit, q, g, w)
							in := map[string]bool{}
							for _, c := range want {
								in[c.Article.ID] = true
							}
							for _, c := range got {
								if !in[c.Article.ID] {
									e, _ := ix.cat.get(c.Article.ID)
									t.Logf("extra %s published %v (stored %v)", c.Article.ID, e.Published, c.Article.Published)
								}
							}
						}
					}
				}
			}
		})
	}
}

// openStart and openEnd are where Bleve's numeric range searcher puts an
// open start or end.
func TestOpenRangeEnds(t *testing.T) {
	if got, want := int64(openStart), numeric.Float64ToInt64(math.Inf(-1)); got != want {
		t.Errorf("openStart = %d, want %d", got, want)
	}
	if got, want := int64(openEnd), numeric.Float64ToInt64(math.Inf(1)); got != want {
		t.Errorf("openEnd = %d, want %d", got, want)
	}
}
