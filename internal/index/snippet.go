package index

import (
	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// Snippet picks the paragraph of a that matches the most query stems and
// trims it to about maxLen bytes around the matches, with the matched words
// as highlight spans. Without a match it returns the lead paragraph.
func (ix *Index) Snippet(a chronicle.Article, stems []string, maxLen int) chronicle.Citation {
	want := make(map[string]bool, len(stems))
	for _, s := range stems {
		want[s] = true
	}
	best, bestScore := -1, 0.0
	var bestToks []terms.Token
	for i, p := range a.Paragraphs {
		toks := ix.terms.Tokens(p.Text)
		seen := map[string]bool{}
		score := 0.0
		for _, t := range toks {
			if want[t.Stem] && !t.Stop {
				if !seen[t.Stem] {
					score += 1
					seen[t.Stem] = true
				} else {
					score += 0.1
				}
			}
		}
		if score > bestScore {
			best, bestScore, bestToks = i, score, toks
		}
	}
	c := citationOf(a)
	if best < 0 {
		if len(a.Paragraphs) > 0 {
			c.Text, _ = terms.CutStamps(terms.TrimNames(a.Paragraphs[0].Text, nil, 0, maxLen))
		}
		return c
	}
	text := a.Paragraphs[best].Text
	var spans []chronicle.Span
	for _, t := range bestToks {
		if want[t.Stem] && !t.Stop {
			spans = append(spans, chronicle.Span{Start: t.Start, End: t.End})
		}
	}
	c.Paragraph = best
	// The page's time stamps go from the text shown (terms.CutStamps).
	c.Text, c.Highlights = terms.CutStamps(terms.TrimNames(text, spans, spans[0].Start, maxLen))
	return c
}

func citationOf(a chronicle.Article) chronicle.Citation {
	return chronicle.Citation{ArticleID: a.ID, Title: a.Title, Source: a.Source, Published: a.Published, URL: a.URL}
}
