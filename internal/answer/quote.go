package answer

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// quoteChoices is how many of the best sentences compete as the centre of
// the answer's quote.
const quoteChoices = 5

// supportShare is the weight of support in choosing the answer's quote,
// for a question that asks for a name or a figure (Kind.readable): support
// is agreement on those, and for a claim or a question of another kind it
// favoured a passage whose incidental names the article repeats over the
// one that speaks of the claim (session 39: out-of-fold 0.497 -> 0.499 at
// @1, 4 questions gained and 3 lost, @3 the same). RTQA dev accuracy@1 /
// @3: 0 -> 0.491 / 0.673, 0.25 -> 0.499 / 0.667 (20 questions gained, 14
// lost, +3 in each half), 0.5 -> 0.496 / 0.669, 1 -> 0.469 / 0.676.
const supportShare = 0.25

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
	lows  []string // terms.ASCIILower of the best sentences, made when first needed
	// cut holds what each quote trimmed at its start was cut from, by the
	// quote's article, paragraph and text, for present: the text alone is
	// not enough, since two articles (rewrites of one wire story) can be
	// cut to the same text from sentences that differ before the cut,
	// where TrimNames looks.
	cut map[cutKey]uncut
	// firsts caches firstNames by article, for present.
	firsts map[*chronicle.Article]nameBook
}

// uncut is a quote's widened text before its trim, with the spans to
// highlight and the focus the trim kept inside.
type uncut struct {
	text  string
	spans []chronicle.Span
	focus int
	// ambiguous: sentences with different words were cut to the same
	// quote (quoter.quote); present leaves it as cut.
	ambiguous bool
}

// cutKey identifies a quote trimmed at its start (quoter.cut).
type cutKey struct {
	article string
	para    int
	text    string
}

// unit is one sentence of an article: paragraph and span.
type unit struct {
	para int
	sp   span
	// boiler marks boilerplate, which a quote never takes in: boilerUnknown
	// until a quote asks (isBoiler), since it costs a look-up in the index.
	boiler boilerState
}

// boilerState is whether a unit is boilerplate, once known.
type boilerState uint8

const (
	boilerUnknown boilerState = iota
	boilerNo
	boilerYes
)

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
		q.cands[i] = ranked[i].kindCands()
	}
	for i, s := range ranked {
		k := sentenceKey{s.art, s.para, s.start}
		if _, ok := q.at[k]; !ok {
			q.at[k] = i
		}
	}
	return q
}

// best returns the answer's quote for a question not about the current
// state (see lead).
func (q *quoter) best() chronicle.Citation {
	c, _ := q.lead(false)
	return c
}

// lead returns, of the quotes around the best few sentences, the one that
// holds the most probability mass of the best sentences (a passage holding
// two likely sentences beats one holding a single slightly likelier
// sentence), blended with the mass of the sentences that back its answer
// (support: other sentences offering a name or number it states). For a
// question about the current state, of the quotes whose mass and support
// are within margins of the best's (recentMass, recentSupport), the one
// from the newest article leads. at is the ranked sentence the quote was
// made around.
func (q *quoter) lead(recent bool) (c chronicle.Citation, at int) {
	type choice struct {
		c             chronicle.Citation
		at            int
		mass, support float64
	}
	var choices []choice
	top := -1
	share := supportShare // of a question for a name or figure only
	if q.n > 0 && q.ranked[0].r != nil && !q.ranked[0].r.q.Kind.readable() {
		share = 0
	}
	for i := 0; i < min(quoteChoices, q.n); i++ {
		c := q.quote(q.ranked[i])
		mass := 0.0
		for _, j := range q.held(c.Text, q.ranked[i].art) {
			mass += q.p[j]
		}
		sup := q.support(c)
		mass = (1-share)*mass + share*sup
		choices = append(choices, choice{c, i, mass, sup})
		if top < 0 || mass > choices[top].mass {
			top = len(choices) - 1
		}
	}
	if top < 0 {
		return chronicle.Citation{}, 0
	}
	lead := top
	if !recent {
		return choices[lead].c, choices[lead].at
	}
	readable := q.ranked[0].r != nil && q.ranked[0].r.q.Kind.readable()
	for i, ch := range choices {
		if ch.mass < recentMass*choices[top].mass || ch.support < recentSupport*choices[top].support ||
			!ch.c.Published.After(choices[lead].c.Published) {
			continue
		}
		if _, ok := q.leadReading(ch.c, ch.at); readable && !ok {
			continue // it offers no answer of the kind asked for
		}
		lead = i
	}
	return choices[lead].c, choices[lead].at
}

// presentChoices and presentShare bound the sentences that compete to lead
// the answer to a question about the present (Question.Present): the best
// presentChoices, each with at least presentShare of the best sentence's
// probability. A report a few days old that says who holds an office now
// scores below a two-year-old one that matches the question's words better
// ("Who is the UK prime minister now?": the 2024 report of the new prime
// minister had a fifth of the probability of a 2022 caption).
const (
	presentChoices = 20
	presentShare   = 0.1
)

// presentLead returns, for a question about the present, the quote around
// the sentence of the newest article among the likely ones (presentChoices,
// presentShare) that offers an answer of the kind asked for, when it is
// newer than the lead c: the newest report that answers the question wins
// over an older one that matches it better. ok is false when no such
// sentence is newer.
func (q *quoter) presentLead(c chronicle.Citation) (nc chronicle.Citation, at int, ok bool) {
	if q.n == 0 {
		return c, 0, false
	}
	readable := q.ranked[0].r != nil && q.ranked[0].r.q.Kind.readable()
	best := -1
	for i := 0; i < min(presentChoices, q.n); i++ {
		if q.p[i] < presentShare*q.p[0] {
			continue
		}
		pub := q.ranked[i].art.Published
		if !pub.After(c.Published) || best >= 0 && !pub.After(q.ranked[best].art.Published) {
			continue
		}
		if readable {
			if _, ok := q.readingOf(i); !ok {
				continue // it offers no answer of the kind asked for
			}
		}
		best = i
	}
	if best < 0 {
		return c, 0, false
	}
	return q.quote(q.ranked[best]), best, true
}

// support is the probability mass of the best sentences that back a quote:
// those it holds and those that offer an answer candidate it names. A quote
// whose answer many likely sentences agree on is more often right than one
// that stands alone.
func (q *quoter) support(c chronicle.Citation) float64 {
	low := strings.ToLower(c.Text)
	norm := normText(c.Text)
	mass := 0.0
	// For a quantity, a report backs a quote whose figure it allows
	// ("more than 100" backs "137").
	var quoted []claim
	if q.n > 0 {
		if r := q.ranked[0].r; r != nil && r.q.Kind.isQuantity() {
			quoted = r.claims(r.an.Tokens(c.Text))
		}
	}
	ws := wordsOf(low)
	for j := 0; j < q.n; j++ {
		ok := q.ranked[j].art.ID == c.ArticleID && strings.Contains(norm, q.norm(j))
		for _, cand := range q.cands[j] {
			if !ok && ws.states(low, cand) {
				ok = true
			}
		}
		if len(quoted) > 0 {
			for _, b := range q.ranked[j].quantityClaims() {
				for _, a := range quoted {
					ok = ok || b.supports(a)
				}
			}
		}
		if ok {
			mass += q.p[j]
		}
	}
	return mass
}

// statesWord reports whether low (lower-case text) holds w as whole words:
// "137" is not stated by "1370", nor "2" by "2024", nor "iran" by "iranian".
func statesWord(low, w string) bool { return holdsWord(low, w, "") }

// holdsWord reports whether low holds w as a whole word, or followed by
// one of endings and then no more of a word.
func holdsWord(low, w string, endings ...string) bool {
	return wordIndex(low, w, endings...) >= 0
}

// wordIndex returns where low first holds w as a whole word, or followed by
// one of endings (none: "") and then no more of a word; -1 when it does not.
func wordIndex(low, w string, endings ...string) int {
	if w == "" {
		return -1
	}
	if len(endings) == 0 {
		endings = []string{""}
	}
	for from := 0; ; {
		i := strings.Index(low[from:], w)
		if i < 0 {
			return -1
		}
		i += from
		if !wordBefore(low, i) {
			rest := low[i+len(w):]
			for _, end := range endings {
				if strings.HasPrefix(rest, end) && !wordAt(rest, len(end)) {
					return i
				}
			}
		}
		from = i + 1
	}
}

// words is the set of the whole words (runs of letters and digits) of a
// lower-case text, to test many candidates against one quote: statesWord
// finds a candidate only where the text's word is the candidate's first
// word.
type words map[string]struct{}

func wordsOf(low string) words {
	ws := words{}
	for i := 0; i < len(low); {
		if !wordAt(low, i) {
			_, n := utf8.DecodeRuneInString(low[i:])
			i += n
			continue
		}
		j := wordEnd(low, i)
		ws[low[i:j]] = struct{}{}
		i = j
	}
	return ws
}

// states is statesWord(low, w) for the text low whose words ws are.
func (ws words) states(low, w string) bool {
	if n := wordEnd(w, 0); n > 0 {
		if _, ok := ws[w[:n]]; !ok {
			return false
		}
	}
	return statesWord(low, w)
}

// wordAt reports whether a word character (isWordRune) starts at byte i of
// s (false at its end). Letters are Unicode's, so "café" does not end at
// "caf", while curly quotes and apostrophes end a word as straight ones do:
// "trump’s" states "trump", "“severance”" states "severance".
func wordAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if b := s[i]; b < utf8.RuneSelf {
		return isASCIIWordByte(b)
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

// wordBefore reports whether a letter or digit ends just before byte i of
// s.
func wordBefore(s string, i int) bool {
	if i <= 0 {
		return false
	}
	if b := s[i-1]; b < utf8.RuneSelf {
		return isASCIIWordByte(b)
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isWordRune(r)
}

// isWordRune reports a character that is part of a word: a letter, a
// number of any kind ("½" of "2½", "²" of "10²"), a combining mark ("é"
// written as "e" and U+0301) or a zero-width joiner.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || r == '\u200d' || r == '\u200c'
}

// wordEnd returns the end of the run of letters and digits that starts at
// byte i of s.
func wordEnd(s string, i int) int {
	for i < len(s) && wordAt(s, i) {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return i
}

// isASCIIWordByte reports an ASCII letter or digit.
func isASCIIWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 'A' && b <= 'Z'
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
		if q.norms[j] = q.ranked[j].norm; q.norms[j] == "" {
			q.norms[j] = normText(q.ranked[j].text)
		}
	}
	return q.norms[j]
}

// sources picks up to k sources after the answer (nil when withheld),
// greedily: each next source is the quote that covers the most probability
// mass not yet covered by the answer and the sources before it (coverage).
// So a source that repeats an answer already quoted adds little, and one
// that offers a different answer adds much: the sources are the likely
// alternatives, with agreeing evidence when there are none. Quoted text never
// repeats and one article gives at most maxPerArticle quotes, unless there
// are too few articles to fill the sources.
func (q *quoter) sources(answer *chronicle.Citation, k int, all []option) []chronicle.Citation {
	cov := newCoverage(q)
	used := map[string]int{}
	var quoted []string // quoteText of each quote given
	if answer != nil {
		used[answer.ArticleID]++
		quoted = append(quoted, quoteText(answer.Text))
		for _, s := range q.ranked[:q.n] {
			if s.art.ID == answer.ArticleID {
				cov.take(cov.of(answer.Text, s.art))
				break
			}
		}
	}
	var opts []option
	for _, o := range all {
		if !containsAny(quoted, q.norm(o.at)) {
			opts = append(opts, o)
		}
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
			if g := cov.gain(o.cv); g > bestGain+1e-12 {
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
		if n := quoteText(c.Text); containsAny(quoted, n) {
			// Its sentence was not in a quote given before, but the quote
			// made around it is: a sentence too long to quote whole is cut,
			// and two sentences near each other can be cut to one window.
			opts = slices.Delete(opts, best, best+1)
			continue
		}
		cov.take(o.cv)
		used[o.s.art.ID]++
		quoted = append(quoted, quoteText(c.Text))
		out = append(out, c)
	}
	return out
}

// option is a sentence that competes as the centre of a source (sources):
// options are judged by their widened text; only the chosen are trimmed
// and highlighted.
type option struct {
	s  *scored
	at int
	cv covered
}

// options widens each of the sourceChoices best sentences and finds what
// it covers.
func (q *quoter) options() []option {
	cov := newCoverage(q)
	opts := make([]option, 0, min(len(q.ranked), sourceChoices))
	for i := 0; i < min(len(q.ranked), sourceChoices); i++ {
		s := &q.ranked[i]
		opts = append(opts, option{s, i, cov.of(q.widen(s), s.art)})
	}
	return opts
}

// startOptions makes the options (for sources) on another goroutine, with
// a quoter of its own (the caches are not shared), while the caller
// chooses the answer's quote: they do not depend on it. The function it
// returns waits for them.
func (q *quoter) startOptions() func() []option {
	o := &quoter{ranked: q.ranked, n: q.n, p: q.p, cands: q.cands, at: q.at, units: map[*chronicle.Article][]unit{}}
	var opts []option
	done := make(chan struct{})
	go func() {
		defer close(done)
		opts = o.options()
	}()
	return func() []option {
		<-done
		return opts
	}
}

// coverage is the probability mass of the best sentences that the quotes
// chosen so far cover. The mass of a sentence that offers answer
// candidates of the kind asked for (names, numbers) is shared among those
// candidates, and a quote covers a candidate wherever it names it; other
// sentences are covered by a quote holding them.
type coverage struct {
	q        *quoter
	candMass map[string]float64
	cands    []string // the keys of candMass, in the order first met
	doneCand map[string]bool
	doneSent []bool
}

// covered lists what one quote covers: candidates and sentences.
type covered struct {
	cands []string
	sents []int
}

func newCoverage(q *quoter) *coverage {
	c := &coverage{q: q, candMass: map[string]float64{}, doneCand: map[string]bool{}, doneSent: make([]bool, q.n)}
	for j, cs := range q.cands {
		for _, cand := range cs {
			if _, ok := c.candMass[cand]; !ok {
				c.cands = append(c.cands, cand)
			}
			c.candMass[cand] += q.p[j] / float64(len(cs))
		}
	}
	return c
}

// of returns what text, a quote of art, covers.
func (c *coverage) of(text string, art *chronicle.Article) covered {
	var cv covered
	low := strings.ToLower(text)
	ws := wordsOf(low)
	for _, cand := range c.cands { // in a fixed order: gain sums their mass
		if ws.states(low, cand) {
			cv.cands = append(cv.cands, cand)
		}
	}
	for _, j := range c.q.held(text, art) {
		if len(c.q.cands[j]) == 0 {
			cv.sents = append(cv.sents, j)
		}
	}
	return cv
}

// gain is the mass cv covers that is not covered yet.
func (c *coverage) gain(cv covered) float64 {
	g := 0.0
	for _, cand := range cv.cands {
		if !c.doneCand[cand] {
			g += c.candMass[cand]
		}
	}
	for _, j := range cv.sents {
		if !c.doneSent[j] {
			g += c.q.p[j]
		}
	}
	return g
}

// take marks what cv covers as covered.
func (c *coverage) take(cv covered) {
	for _, cand := range cv.cands {
		c.doneCand[cand] = true
	}
	for _, j := range cv.sents {
		c.doneSent[j] = true
	}
}

// quoteText returns a quote's text without the marks "…" that a cut adds at
// its start or end, normalised with normText: a quote cut to "… x y z …"
// repeats a quote given before that holds "x y z", and a quote given before
// that was cut holds what its marks surround.
func quoteText(quote string) string {
	s := strings.TrimSpace(quote)
	s = strings.TrimPrefix(s, "…")
	s = strings.TrimSuffix(s, "…")
	return normText(s)
}

// containsAny reports whether any quote already holds a sentence (the
// quotes made with quoteText, the sentence normalised with normText).
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
			units = append(units, unit{para: pi, sp: sp})
		}
	}
	q.units[art] = units
	return units
}

// isBoiler reports whether units[n], a sentence of art (sentencesOf), is
// boilerplate, working it out on first use.
func (q *quoter) isBoiler(art *chronicle.Article, units []unit, n int) bool {
	u := &units[n]
	if u.boiler == boilerUnknown {
		u.boiler = boilerNo
		if len(q.ranked) > 0 && q.ranked[0].r.isBoilerplate(art, art.Paragraphs[u.para].Text[u.sp.start:u.sp.end]) {
			u.boiler = boilerYes
		}
	}
	return u.boiler == boilerYes
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
		Published: s.art.Published, URL: s.art.URL, Paragraph: s.para, LastParagraph: s.para}
	text, parts := q.widenParts(&s)
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
	start, end := window(text, c.Text)
	if first, last := paragraphsHeld(parts, start, end); first >= 0 {
		c.Paragraph, c.LastParagraph = first, last
	}
	if strings.HasPrefix(c.Text, "… ") {
		if q.cut == nil {
			q.cut = map[cutKey]uncut{}
		}
		k := cutKey{c.ArticleID, c.Paragraph, c.Text}
		if prev, ok := q.cut[k]; !ok {
			q.cut[k] = uncut{text: text, spans: spans, focus: focus}
		} else if prev.text != text || prev.focus != focus {
			// Two sentences of the paragraph were cut to this same
			// text, each around its own words: which one a citation
			// of it stands for is not known, so it is shown as cut.
			q.cut[k] = uncut{ambiguous: true}
		}
	}
	return c
}

// present remakes a quote of q (the answer's or a source's, once all are
// chosen) for the reader: a quote cut at its start inside a name starts at
// the name's first word (wholeNames), the page time stamps glued to its
// sentences go (terms.CutStamps: "Updated Jan. 3, 2026, 2:06 p.m. ET The
// United States ..."), and a person the quote names by the last name alone
// gets, in brackets, the first name the article gives them
// (withFirstNames: "said [Kirsty] Coventry"). The quotes compete as they
// were cut and stamped, so that no answer or source changes for it; only
// the text shown does. keep is the answer's value, for its own quote (""
// for a source's): making a name whole never loses it, and cutting a stamp
// loses it only when the stamp alone stated it.
//
// It returns the value as the quote now states it: a name read across the
// time zone that ends a stamp ("ET Bob Jones" of "... 2:06 p.m. ET Bob
// Jones won ...") loses the zone with the stamp, a value read from the
// stamp alone is no value (""), and a last name given its first name is
// the full name ("Kirsty Coventry").
func (q *quoter) present(c *chronicle.Citation, keep string) string {
	before := c.Text
	q.wholeNames(c, keep)
	q.cutByline(c, keep)
	keep = q.cutStamps(c, keep)
	art := q.article(c.ArticleID)
	if art != nil && c.Text != before {
		// The text shown starts or ends elsewhere now: a stamp or caption
		// cut from its start left "paragraphs 1–2" for a quote all in
		// paragraph 2 (review rev40).
		settleParagraphs(c, art)
	}
	if art != nil {
		book := q.firstNames(art)
		text, highlights := withFirstNames(c.Text, c.Highlights, book, MaxQuote)
		if text != c.Text {
			c.Text, c.Highlights = text, highlights
			if f := book.firsts[keep]; f != "" && strings.Contains(text, "["+f+"] "+keep) {
				keep = f + " " + keep
			}
		}
	}
	return keep
}

// settleParagraphs sets the paragraphs of c to those of art its text starts
// and ends in, looked for from the range quote found (a paragraph or two
// earlier, where a name made whole moved the start back): the first and
// last words of the text, past the ellipses of a cut. A text not found as
// written keeps the range it has.
func settleParagraphs(c *chronicle.Citation, art *chronicle.Article) {
	core := untrimmed(c.Text)
	const probe = 24
	if len(core) < probe {
		return
	}
	head := core[:chronicle.RuneCut(core, probe)]
	tail := core[chronicle.RuneCut(core, len(core)-probe):]
	last := min(c.LastPara(), len(art.Paragraphs)-1)
	first := -1
	for p := max(0, c.Paragraph-2); p <= last; p++ {
		if strings.Contains(art.Paragraphs[p].Text, head) {
			first = p
			break
		}
	}
	if first < 0 {
		return
	}
	end := -1
	for p := last; p >= first; p-- {
		if strings.Contains(art.Paragraphs[p].Text, tail) {
			end = p
			break
		}
	}
	if end < 0 {
		return
	}
	c.Paragraph, c.LastParagraph = first, end
}

// cutByline takes a reporter's byline off the start of a quote (present):
// a quote widened across the paragraphs a page sets its byline in started
// with it ("Michael Holden and Sam Tobin Reuters LONDON - Prince Harry
// settled ...": 7 of the 676 RealTimeQA dev answers). A byline that states
// the answer's value stays.
func (q *quoter) cutByline(c *chronicle.Citation, keep string) {
	text, highlights := terms.CutByline(c.Text, c.Highlights)
	if text == c.Text || losesValue(c.Text, text, keep) {
		return
	}
	c.Text, c.Highlights = text, highlights
}

// cutStamps takes the page time stamps out of a quote (present).
func (q *quoter) cutStamps(c *chronicle.Citation, keep string) string {
	text, highlights := terms.CutStamps(c.Text, c.Highlights)
	if text == c.Text {
		return keep
	}
	if losesValue(c.Text, text, keep) {
		// The value was read from the stamp: a page's time, not the
		// report's ("ET" as a name, "5" of "May 5, 2026" as a figure).
		// The quote goes without it, and the answer without a value.
		keep = terms.TrimZone(keep)
		if losesValue(c.Text, text, keep) {
			keep = ""
		}
	}
	c.Text, c.Highlights = text, highlights
	return keep
}

// article returns the ranked article with the given ID, or nil.
func (q *quoter) article(id string) *chronicle.Article {
	for _, s := range q.ranked {
		if s.art.ID == id {
			return s.art
		}
	}
	return nil
}

// firstNames returns the first names of the article's people (firstNames),
// made once a question.
func (q *quoter) firstNames(art *chronicle.Article) nameBook {
	if f, ok := q.firsts[art]; ok {
		return f
	}
	if q.firsts == nil {
		q.firsts = map[*chronicle.Article]nameBook{}
	}
	f := firstNames(art)
	q.firsts[art] = f
	return f
}

// losesValue reports whether the value keep is stated in text but not in
// after.
func losesValue(text, after, keep string) bool {
	if keep == "" {
		return false
	}
	v := normText(keep)
	return v != "" && strings.Contains(normText(text), v) && !strings.Contains(normText(after), v)
}

// wholeNames starts a quote cut at its start inside a name at the name's
// first word (terms.TrimNames).
//
// The window moves back to the name's start and its end with it, so a
// value the quote stated near its end can fall out: such a quote is shown
// as cut.
func (q *quoter) wholeNames(c *chronicle.Citation, keep string) {
	u, ok := q.cut[cutKey{c.ArticleID, c.Paragraph, c.Text}]
	if !ok || u.ambiguous {
		return
	}
	text, highlights := terms.TrimNames(u.text, u.spans, u.focus, MaxQuote-8)
	if losesValue(c.Text, text, keep) {
		return
	}
	c.Text, c.Highlights = text, highlights
}

// widen returns a sentence with whole neighbouring sentences of the article
// added (the better scored side first, across paragraph breaks, which
// become a space) while the text fits MaxQuote.
func (q *quoter) widen(s *scored) string {
	text, _ := q.widenParts(s)
	return text
}

// part is one sentence of a widened quote: its paragraph and where it ends
// in the quote's text.
type part struct{ para, end int }

// widenParts is widen, with the sentences the text joins, in order.
func (q *quoter) widenParts(s *scored) (string, []part) {
	units := q.sentencesOf(s.art)
	at := -1
	for i, u := range units {
		if u.para == s.para && u.sp.start == s.start {
			at = i
			break
		}
	}
	if at < 0 {
		return s.text, []part{{s.para, len(s.text)}}
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
			if n < 0 || n >= len(units) || size+1+len(textOf(units[n])) > MaxQuote || q.isBoiler(s.art, units, n) {
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
	var b strings.Builder
	parts := make([]part, 0, hi-lo+1)
	for _, u := range units[lo : hi+1] {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(textOf(u))
		parts = append(parts, part{u.para, b.Len()})
	}
	return b.String(), parts
}

// paragraphsHeld returns the first and last paragraph of the sentences
// (parts of text) that the window [start, end) of text holds a piece of.
func paragraphsHeld(parts []part, start, end int) (first, last int) {
	first, last = -1, -1
	from := 0
	for _, p := range parts {
		if p.end > start && from < end {
			if first < 0 {
				first = p.para
			}
			last = p.para
		}
		from = p.end + 1
	}
	return first, last
}

// untrimmed is the text of a trimmed quote without the ellipses terms.Trim
// puts at a cut start ("… ") and a cut end (" …").
func untrimmed(trimmed string) string {
	return strings.TrimSuffix(strings.TrimPrefix(trimmed, "… "), " …")
}

// window is where the text of a trimmed quote stands in the text it was
// cut from.
func window(text, trimmed string) (start, end int) {
	core := untrimmed(trimmed)
	start = 0
	if strings.HasPrefix(trimmed, "… ") {
		if i := strings.Index(text, core); i >= 0 {
			start = i
		}
	}
	return start, start + len(core)
}
