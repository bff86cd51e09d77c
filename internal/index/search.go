package index

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// MaxLimit caps page sizes and retrieval depth: the most results one search
// returns.
const MaxLimit = 1000

// bm25LengthScale multiplies the average text length BM25 normalises by, so
// that a long article is penalised less against a one-paragraph brief (BM25's
// b stays 0.75; this halves its effect for articles of average length). Chosen
// on the development questions: 2 gained 0.4 points of accuracy@1 over 1.
const bm25LengthScale = 2

// searchBM25 runs a search with Bleve's BM25 statistics replaced by real
// average field lengths. Left alone, Bleve divides the number of distinct
// terms of a field by the number of documents, which makes the "average"
// article a few words long and punishes every real article for its length.
func (ix *Index) searchBM25(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	docs, words, titleWords := ix.cat.lengths()
	if docs > 0 {
		req.PreSearchData = map[string]any{search.BM25PreSearchDataKey: &search.BM25Stats{
			DocCount: float64(docs),
			FieldCardinality: map[string]int{fieldText: max(words*bm25LengthScale, docs), fieldTitle: max(titleWords, docs),
				fieldDate: docs, fieldSource: docs},
		}}
	}
	return ix.bleve.SearchInContext(ctx, req)
}

// Search finds articles matching the user's words, best first, each with its
// best passage highlighted. The words are never parsed as query syntax.
func (ix *Index) Search(ctx context.Context, q chronicle.SearchQuery) (_ chronicle.SearchResult, err error) {
	defer searchPanic(&err, "search")
	var res chronicle.SearchResult
	text := strings.TrimSpace(terms.CleanQuery(strings.ToValidUTF8(q.Text, " ")))
	if text == "" {
		return res, chronicle.Errorf(chronicle.EINVALID, "Type some words to search for.")
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return res, chronicle.Errorf(chronicle.EINVALID, "The end date is before the start date.")
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 10
	}
	limit = min(limit, MaxLimit)
	// The words searched and highlighted are the query's, within the term
	// budget: a pasted page of text costs no more than its first words.
	text = ix.boundText(text)
	words := []chronicle.WeightedTerm{{Text: text, Boost: 1}}
	var lower, stems []string // of the words that are not stop words (terms.Analyzer.Stems)
	toks := ix.terms.Tokens(text)
	for _, t := range toks {
		if !t.Stop {
			lower = append(lower, t.Lower)
			stems = append(stems, t.Stem)
		}
	}
	if len(toks) > 0 && len(lower) == 0 {
		return res, errTooCommon
	}
	fixes, err := ix.Suggest(ctx, lower, stems)
	if err != nil {
		return res, fmt.Errorf("search %q: %w", text, err)
	}
	if len(fixes) > 0 {
		// Exact words before corrected ones: a misspelt word is searched
		// as the articles spell it, at a lower weight.
		var fixed []string
		seen := map[string]bool{}
		for _, w := range lower {
			if as, ok := fixes[w]; ok && !seen[w] {
				seen[w] = true
				fixed = append(fixed, as)
				stems = append(stems, ix.terms.Stem(as))
				res.Corrected = append(res.Corrected, chronicle.Correction{Word: w, As: as})
			}
		}
		words = append(words, chronicle.WeightedTerm{Text: strings.Join(fixed, " "), Boost: correctedBoost})
	}
	bq := ix.buildQuery(words, nil, q.From, q.To)
	// The pages are cut from one order, ties by ID (topHits), so that the
	// copies of one story tied across a page's end are not shown twice or
	// never, whatever the build's document order.
	offset := max(q.Offset, 0)
	req := bleve.NewSearchRequestOptions(bq, offset+limit+tieMargin, 0, false)
	sr, err := ix.searchBM25(ctx, req)
	if err != nil {
		return res, fmt.Errorf("search %q: %w", text, err)
	}
	res.Total = int(sr.Total)
	sr.Hits = topHits(sr.Hits, offset+limit)
	sr.Hits = sr.Hits[min(offset, len(sr.Hits)):]
	arts, err := ix.hitArticles(sr)
	if err != nil {
		return res, err
	}
	for _, h := range sr.Hits {
		a, ok := arts[h.ID]
		if !ok {
			continue
		}
		res.Hits = append(res.Hits, chronicle.SearchHit{Article: a, Score: h.Score, Snippet: ix.Snippet(a, stems, 240)})
	}
	return res, nil
}

// correctedBoost is the weight of a corrected spelling in Search against
// the words as typed (1).
const correctedBoost = 0.5

// searchRequest is the Bleve request of a Search for text.
func (ix *Index) searchRequest(text string, from, to time.Time, limit, offset int) *bleve.SearchRequest {
	bq := ix.buildQuery([]chronicle.WeightedTerm{{Text: text, Boost: 1}}, nil, from, to)
	return bleve.NewSearchRequestOptions(bq, limit, offset, false)
}

// Retrieve returns the articles that best match a weighted query, for the
// answer package to rank passages in.
func (ix *Index) Retrieve(ctx context.Context, rq chronicle.RetrieveQuery) (_ []chronicle.Candidate, err error) {
	defer searchPanic(&err, "retrieve")
	if len(rq.Terms) == 0 {
		return nil, nil
	}
	limit := rq.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, MaxLimit)
	bq, extra, leftOut := ix.retrieveQuery(rq)
	if ix.opts.retrieving != nil {
		ix.opts.retrieving()
	}
	want := limit + tieMargin
	sr, err := ix.searchBM25(ctx, bleve.NewSearchRequestOptions(bq, want+extra, 0, false))
	if err != nil {
		return nil, fmt.Errorf("retrieve: %w", err)
	}
	if leftOut { // drop the undated articles (retrieveQuery)
		full := len(sr.Hits) == want+extra
		kept := sr.Hits[:0]
		for _, h := range sr.Hits {
			if e, ok := ix.cat.get(h.ID); ok && bleveDated(e.Published) && len(kept) < want {
				kept = append(kept, h)
			}
		}
		sr.Hits = kept
		if full && len(kept) < want {
			// More undated articles matched than were counted (a feed put
			// some since): the range kept finds the rest.
			bq = ix.buildQuery(rq.Terms, rq.Phrases, rq.From, rq.To)
			if sr, err = ix.searchBM25(ctx, bleve.NewSearchRequestOptions(bq, want, 0, false)); err != nil {
				return nil, fmt.Errorf("retrieve: %w", err)
			}
		}
	}
	sr.Hits = topHits(sr.Hits, limit)
	arts, err := ix.hitArticles(sr)
	if err != nil {
		return nil, err
	}
	out := make([]chronicle.Candidate, 0, len(sr.Hits))
	for _, h := range sr.Hits {
		if a, ok := arts[h.ID]; ok {
			out = append(out, chronicle.Candidate{Article: a, Score: h.Score})
		}
	}
	return out, nil
}

// topHits returns the limit best of hits, best first, with their scores
// rounded (roundScore) and the hits of one score in the order of their
// IDs. Bleve orders hits of one score by its document numbers, which
// follow the order in which a build's batches were committed, and those
// run at the same time: two builds of one corpus cited different copies
// of a story two feeds both carry (rtqa-02630 or rtqa-02631, the same
// text), since the answerer reads the retrieval rank. Retrieve asks Bleve
// for tieMargin hits more than it keeps, so that the copies tied at the
// limit are among them whatever their document numbers.
func topHits(hits search.DocumentMatchCollection, limit int) search.DocumentMatchCollection {
	for _, h := range hits {
		h.Score = roundScore(h.Score)
	}
	slices.SortStableFunc(hits, func(a, b *search.DocumentMatch) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return hits[:min(len(hits), limit)]
}

// tieMargin is how many hits past its limit Retrieve reads for ties.
const tieMargin = 10

// roundScore keeps a retrieval score to scoreDigits significant digits.
// Bleve sums a document's word scores in an order that depends on where
// the document sits among the others (its disjunction steps the words'
// postings together), so two copies of one text, or one article in two
// builds, differ in the last bits (3.9272052297557591 against
// 3.9272052297557587): a tie topHits could not see.
func roundScore(s float64) float64 {
	if s == 0 || math.IsNaN(s) || math.IsInf(s, 0) {
		return s
	}
	scale := math.Pow(10, scoreDigits-1-math.Floor(math.Log10(math.Abs(s))))
	return math.Round(s*scale) / scale
}

// scoreDigits is how many significant digits of a retrieval score count:
// far more than the ranking needs, far fewer than the 16 a float64 holds.
const scoreDigits = 10

// retrieveQuery is Retrieve's Bleve query, whether it leaves out the newer
// articles (leftOut: Retrieve must then drop the undated ones it finds, even
// when none were counted, since a feed may put some before the search), and
// how many hits past the limit to read (extra) for them. A date filter
// reads the postings of every article in its range, so one that keeps the
// articles published by the as-of day costs more the more articles there
// are before it: twice the words' own search cost on the RealTimeQA
// questions. When fewer articles are published after the day than by it,
// the query leaves those out instead, which finds the same articles but
// for the undated ones (no date range matches them, nor leaves them out:
// those without a date, or with one outside an open range's reach, see
// bleveDated), at most maxUndatedSkip of which Retrieve then drops.
func (ix *Index) retrieveQuery(rq chronicle.RetrieveQuery) (q query.Query, extra int, leftOut bool) {
	// A day's end outside the open range's reach is left to the range kept:
	// leaving out what follows it cannot tell the articles dated between it
	// and Bleve's last date from undated ones.
	if end := endOfDay(rq.To); rq.From.IsZero() && !rq.To.IsZero() && bleveDated(end) && end.UnixNano() < openEnd {
		if upTo, after, undated := ix.cat.split(end); after < upTo && undated <= maxUndatedSkip {
			b := bleve.NewBooleanQuery()
			b.AddMust(ix.buildQuery(rq.Terms, rq.Phrases, time.Time{}, time.Time{}))
			b.AddMustNot(ix.dateRange(end.Add(time.Nanosecond), time.Time{}))
			return b, undated, true
		}
	}
	return ix.buildQuery(rq.Terms, rq.Phrases, rq.From, rq.To), 0, false
}

// maxUndatedSkip bounds the undated articles Retrieve reads past its limit
// to drop them when it filters by date by leaving out the newer articles;
// with more undated articles it keeps those published by the day instead.
const maxUndatedSkip = 64

// hitArticles reads the stored articles of a result's hits, by ID.
func (ix *Index) hitArticles(sr *bleve.SearchResult) (map[string]chronicle.Article, error) {
	ids := make([]string, len(sr.Hits))
	for i, h := range sr.Hits {
		ids[i] = h.ID
	}
	return ix.readArticles(ids)
}

// readArticles reads the stored articles of ids for a search: a damaged
// record is left out, as if the article were not there, and reported
// (reportDamaged) rather than failing the search, so that one bad record
// does not fail every question that finds its article.
func (ix *Index) readArticles(ids []string) (map[string]chronicle.Article, error) {
	arts, bad, err := ix.store.articlesOrBad(ids)
	if len(bad) > 0 {
		ix.reportDamaged(bad)
	}
	return arts, err
}

// reportDamaged marks the files of damaged records to be read again at the
// next sync, which stores the articles again (their hash reads as changed),
// in one transaction, and tells Options.Damaged of each; once per ID while
// the index is open.
func (ix *Index) reportDamaged(bad map[string]error) {
	var ids []string
	for id := range bad {
		if _, seen := ix.damagedSeen.LoadOrStore(id, true); !seen {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return
	}
	slices.Sort(ids)
	var found map[string]string
	var merr error
	if !ix.ReadOnly {
		found, merr = ix.store.rereadFilesOf(ids)
	}
	if ix.opts.Damaged == nil {
		return
	}
	for _, id := range ids {
		err := bad[id]
		switch {
		case ix.ReadOnly:
			err = fmt.Errorf("%w; the index is read-only here: bot index, which checks every stored article, stores it again from its file", err)
		case merr != nil:
			err = fmt.Errorf("%w; its file could not be marked to be read again (%v): bot index, which checks every stored article, stores it again", err, merr)
		case found[id] != "":
			err = fmt.Errorf("%w; the next sync reads it again from %s", err, found[id])
		default:
			err = fmt.Errorf("%w; no corpus file gives it (a feed's article, or one of a file gone): bot index --rebuild lets it go, and a feed's next fetch then takes it again while the feed lists it", err)
		}
		ix.opts.Damaged(id, err)
	}
}

// buildQuery ORs every term over title (boosted) and text, adds phrase
// matches, and filters by date. The words and phrases, in order, are held to
// a budget of maxQueryTerms analysed terms (see termBudget): what does not
// fit is left out.
func (ix *Index) buildQuery(words, phrases []chronicle.WeightedTerm, from, to time.Time) query.Query {
	budget := ix.newBudget()
	var should []query.Query
	for _, w := range words {
		text := budget.fit(w.Text)
		if text == "" {
			continue
		}
		boost := w.Boost
		if boost <= 0 {
			boost = 1
		}
		for _, f := range []struct {
			name  string
			boost float64
		}{{fieldText, 1}, {fieldTitle, 1.5}} {
			if w.TextOnly && f.name == fieldTitle {
				continue
			}
			m := bleve.NewMatchQuery(text)
			m.SetField(f.name)
			m.SetBoost(boost * f.boost)
			should = append(should, m)
		}
	}
	// Phrases score as "every word of the phrase is in the text": the
	// index keeps no term positions (they would double its size), and the
	// answer package checks the exact phrase in the sentences it reads.
	for _, p := range phrases {
		if !budget.fitAll(p.Text) {
			continue
		}
		var all []query.Query
		for _, w := range strings.Fields(p.Text) {
			m := bleve.NewMatchQuery(w)
			m.SetField(fieldText)
			all = append(all, m)
		}
		if len(all) == 0 {
			continue
		}
		c := bleve.NewConjunctionQuery(all...)
		c.SetBoost(max(p.Boost, 0.1))
		should = append(should, c)
	}
	var q query.Query = bleve.NewDisjunctionQuery(should...)
	if !from.IsZero() || !to.IsZero() {
		q = bleve.NewConjunctionQuery(q, ix.dateRange(from, to))
	}
	return q
}

// dateRange matches publication dates from from (inclusive) to to
// (inclusive; a time at midnight means the whole day). A Bleve range holds
// only the times from query.MinRFC3339CompatibleTime to
// query.MaxRFC3339CompatibleTime (1677-12-01 to 2262-04-11) and refuses
// the others, so a day past them is taken as that first or last time: a
// window that ends before the first or starts after the last matches no
// article, and one that goes past them every article dated in them. The
// range reads the dates from the index's tables (dateFilter).
func (ix *Index) dateRange(from, to time.Time) query.Query {
	first, last := query.MinRFC3339CompatibleTime, query.MaxRFC3339CompatibleTime
	var start, end time.Time
	if !from.IsZero() {
		start = from.UTC()
		if start.After(last) {
			return bleve.NewMatchNoneQuery()
		}
		if start.Before(first) {
			start = first
		}
	}
	if !to.IsZero() {
		end = endOfDay(to).UTC()
		if end.Before(first) {
			return bleve.NewMatchNoneQuery()
		}
		if end.After(last) {
			end = last
		}
	}
	incl := true
	dq := bleve.NewDateRangeInclusiveQuery(start, end, &incl, &incl)
	dq.SetField(fieldDate)
	// A filter, not evidence: without a zero boost the range's own term
	// scores (higher for rarer dates) would be added to every hit's score.
	dq.SetBoost(0)
	if ix.opts.bleveDates {
		return dq
	}
	return &dateFilter{bleve: dq, tables: &ix.dates}
}

// endOfDay extends a midnight time to the last instant of that day.
func endOfDay(t time.Time) time.Time {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return dayEnd(t)
	}
	return t
}

// dayEnd is the last instant of t's calendar day in t's location: the next
// midnight less a nanosecond, since a day is 23 or 25 hours long when the
// clocks change.
func dayEnd(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, t.Location()).Add(-time.Nanosecond)
}

// errTooCommon is the error of a query whose words are all stop words.
var errTooCommon = chronicle.Errorf(chronicle.EINVALID, "Those words are all too common to search by (the, of, and, ...); add a name or a rarer word.")

// errNoWords is the error of a topic with no letter or digit at all
// (punctuation, symbols, invisible characters), which matches nothing.
var errNoWords = chronicle.Errorf(chronicle.EINVALID, "That has no words to search by (only punctuation, symbols or invisible characters); name the story, e.g. Moscow attack.")

// Window returns the full articles published in q.From..q.To matching q.Text
// (all of them when Text is empty), newest first, up to q.Limit (0: all).
func (ix *Index) Window(ctx context.Context, q chronicle.SearchQuery) (_ []chronicle.Article, err error) {
	defer searchPanic(&err, "window")
	var ids []string
	// A topic of stop words alone matches nothing: the digest said "No
	// coverage of \"the\"" of a window of 396 articles, as if there were
	// none (helper 77).
	if toks := ix.terms.Tokens(ix.boundText(q.Text)); len(toks) > 0 && !slices.ContainsFunc(toks, func(t terms.Token) bool { return !t.Stop }) {
		return nil, errTooCommon
	}
	// Nor does one with no word at all ("!!!", a zero-width space): it is
	// refused alike, where the digest said "No coverage of “!!!”".
	if strings.TrimSpace(q.Text) != "" && !terms.HasWord(q.Text) {
		return nil, errNoWords
	}
	if strings.TrimSpace(q.Text) == "" {
		from, to := q.From, q.To
		for _, e := range ix.cat.filter(func(e entry) bool {
			return e.Published.IsZero() == false && inRange(e.Published, from, to)
		}) {
			ids = append(ids, e.ID)
		}
		if q.Limit > 0 && len(ids) > q.Limit {
			ids = ids[:q.Limit]
		}
	} else {
		limit := q.Limit
		if limit <= 0 {
			limit = MaxLimit
		}
		bq := ix.buildQuery([]chronicle.WeightedTerm{{Text: q.Text, Boost: 1}}, nil, q.From, q.To)
		sr, err := ix.searchBM25(ctx, bleve.NewSearchRequestOptions(bq, limit, 0, false))
		if err != nil {
			return nil, fmt.Errorf("window %q: %w", q.Text, err)
		}
		for _, h := range sr.Hits {
			ids = append(ids, h.ID)
		}
	}
	arts, err := ix.readArticles(ids)
	if err != nil {
		return nil, err
	}
	out := make([]chronicle.Article, 0, len(arts))
	for _, id := range ids {
		if a, ok := arts[id]; ok {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(a, b chronicle.Article) int { return b.Published.Compare(a.Published) })
	return out, nil
}

func inRange(t, from, to time.Time) bool {
	if !from.IsZero() && t.Before(from) {
		return false
	}
	if !to.IsZero() && t.After(endOfDay(to)) {
		return false
	}
	return true
}

// Titles suggests articles whose title contains prefix (word starts first,
// then newest), for autocomplete. An empty prefix lists the newest.
func (ix *Index) Titles(ctx context.Context, prefix string, limit int) ([]chronicle.TitleMatch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 25
	}
	p := strings.ToLower(strings.TrimSpace(prefix))
	rank := func(e entry) int {
		t := strings.ToLower(e.Title)
		switch {
		case p == "" || strings.HasPrefix(t, p) || e.ID == prefix:
			return 0
		case strings.Contains(t, " "+p):
			return 1
		case strings.Contains(t, p) || strings.HasPrefix(strings.ToLower(e.ID), p):
			return 2
		}
		return -1
	}
	var buckets [3][]chronicle.TitleMatch
	for _, e := range ix.cat.filter(func(e entry) bool { return rank(e) >= 0 }) {
		r := rank(e)
		if len(buckets[r]) < limit {
			buckets[r] = append(buckets[r], chronicle.TitleMatch{ArticleID: e.ID, Title: e.Title, Published: e.Published})
		}
	}
	out := append(append(buckets[0], buckets[1]...), buckets[2]...)
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Stats describes the corpus: counts per outlet, date span, last update.
// The span is of the articles not misdated (dated by chronicle.LastUndoubted), as
// Newest's; those dated later are counted apart: /sources said "Dates ... to
// 2030-01-01" beside answers given as of a day of 2024 (helper 132).
func (ix *Index) Stats(ctx context.Context) (chronicle.CorpusStats, error) {
	st := chronicle.CorpusStats{Outlets: map[string]int{}}
	if err := ctx.Err(); err != nil {
		return st, err
	}
	end := chronicle.LastUndoubted(ix.opts.Now())
	ix.cat.mu.RLock()
	defer ix.cat.mu.RUnlock()
	st.Articles = len(ix.cat.byID)
	st.Updated = ix.cat.updated
	for _, e := range ix.cat.byID {
		st.Outlets[e.Source]++
		if e.Published.IsZero() {
			st.Undated++
			continue
		}
		if e.Published.After(end) {
			st.Ahead++
			if e.Published.After(st.Latest) {
				st.Latest = e.Published
			}
			continue
		}
		if st.Oldest.IsZero() || e.Published.Before(st.Oldest) {
			st.Oldest = e.Published
		}
		if e.Published.After(st.Newest) {
			st.Newest = e.Published
		}
	}
	return st, nil
}
