package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

// minSuggestLen is the shortest word Suggest corrects: a short word is one
// letter away from too many others ("toll", "told"). maxSuggestLen is the
// longest: a longer "word" is not a misspelt English word, and the words
// one edit away from it grow with its length (54 per letter).
const minSuggestLen, maxSuggestLen = 5, 30

// maxSuggestWords is the most words one Suggest corrects (the first ones):
// each costs a read of its candidates' articles, and a question with more
// misspelt words than this is not a question.
const maxSuggestWords = 8

// maxSuggestDF is the most articles a suggested spelling is asked to occur
// in: a thousandth of the index, between 1 and this.
const maxSuggestDF = 3

// Suggest returns a correction for each lower-case word (of letters a-z,
// minSuggestLen or more) whose stem no indexed text or title holds and
// that the index's analyzer keeps (a stop word such as "cannot" is left
// out of the index by design, not misspelt): the spelling the word means,
// as the articles spell it (the form closest to the word typed), to search
// for.
//
// The candidates are the words one edit away from it (a letter left out,
// added, changed, or two swapped: most typing errors) whose stems some
// articles hold, at least a thousandth of the index (between 1 and
// maxSuggestDF). Of these, the one whose articles most often also hold
// the context's words (the other stems of the question or query)
// wins: "clamed" among "moscow" and "attack" is "claimed", where the
// most frequent spelling one edit away is "came" (from "camed"). The score
// is the number of the candidate's articles that hold the context, times
// its share of them, so that a common word sharing some articles with the
// context by chance loses to one that goes with it; without context, the
// spelling the most articles hold wins. A word with no candidate one edit
// away is matched on its stem within edit distance 1 (stems of up to five
// letters) or 2, as the index spells it. Nothing is corrected in an index
// of fewer than Options.SuggestMinDocs articles.
func (ix *Index) Suggest(ctx context.Context, words, context []string) (_ map[string]string, err error) {
	defer searchPanic(&err, "suggest")
	out := map[string]string{}
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return nil, fmt.Errorf("suggest: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("suggest: %w", err)
	}
	defer r.Close()
	docs, err := r.DocCount()
	if err != nil {
		return nil, fmt.Errorf("suggest: %w", err)
	}
	if docs < uint64(ix.opts.SuggestMinDocs) {
		return out, nil
	}
	s := suggester{r: r, docs: docs, minDF: min(maxSuggestDF, max(1, docs/1000)), df: map[string]uint64{},
		docsOf: map[string]map[string]bool{}}
	an := ix.bleve.Mapping().AnalyzerNamed(analyzerName)
	type misspelt struct {
		word, stem string
		byStem     map[string]string // candidate stem -> the word one edit away that stands for it
		stems      []string          // candidate stems some articles hold
	}
	var todo []misspelt
	for _, w := range words {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(w) < minSuggestLen || len(w) > maxSuggestLen || !lowerLetters(w) || slices.ContainsFunc(todo, func(m misspelt) bool { return m.word == w }) {
			continue
		}
		if an != nil && len(an.Analyze([]byte(w))) == 0 {
			continue // a stop word: the index never holds it
		}
		stem := ix.terms.Stem(w)
		n, err := s.count(ctx, stem)
		if err != nil {
			return nil, fmt.Errorf("suggest %q: %w", w, err)
		}
		if n == 0 {
			// A word of titles only ("Canon law") is a word all the same.
			if n, err = s.countIn(ctx, fieldTitle, stem); err != nil {
				return nil, fmt.Errorf("suggest %q: %w", w, err)
			}
		}
		if n > 0 {
			continue
		}
		// The words one edit away, by stem: the first word of each stem
		// stands for it. A word one edit from a stop word means that word
		// ("theres" is "there's"), which the index leaves out: it is left
		// alone, not made into another ("three").
		edits := edits1(w)
		if slices.ContainsFunc(edits, terms.IsStop) {
			continue
		}
		m := misspelt{word: w, stem: stem, byStem: map[string]string{}}
		for _, v := range edits {
			st := ix.terms.Stem(v)
			if _, ok := m.byStem[st]; ok || st == stem {
				continue
			}
			m.byStem[st] = v
			n, err := s.count(ctx, st)
			if err != nil {
				return nil, fmt.Errorf("suggest %q: %w", w, err)
			}
			if n >= s.minDF {
				m.stems = append(m.stems, st)
			}
		}
		todo = append(todo, m)
		if len(todo) == maxSuggestWords {
			break
		}
	}
	if len(todo) == 0 {
		return out, nil
	}
	// The context: the stems some articles hold, then each correction as it
	// is made. The words with the fewest candidates are corrected first
	// ("moskow" can only be "moscow"), so that they help choose among the
	// candidates of the others ("clamed" after "moscow" and "attack").
	var known []string
	for _, c := range context {
		n, err := s.count(ctx, c)
		if err != nil {
			return nil, fmt.Errorf("suggest: %w", err)
		}
		if n > 0 && !slices.Contains(known, c) {
			known = append(known, c)
		}
	}
	slices.SortStableFunc(todo, func(a, b misspelt) int { return cmp.Compare(len(a.stems), len(b.stems)) })
	for _, m := range todo {
		best, err := s.choose(ctx, m.stems, known)
		if err != nil {
			return nil, fmt.Errorf("suggest %q: %w", m.word, err)
		}
		if best == "" {
			if best, err = s.fuzzyStem(ctx, m.stem, known); err != nil {
				return nil, fmt.Errorf("suggest %q: %w", m.word, err)
			}
		}
		if best == "" {
			continue
		}
		spelt, err := ix.spelling(ctx, r, best, m.word)
		if err != nil {
			return nil, fmt.Errorf("suggest %q: %w", m.word, err)
		}
		if spelt == "" {
			spelt = m.byStem[best] // the edit that stands for it, if any
		}
		if spelt == "" {
			continue
		}
		out[m.word] = spelt
		known = append(known, best)
	}
	return out, nil
}

// spellingArticles is how many of the articles holding a stem are read to
// find how they spell it.
const spellingArticles = 3

// spelling returns the word as the articles holding stem spell it, the one
// closest to typed by edit distance (then the most frequent, then the
// first alphabetically), or "" when none is found: a correction shows a
// word ("people", "agencies"), not a stem ("peopl", "agenc") or another
// misspelling one edit from the word typed ("countrie").
func (ix *Index) spelling(ctx context.Context, r bindex.IndexReader, stem, typed string) (string, error) {
	var ids []string
	var idErr error
	err := eachDoc(ctx, r, stem, func(id []byte) {
		if len(ids) >= spellingArticles || idErr != nil {
			return
		}
		ext, err := r.ExternalID(id)
		if err != nil {
			idErr = err
			return
		}
		ids = append(ids, ext)
	}, spellingArticles)
	if err == nil {
		err = idErr
	}
	if err != nil {
		return "", err
	}
	arts, err := ix.readArticles(ids)
	if err != nil {
		return "", err
	}
	// A Porter stem is the word's beginning but for its last letter
	// ("happi", "hope" of "hoping"): only such words are stemmed.
	prefix := stem[:max(1, len(stem)-1)]
	maybe := func(lower string) bool { return strings.HasPrefix(lower, prefix) }
	freq := map[string]int{}
	for _, id := range ids {
		a, ok := arts[id]
		if !ok {
			continue
		}
		for _, t := range ix.terms.TokensMatching(joinText(a), maybe) {
			if t.Stem == stem && lowerLetters(t.Lower) {
				freq[t.Lower]++
			}
		}
	}
	best, bestD := "", 0
	for w, n := range freq {
		d := terms.EditDistance(w, typed)
		if best == "" || d < bestD || d == bestD && (n > freq[best] || n == freq[best] && w < best) {
			best, bestD = w, d
		}
	}
	return best, nil
}

// suggester holds what one Suggest call reads from the index.
type suggester struct {
	r      bindex.IndexReader
	docs   uint64
	minDF  uint64
	df     map[string]uint64          // article counts of the stems looked up
	docsOf map[string]map[string]bool // the articles of the context stems read
}

// count returns how many articles hold stem in their text.
func (s *suggester) count(ctx context.Context, stem string) (uint64, error) {
	if n, ok := s.df[stem]; ok {
		return n, nil
	}
	n, err := s.countIn(ctx, fieldText, stem)
	if err != nil {
		return 0, err
	}
	s.df[stem] = n
	return n, nil
}

// countIn returns how many articles hold stem in field.
func (s *suggester) countIn(ctx context.Context, field, stem string) (uint64, error) {
	tfr, err := s.r.TermFieldReader(ctx, []byte(stem), field, false, false, false)
	if err != nil {
		return 0, err
	}
	n := tfr.Count()
	return n, tfr.Close()
}

// choose returns, of stems, the one held by at least minDF articles that
// goes best with the context (see Suggest), or "" when none is held.
func (s *suggester) choose(ctx context.Context, stems, context []string) (string, error) {
	if len(stems) == 0 {
		return "", nil
	}
	ctxDocs, err := s.contextDocs(ctx, context)
	if err != nil {
		return "", err
	}
	best, bestN, bestScore := "", uint64(0), 0.0
	for _, st := range stems {
		n, err := s.count(ctx, st)
		if err != nil {
			return "", err
		}
		if n < s.minDF {
			continue
		}
		score := 0.0
		if len(ctxDocs) > 0 {
			shared := 0
			if err := eachDoc(ctx, s.r, st, func(id []byte) {
				if ctxDocs[string(id)] {
					shared++
				}
			}, 0); err != nil {
				return "", err
			}
			// The candidate's articles that hold the context, times their
			// share of its articles: a common word that shares some
			// articles with the context by chance loses to one that goes
			// with it.
			score = float64(shared) * float64(shared) / float64(n)
		}
		if score > bestScore || score == bestScore && (n > bestN || n == bestN && st < best) {
			best, bestN, bestScore = st, n, score
		}
	}
	return best, nil
}

// fuzzyStem returns the stem within edit distance 1 (for stems of up to
// five letters) or 2 of stem that goes best with the context, among the
// closest ones, or "".
func (s *suggester) fuzzyStem(ctx context.Context, stem string, context []string) (string, error) {
	fz, ok := s.r.(bindex.IndexReaderFuzzy)
	if !ok || len(stem) < minSuggestLen {
		return "", nil
	}
	fuzz := 2
	if len(stem) <= 5 {
		fuzz = 1
	}
	dict, auto, err := fz.FieldDictFuzzyAutomaton(fieldText, stem, fuzz, "")
	if err != nil {
		return "", err
	}
	// The automaton's dictionary may leave counts out: collect the closest
	// terms, then count their articles.
	var closest []string
	bestDist := uint8(255)
	for {
		e, err := dict.Next()
		if err != nil {
			dict.Close()
			return "", err
		}
		if e == nil {
			break
		}
		_, d := auto.MatchAndDistance(e.Term)
		switch {
		case d < bestDist:
			closest, bestDist = append(closest[:0], e.Term), d
		case d == bestDist && len(closest) < 64:
			closest = append(closest, e.Term)
		}
	}
	dict.Close()
	return s.choose(ctx, closest, context)
}

// contextDocs returns the articles (internal IDs) that hold one of the
// stems of context, leaving out stems held by more than a fifth of the
// articles (they go with everything).
func (s *suggester) contextDocs(ctx context.Context, context []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, c := range context {
		n, err := s.count(ctx, c)
		if err != nil {
			return nil, err
		}
		if n == 0 || n > s.docs/5 {
			continue
		}
		docs, ok := s.docsOf[c]
		if !ok {
			docs = make(map[string]bool, n)
			if err := eachDoc(ctx, s.r, c, func(id []byte) { docs[string(id)] = true }, 0); err != nil {
				return nil, err
			}
			s.docsOf[c] = docs
		}
		for id := range docs {
			out[id] = true
		}
	}
	return out, nil
}

// eachDoc calls fn with the internal ID of every article that holds stem,
// or of the first limit of them (limit > 0).
func eachDoc(ctx context.Context, r bindex.IndexReader, stem string, fn func(id []byte), limit int) error {
	tfr, err := r.TermFieldReader(ctx, []byte(stem), fieldText, false, false, false)
	if err != nil {
		return err
	}
	defer tfr.Close()
	var d bindex.TermFieldDoc
	for n := 0; limit <= 0 || n < limit; n++ {
		td, err := tfr.Next(&d)
		if err != nil {
			return err
		}
		if td == nil {
			return nil
		}
		fn(td.ID)
	}
	return nil
}

// edits1 returns the words one edit from w (a-z): a letter deleted,
// inserted or replaced, or two neighbours swapped.
func edits1(w string) []string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	out := make([]string, 0, 54*len(w)+25)
	for i := 0; i <= len(w); i++ {
		head, tail := w[:i], w[i:]
		if tail != "" {
			out = append(out, head+tail[1:])
			if len(tail) > 1 {
				out = append(out, head+tail[1:2]+tail[:1]+tail[2:])
			}
			for _, c := range letters {
				if byte(c) != tail[0] {
					out = append(out, head+string(c)+tail[1:])
				}
			}
		}
		for _, c := range letters {
			out = append(out, head+string(c)+tail)
		}
	}
	return out
}

// lowerLetters reports whether w is made of the letters a-z only.
func lowerLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return w != ""
}
