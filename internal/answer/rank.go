package answer

import (
	"cmp"
	"math"
	mathbits "math/bits"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// scored is one candidate sentence with its features and score.
type scored struct {
	art     *chronicle.Article
	para    int
	text    string // verbatim sentence
	norm    string // normText(text), made for the sentences rank keeps
	start   int    // byte offset of text in the paragraph
	score   float64
	f       Features
	matched []chronicle.Span
	st      []terms.Token // tokens, offsets relative to the paragraph
	r       *ranker       // the ranker that scored it, for highlighting
	// cands caches kindCands and claims caches quantityClaims (the vote and
	// the quoter both read them).
	cands     []string
	hasCands  bool
	claims    []claim
	hasClaims bool
}

// quantityClaims returns the quantity claims of the sentence
// (ranker.claims), computed once.
func (s *scored) quantityClaims() []claim {
	if !s.hasClaims && s.r != nil {
		s.claims, s.hasClaims = s.r.claims(s.st), true
	}
	return s.claims
}

// kindCands returns the answer candidates of the kind asked for that the
// sentence offers (ranker.kindCandidates), computed once.
func (s *scored) kindCands() []string {
	if !s.hasCands && s.r != nil {
		s.cands, s.hasCands = s.r.kindCandidates(s.st, s.text, s.start), true
	}
	return s.cands
}

// ranker scores sentences of candidate articles for one question.
type ranker struct {
	q     Question
	an    *terms.Analyzer
	idf   map[string]float64 // by stem
	total float64            // idf weight of the question's own terms
	// minWeight is the least question weight a sentence must hold to be
	// scored (see minSentenceCov).
	minWeight float64
	qStems    map[string]bool    // every question stem (terms and expansions)
	pairs     map[[2]string]bool // adjacent question stems, for phrase overlap
	// variantOf maps a derived form's stem to its question word's stem.
	variantOf map[string]string
	asOf      time.Time
	model     Model
	// prefixes of the question stems: a paragraph containing none of them
	// (case-insensitively) cannot match and is not tokenized.
	prefixes []string
	pre      *prefixSet // the prefixes, to search (mayMatch)
	// bits gives each question stem (at most 64) a bit, for cheap sets;
	// bitStems[i] is the stem of bit i.
	bits     map[string]uint64
	bitStems []string
	// placeKind is the gazetteer of the kind of place the question names
	// ("which state"), or nil.
	placeKind map[string]bool
	// maxIDF is the weight of the question's rarest word.
	maxIDF float64
	// heads are the first three letters of every question stem (the whole
	// stem when shorter), for mayBeQuestionWord.
	heads *terms.Heads
	// repeats counts the articles a sentence occurs in (nil: unknown);
	// cuts is each candidate's boilerplate cut (boilerplate.go;
	// cutUnknown when its reading did not need it).
	repeats func(string) int
	cuts    map[*chronicle.Article]int
	// keyBits are the bits of the question's key terms (decline.go);
	// keyCovered is whether a candidate article holds them all, and
	// missing, when not, the key words the closest one lacks.
	keyBits    uint64
	keyCovered bool
	missing    []string
	// unknownKeys are key terms that no indexed article holds.
	unknownKeys []string
	// emptyStem is whether "" is a question stem; when it is not (always,
	// in practice), the tokens left unstemmed by TokensMatching (most of
	// them) are told apart from question words without a map lookup.
	emptyStem bool
	// words holds what the scoring needs of each question stem (qword), so
	// that a token's stem is looked up once per paragraph (lookUp) instead
	// of once in each feature.
	words map[string]qword
	// ownBits are the bits of the question's own words (not expansions),
	// in order, for overlap.
	ownBits []uint64
}

// qword is what the scoring reads of a token's stem: its question bit (0:
// none, or past the 64 with one), that bit with the bit of the question
// word it is a variant of, its idf weight, and whether it is a question
// stem at all. The zero qword is a word not in the question.
type qword struct {
	bit, withVariant uint64
	idf              float64
	q                bool
}

// lookUp appends the qword of each token to qw.
func (r *ranker) lookUp(qw []qword, toks []terms.Token) []qword {
	for _, t := range toks {
		var w qword
		if t.Stem != "" || r.emptyStem {
			w = r.words[t.Stem]
		}
		qw = append(qw, w)
	}
	return qw
}

func newRanker(q Question, an *terms.Analyzer, n int, df map[string]int, asOf time.Time, m Model) *ranker {
	r := &ranker{q: q, an: an, idf: map[string]float64{}, qStems: map[string]bool{}, pairs: map[[2]string]bool{},
		variantOf: map[string]string{}, asOf: asOf, model: m, bits: map[string]uint64{}}
	if q.Kind == KindPlace {
		r.placeKind = placeKinds[strings.ToLower(q.Focus)]
	}
	raw := func(stem string) float64 {
		d := float64(df[stem])
		return math.Log(1 + (float64(n)-d+0.5)/(d+0.5))
	}
	known := map[string]bool{} // question words that some article contains
	for _, t := range q.Terms {
		if df == nil || df[t.Stem] > 0 {
			known[t.Stem] = true
			if t.Variant {
				known[t.Of] = true
			}
		}
	}
	prev := ""
	for _, t := range q.Terms {
		w := raw(t.Stem)
		switch {
		case t.Variant:
			w = raw(t.Of)
		case t.Expansion:
			w *= 0.4
		case !known[t.Stem]:
			// No article holds this word: it cannot tell sentences apart.
			w = 0
		}
		if t.Proper {
			w *= 1.2
		}
		if !t.Expansion {
			r.total += w
			if prev != "" {
				r.pairs[[2]string{prev, t.Stem}] = true
			}
			prev = t.Stem
		}
		r.idf[t.Stem] = w
		r.qStems[t.Stem] = true
		if _, ok := r.bits[t.Stem]; !ok && len(r.bits) < 64 {
			r.bits[t.Stem] = 1 << len(r.bits)
			r.bitStems = append(r.bitStems, t.Stem)
		}
		if (keyTerm(t) && !t.Initial || t.Lead) && !known[t.Stem] {
			// A capitalised first word no article holds ("Kyiv
			// attack?") is a name the sources lack, as one inside the
			// question is.
			r.unknownKeys = append(r.unknownKeys, t.Lower)
		}
		if t.Variant {
			r.variantOf[t.Stem] = t.Of
		}
	}
	r.emptyStem = r.qStems[""]
	r.words = make(map[string]qword, len(r.qStems))
	for stem := range r.qStems {
		w := qword{bit: r.bits[stem], idf: r.idf[stem], q: true}
		w.withVariant = w.bit
		if of := r.variantOf[stem]; of != "" && w.bit != 0 {
			w.withVariant |= r.bits[of]
		}
		r.words[stem] = w
	}
	for _, t := range q.Terms {
		if !t.Expansion {
			r.ownBits = append(r.ownBits, r.bits[t.Stem])
		}
	}
	stems := make([]string, 0, len(q.Terms)+1)
	for _, t := range q.Terms {
		stems = append(stems, t.Stem)
	}
	if q.FocusStem != "" {
		stems = append(stems, q.FocusStem)
	}
	r.heads = terms.NewHeads(stems)
	// Paragraphs are only read when they hold one of the question's
	// distinctive words: those that weigh at least a fifth of the heaviest.
	heaviest := 0.0
	for _, w := range r.idf {
		heaviest = max(heaviest, w)
	}
	r.maxIDF = heaviest
	r.minWeight = minSentenceCov * sentenceReach(q, r.idf)
	for _, t := range q.Terms {
		if r.idf[t.Stem] >= 0.2*heaviest {
			r.prefixes = append(r.prefixes, stemPrefix(t.Stem))
			// A key term is checked in the articles only when it is
			// distinctive: other paragraphs are not read.
			if keyTerm(t) {
				r.keyBits |= r.bits[t.Stem]
			}
		} else if keyTerm(t) && t.Initial {
			// A letter of an initialism ("U.K.") weighs nothing when
			// the index knows the initialism only whole ("u.k"), but an
			// article must still write it, in the paragraphs read for
			// the question's other words.
			r.keyBits |= r.bits[t.Stem]
		}
	}
	r.pre = newPrefixSet(r.prefixes)
	return r
}

// stemPrefix is a prefix that every word with this stem starts with (Porter
// only rewrites endings; "citi" comes from "city", so keep one letter less).
func stemPrefix(stem string) string {
	switch {
	case len(stem) > 4:
		return stem[:4]
	case len(stem) == 4:
		return stem[:3]
	}
	return stem
}

// rank scores every sentence of the candidates, best first. pre holds the
// articles read already while the search ran (nil: none).
func (r *ranker) rank(cands []chronicle.Candidate, pre *preread) []scored {
	if len(cands) == 0 || r.total == 0 {
		return nil
	}
	maxDoc := cands[0].Score
	// Articles are read in parallel, each worker with its own scratch
	// buffers; the results are joined in candidate order, so the ranking
	// does not depend on scheduling. The longest articles go first, so that
	// no worker is left with a long one while the others wait. Each worker
	// also finds the boilerplate cut of its articles when a sentence needs
	// it (boilerplate.go).
	reads := make([]articleRead, len(cands))
	todo := make([]int, 0, len(cands))
	done := pre.halt()
	for i := range cands {
		if _, ok := done[cands[i].Article.ID]; !ok {
			todo = append(todo, i)
		}
	}
	size := func(i int) int { return cands[i].Article.TextBytes() }
	slices.SortStableFunc(todo, func(a, b int) int { return size(b) - size(a) })
	workers := min(len(todo), runtime.GOMAXPROCS(0), maxWorkers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := scratch{stem: r.an.NewMemo()}
			for {
				k := int(next.Add(1)) - 1
				if k >= len(todo) {
					return
				}
				i := todo[k]
				reads[i] = r.read(&cands[i].Article, &sc)
			}
		}()
	}
	wg.Wait()
	// The articles read while the search ran join once their reader is
	// done; one the search read again with another text (a sync between the
	// two reads) is read again here.
	var sc *scratch
	for i, rd := range pre.wait(cands) {
		if rd.art != nil {
			reads[i] = rd
			continue
		}
		if sc == nil {
			sc = &scratch{stem: r.an.NewMemo()}
		}
		reads[i] = r.read(&cands[i].Article, sc)
	}
	artBits := make([]uint64, len(cands))
	r.cuts = make(map[*chronicle.Article]int, len(cands))
	for i := range cands {
		c := &cands[i]
		rd := &reads[i]
		artBits[i] = rd.body | rd.title
		if r.repeats != nil {
			r.cuts[&c.Article] = rd.cut
		}
		// The article's retrieval score and rank, and how much of the
		// question the whole article speaks of; then the sentences are
		// scored.
		score, rank := c.Score/maxDoc, 1/float64(1+i)
		artCov := math.Min(1, r.bitsWeight(rd.body)/r.total)
		for k := range rd.per {
			f := &rd.per[k].f
			f[fDocScore], f[fDocRank], f[fArtCov] = score, rank, artCov
			rd.per[k].score = r.model.Score(*f)
		}
	}
	r.keyCoverage(artBits, cands)
	// The sentences, best first (ties in article and sentence order), are
	// sorted as references and copied once: a scored is large.
	type ref struct {
		score float64
		i, k  int
	}
	var refs []ref
	for i := range reads {
		p := reads[i].per
		for k := range p {
			refs = append(refs, ref{p[k].score, i, k})
		}
	}
	slices.SortStableFunc(refs, func(a, b ref) int {
		switch {
		case a.score > b.score:
			return -1
		case b.score > a.score:
			return 1
		}
		return 0
	})
	out := make([]scored, 0, min(len(refs), maxRanked))
	for _, rf := range refs[:min(len(refs), maxRanked)] {
		out = append(out, reads[rf.i].per[rf.k])
		// Only the kept sentences are compared as text (dedupe, the
		// quoter): most of those read are not.
		out[len(out)-1].norm = normText(out[len(out)-1].text)
	}
	out = dedupe(out)
	r.vote(out)
	return out
}

// articleRead is what reading one candidate article gives: its sentences
// that may answer, with every feature but those that depend on the other
// candidates (the retrieval score and rank, the article's coverage; rank
// sets them and scores the sentences), the question stems its body and
// its title hold, and its boilerplate cut (boilerCut; cutUnknown when no
// sentence needed it).
type articleRead struct {
	art         *chronicle.Article
	per         []scored
	body, title uint64
	cut         int
}

// read reads one candidate article with a worker's scratch.
func (r *ranker) read(a *chronicle.Article, sc *scratch) articleRead {
	cut := cutUnknown
	title := sc.stem.AppendTokensMatching(sc.title[:0], a.Title, nil)
	sc.title = title
	sc.qw = r.lookUp(sc.qw[:0], title)
	titleW, titleBits := r.weightBits(title, sc.qw)
	d := docInfo{
		recent:     r.recency(a.Published, 30),
		recentWeek: r.recency(a.Published, 7),
		recentYear: r.recency(a.Published, 365),
		title:      titleW / r.total,
	}
	rd := articleRead{art: a, title: titleBits}
	sc.floor = 0
	// The sentences gather in the worker's room and are copied out once: a
	// scored is large, and an article's own slice grown from nothing was
	// copied at each doubling.
	per := sc.per[:0]
	for pi, p := range a.Paragraphs {
		var bits uint64
		per, bits = r.paragraph(per, a, pi, p.Text, d, &cut, sc)
		rd.body |= bits
		if len(per) >= 2*maxArticleSentences {
			per, sc.floor = r.keepBest(per, maxArticleSentences)
		}
	}
	if len(per) > maxArticleSentences {
		per, _ = r.keepBest(per, maxArticleSentences)
	}
	if len(per) > 0 {
		rd.per = slices.Clone(per)
	}
	clear(per) // the room holds on to no article's text or tokens
	sc.per = per[:0]
	rd.cut = cut
	return rd
}

// maxArticleSentences is how many sentences of one article are scored at
// most: those that hold the most of the question (cov_sentence), the
// earlier of equals. No RealTimeQA article comes near it (the dev answers
// are the same with and without it), but an article of 100,000 one-word
// paragraphs that each hold the question's word made 100,000 scored
// sentences: 1.3 GB and 5 s for ten such articles (helper 73).
const maxArticleSentences = 400

// keepBest returns the n sentences of per (one article's, in its order)
// that hold the most of the question, still in the article's order, and
// the question weight a later sentence must exceed to join them.
func (r *ranker) keepBest(per []scored, n int) ([]scored, float64) {
	idx := make([]int, len(per))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return cmp.Compare(per[b].f[fCovSentence], per[a].f[fCovSentence])
	})
	idx = idx[:n]
	slices.Sort(idx)
	floor := math.Inf(1)
	kept := make([]scored, 0, n)
	for _, i := range idx {
		kept = append(kept, per[i])
		floor = min(floor, per[i].f[fCovSentence]*r.total)
	}
	return kept, floor
}

// minSentenceCov is the least share of the question's IDF weight (of its
// sentenceWords heaviest words: sentenceReach) a sentence must hold to be
// scored: sentences that share only a common word or two
// with the question are never the answer, and leaving them out also keeps
// them from diluting the probability mass the answer and sources are
// chosen by (RTQA dev: accuracy@3 0.667 -> 0.673 at 0.1; 0.3 loses 2
// points).
const minSentenceCov = 0.1

// sentenceWords is how many of the question's own words one sentence can be
// expected to hold at most.
const sentenceWords = 8

// sentenceReach is the weight of the question's sentenceWords heaviest own
// words: the most a sentence can hold. For a question of up to that many
// words it is the whole weight; for a long text pasted as a question it
// keeps minSentenceCov from asking more of a sentence than it can hold.
func sentenceReach(q Question, idf map[string]float64) float64 {
	var ws []float64
	for _, t := range q.Terms {
		if !t.Expansion {
			ws = append(ws, idf[t.Stem])
		}
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(ws)))
	sum := 0.0
	for i, w := range ws {
		if i == sentenceWords {
			break
		}
		sum += w
	}
	return sum
}

// maxWorkers caps the goroutines that score one question's articles.
const maxWorkers = 4

// maxRanked is how many sentences are kept after scoring; the answer, the
// sources, the vote and quote widening only look at the best.
const maxRanked = 300

// dedupe drops sentences whose text repeats a better one (syndicated copies).
func dedupe(s []scored) []scored {
	seen := make(map[string]bool, len(s))
	out := s[:0]
	for _, x := range s {
		k := x.norm
		if k == "" && x.text != "" { // a scored made elsewhere (tests)
			k = normText(x.text)
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, x)
	}
	return out
}

// docInfo is what a sentence inherits from its article when it is read
// (rank adds the retrieval score and rank).
type docInfo struct {
	recent, recentWeek, recentYear, title float64
}

// recency is 1 for an article published on the as-of day, decaying with age
// (scale days to 1/e); 0 for undated articles, without an as-of day, and
// for an article dated after the as-of day: without one the day is the
// newest article's not after tomorrow (Answerer.rank), and one dated later is
// misdated (index.Newest), its age unknown as an undated one's.
func (r *ranker) recency(pub time.Time, scale float64) float64 {
	ref := r.asOf
	if pub.IsZero() || ref.IsZero() || !pub.Before(ref.AddDate(0, 0, 1)) {
		return 0
	}
	age := math.Max(0, ref.Sub(pub).Hours()/24)
	return math.Exp(-age / scale)
}

// weightBits sums the idf of the distinct question stems among toks (qw:
// their qwords, lookUp), and returns the set of those stems.
func (r *ranker) weightBits(toks []terms.Token, qw []qword) (float64, uint64) {
	var seen uint64
	w := 0.0
	for i, t := range toks {
		if t.Stop {
			continue
		}
		bit := qw[i].bit
		if bit == 0 || seen&bit != 0 {
			continue
		}
		seen |= bit
		w += qw[i].idf
	}
	return w, seen
}

// bitsWeight sums the idf of the question stems in the set bits.
func (r *ranker) bitsWeight(bits uint64) float64 {
	// In bit order, not map order: a sum in another order can differ in
	// its last bit, and an exact tie between two answers then falls either
	// way from one run to the next.
	w := 0.0
	for ; bits != 0; bits &= bits - 1 {
		if i := mathbits.TrailingZeros64(bits); i < len(r.bitStems) {
			w += r.idf[r.bitStems[i]]
		}
	}
	return w
}

// scratch is a ranking worker's reusable memory: the room for the next
// kept sentence's tokens (paragraph), a paragraph's question-word tokens
// and their qwords, a sentence's qwords, a paragraph's sentences, the
// title's tokens.
type scratch struct {
	// floor is the question weight a sentence of the article being read
	// must exceed once maxArticleSentences were kept (read).
	floor float64
	free  []terms.Token
	hits  []terms.Token
	hq    []qword
	qw    []qword
	stem  *terms.Memo      // the worker's memo of stems
	sents []chronicle.Span // a paragraph's sentences
	// cutSents are the sentences boilerCut reads, apart from sents,
	// which it may be called in the middle of.
	cutSents []chronicle.Span
	title    []terms.Token // an article's title's tokens
	per      []scored      // the sentences of the article being read (read)
}

// paragraph appends to out the features of each sentence of one paragraph
// that shares a word with the question (rank scores them once the
// article's own features are known), and returns out and the question
// stems the paragraph holds. cut is the article's boilerplate cut
// (boilerCut), cutUnknown until a sentence needs it (boilerIn).
//
// Only the words that may be question words (mayBeQuestionWord, about one
// in twenty) weigh anything, so the paragraph is first read for those
// alone (AppendStemmed), which decides whether it and each of its
// sentences hold enough of the question; only the sentences that do (a
// third of the tokens) are then tokenized in full, each on its own
// (AppendTokensIn gives the same tokens as the whole paragraph's). A token
// that is no question word adds nothing to a weight (its qword is zero),
// unless "" is a question stem (emptyStem), when every token is read.
func (r *ranker) paragraph(out []scored, a *chronicle.Article, pi int, text string, d docInfo, cut *int, scr *scratch) ([]scored, uint64) {
	if !r.mayMatch(text) {
		return out, 0
	}
	var hits []terms.Token
	if r.emptyStem {
		hits = scr.stem.AppendTokensMatching(scr.hits[:0], text, r.mayBeQuestionWord)
	} else {
		hits = scr.stem.AppendStemmed(scr.hits[:0], text, r.heads)
	}
	scr.hits = hits
	hq := r.lookUp(scr.hq[:0], hits)
	scr.hq = hq
	paraW, paraBits := r.weightBits(hits, hq)
	if paraW == 0 {
		return out, 0
	}
	scr.sents = terms.AppendSentences(scr.sents[:0], text)
	hi := 0
	for si, sp := range scr.sents {
		s := span{sp.Start, sp.End}
		for hi < len(hits) && hits[hi].Start < s.start {
			hi++
		}
		from := hi
		for hi < len(hits) && hits[hi].End <= s.end {
			hi++
		}
		w, _ := r.weightBits(hits[from:hi], hq[from:hi])
		if w == 0 || w < r.minWeight || w <= scr.floor || r.boilerIn(a, cut, text[s.start:s.end], &scr.cutSents) {
			continue
		}
		// The sentence's tokens go to the worker's free token room, which
		// its scored keeps; the room after them is the next sentence's.
		if cap(scr.free) < minTokenRoom {
			scr.free = make([]terms.Token, 0, tokenSlab)
		}
		toks := scr.stem.AppendTokensIn(scr.free[:0], text, s.start, s.end, r.mayBeQuestionWord)
		st := toks[:len(toks):len(toks)]
		scr.free = toks[len(toks):]
		sq := r.lookUp(scr.qw[:0], st)
		scr.qw = sq
		sent := text[s.start:s.end]
		out = append(out, scored{art: a, para: pi, text: sent, start: s.start, st: st, r: r})
		sc := &out[len(out)-1]
		sc.f = r.features(text, s, st, sq, w, paraW, pi, si, d)
		for k, t := range st {
			if sq[k].q && !t.Stop {
				sc.matched = append(sc.matched, chronicle.Span{Start: t.Start - s.start, End: t.End - s.start})
			}
		}
	}
	return out, paraBits
}

// A ranking worker's token room (scratch.free) is tokenSlab tokens, made
// anew when less than minTokenRoom is left (a longer sentence grows it).
const (
	tokenSlab    = 2048
	minTokenRoom = 256
)

// mayBeQuestionWord reports whether a lower-case word can have the stem of
// a question word: it starts with the first three letters of one (Porter
// only rewrites endings), or is the start of a stem shorter than that.
func (r *ranker) mayBeQuestionWord(lower string) bool { return r.heads.May(lower) }

// mayMatch reports whether text contains a prefix of a question stem,
// ignoring ASCII case.
func (r *ranker) mayMatch(text string) bool { return r.pre.in(text) }
