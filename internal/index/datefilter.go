package index

import (
	"context"
	"math"
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
	s := &dateSearcher{segs: segs, lo: lo, hi: hi, qnorm: math.Inf(1)}
	for _, sg := range segs {
		s.count += sg.count(lo, hi)
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

// segDates is one segment's dates: ns[n] is document n's date in Unix
// nanoseconds when dated[n]; sorted holds the dates of all dated documents,
// in order, for counting.
type segDates struct {
	ns     []int64
	dated  []bool
	sorted []int64
	multi  bool // a document has more than one date
}

// readSegDates reads a segment's dates from its full-precision date terms
// (shift 0), the terms whose postings Bleve's range searcher reads.
func readSegDates(seg segment.Segment) (*segDates, error) {
	n := seg.Count()
	d := &segDates{ns: make([]int64, n), dated: make([]bool, n)}
	dict, err := seg.Dictionary(fieldDate)
	if err != nil {
		return nil, err
	}
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
			if k >= n {
				d.multi = true // not a document of this segment: leave it to Bleve
				continue
			}
			if d.dated[k] {
				d.multi = true
			}
			d.ns[k], d.dated[k] = v, true
			d.sorted = append(d.sorted, v)
		}
	}
	slices.Sort(d.sorted)
	return d, nil
}

// dateSeg is a segment of one snapshot: its table, deletions and the
// global number of its first document.
type dateSeg struct {
	*segDates
	deleted *roaring.Bitmap
	offset  uint64
}

// count is the number of live documents dated lo..hi, which is what the
// postings lists of the range's terms count (they leave out deletions).
func (s dateSeg) count(lo, hi int64) uint64 {
	if lo > hi {
		return 0
	}
	a, _ := slices.BinarySearch(s.sorted, lo)
	b, found := slices.BinarySearch(s.sorted, hi)
	for found && b < len(s.sorted) && s.sorted[b] == hi {
		b++
	}
	n := uint64(b - a)
	if s.deleted != nil && n > 0 {
		it := s.deleted.Iterator()
		for it.HasNext() {
			if k := uint64(it.Next()); k < uint64(len(s.ns)) && s.in(k, lo, hi) {
				n--
			}
		}
	}
	return n
}

func (s dateSeg) in(k uint64, lo, hi int64) bool {
	return s.dated[k] && lo <= s.ns[k] && s.ns[k] <= hi
}

// dateSearcher steps through the live documents dated lo..hi in global
// document order.
type dateSearcher struct {
	segs   []dateSeg
	lo, hi int64
	count  uint64
	qnorm  float64
	seg    int    // segment of the next document to look at
	pos    uint64 // its local number
}

// next finds the first matching document at or after the cursor and moves
// the cursor past it. Like Bleve's disjunction, the searcher never goes
// back: Advance to a document before the cursor finds the next one.
func (s *dateSearcher) next(ctx *search.SearchContext) *search.DocumentMatch {
	if s.lo > s.hi {
		s.seg = len(s.segs)
	}
	for s.seg < len(s.segs) {
		sg := s.segs[s.seg]
		for k := s.pos; k < uint64(len(sg.ns)); k++ {
			if !sg.in(k, s.lo, s.hi) || (sg.deleted != nil && sg.deleted.Contains(uint32(k))) {
				continue
			}
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
