package digest

import (
	"container/heap"
	"context"
	"math"
	"time"
)

// Weights of the article similarity (see pairSims).
const (
	// wordWeight and nameWeight split the similarity between the words of
	// headline and lead and the names and figures of the lead and headline.
	wordWeight = 0.5
	nameWeight = 0.5
	// sameEventGrace is the time apart within which two articles count as
	// close; beyond it the similarity fades by e every fadeDays days.
	sameEventGrace = 48 * time.Hour
	fadeDays       = 5.0
	// mergeThreshold is the least linkage (see linkage) between two groups
	// of articles for them to be one event.
	mergeThreshold = 0.09
)

// timeFactor weighs a similarity by the time between two articles: 1 within
// sameEventGrace, fading exponentially after.
func timeFactor(a, b time.Time) float64 {
	gap := a.Sub(b)
	if gap < 0 {
		gap = -gap
	}
	if gap <= sameEventGrace {
		return 1
	}
	return math.Exp(-(gap - sameEventGrace).Hours() / 24 / fadeDays)
}

// pairSims returns the similarity of every pair of documents that share a
// term or name: wordWeight × cosine of their word vectors plus nameWeight ×
// cosine of their name vectors, times timeFactor. Inverted indexes keep the
// cost to pairs that share something. Keys are (i, j) with i < j.
//
// With k > 0, each document keeps its k most similar earlier documents only
// (its later ones may still choose it): the pairs are then at most k per
// document instead of up to n²/2. See neighbourLimit.
func pairSims(ctx context.Context, words, nameVecs []vector, when []time.Time, k int) (map[[2]int]float64, error) {
	sims := make(map[[2]int]float64)
	// The postings carry each document's weight of the term, and the dot
	// products are summed in slices indexed by document, with the list of
	// documents touched: map look-ups and a binary search per posting were
	// half the time of a dense window's digest (helper 77). The sums are
	// made in the same order as before, so the similarities are the same
	// to the bit.
	type posting struct {
		doc int
		w   float64
	}
	type post = map[int32][]posting
	wordPost, namePost := post{}, post{}
	n := len(words)
	wordDots, nameDots := make([]float64, n), make([]float64, n)
	seen := make([]bool, n)
	var touched []int
	add := func(v vector, d int, p post, dots []float64) {
		for _, e := range v {
			for _, o := range p[e.id] {
				dots[o.doc] += e.w * o.w
				if !seen[o.doc] {
					seen[o.doc] = true
					touched = append(touched, o.doc)
				}
			}
			p[e.id] = append(p[e.id], posting{d, e.w})
		}
	}
	dot := func(o int) float64 { return wordWeight*wordDots[o] + nameWeight*nameDots[o] }
	for d := range words {
		if d%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		touched = touched[:0]
		add(words[d], d, wordPost, wordDots)
		add(nameVecs[d], d, namePost, nameDots)
		if k > 0 && len(touched) > k {
			// The k largest, the earlier document of equals (selected,
			// not sorted: a sort of every touched document was a third
			// of a dense window's digest).
			selectFirst(touched, k, func(a, b int) bool {
				if da, db := dot(a), dot(b); da != db {
					return da > db
				}
				return a < b
			})
			for _, o := range touched[k:] {
				wordDots[o], nameDots[o], seen[o] = 0, 0, false
			}
			touched = touched[:k]
		}
		for _, o := range touched {
			sims[[2]int{o, d}] = dot(o) * timeFactor(when[o], when[d])
			wordDots[o], nameDots[o], seen[o] = 0, 0, false
		}
	}
	return sims, nil
}

// selectFirst reorders xs so that its first k elements are the k that
// come first in the strict total order before (quickselect; the others
// follow in no order).
func selectFirst(xs []int, k int, before func(a, b int) bool) {
	lo, hi := 0, len(xs)-1
	for lo < hi {
		// The median of the first, middle and last as the pivot, moved
		// to hi.
		mid := lo + (hi-lo)/2
		if before(xs[mid], xs[lo]) {
			xs[mid], xs[lo] = xs[lo], xs[mid]
		}
		if before(xs[hi], xs[lo]) {
			xs[hi], xs[lo] = xs[lo], xs[hi]
		}
		if before(xs[mid], xs[hi]) {
			xs[mid], xs[hi] = xs[hi], xs[mid]
		}
		pivot, p := xs[hi], lo
		for j := lo; j < hi; j++ {
			if before(xs[j], pivot) {
				xs[p], xs[j] = xs[j], xs[p]
				p++
			}
		}
		xs[p], xs[hi] = xs[hi], xs[p]
		switch {
		case p == k:
			return
		case k < p:
			hi = p - 1
		default:
			lo = p + 1
		}
	}
}

// ctxEvery is how many documents (or merges) the clustering does between
// two looks at its context: a /digest that timed out stops its work (it
// went on for 50 s and to 4.7 GB after the reply; helper 73).
const ctxEvery = 256

// neighbourLimit is how many earlier documents each document is linked to
// when a window holds more than denseDocs articles: 5,000 near-identical
// articles made all 12.5 million pairs, and the digest took 75 s and 5.2 GB
// (helper 73). A window of up to denseDocs articles, every real one, is
// clustered over all its pairs as before.
const (
	neighbourLimit = 100
	denseDocs      = 1000
)

// neighbours is the k of pairSims for n documents.
func neighbours(n int) int {
	if n <= denseDocs {
		return 0
	}
	return neighbourLimit
}

// agglomerate is agglomerative clustering of n items over the sparse
// similarities sims (missing pairs are 0): it repeatedly merges the two
// groups whose linkage (see linkage) is highest, while it is at least
// threshold. With keys (each item's proper names), the linkage of two groups
// of two or more items is weighed by how well their cores agree (see
// cores.agreement); nil keys leave it as it is. Groups list their items in
// ascending order of index (merged groups keep the order of their items).
func agglomerate(ctx context.Context, n int, sims map[[2]int]float64, threshold float64, keys [][]int32) ([][]int, error) {
	members := make([][]int, n)
	nb := make([]map[int]float64, n) // summed similarity to neighbour groups
	ver := make([]int, n)
	self := make([]float64, n) // summed similarity within the group, itself included
	for i := range members {
		members[i] = []int{i}
		nb[i] = make(map[int]float64)
		self[i] = 1
	}
	cores := newCores(n, keys)
	h := &mergeHeap{}
	for k, s := range sims {
		nb[k[0]][k[1]] += s
		nb[k[1]][k[0]] += s
	}
	for k, s := range sims {
		if s >= threshold {
			heap.Push(h, merge{s, k[0], k[1], 0, 0})
		}
	}
	for pops := 0; h.Len() > 0; pops++ {
		if pops%ctxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		m := heap.Pop(h).(merge)
		if members[m.a] == nil || members[m.b] == nil || ver[m.a] != m.va || ver[m.b] != m.vb {
			continue
		}
		a, b := m.a, m.b
		self[a] += self[b] + 2*nb[a][b]
		cores.merge(a, b)
		members[a] = mergeSorted(members[a], members[b])
		members[b] = nil
		ver[a]++
		for x, s := range nb[b] {
			if x == a {
				continue
			}
			nb[a][x] += s
			nb[x][a] += s
			delete(nb[x], b)
		}
		delete(nb[a], b)
		nb[b] = nil
		for x, s := range nb[a] {
			if avg := linkage(s, self[a], self[x]) * cores.agreement(a, x); avg >= threshold {
				heap.Push(h, merge{avg, a, x, ver[a], ver[x]})
			}
		}
	}
	var out [][]int
	for _, m := range members {
		if m != nil {
			out = append(out, m)
		}
	}
	return out, nil
}

func mergeSorted(a, b []int) []int {
	out := make([]int, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i] < b[j] {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	return append(append(out, a[i:]...), b[j:]...)
}

// merge is a candidate merge of groups a and b at their versions va, vb.
type merge struct {
	sim    float64
	a, b   int
	va, vb int
}

// mergeHeap is a max-heap of merges; ties go to the lower indexes so that
// the result does not depend on map order.
type mergeHeap []merge

func (h mergeHeap) Len() int { return len(h) }
func (h mergeHeap) Less(i, j int) bool {
	if h[i].sim != h[j].sim {
		return h[i].sim > h[j].sim
	}
	if h[i].a != h[j].a {
		return h[i].a < h[j].a
	}
	return h[i].b < h[j].b
}
func (h mergeHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *mergeHeap) Push(x any)   { *h = append(*h, x.(merge)) }
func (h *mergeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// linkage is the similarity of two groups: the cosine of their summed
// vectors in the space the pair similarity measures, from the summed
// similarity between them (cross) and within each (selfA, selfB).
func linkage(cross, selfA, selfB float64) float64 {
	return cross / math.Sqrt(selfA*selfB)
}
