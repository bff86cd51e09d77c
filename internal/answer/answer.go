// Package answer turns a question into a quoted answer with citations. It is
// extractive: every piece of text it returns is verbatim article text.
//
// How it works: Analyze reads the question (wh-word, expected answer type,
// key terms, names, time cues) and adds general event vocabulary. The
// Retriever (the index) returns the best-matching articles published up to
// the as-of day. Every sentence of those articles is scored by the IDF weight
// of the question terms it holds (and, for less, its paragraph and title),
// whether it offers the expected kind of answer (a name, number or date that
// is not in the question), the article's retrieval score (with a preference
// for newer articles when the question asks for the current state) and its
// position. The best sentence, with a short neighbour when there is room, is
// the answer; the next best from other articles are the sources. A
// confidence below the threshold gives no answer, only sources.
package answer

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// Retriever is what the answerer needs of the index.
type Retriever interface {
	Retrieve(ctx context.Context, q chronicle.RetrieveQuery) ([]chronicle.Candidate, error)
	DocFreqs(ctx context.Context, stems []string) (int, map[string]int, error)
}

// MaxQuote is the longest answer text, in bytes.
const MaxQuote = 320

// Answerer answers questions from a Retriever.
type Answerer struct {
	r     Retriever
	terms *terms.Analyzer
	// Threshold is the confidence below which no answer is given.
	Threshold float64
	// Candidates is how many articles are ranked (default 30).
	Candidates int
	// Sources is how many sources are listed besides the answer (default 3).
	Sources int
}

// New returns an Answerer with default settings.
func New(r Retriever) *Answerer {
	return &Answerer{r: r, terms: terms.New(), Threshold: DefaultThreshold, Candidates: 30, Sources: 3}
}

// DefaultThreshold is the confidence below which no answer is given, chosen
// on the development questions (see docs/ANSWER.md).
const DefaultThreshold = 0.35

// Ask answers question with evidence published on or before asOf (zero:
// no limit).
func (a *Answerer) Ask(ctx context.Context, question string, asOf time.Time) (chronicle.Answer, error) {
	ans := chronicle.Answer{Question: strings.TrimSpace(question), AsOf: asOf}
	q := Analyze(a.terms, question)
	if len(q.Terms) == 0 {
		return ans, chronicle.Errorf(chronicle.EINVALID,
			"Ask a question about a news event in a few words, for example: Who claimed the Moscow attack?")
	}
	rq := chronicle.RetrieveQuery{Limit: a.Candidates}
	if !asOf.IsZero() {
		rq.To = asOf
	}
	stems := make([]string, 0, len(q.Terms))
	for _, t := range q.Terms {
		boost := 1.0
		switch {
		case t.Expansion:
			boost = 0.3
		case t.Proper:
			boost = 1.5
		}
		rq.Terms = append(rq.Terms, chronicle.WeightedTerm{Text: t.Lower, Boost: boost})
		stems = append(stems, t.Stem)
	}
	for _, p := range q.Phrases {
		rq.Phrases = append(rq.Phrases, chronicle.WeightedTerm{Text: p, Boost: 1.5})
	}
	cands, err := a.r.Retrieve(ctx, rq)
	if err != nil {
		return ans, fmt.Errorf("ask %q: %w", question, err)
	}
	n, df, err := a.r.DocFreqs(ctx, stems)
	if err != nil {
		return ans, fmt.Errorf("ask %q: %w", question, err)
	}
	ranked := newRanker(q, a.terms, n, df, asOf).rank(cands)
	a.compose(&ans, ranked)
	return ans, nil
}

// compose fills the answer and sources from ranked sentences.
func (a *Answerer) compose(ans *chronicle.Answer, ranked []scored) {
	if len(ranked) == 0 {
		return
	}
	best := ranked[0]
	ans.Confidence = confidence(ranked)
	used := map[string]int{}
	seenText := map[string]bool{}
	if ans.Confidence >= a.Threshold {
		c := quote(best, ranked)
		ans.Best = &c
		used[best.art.ID]++
		seenText[normText(best.text)] = true
	}
	for _, s := range ranked {
		if len(ans.Sources) >= a.Sources {
			break
		}
		if ans.Best != nil && s.art == best.art && s.para == best.para && strings.Contains(ans.Best.Text, s.text) {
			continue
		}
		key := normText(s.text)
		if seenText[key] || used[s.art.ID] >= 1 {
			continue
		}
		seenText[key] = true
		used[s.art.ID]++
		ans.Sources = append(ans.Sources, quote(s, nil))
	}
}

// quote makes a citation of a sentence, joined with a neighbouring sentence
// of the same paragraph when both fit in MaxQuote and the neighbour also
// scored; text longer than MaxQuote is trimmed around the matches.
func quote(s scored, ranked []scored) chronicle.Citation {
	c := chronicle.Citation{ArticleID: s.art.ID, Title: s.art.Title, Source: s.art.Source,
		Published: s.art.Published, URL: s.art.URL, Paragraph: s.para}
	text, spans := s.text, s.matched
	para := s.art.Paragraphs[s.para].Text
	if ranked != nil && len(text) < MaxQuote*2/3 {
		for _, n := range ranked[1:min(len(ranked), 40)] {
			if n.art != s.art || n.para != s.para {
				continue
			}
			var lo, hi int
			if n.start > s.start {
				lo, hi = s.start, n.start+len(n.text)
			} else {
				lo, hi = n.start, s.start+len(s.text)
			}
			if hi-lo > MaxQuote || strings.Count(para[lo:hi], ". ") > 3 {
				continue
			}
			text = para[lo:hi]
			spans = shift(s.matched, s.start-lo)
			spans = append(spans, shift(n.matched, n.start-lo)...)
			sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
			break
		}
	}
	focus := 0
	if len(spans) > 0 {
		focus = spans[0].Start
	}
	c.Text, c.Highlights = terms.Trim(text, spans, focus, MaxQuote-8)
	return c
}

func shift(spans []chronicle.Span, by int) []chronicle.Span {
	out := make([]chronicle.Span, len(spans))
	for i, s := range spans {
		out[i] = chronicle.Span{Start: s.Start + by, End: s.End + by}
	}
	return out
}

// confidence maps the best sentence's evidence to [0, 1].
func confidence(ranked []scored) float64 {
	b := ranked[0]
	c := 0.6*b.coverage + 0.3*b.typeFit
	if len(ranked) > 1 && b.score > 0 {
		c += 0.1 * min(1, (b.score-ranked[1].score)/b.score*5)
	} else {
		c += 0.1
	}
	return max(0, min(1, c))
}

func sortScored(s []scored) {
	sort.SliceStable(s, func(i, j int) bool { return s[i].score > s[j].score })
}

func normText(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
