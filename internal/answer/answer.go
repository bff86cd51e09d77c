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
	// Weights balance the sentence score.
	Weights Weights
}

// New returns an Answerer with default settings.
func New(r Retriever) *Answerer {
	return &Answerer{r: r, terms: terms.New(), Threshold: DefaultThreshold, Candidates: 30, Sources: 3, Weights: DefaultWeights}
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
	stems := make([]string, 0, len(q.Terms))
	for _, t := range q.Terms {
		stems = append(stems, t.Stem)
	}
	n, df, err := a.r.DocFreqs(ctx, stems)
	if err != nil {
		return ans, fmt.Errorf("ask %q: %w", question, err)
	}
	cands, err := a.r.Retrieve(ctx, retrieval(q, asOf, a.Candidates, n, df))
	if err != nil {
		return ans, fmt.Errorf("ask %q: %w", question, err)
	}
	ranked := newRanker(q, a.terms, n, df, asOf, a.Weights).rank(cands)
	a.compose(&ans, ranked)
	return ans, nil
}

// Retrieval drops words that most articles contain (they barely change the
// ranking but cost the most to search) and matches titles only for rarer
// words.
const (
	maxRetrievalDF = 0.2
	maxTitleDF     = 0.05
)

// retrieval builds the index query for a question.
func retrieval(q Question, asOf time.Time, limit, n int, df map[string]int) chronicle.RetrieveQuery {
	rq := chronicle.RetrieveQuery{Limit: limit, To: asOf}
	for pass := 0; pass < 2 && len(rq.Terms) == 0; pass++ {
		for _, t := range q.Terms {
			share := float64(df[t.Stem]) / float64(max(n, 1))
			if pass == 0 && share > maxRetrievalDF {
				continue
			}
			boost := 1.0
			switch {
			case t.Expansion:
				boost = 0.3
			case t.Proper:
				boost = 1.5
			}
			rq.Terms = append(rq.Terms, chronicle.WeightedTerm{Text: t.Lower, Boost: boost, TextOnly: share > maxTitleDF})
		}
	}
	for _, p := range q.Phrases {
		rq.Phrases = append(rq.Phrases, chronicle.WeightedTerm{Text: p, Boost: 1.5})
	}
	return rq
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
		c := quote(best, ranked, true)
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
		ans.Sources = append(ans.Sources, quote(s, ranked, true))
	}
}

// quote makes a citation of a sentence. When context is true and the
// sentence is short, it is widened with whole neighbouring sentences of the
// same paragraph (the better scored first) while the quote fits MaxQuote;
// text longer than MaxQuote is trimmed around the matches.
func quote(s scored, ranked []scored, context bool) chronicle.Citation {
	c := chronicle.Citation{ArticleID: s.art.ID, Title: s.art.Title, Source: s.art.Source,
		Published: s.art.Published, URL: s.art.URL, Paragraph: s.para}
	para := s.art.Paragraphs[s.para].Text
	lo, hi := s.start, s.start+len(s.text)
	spans := shift(s.matched, s.start)
	if context {
		sents := splitSentences(para)
		idx := -1
		for i, sp := range sents {
			if sp.start == s.start {
				idx = i
			}
		}
		prev, next := idx-1, idx+1
		for idx >= 0 {
			grew := false
			cands := []int{next, prev}
			if prev >= 0 && next < len(sents) && neighbourScore(ranked, s, sents[prev]) > neighbourScore(ranked, s, sents[next]) {
				cands = []int{prev, next}
			}
			for _, n := range cands {
				if n < 0 || n >= len(sents) {
					continue
				}
				nlo, nhi := min(lo, sents[n].start), max(hi, sents[n].end)
				if nhi-nlo > MaxQuote {
					continue
				}
				lo, hi, grew = nlo, nhi, true
				if n == prev {
					prev--
				} else {
					next++
				}
				break
			}
			if !grew {
				break
			}
		}
		for _, n := range ranked {
			if n.art == s.art && n.para == s.para && n.start != s.start && n.start >= lo && n.start+len(n.text) <= hi {
				spans = append(spans, shift(n.matched, n.start)...)
			}
		}
		sort.Slice(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	}
	spans = shift(spans, -lo)
	focus := 0
	if len(spans) > 0 {
		focus = spans[0].Start
	}
	c.Text, c.Highlights = terms.Trim(para[lo:hi], spans, focus, MaxQuote-8)
	return c
}

// neighbourScore is the score of the ranked sentence at sp, or 0.
func neighbourScore(ranked []scored, s scored, sp span) float64 {
	for _, n := range ranked {
		if n.art == s.art && n.para == s.para && n.start == sp.start {
			return n.score
		}
	}
	return 0
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
