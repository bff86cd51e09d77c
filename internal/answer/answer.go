// Package answer turns a question into a quoted answer with citations. It is
// extractive: every piece of text it returns is verbatim article text, but
// for the first name an editor adds in brackets to a person the quote names
// by the last name alone ("said [Kirsty] Coventry", from the same article).
//
// How it works: Analyze reads the question (wh-word, expected answer type,
// key terms, names, time cues) and adds general event vocabulary. The
// Retriever (the index) returns the best-matching articles published up to
// the as-of day, and the best of the days just before it. Every sentence of
// those articles that holds enough of the question is scored by a learned
// linear model over general features (features.go): the IDF weight of the
// question terms it holds (and, for less, its paragraph and title), whether
// it offers the expected kind of answer (a name, number or date that is not
// in the question), the article's retrieval score and recency, its position,
// and how many other good sentences and articles offer the same answer. The
// quote around the best sentences that holds the most probability mass is
// the answer; sources are the quotes that add the most mass not yet covered,
// which puts alternative answers before repeats (quote.go). A confidence
// below the threshold gives no answer, only sources.
package answer

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// Retriever is what the answerer needs of the index. It must be safe for
// concurrent use: an answer runs two retrievals at once.
type Retriever interface {
	Retrieve(ctx context.Context, q chronicle.RetrieveQuery) ([]chronicle.Candidate, error)
	DocFreqs(ctx context.Context, stems []string) (int, map[string]int, error)
	// SentenceRepeats returns in how many articles a sentence occurs, for
	// telling boilerplate from news (0 when unknown).
	SentenceRepeats(sentence string) int
	// Newest returns the publication time of the newest article (zero
	// when none is dated): the day an answer without an as-of day is
	// given as of.
	Newest() time.Time
	// Suggest returns, for lower-case words whose stems no article holds,
	// the word they mean as the articles spell it, chosen with the help of
	// context (the other stems of the question); a word without one is
	// left out.
	Suggest(ctx context.Context, words, context []string) (map[string]string, error)
}

// MaxQuote is the longest answer text, in bytes.
const MaxQuote = 320

// Answerer answers questions from a Retriever.
type Answerer struct {
	r     Retriever
	terms *terms.Analyzer
	// Threshold is the confidence below which no answer is given.
	Threshold float64
	// Candidates is how many articles are ranked (default 20).
	Candidates int
	// Sources is how many sources are listed besides the answer (default 3).
	Sources int
	// Model scores sentences.
	Model Model
	// RecentDays is the window before the as-of day whose best articles
	// always join the candidates (0: off).
	RecentDays int
	// ConfidenceModel weighs the answer's signals into its raw confidence
	// score (the zero value keeps the hand-made score).
	ConfidenceModel ConfidenceModel
	// Calibration maps the raw confidence score to the probability that the
	// answer is right (the zero value keeps raw scores).
	Calibration Calibration
	// KeepUncovered answers even when no candidate article holds every
	// name and year of the question (decline.go); for measuring the rule.
	KeepUncovered bool
}

// New returns an Answerer with default settings.
func New(r Retriever) *Answerer {
	return &Answerer{r: r, terms: terms.New(), Threshold: DefaultThreshold, Candidates: 20, Sources: 3,
		Model: DefaultModel(), RecentDays: 30, ConfidenceModel: DefaultConfidenceModel(),
		Calibration: DefaultCalibration()}
}

// DefaultModel returns the shipped sentence model (default_model.go).
func DefaultModel() Model { return defaultModel }

// DefaultConfidenceModel returns the shipped confidence model
// (default_calibration.go).
func DefaultConfidenceModel() ConfidenceModel {
	return ConfidenceModel{W: slices.Clone(defaultConfidence.W), B: defaultConfidence.B}
}

// DefaultCalibration returns the shipped confidence calibration
// (default_calibration.go).
func DefaultCalibration() Calibration {
	return Calibration{X: slices.Clone(defaultCalibration.X), Y: slices.Clone(defaultCalibration.Y)}
}

// MaxQuestion is the longest question Ask reads, in characters: /ask takes
// 300, and a real question with its context a few hundred (the longest of
// the RealTimeQA questions is 232); one of megabytes, which bot ask
// --batch and --json passed whole, took seconds and hundreds of MB
// (helper 77). A longer one is refused, not cut: what it asks may be at
// its end.
const MaxQuestion = 2000

// errTooLong is the error of a question of n characters, over MaxQuestion.
func errTooLong(n int) error {
	return chronicle.Errorf(chronicle.EINVALID, "That question is %d characters long; ask it in at most %d.", n, MaxQuestion)
}

// analyze reads question as Ask and Explain do: the user error of one
// over MaxQuestion characters, in another language or without a word to
// search.
func (a *Answerer) analyze(question string) (Question, error) {
	if n := utf8.RuneCountInString(question); n > MaxQuestion {
		return Question{}, errTooLong(n)
	}
	if notEnglish(terms.CleanQuery(question)) { // "𝐖𝐡𝐨" is Latin to a reader
		return Question{}, chronicle.Errorf(chronicle.EINVALID,
			"I can only read questions in English (the sources are English news). Please ask again in English.")
	}
	question, linked := withoutLinks(question)
	q := Analyze(a.terms, question)
	if linked && (len(q.Terms) == 0 || q.Wh == "" && ownWords(q) < minOwnWords) {
		return q, chronicle.Errorf(chronicle.EINVALID,
			"That is a link: I answer questions about the news in words, for example: Who claimed the Moscow attack? "+
				"(To find an indexed article, search the words of its title.)")
	}
	if len(q.Terms) == 0 {
		return q, chronicle.Errorf(chronicle.EINVALID,
			"Ask a question about a news event in a few words, for example: Who claimed the Moscow attack?")
	}
	if !hasWord(q) {
		return q, chronicle.Errorf(chronicle.EINVALID,
			"That asks about figures alone, which no news report answers; ask about an event in words, for example: "+
				"How many people died in the Moscow attack?")
	}
	if q.Wh == "" && newsWords(q) < minOwnWords || a.asksNoEvent(q) {
		return q, chronicle.Errorf(chronicle.EINVALID,
			"That says too little to answer or check against the news: it takes a few words about an event, for example: "+
				"Who claimed the Moscow attack? (To find the articles that name something, use search.)")
	}
	return q, nil
}

// link is a web address as people paste one.
var link = regexp.MustCompile(`(?i)(?:https?://|www\.)[^\s<>"'“”]+`)

// withoutLinks returns text with its web addresses left out, and whether
// it had one. A link's parts are no words of a question: a pasted address
// ("https://www.bbc.co.uk/news/world-europe-68644916") was answered as the
// words "news world europe" at a confidence of 0.76 (nu42).
func withoutLinks(text string) (string, bool) {
	if !strings.Contains(text, "://") && !strings.Contains(strings.ToLower(text), "www.") {
		return text, false
	}
	out := link.ReplaceAllStringFunc(text, func(l string) string {
		// The sentence's own stop or question mark is no part of it.
		return " " + l[len(strings.TrimRight(l, ".,;:!?)")):]
	})
	return out, out != text
}

// minOwnWords is the fewest distinct words of its own (not stop words, not
// the related words the analysis adds) that text without a question word
// must have to be answered: "hello", "test" or "the news" were answered
// with a quote about whatever held the word, at a confidence up to 0.75
// (helper 77). A question word makes one word a question ("Who is
// Zelensky?", "Where is Gaza?"), which is answered; every RealTimeQA
// question has three words of its own or more.
const minOwnWords = 2

// hasWord reports whether one of q's own words has a letter. "What is
// 2+2?" or "how much is 15% of 80" share only figures with the sources,
// and a table of game times ("2 p.m.") answered the first at a confidence
// of 0.72; a question of news names something in words ("How many died in
// 2024?").
func hasWord(q Question) bool {
	for _, t := range q.Terms {
		if t.Expansion {
			continue
		}
		for _, r := range t.Lower {
			if unicode.IsLetter(r) {
				return true
			}
		}
	}
	return false
}

// ownWord reports whether t is a word of the question's own (not a related
// word the analysis adds) of two characters or more: letters alone ("d e
// f", "x y z") matched a World Cup schedule's group letters at a
// confidence of 0.80 (helper 82).
func ownWord(t Term) bool {
	return !t.Expansion && utf8.RuneCountInString(t.Lower) > 1
}

// chatWords greet or address the bot, and name no news: "hello bot" was
// answered with the closest sources about bots (nu44) where "hello" alone
// was told to say more.
var chatWords = map[string]bool{
	"hello": true, "hi": true, "hey": true, "hiya": true, "yo": true, "thanks": true, "thank": true, "thx": true,
	"please": true, "pls": true, "bot": true, "chronicle": true, "test": true, "testing": true, "ok": true,
	"okay": true, "morning": true, "evening": true, "good": true, "lol": true, "help": true,
}

// newsWords counts q's own words (ownWords) that are not chatWords in
// lower case (a name such as "Good Morning America" counts).
func newsWords(q Question) int {
	return distinctStems(q, func(t Term) bool { return ownWord(t) && (t.Proper || !chatWords[t.Lower]) })
}

// ownWords counts the distinct stems of q's own words (ownWord).
func ownWords(q Question) int { return distinctStems(q, ownWord) }

// distinctStems counts the distinct stems of q's terms that keep holds.
func distinctStems(q Question, keep func(Term) bool) int {
	seen := map[string]bool{}
	for _, t := range q.Terms {
		if keep(t) {
			seen[t.Stem] = true
		}
	}
	return len(seen)
}

// asksNoEvent reports whether q is a question word followed by one word of
// its own and nothing else that names anything: "Who won?", "Who died?",
// "What happened?", "What time is it?". It was answered at a confidence
// up to 0.75 with a quote about whichever game or death ranked first
// (helper 82). A name ("Who is Putin?", "Where is Gaza?") or a word after
// a linking verb ("who is putin") names what is asked about.
func (a *Answerer) asksNoEvent(q Question) bool {
	if q.Wh == "" || ownWords(q) != 1 {
		return false
	}
	var own Term
	for _, t := range q.Terms {
		if ownWord(t) {
			own = t
		}
	}
	if own.Proper || own.Lead {
		return false
	}
	toks := a.terms.Tokens(q.Text)
	i := whToken(q, toks)
	if i < 0 {
		return false
	}
	// "who's zelensky": the 's is the linking verb (review rev40).
	if strings.ContainsAny(q.Text[toks[i].Start:toks[i+1].Start], "'’") {
		return false
	}
	return toks[i+1].Lower == own.Lower
}

// Ask answers question with evidence published on or before asOf (zero:
// no limit).
func (a *Answerer) Ask(ctx context.Context, question string, asOf time.Time) (chronicle.Answer, error) {
	ans, _, err := a.AskSignals(ctx, question, asOf)
	return ans, err
}

// AskSignals is Ask that also returns the answer-level signals its
// confidence was computed from (marked Declined when there is no answer to
// weigh), for learning a ConfidenceModel.
func (a *Answerer) AskSignals(ctx context.Context, question string, asOf time.Time) (chronicle.Answer, Signals, error) {
	sig := Signals{Declined: true} // until there is an answer to weigh
	q, err := a.analyze(question)
	if err != nil {
		echo := strings.TrimSpace(question)
		if utf8.RuneCountInString(question) > MaxQuestion { // refused for its length: its start is echoed
			echo = strings.TrimSpace(question[:chronicle.RuneCut(question, MaxQuestion)]) + "…"
		}
		return chronicle.Answer{Question: echo, AsOf: asOf}, sig, err
	}
	ans := chronicle.Answer{Question: strings.TrimSpace(question), AsOf: asOf}
	q, searched, err := a.correct(ctx, q)
	if err != nil {
		return ans, sig, fmt.Errorf("ask %q: %w", question, err)
	}
	ans.Searched = searched
	ans.Present, ans.Standing, ans.Day = q.Present, q.Standing && !q.Present, a.answerDay(asOf)
	// One day for the note ("Current as of") and for what is left out as
	// dated after it, however the index changes meanwhile.
	ranked, misdated, err := a.rankAt(ctx, q, asOf, ans.Day)
	ans.Misdated = misdated
	if err != nil {
		return ans, sig, fmt.Errorf("ask %q: %w", question, err)
	}
	sig = a.compose(&ans, ranked)
	return ans, sig, nil
}

// answerDay is the day a question is answered as of: asOf, or without one
// the day of the newest article (zero for an empty index). News is judged
// by its age on that day (recency, the recent window), as the model
// learned it. Before, without an as-of day the age was unknown and weighed
// nothing: on the RealTimeQA dev questions asked that way, 23% answered
// instead of 50% (docs/ANSWER.md, step 7).
func (a *Answerer) answerDay(asOf time.Time) time.Time {
	if asOf.IsZero() {
		if t := a.r.Newest(); !t.IsZero() {
			t = t.UTC() // the UTC day, as --as-of and the citations read it
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		}
	}
	return asOf
}

// rank retrieves candidate articles for q and ranks their sentences.
func (a *Answerer) rank(ctx context.Context, q Question, asOf time.Time) ([]scored, error) {
	ranked, _, err := a.rankAt(ctx, q, asOf, a.answerDay(asOf))
	return ranked, err
}

// rankAt is rank as of ref, the day answered as of (answerDay), also
// returning how many matching articles it left out as misdated
// (dropMisdated).
func (a *Answerer) rankAt(ctx context.Context, q Question, asOf, ref time.Time) ([]scored, int, error) {
	stems := make([]string, 0, len(q.Terms))
	for _, t := range q.Terms {
		stems = append(stems, t.Stem)
	}
	n, df, err := a.r.DocFreqs(ctx, stems)
	if err != nil {
		return nil, 0, err
	}
	r := newRanker(q, a.terms, n, df, ref, a.Model)
	r.repeats = a.r.SentenceRepeats
	rq := retrieval(q, asOf, a.Candidates, n, df)
	pre := newPreread(r)
	cands, err := a.retrieve(ctx, rq, ref, pre)
	if err != nil {
		return nil, 0, err
	}
	misdated := 0
	if asOf.IsZero() {
		cands, misdated = dropMisdated(cands, ref)
	}
	if len(cands) == 0 && len(rq.Terms) < len(q.Terms) {
		// The rarer words alone matched nothing: search with every word.
		rq = retrieval(q, asOf, a.Candidates, 0, nil)
		pre = newPreread(r)
		if cands, err = a.retrieve(ctx, rq, ref, pre); err != nil {
			return nil, 0, err
		}
		if asOf.IsZero() {
			cands, misdated = dropMisdated(cands, ref)
		}
	}
	return r.rank(cands, pre), misdated, nil
}

// dropMisdated leaves out of cands, retrieved without an as-of day, the
// articles dated after ref, the day answered as of (that of the newest
// article dated by tomorrow, UTC, index.Newest; zero when none is), and
// returns how many it left out. Such an article is dated after tomorrow,
// ahead of every clock (chronicle.LastUndoubted): its date is taken for a
// mistake. One dated tomorrow is not: it was left out (helper 140). Weighed as undated (rank.go, recency), it was still
// quoted, under "Current as of" a day before its own date, and led a
// present question's reports as the newest (quote.go, alternatives.go
// order reports by date); asked --as-of that day, the index leaves it out.
// Undated articles stay. Only the main search needs it: the recent window
// ends on ref.
func dropMisdated(cands []chronicle.Candidate, ref time.Time) ([]chronicle.Candidate, int) {
	end := ref.AddDate(0, 0, 1) // as recency reads "on or before ref"
	kept := cands[:0]
	for _, c := range cands {
		if p := c.Article.Published; p.IsZero() || !ref.IsZero() && p.Before(end) {
			kept = append(kept, c)
		}
	}
	return kept, len(cands) - len(kept)
}

// retrieve runs rq and, with a day to answer as of (asOf: the as-of day,
// or the newest article's), the same query over the RecentDays before it:
// news questions are mostly about the days before the as-of day, so the
// best articles of that window join the candidates even when older
// articles match the words better. The two searches run at the
// same time, and the window's articles are read (pre) while the other
// search still runs.
func (a *Answerer) retrieve(ctx context.Context, rq chronicle.RetrieveQuery, asOf time.Time, pre *preread) ([]chronicle.Candidate, error) {
	if asOf.IsZero() || a.RecentDays <= 0 {
		pre.run(nil)
		return a.r.Retrieve(ctx, rq)
	}
	recentQ := rq
	recentQ.From = asOf.AddDate(0, 0, -a.RecentDays)
	if recentQ.To.IsZero() {
		// Without an as-of day the window still ends on the day answered
		// as of: an article dated later is misdated (index.Newest).
		recentQ.To = asOf
	}
	recentQ.Limit = max(1, a.Candidates/3)
	var recent []chronicle.Candidate
	var recentErr error
	done := make(chan struct{})
	go func() {
		recent, recentErr = a.r.Retrieve(ctx, recentQ)
		got := recent
		close(done)
		if recentErr != nil {
			got = nil
		}
		pre.run(got)
	}()
	cands, err := a.r.Retrieve(ctx, rq)
	pre.halt()
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
// every word. Of the question's own words, at least minRetrievalWords stay
// in the query (the rarest of those over maxRetrievalDF come back), so that a
// question made of common words ("which country elected its first woman
// president") is not searched by one word alone.
func retrieval(q Question, asOf time.Time, limit, n int, df map[string]int) chronicle.RetrieveQuery {
	rq := chronicle.RetrieveQuery{Limit: limit, To: asOf}
	share := func(t Term) float64 {
		if n < minDFCorpus {
			return 0
		}
		return float64(df[t.Stem]) / float64(n)
	}
	// The common own words to keep: the rarest, up to the minimum.
	var kept, common []Term
	for _, t := range q.Terms {
		if t.Expansion {
			continue
		}
		if share(t) > maxRetrievalDF {
			common = append(common, t)
		} else {
			kept = append(kept, t)
		}
	}
	sort.SliceStable(common, func(i, j int) bool { return share(common[i]) < share(common[j]) })
	back := map[string]bool{}
	for i := 0; i < len(common) && len(kept)+i < minRetrievalWords; i++ {
		back[common[i].Stem] = true
	}
	for _, t := range q.Terms {
		sh := share(t)
		if sh > maxRetrievalDF && !back[t.Stem] {
			continue
		}
		boost := 1.0
		switch {
		case t.Expansion:
			boost = 0.3
		case t.Proper:
			boost = 1.5
		}
		rq.Terms = append(rq.Terms, chronicle.WeightedTerm{Text: t.Lower, Boost: boost, TextOnly: sh > maxTitleDF})
	}
	for _, p := range q.Phrases {
		rq.Phrases = append(rq.Phrases, chronicle.WeightedTerm{Text: p, Boost: 1.5})
	}
	return rq
}

// minRetrievalWords is the fewest of the question's own words a query
// keeps. RTQA dev, bot tune held-out top-1: 0.475 without, 0.482 with 2 or
// 3 (and, measured while "many" was still a search word, 0.478 with 4, 0.484
// with 5, 0.472 keeping every word at 19 ms instead of 14 median). 3 brings
// "people" back into "how many people have been detained over the attack",
// and a 1987 riot report with it, so 2.
const minRetrievalWords = 2

// compose fills the answer and sources from ranked sentences and returns
// the signals its confidence was computed from.
func (a *Answerer) compose(ans *chronicle.Answer, ranked []scored) Signals {
	if len(ranked) == 0 {
		return Signals{Declined: true}
	}
	qt := newQuoter(ranked)
	options := qt.startOptions()
	recent := ranked[0].r != nil && ranked[0].r.q.Recent
	c, at := qt.lead(recent)
	if ranked[0].r != nil && ranked[0].r.q.Present {
		if pc, pat, ok := qt.presentLead(c); ok {
			c, at = pc, pat
		}
	}
	sig := qt.signals(c, at)
	ans.Confidence = a.Calibration.Apply(a.ConfidenceModel.Raw(sig))
	if r := ranked[0].r; r != nil && !r.keyCovered && !a.KeepUncovered {
		// The sources do not name what the question is about (decline.go).
		ans.Missing = slices.Clone(r.missing)
		ans.Confidence = 0
		sig.Declined = true
	}
	if r := ranked[0].r; r != nil && !sig.Declined && !r.sharesWord(c.Text) {
		// The quote holds none of the question's words as written: it
		// is about something else, however it scored (decline.go).
		ans.Confidence = 0
		sig.Declined = true
	}
	if r := ranked[0].r; r != nil && !sig.Declined && r.saysNothing(c.Text) {
		// The quote is one or two of the question's own words, repeated:
		// it answers nothing (decline.go).
		ans.Confidence = 0
		sig.Declined = true
	}
	if ans.Confidence >= a.Threshold && ans.Missing == nil {
		ans.Best = &c
		qt.alternatives(ans, c, at)
	}
	ans.Sources = qt.sources(ans.Best, a.Sources, options())
	if ans.Best != nil {
		if v := qt.present(ans.Best, ans.Value); v != ans.Value {
			ans.Value = v
			if v == "" {
				// What agreed or differed was the stamp's reading.
				ans.Agreement, ans.Alternatives = 0, nil
			}
		}
	}
	for i := range ans.Sources {
		qt.present(&ans.Sources[i], "")
	}
	return sig
}

// handConfidence is the hand-made raw confidence score in [0, 1] (the zero
// ConfidenceModel's score, and a signal of the learned one): half the best
// sentence's evidence, half the support of the quoted answer
// (quoter.support). Blending
// the two ranks answers by correctness better than either alone (RTQA dev,
// precision of the 70% most confident: evidence 0.554, support 0.586, both
// 0.600).
func handConfidence(ranked []scored, support float64) float64 {
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
