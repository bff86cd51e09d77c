package digest

import (
	"math"
	"sort"
	"time"
)

// cluster groups document vectors greedily. Each document, in the order
// given, may join a group that holds an earlier document at least
// linkThreshold similar to it (single link); among those it joins the one
// whose centroid is most similar, provided that similarity reaches
// centroidThreshold, and otherwise starts a new group. The centroid guard
// stops the chaining of plain single-link clustering, and the link test stops
// a generic centroid (say, of many earnings reports) from absorbing every
// document written from the same template. Inverted indexes from terms to
// documents and to groups keep the cost near-linear for a few thousand short
// documents.
func cluster(vecs []vector, order []int, linkThreshold, centroidThreshold float64) [][]int {
	type group struct {
		members []int
		sum     map[int32]float64
		norm2   float64
	}
	var groups []*group
	groupOf := make([]int, len(vecs))
	docPostings := make(map[int32][]int)
	dots := make(map[int]float64)
	linked := make(map[int]bool)
	for _, d := range order {
		clear(dots)
		clear(linked)
		for _, e := range vecs[d] {
			for _, o := range docPostings[e.id] {
				dots[o] += e.w * weightOf(vecs[o], e.id)
			}
		}
		for o, dot := range dots {
			if dot >= linkThreshold {
				linked[groupOf[o]] = true
			}
		}
		best, bestSim := -1, centroidThreshold
		for g := range linked {
			var dot float64
			for _, e := range vecs[d] {
				dot += e.w * groups[g].sum[e.id]
			}
			sim := dot / math.Sqrt(groups[g].norm2)
			if sim > bestSim || (sim == bestSim && best >= 0 && g < best) {
				best, bestSim = g, sim
			}
		}
		if best < 0 {
			best = len(groups)
			groups = append(groups, &group{sum: make(map[int32]float64)})
		}
		g := groups[best]
		g.members = append(g.members, d)
		groupOf[d] = best
		for _, e := range vecs[d] {
			docPostings[e.id] = append(docPostings[e.id], d)
			old := g.sum[e.id]
			g.sum[e.id] = old + e.w
			g.norm2 += (old+e.w)*(old+e.w) - old*old
		}
	}
	out := make([][]int, len(groups))
	for i, g := range groups {
		out[i] = g.members
	}
	return out
}

// weightOf returns the weight of term id in vec (sorted by id), 0 if absent.
func weightOf(vec vector, id int32) float64 {
	i := sort.Search(len(vec), func(i int) bool { return vec[i].id >= id })
	if i < len(vec) && vec[i].id == id {
		return vec[i].w
	}
	return 0
}

// lexRank scores sentences by eigenvector centrality in their cosine
// similarity graph (edges at or above 0.1, damping 0.85), normalised so the
// most central sentence scores 1.
func lexRank(vecs []vector) []float64 {
	n := len(vecs)
	score := make([]float64, n)
	if n == 0 {
		return score
	}
	adj := make([][]int, n)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if cosine(vecs[i], vecs[j]) >= 0.1 {
				adj[i] = append(adj[i], j)
				adj[j] = append(adj[j], i)
			}
		}
	}
	const d = 0.85
	for i := range score {
		score[i] = 1 / float64(n)
	}
	next := make([]float64, n)
	for range 30 {
		for i := range next {
			next[i] = (1 - d) / float64(n)
		}
		for i, nb := range adj {
			for _, j := range nb {
				next[j] += d * score[i] / float64(len(nb))
			}
			if len(nb) == 0 { // dangling: spread evenly
				for j := range next {
					next[j] += d * score[i] / float64(n)
				}
			}
		}
		score, next = next, score
	}
	maxScore := 0.0
	for _, s := range score {
		maxScore = max(maxScore, s)
	}
	for i := range score {
		score[i] /= maxScore
	}
	return score
}

// story is one group of articles about the same event.
type story struct {
	docs     []int
	outlets  []string
	newest   time.Time
	centroid vector
	score    float64
	// cands are the group's quotable sentences, most central first.
	cands []int
}

// rankStories orders groups by coverage (distinct outlets, then articles),
// then substance and recency, best first.
func rankStories(stories []*story, docs []*doc, from, to time.Time, topic vector) {
	span := to.Sub(from).Seconds()
	for _, s := range stories {
		words := 0
		for _, d := range s.docs {
			words = max(words, docs[d].words)
		}
		s.score = 1.0*float64(max(len(s.outlets)-1, 0)) + 0.8*math.Log1p(float64(len(s.docs)-1))
		s.score += 0.3 * math.Min(1, float64(words)/150)
		if span > 0 {
			s.score += 0.4 * math.Max(0, math.Min(1, s.newest.Sub(from).Seconds()/span))
		}
		if len(topic) > 0 {
			s.score += 1.0 * cosine(topic, s.centroid)
		}
	}
	sort.SliceStable(stories, func(i, j int) bool {
		if stories[i].score != stories[j].score {
			return stories[i].score > stories[j].score
		}
		return stories[i].newest.After(stories[j].newest)
	})
}
