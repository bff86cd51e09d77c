package index

import (
	"context"
	"math"
	"math/bits"
	"slices"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// dateFilter is a Bleve date range over fieldDate that matches, counts and
// scores exactly as Bleve's own (the DateRangeQuery it holds), but reads
// each article's date from a table kept per search segment instead of the
// postings of every date term in the range.
//
// Bleve's numeric range searcher is a disjunction of term searchers, one
// per indexed date term of the range: advancing it past a hit moves a heap
// of up to a few hundred postings iterators, which cost a third of a
// retrieval (the filter of a 30-day window and, for a question late in
// the corpus, of the articles published after the as-of day). The answers
// must not change by a bit, and the conjunction or boolean that holds the
// range steps the words' searcher according to the range's Count and the
// documents it returns (Bleve's heap disjunction sums a hit's word scores
// in an order that depends on that stepping): so this searcher returns the
// same documents in the same order, reports the same Count (the live
// documents dated in the range) and Weight (0) and scores its hits as the
// range's zero-boosted terms do (0, or NaN before a finite query norm is
// set). TestDateFilterSearcher compares the two searchers step by step.
type dateFilter struct {
	bleve  *query.DateRangeQuery
	tables *dateTables
}

// Searcher returns the table-reading searcher over a scorch snapshot and
// Bleve's own anywhere else (or when asked for explanations or term
// vectors, which this one does not give).
func (q *dateFilter) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok || q.tables == nil || opts.Explain || opts.IncludeTermVectors || opts.Score == "none" ||
		q.bleve.BoostVal == nil || q.bleve.BoostVal.Value() != 0 || q.bleve.FieldVal != fieldDate {
		return q.bleve.Searcher(ctx, r, m, opts)
	}
	lo, hi, err := rangeEnds(q.bleve)
	if err != nil {
		return nil, err
	}
	segs, err := q.tables.of(snap)
	if err != nil {
		return nil, err
	}
	if segs == nil { // a segment whose dates the table cannot hold
		return q.bleve.Searcher(ctx, r, m, opts)
	}
	s := &dateSearcher{segs: segs, qnorm: math.Inf(1)}
	words := 0
	for _, sg := range segs {
		words += (len(sg.dated) + 63) / 64
	}
	buf := make([]uint64, words)
	for i := range segs {
		sg := &segs[i]
		sg.bits, buf = buf[:(len(sg.dated)+63)/64], buf[(len(sg.dated)+63)/64:]
		s.count += sg.mark(lo, hi)
	}
	return s, nil
}

// rangeEnds are the first and last Unix nanoseconds a DateRangeQuery
// matches, computed as Bleve's DateRangeQuery.Searcher and
// NewNumericRangeSearcher do (an open end is an infinite float, whose
// sortable bits are openStart or openEnd); lo > hi matches nothing.
func rangeEnds(q *query.DateRangeQuery) (lo, hi int64, err error) {
	if err := q.Validate(); err != nil && !(q.Start.IsZero() && q.End.IsZero()) {
		return 0, 0, err
	}
	minF, maxF := math.Inf(-1), math.Inf(1)
	if !q.Start.IsZero() {
		minF = numeric.Int64ToFloat64(q.Start.UnixNano())
	}
	if !q.End.IsZero() {
		maxF = numeric.Int64ToFloat64(q.End.UnixNano())
	}
	inclMin, inclMax := true, false
	if q.InclusiveStart != nil {
		inclMin = *q.InclusiveStart
	}
	if q.InclusiveEnd != nil {
		inclMax = *q.InclusiveEnd
	}
	lo, hi = numeric.Float64ToInt64(minF), numeric.Float64ToInt64(maxF)
	if !inclMin && lo != math.MaxInt64 {
		lo++
	}
	if !inclMax && hi != math.MinInt64 {
		hi--
	}
	return lo, hi, nil
}

// dateTables holds the dates of the documents of each search segment seen,
// built the first time a search reads that segment. Segments are
// immutable, so a table stays right for as long as its segment lives; the
// tables of segments gone from the newest snapshot are dropped.
type dateTables struct {
	mu   sync.Mutex
	segs map[segment.Segment]*segDates
}

// of returns the segments of snap with their tables and deletions, in
// snapshot order; nil when a segment holds what a table cannot (a
// document with two dates).
func (t *dateTables) of(snap *scorch.IndexSnapshot) ([]dateSeg, error) {
	ss := snap.Segments()
	out := make([]dateSeg, len(ss))
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.segs == nil {
		t.segs = map[segment.Segment]*segDates{}
	}
	var offset uint64
	for i, s := range ss {
		seg := s.Segment()
		d, ok := t.segs[seg]
		if !ok {
			var err error
			if d, err = readSegDates(seg); err != nil {
				return nil, err
			}
			t.segs[seg] = d
		}
		if d.multi {
			return nil, nil
		}
		out[i] = dateSeg{segDates: d, deleted: s.Deleted(), offset: offset}
		// The global document number, as scorch's snapshot counts it.
		offset += seg.Count()
	}
	if len(t.segs) > len(ss) {
		live := make(map[segment.Segment]bool, len(ss))
		for _, s := range ss {
			live[s.Segment()] = true
		}
		for seg := range t.segs {
			if !live[seg] {
				delete(t.segs, seg)
			}
		}
	}
	return out, nil
}

// segDates is one segment's dates: the numbers of its dated documents in
// the order of their dates (byDate), with those dates (dates, ascending);
// dated[n] says whether document n has one.
type segDates struct {
	byDate []uint32
	dates  []int64
	dated  []bool
	multi  bool // a document has more than one date
}

// readSegDates reads a segment's dates from its full-precision date terms
// (shift 0), the terms whose postings Bleve's range searcher reads.
func readSegDates(seg segment.Segment) (*segDates, error) {
	n := seg.Count()
	d := &segDates{dated: make([]bool, n)}
	if n > math.MaxUint32 {
		d.multi = true // more documents than a table numbers: leave it to Bleve
		return d, nil
	}
	dict, err := seg.Dictionary(fieldDate)
	if err != nil {
		return nil, err
	}
	// The terms come in the order of their values (prefix coding sorts as
	// the numbers do), so the documents are listed by date.
	it := dict.AutomatonIterator(nil, []byte{numeric.ShiftStartInt64}, []byte{numeric.ShiftStartInt64 + 1})
	var pl segment.PostingsList
	var pi segment.PostingsIterator
	for {
		e, err := it.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			break
		}
		v, err := numeric.PrefixCoded(e.Term).Int64()
		if err != nil {
			return nil, err
		}
		if pl, err = dict.PostingsList([]byte(e.Term), nil, pl); err != nil {
			return nil, err
		}
		pi = pl.Iterator(false, false, false, pi)
		for {
			p, err := pi.Next()
			if err != nil {
				return nil, err
			}
			if p == nil {
				break
			}
			k := p.Number()
			if k >= n || d.dated[k] {
				d.multi = true // not one date per document of this segment
				continue
			}
			d.dated[k] = true
			d.byDate = append(d.byDate, uint32(k))
			d.dates = append(d.dates, v)
		}
	}
	if !slices.IsSorted(d.dates) {
		d.multi = true
	}
	return d, nil
}

// dateSeg is a segment of one snapshot: its table, deletions and the
// global number of its first document, and, in one search, which of its
// documents the range matches.
type dateSeg struct {
	*segDates
	deleted *roaring.Bitmap
	offset  uint64
	bits    []uint64
}

// mark sets the bits of the live documents dated lo..hi and returns how
// many there are, which is what the postings lists of the range's terms
// count (they leave out deletions).
func (s *dateSeg) mark(lo, hi int64) uint64 {
	if lo > hi {
		return 0
	}
	a, _ := slices.BinarySearch(s.dates, lo)
	b, found := slices.BinarySearch(s.dates, hi)
	for found && b < len(s.dates) && s.dates[b] == hi {
		b++
	}
	var n uint64
	for _, k := range s.byDate[a:b] {
		if s.deleted != nil && s.deleted.Contains(k) {
			continue
		}
		s.bits[k/64] |= 1 << (k % 64)
		n++
	}
	return n
}

// dateSearcher steps through the live documents dated in its range (the
// bits of its segments) in global document order.
type dateSearcher struct {
	segs  []dateSeg
	count uint64
	qnorm float64
	seg   int    // segment of the next document to look at
	pos   uint64 // its local number
}

// next finds the first matching document at or after the cursor and moves
// the cursor past it. Like Bleve's disjunction, the searcher never goes
// back: Advance to a document before the cursor finds the next one.
func (s *dateSearcher) next(ctx *search.SearchContext) *search.DocumentMatch {
	for s.seg < len(s.segs) {
		sg := s.segs[s.seg]
		for w := s.pos / 64; w < uint64(len(sg.bits)); w++ {
			word := sg.bits[w]
			if w == s.pos/64 {
				word &= ^uint64(0) << (s.pos % 64)
			}
			if word == 0 {
				continue
			}
			k := w*64 + uint64(bits.TrailingZeros64(word))
			s.pos = k + 1
			dm := ctx.DocumentMatchPool.Get()
			dm.IndexInternalID = index.NewIndexInternalID(dm.IndexInternalID, sg.offset+k)
			// A zero-boosted term's score: its query weight is 0 times
			// the query norm.
			dm.Score = 0 * s.qnorm
			return dm
		}
		s.seg++
		s.pos = 0
	}
	return nil
}

func (s *dateSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	return s.next(ctx), nil
}

func (s *dateSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	num := id.Value()
	// The segment holding num: the last whose first document is at or
	// before it.
	i := sort.Search(len(s.segs), func(j int) bool { return s.segs[j].offset > num }) - 1
	if i >= 0 && (i > s.seg || (i == s.seg && num-s.segs[i].offset > s.pos)) {
		s.seg, s.pos = i, num-s.segs[i].offset
	}
	return s.next(ctx), nil
}

func (s *dateSearcher) Close() error               { return nil }
func (s *dateSearcher) Weight() float64            { return 0 }
func (s *dateSearcher) SetQueryNorm(qnorm float64) { s.qnorm = qnorm }
func (s *dateSearcher) Count() uint64              { return s.count }
func (s *dateSearcher) Min() int                   { return 0 }
func (s *dateSearcher) Size() int                  { return 128 }
func (s *dateSearcher) DocumentMatchPoolSize() int { return 1 }
