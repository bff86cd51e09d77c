package schedule

import (
	"math"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// DefaultMinScore is the match score an article needs to be posted by a
// watch (see MatchScore): every word of the query in the headline or lead,
// or most of them there and the rest repeated in the body.
const DefaultMinScore = 0.75

// maxQueryStems bounds the words of a watch query that are matched.
const maxQueryStems = 12

// leadParagraphs is how many paragraphs count as the lead.
const leadParagraphs = 2

// Weights of a query word by where the article has it.
const (
	weightLead     = 1.0  // in the title or the lead
	weightRepeated = 0.75 // only in the body, at least twice
	weightOnce     = 0.5  // only in the body, once
)

// QueryStems returns the distinct analysed words of a watch query (the
// analysis of search: lower case, stop words dropped, Porter stems), at most
// maxQueryStems of them.
func QueryStems(a *terms.Analyzer, query string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range a.Stems(query) {
		if !seen[s] && len(out) < maxQueryStems {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// IDF is the BM25 inverse document frequency of a word found in df of n
// articles, the rarity search scores by. It is always positive.
func IDF(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// MatchScore scores an article against a watch query's stems, from 0 to 1:
// the rarity-weighted (idf) share of the query words the article has, each
// counting fully when it is in the title or the first two paragraphs, 0.75
// when it is only further down but at least twice, 0.5 when it is mentioned
// once in passing, and nothing when absent. An article that names every word
// of "Moscow attack" in its headline scores 1; one that mentions both once
// deep in a story about something else scores 0.5. The quote is the
// sentence with the most query words (the earliest among equals), its
// matched words highlighted.
func MatchScore(a *terms.Analyzer, stems []string, idf map[string]float64, art chronicle.Article) (float64, chronicle.Citation) {
	if len(stems) == 0 {
		return 0, chronicle.Citation{}
	}
	x := analyse(a, art)
	return x.score(stems, idf), x.quote(stems)
}

// analysed is an article read once for every watch: where each word stands,
// and its sentences' words for the quote.
type analysed struct {
	art       chronicle.Article
	lead      map[string]bool // in the title or the lead
	body      map[string]int  // occurrences further down
	sentences []sentence
}

type sentence struct {
	para int
	text string
	toks []terms.Token // the words that are not stop words
}

// analyse reads an article for scoring against any number of watches.
func analyse(a *terms.Analyzer, art chronicle.Article) *analysed {
	x := &analysed{art: art, lead: map[string]bool{}, body: map[string]int{}}
	for _, s := range a.Stems(art.Title) {
		x.lead[s] = true
	}
	for i, p := range art.Paragraphs {
		for _, sp := range terms.Sentences(p.Text) {
			text := p.Text[sp.Start:sp.End]
			toks := a.Tokens(text)
			kept := toks[:0]
			for _, t := range toks {
				if t.Stop {
					continue
				}
				kept = append(kept, t)
				if i < leadParagraphs {
					x.lead[t.Stem] = true
				} else {
					x.body[t.Stem]++
				}
			}
			x.sentences = append(x.sentences, sentence{para: i, text: text, toks: kept})
		}
	}
	return x
}

// score is MatchScore's score of the analysed article.
func (x *analysed) score(stems []string, idf map[string]float64) float64 {
	if len(stems) == 0 {
		return 0
	}
	var got, total float64
	for _, s := range stems {
		w := idf[s]
		if w <= 0 {
			w = 1
		}
		total += w
		switch {
		case x.lead[s]:
			got += w * weightLead
		case x.body[s] >= 2:
			got += w * weightRepeated
		case x.body[s] == 1:
			got += w * weightOnce
		}
	}
	return got / total
}

// quote is MatchScore's quote: the sentence with the most query words.
func (x *analysed) quote(stems []string) chronicle.Citation {
	art := x.art
	best := chronicle.Citation{ArticleID: art.ID, Title: art.Title, Source: art.Source, Published: art.Published, URL: art.URL}
	if len(stems) == 0 {
		return best
	}
	want := make(map[string]bool, len(stems))
	for _, s := range stems {
		want[s] = true
	}
	bestHits := 0
	for _, sn := range x.sentences {
		hits := map[string]bool{}
		var marks []chronicle.Span
		for _, t := range sn.toks {
			if want[t.Stem] {
				hits[t.Stem] = true
				marks = append(marks, chronicle.Span{Start: t.Start, End: t.End})
			}
		}
		if len(hits) > bestHits || best.Text == "" {
			bestHits = max(bestHits, len(hits))
			best.Text, best.Paragraph, best.Highlights = sn.text, sn.para, marks
		}
	}
	return best
}

// What counts as news for a watch (see Fresh).
const (
	// WatchMaxAge: an article published longer than this before it was
	// indexed is not news (an index rebuilt from scratch, an archive
	// folder, a feed's back catalogue).
	WatchMaxAge = 48 * time.Hour
	// WatchCreatedGrace: an article published longer than this before
	// the watch was created is not news to it. The grace covers feeds that
	// date items by the day or are fetched late.
	WatchCreatedGrace = 24 * time.Hour
	// WatchMaxAhead: an article dated further than this after it was
	// indexed has a wrong date and is not posted.
	WatchMaxAhead = 24 * time.Hour
)

// Fresh reports whether an article published at published is news for a
// watch created at created, the article having been indexed at arrived: it
// is dated, published at most WatchMaxAge before it was indexed and at most
// WatchCreatedGrace before the watch was created, and not dated more than
// WatchMaxAhead after it was indexed. An undated article is never news: it
// cannot be told apart from an archive, and would post again after every
// index rebuild.
func Fresh(published, arrived, created time.Time) bool {
	if published.IsZero() {
		return false
	}
	cutoff := arrived.Add(-WatchMaxAge)
	if c := created.Add(-WatchCreatedGrace); c.After(cutoff) {
		cutoff = c
	}
	return !published.Before(cutoff) && !published.After(arrived.Add(WatchMaxAhead))
}
