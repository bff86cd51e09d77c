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
	// Model scores sentences.
	Model Model
	// RecentDays is the window before the as-of day whose best articles
	// always join the candidates (0: off).
	RecentDays int
}

// New returns an Answerer with default settings.
func New(r Retriever) *Answerer {
	return &Answerer{r: r, terms: terms.New(), Threshold: DefaultThreshold, Candidates: 20, Sources: 3, Model: DefaultModel, RecentDays: 30}
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
	ranked, err := a.rank(ctx, q, asOf)
	if err != nil {
		return ans, fmt.Errorf("ask %q: %w", question, err)
	}
	a.compose(&ans, ranked)
	return ans, nil
}

// rank retrieves candidate articles for q and ranks their sentences.
func (a *Answerer) rank(ctx context.Context, q Question, asOf time.Time) ([]scored, error) {
	stems := make([]string, 0, len(q.Terms))
	for _, t := range q.Terms {
		stems = append(stems, t.Stem)
	}
	n, df, err := a.r.DocFreqs(ctx, stems)
	if err != nil {
		return nil, err
	}
	rq := retrieval(q, asOf, a.Candidates, n, df)
	cands, err := a.r.Retrieve(ctx, rq)
	if err != nil {
		return nil, err
	}
	if len(cands) == 0 && len(rq.Terms) < len(q.Terms) {
		// The rarer words alone matched nothing: search with every word.
		rq = retrieval(q, asOf, a.Candidates, 0, nil)
		if cands, err = a.r.Retrieve(ctx, rq); err != nil {
			return nil, err
		}
	}
	if !asOf.IsZero() && a.RecentDays > 0 {
		// News questions are mostly about the days before the as-of day:
		// the best articles of that window join the candidates even when
		// older articles match the words better.
		rq.From = asOf.AddDate(0, 0, -a.RecentDays)
		rq.Limit = max(1, a.Candidates/3)
		recent, err := a.r.Retrieve(ctx, rq)
		if err != nil {
			return nil, err
		}
		cands = mergeCandidates(cands, recent)
	}
	return newRanker(q, a.terms, n, df, asOf, a.Model).rank(cands), nil
}

// mergeCandidates adds the recent candidates that are not already there and
// orders all by retrieval score.
func mergeCandidates(all, recent []chronicle.Candidate) []chronicle.Candidate {
	seen := make(map[string]bool, len(all))
	for _, c := range all {
		seen[c.Article.ID] = true
	}
	for _, c := range recent {
		if !seen[c.Article.ID] {
			all = append(all, c)
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Score > all[j].Score })
	return all
}

// Retrieval drops words that most articles contain (they barely change the
// ranking but cost the most to search) and matches titles only for rarer
// words.
const (
	maxRetrievalDF = 0.2
	maxTitleDF     = 0.05
	// minDFCorpus is the corpus size below which document frequencies are
	// too coarse to drop words by.
	minDFCorpus = 200
)

// retrieval builds the index query for a question; with n == 0 it keeps
// every word.
func retrieval(q Question, asOf time.Time, limit, n int, df map[string]int) chronicle.RetrieveQuery {
	rq := chronicle.RetrieveQuery{Limit: limit, To: asOf}
	for pass := 0; pass < 2 && len(rq.Terms) == 0; pass++ {
		for _, t := range q.Terms {
			share := 0.0
			if n >= minDFCorpus {
				share = float64(df[t.Stem]) / float64(n)
			}
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
	ans.Confidence = confidence(ranked)
	used := map[string]int{}
	var quoted []string
	if ans.Confidence >= a.Threshold {
		c := bestQuote(ranked)
		ans.Best = &c
		used[c.ArticleID]++
		quoted = append(quoted, c.Text)
	}
	// Sources are the next best passages. First those that add a possible
	// answer (a name or number no quote holds yet), at most two from one
	// article (one per article loses agreeing passages of the best article;
	// three crowds out other articles); then any, two per article; then a
	// third from one article, for small corpora. Quoted text never repeats.
	for pass := 1; pass <= 3; pass++ {
		for _, s := range ranked {
			if len(ans.Sources) >= a.Sources {
				return
			}
			if used[s.art.ID] >= max(pass, 2) || containsAny(quoted, s.text) {
				continue
			}
			if pass == 1 && !addsAnswer(s, quoted) {
				continue
			}
			c := quote(s, ranked)
			used[s.art.ID]++
			quoted = append(quoted, c.Text)
			ans.Sources = append(ans.Sources, c)
		}
	}
}

// quoteChoices is how many of the best sentences compete as the centre of
// the answer's quote.
const quoteChoices = 5

// bestQuote returns, of the quotes around the best few sentences, the one
// that holds the most probability mass of the best sentences (softmax of
// their scores): a passage holding two likely sentences beats one holding
// a single slightly likelier sentence.
func bestQuote(ranked []scored) chronicle.Citation {
	n := min(len(ranked), voteDepth)
	scores := make([]float64, n)
	for i := range scores {
		scores[i] = ranked[i].score
	}
	p := softmax(scores)
	var best chronicle.Citation
	bestMass := -1.0
	for i := 0; i < min(quoteChoices, n); i++ {
		c := quote(ranked[i], ranked)
		text := normText(c.Text)
		mass := 0.0
		for j := 0; j < n; j++ {
			if ranked[j].art == ranked[i].art && strings.Contains(text, normText(ranked[j].text)) {
				mass += p[j]
			}
		}
		if mass > bestMass {
			best, bestMass = c, mass
		}
	}
	return best
}

// addsAnswer reports whether a sentence offers an answer candidate (a name
// or number not in the question) that no quoted passage holds yet: in the
// first pass, sources must add a possible answer, not repeat one.
func addsAnswer(s scored, quoted []string) bool {
	if s.r == nil {
		return true
	}
	cands := s.r.kindCandidates(s.st)
	if len(cands) == 0 {
		return false
	}
	joined := strings.ToLower(strings.Join(quoted, " "))
	for _, c := range cands {
		if !strings.Contains(joined, c) {
			return true
		}
	}
	return false
}

// containsAny reports whether any quote already holds text.
func containsAny(quotes []string, text string) bool {
	t := normText(text)
	for _, q := range quotes {
		if strings.Contains(normText(q), t) {
			return true
		}
	}
	return false
}

// quote makes a citation of a sentence widened with whole neighbouring
// sentences of the article (the better scored side first, across paragraph
// breaks, which become a space) while the quote fits MaxQuote. A single
// sentence longer than MaxQuote is trimmed around its matches. The matched
// question words are highlighted.
func quote(s scored, ranked []scored) chronicle.Citation {
	c := chronicle.Citation{ArticleID: s.art.ID, Title: s.art.Title, Source: s.art.Source,
		Published: s.art.Published, URL: s.art.URL, Paragraph: s.para}
	type unit struct {
		para int
		sp   span
	}
	var units []unit
	at := -1
	for pi, p := range s.art.Paragraphs {
		for _, sp := range splitSentences(p.Text) {
			if pi == s.para && sp.start == s.start {
				at = len(units)
			}
			units = append(units, unit{pi, sp})
		}
	}
	textOf := func(u unit) string { return s.art.Paragraphs[u.para].Text[u.sp.start:u.sp.end] }
	parts := []string{s.text}
	if at >= 0 {
		lo, hi, size := at, at, len(s.text)
		for {
			order := []int{hi + 1, lo - 1}
			if lo > 0 && hi+1 < len(units) &&
				neighbourScore(ranked, s.art, units[lo-1].para, units[lo-1].sp.start) >
					neighbourScore(ranked, s.art, units[hi+1].para, units[hi+1].sp.start) {
				order = []int{lo - 1, hi + 1}
			}
			grown := false
			for _, n := range order {
				if n < 0 || n >= len(units) || size+1+len(textOf(units[n])) > MaxQuote {
					continue
				}
				size += 1 + len(textOf(units[n]))
				lo, hi = min(lo, n), max(hi, n)
				grown = true
				break
			}
			if !grown {
				break
			}
		}
		parts = parts[:0]
		for _, u := range units[lo : hi+1] {
			parts = append(parts, textOf(u))
		}
	}
	text := strings.Join(parts, " ")
	var spans []chronicle.Span
	if s.r != nil {
		for _, t := range s.r.an.Tokens(text) {
			if _, ok := s.r.bits[t.Stem]; ok && !t.Stop {
				spans = append(spans, chronicle.Span{Start: t.Start, End: t.End})
			}
		}
	}
	focus := 0
	if i := strings.Index(text, s.text); i >= 0 {
		focus = i
		if len(s.matched) > 0 {
			focus += s.matched[0].Start
		}
	}
	c.Text, c.Highlights = terms.Trim(text, spans, focus, MaxQuote-8)
	return c
}

// neighbourScore is the score of the ranked sentence of art at (para,
// start), or 0 when it was not ranked.
func neighbourScore(ranked []scored, art *chronicle.Article, para, start int) float64 {
	for _, n := range ranked {
		if n.art == art && n.para == para && n.start == start {
			return n.score
		}
	}
	return 0
}

// confidence maps the best sentence's evidence to [0, 1]: how much of the
// question it (and, for less, its paragraph and title) covers, whether it
// offers the kind of answer asked for, and its lead over the runner-up.
func confidence(ranked []scored) float64 {
	f := ranked[0].f
	cov := min(1, f[fCovSentence]+0.3*f[fCovParagraph]+0.2*f[fCovTitle])
	c := 0.6*cov + 0.3*f[fKindFit]
	if len(ranked) > 1 {
		scores := []float64{ranked[0].score, ranked[1].score}
		c += 0.1 * (softmax(scores)[0] - 0.5) * 2
	} else {
		c += 0.1
	}
	return max(0, min(1, c))
}

func normText(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
