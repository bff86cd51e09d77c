package digest

import (
	"math"
	"sort"
	"time"
)

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
