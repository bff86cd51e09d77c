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

// Retriever is what the answerer needs of the index. It must be safe for
// concurrent use: an answer runs two retrievals at once.
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
	cands, err := a.retrieve(ctx, rq, asOf)
	if err != nil {
		return nil, err
	}
	if len(cands) == 0 && len(rq.Terms) < len(q.Terms) {
		// The rarer words alone matched nothing: search with every word.
		rq = retrieval(q, asOf, a.Candidates, 0, nil)
		if cands, err = a.retrieve(ctx, rq, asOf); err != nil {
			return nil, err
		}
	}
	return newRanker(q, a.terms, n, df, asOf, a.Model).rank(cands), nil
}

// retrieve runs rq and, with an as-of day, the same query over the
// RecentDays before it: news questions are mostly about the days before the
// as-of day, so the best articles of that window join the candidates even
// when older articles match the words better. The two searches run at the
// same time.
func (a *Answerer) retrieve(ctx context.Context, rq chronicle.RetrieveQuery, asOf time.Time) ([]chronicle.Candidate, error) {
	if asOf.IsZero() || a.RecentDays <= 0 {
		return a.r.Retrieve(ctx, rq)
	}
	recentQ := rq
	recentQ.From = asOf.AddDate(0, 0, -a.RecentDays)
	recentQ.Limit = max(1, a.Candidates/3)
	var recent []chronicle.Candidate
	var recentErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		recent, recentErr = a.r.Retrieve(ctx, recentQ)
	}()
	cands, err := a.r.Retrieve(ctx, rq)
	<-done
	if err != nil {
		return nil, err
	}
	if recentErr != nil {
		return nil, recentErr
	}
	return mergeCandidates(cands, recent), nil
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
	qt := newQuoter(ranked)
	c := qt.best()
	ans.Confidence = confidence(ranked, qt.support(c))
	if ans.Confidence >= a.Threshold {
		ans.Best = &c
	}
	ans.Sources = qt.sources(ans.Best, a.Sources)
}

// quoteChoices is how many of the best sentences compete as the centre of
// the answer's quote.
const quoteChoices = 5

// sourceChoices is how many of the best sentences compete as the centre of
// a source's quote.
const sourceChoices = 20

// maxPerArticle is how many quotes (answer and sources) one article gives.
const maxPerArticle = 2

// quoter makes quotes of the best sentences and weighs them by the
// probability mass (softmax of the sentence scores) they hold.
type quoter struct {
	ranked []scored
	n      int       // sentences that carry mass: the best voteDepth
	p      []float64 // softmax of their scores
	cands  [][]string
	// units caches each article's sentences; at indexes the ranked
	// sentences by article and position.
	units map[*chronicle.Article][]unit
	at    map[sentenceKey]int
	norms []string // normText of the best sentences, made when first needed
}

// unit is one sentence of an article: paragraph and span.
type unit struct {
	para int
	sp   span
}

type sentenceKey struct {
	art         *chronicle.Article
	para, start int
}

func newQuoter(ranked []scored) *quoter {
	q := &quoter{ranked: ranked, n: min(len(ranked), voteDepth), units: map[*chronicle.Article][]unit{},
		at: make(map[sentenceKey]int, len(ranked))}
	scores := make([]float64, q.n)
	for i := range scores {
		scores[i] = ranked[i].score
	}
	q.p = softmax(scores)
	q.cands = make([][]string, q.n)
	for i := range q.cands {
		if r := ranked[i].r; r != nil {
			q.cands[i] = r.kindCandidates(ranked[i].st)
		}
	}
	for i, s := range ranked {
		k := sentenceKey{s.art, s.para, s.start}
		if _, ok := q.at[k]; !ok {
			q.at[k] = i
		}
	}
	return q
}

// best returns, of the quotes around the best few sentences, the one that
// holds the most probability mass of the best sentences: a passage holding
// two likely sentences beats one holding a single slightly likelier
// sentence.
func (q *quoter) best() chronicle.Citation {
	var best chronicle.Citation
	bestMass := -1.0
	for i := 0; i < min(quoteChoices, q.n); i++ {
		c := q.quote(q.ranked[i])
		mass := 0.0
		for _, j := range q.held(c.Text, q.ranked[i].art) {
			mass += q.p[j]
		}
		if mass > bestMass {
			best, bestMass = c, mass
		}
	}
	return best
}

// support is the probability mass of the best sentences that back a quote:
// those it holds and those that offer an answer candidate it names. A quote
// whose answer many likely sentences agree on is more often right than one
// that stands alone.
func (q *quoter) support(c chronicle.Citation) float64 {
	low := strings.ToLower(c.Text)
	norm := normText(c.Text)
	mass := 0.0
	for j := 0; j < q.n; j++ {
		ok := q.ranked[j].art.ID == c.ArticleID && strings.Contains(norm, q.norm(j))
		for _, cand := range q.cands[j] {
			if strings.Contains(low, cand) {
				ok = true
			}
		}
		if ok {
			mass += q.p[j]
		}
	}
	return mass
}

// held returns the best sentences of art that text holds.
func (q *quoter) held(text string, art *chronicle.Article) []int {
	norm := normText(text)
	var out []int
	for j := 0; j < q.n; j++ {
		if q.ranked[j].art == art && strings.Contains(norm, q.norm(j)) {
			out = append(out, j)
		}
	}
	return out
}

// norm returns normText of ranked sentence j.
func (q *quoter) norm(j int) string {
	if q.norms == nil {
		q.norms = make([]string, len(q.ranked))
	}
	if q.norms[j] == "" {
		q.norms[j] = normText(q.ranked[j].text)
	}
	return q.norms[j]
}

// sources picks up to k sources after the answer (nil when withheld),
// greedily: each next source is the quote that covers the most probability
// mass not yet covered by the answer and the sources before it. The mass of
// a sentence that offers answer candidates of the kind asked for (names,
// numbers) is shared among those candidates, and a quote covers a candidate
// wherever it names it; other sentences are covered by a quote holding
// them. So a source that repeats an answer already quoted adds little, and
// one that offers a different answer adds much: the sources are the likely
// alternatives, with agreeing evidence when there are none. Quoted text never
// repeats and one article gives at most maxPerArticle quotes, unless there
// are too few articles to fill the sources.
func (q *quoter) sources(answer *chronicle.Citation, k int) []chronicle.Citation {
	candMass := map[string]float64{}
	for j, cs := range q.cands {
		for _, c := range cs {
			candMass[c] += q.p[j] / float64(len(cs))
		}
	}
	// covers lists what a quote covers: candidates and sentences.
	type covers struct {
		cands []string
		sents []int
	}
	coversOf := func(text string, art *chronicle.Article) covers {
		var cv covers
		low := strings.ToLower(text)
		for cand := range candMass {
			if strings.Contains(low, cand) {
				cv.cands = append(cv.cands, cand)
			}
		}
		for _, j := range q.held(text, art) {
			if len(q.cands[j]) == 0 {
				cv.sents = append(cv.sents, j)
			}
		}
		return cv
	}
	doneCand := map[string]bool{}
	doneSent := make([]bool, q.n)
	gain := func(cv covers, apply bool) float64 {
		g := 0.0
		for _, c := range cv.cands {
			if !doneCand[c] {
				g += candMass[c]
				if apply {
					doneCand[c] = true
				}
			}
		}
		for _, j := range cv.sents {
			if !doneSent[j] {
				g += q.p[j]
				if apply {
					doneSent[j] = true
				}
			}
		}
		return g
	}
	used := map[string]int{}
	var quoted []string // normalised
	if answer != nil {
		used[answer.ArticleID]++
		quoted = append(quoted, normText(answer.Text))
		for _, s := range q.ranked[:q.n] {
			if s.art.ID == answer.ArticleID {
				gain(coversOf(answer.Text, s.art), true)
				break
			}
		}
	}
	// Options are judged by their widened text; only the chosen are
	// trimmed and highlighted.
	type option struct {
		s  *scored
		at int
		cv covers
	}
	var opts []option
	for i := 0; i < min(len(q.ranked), sourceChoices); i++ {
		s := &q.ranked[i]
		if containsAny(quoted, q.norm(i)) {
			continue
		}
		opts = append(opts, option{s, i, coversOf(q.widen(*s), s.art)})
	}
	var out []chronicle.Citation
	// A small corpus may not have enough articles: then more quotes of
	// one article are better than fewer sources.
	perArticle := maxPerArticle
	for len(out) < k {
		best, bestGain := -1, -1.0
		for i, o := range opts {
			if used[o.s.art.ID] >= perArticle || containsAny(quoted, q.norm(o.at)) {
				continue
			}
			if g := gain(o.cv, false); g > bestGain+1e-12 {
				best, bestGain = i, g
			}
		}
		if best < 0 {
			if perArticle > k {
				break
			}
			perArticle = k + 1
			continue
		}
		o := opts[best]
		c := q.quote(*o.s)
		gain(o.cv, true)
		used[o.s.art.ID]++
		quoted = append(quoted, normText(c.Text))
		out = append(out, c)
	}
	return out
}

// containsAny reports whether any quote already holds a sentence (both
// normalised with normText).
func containsAny(quotes []string, sentence string) bool {
	for _, q := range quotes {
		if strings.Contains(q, sentence) {
			return true
		}
	}
	return false
}

// sentencesOf returns the sentences of an article, cached.
func (q *quoter) sentencesOf(art *chronicle.Article) []unit {
	if u, ok := q.units[art]; ok {
		return u
	}
	var units []unit
	for pi, p := range art.Paragraphs {
		for _, sp := range splitSentences(p.Text) {
			units = append(units, unit{pi, sp})
		}
	}
	q.units[art] = units
	return units
}

// score is the score of the ranked sentence of art starting at u, or 0
// when it was not ranked.
func (q *quoter) score(art *chronicle.Article, u unit) float64 {
	if i, ok := q.at[sentenceKey{art, u.para, u.sp.start}]; ok {
		return q.ranked[i].score
	}
	return 0
}

// quote makes a citation of a sentence widened with whole neighbouring
// sentences of the article (see widen). A single sentence longer than
// MaxQuote is trimmed around its matches. The matched question words are
// highlighted.
func (q *quoter) quote(s scored) chronicle.Citation {
	c := chronicle.Citation{ArticleID: s.art.ID, Title: s.art.Title, Source: s.art.Source,
		Published: s.art.Published, URL: s.art.URL, Paragraph: s.para}
	text := q.widen(s)
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

// widen returns a sentence with whole neighbouring sentences of the article
// added (the better scored side first, across paragraph breaks, which
// become a space) while the text fits MaxQuote.
func (q *quoter) widen(s scored) string {
	units := q.sentencesOf(s.art)
	at := -1
	for i, u := range units {
		if u.para == s.para && u.sp.start == s.start {
			at = i
			break
		}
	}
	if at < 0 {
		return s.text
	}
	textOf := func(u unit) string { return s.art.Paragraphs[u.para].Text[u.sp.start:u.sp.end] }
	lo, hi, size := at, at, len(s.text)
	for {
		order := []int{hi + 1, lo - 1}
		if lo > 0 && hi+1 < len(units) && q.score(s.art, units[lo-1]) > q.score(s.art, units[hi+1]) {
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
	parts := make([]string, 0, hi-lo+1)
	for _, u := range units[lo : hi+1] {
		parts = append(parts, textOf(u))
	}
	return strings.Join(parts, " ")
}

// confidence is the answer's confidence in [0, 1]: half the best sentence's
// evidence, half the support of the quoted answer (quoter.support). Blending
// the two ranks answers by correctness better than either alone (RTQA dev,
// precision of the 70% most confident: evidence 0.554, support 0.586, both
// 0.600).
func confidence(ranked []scored, support float64) float64 {
	return 0.5*evidence(ranked) + 0.5*support
}

// evidence maps the best sentence's evidence to [0, 1]: how much of the
// question it (and, for less, its paragraph and title) covers, whether it
// offers the kind of answer asked for, and its lead over the runner-up.
func evidence(ranked []scored) float64 {
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

// normText lower-cases s (ASCII) and collapses its white space, for
// comparing quotes.
func normText(s string) string {
	b := make([]byte, 0, len(s))
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f':
			if !space {
				b = append(b, ' ')
			}
			space = true
			continue
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		b = append(b, c)
		space = false
	}
	if n := len(b); n > 0 && b[n-1] == ' ' {
		b = b[:n-1]
	}
	return string(b)
}
