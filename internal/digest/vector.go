package digest

import (
	"math"
	"sort"
)

// vocab maps terms to dense ids and counts document frequencies.
type vocab struct {
	ids  map[string]int32
	df   []int
	docs int
}

func newVocab() *vocab { return &vocab{ids: make(map[string]int32)} }

// addDoc registers one document's terms for document frequency and returns
// their ids (with repeats).
func (v *vocab) addDoc(terms []string) []int32 {
	v.docs++
	ids := make([]int32, len(terms))
	seen := make(map[int32]bool, len(terms))
	for i, t := range terms {
		id, ok := v.ids[t]
		if !ok {
			id = int32(len(v.df))
			v.ids[t] = id
			v.df = append(v.df, 0)
		}
		ids[i] = id
		if !seen[id] {
			seen[id] = true
			v.df[id]++
		}
	}
	return ids
}

// lookup returns the ids of the known terms among terms.
func (v *vocab) lookup(terms []string) []int32 {
	ids := make([]int32, 0, len(terms))
	for _, t := range terms {
		if id, ok := v.ids[t]; ok {
			ids = append(ids, id)
		}
	}
	return ids
}

func (v *vocab) idf(id int32) float64 {
	return math.Log(1 + float64(v.docs)/float64(v.df[id]))
}

// entry is one weighted term of a sparse vector.
type entry struct {
	id int32
	w  float64
}

// vector is a sparse unit-length TF-IDF vector sorted by term id.
type vector []entry

// weigh builds the unit TF-IDF vector (sub-linear term frequency) of ids.
func (v *vocab) weigh(ids []int32) vector { return v.weighPow(ids, 1) }

// weighPow is weigh with the idf raised to pow: pow 2 stresses rare terms
// (names, places) over the vocabulary every report of a kind shares.
func (v *vocab) weighPow(ids []int32, pow float64) vector {
	tf := make(map[int32]float64, len(ids))
	for _, id := range ids {
		tf[id]++
	}
	vec := make(vector, 0, len(tf))
	for id, n := range tf {
		if w := (1 + math.Log(n)) * math.Pow(v.idf(id), pow); w > 0 {
			vec = append(vec, entry{id, w})
		}
	}
	sort.Slice(vec, func(i, j int) bool { return vec[i].id < vec[j].id })
	return vec.normalized()
}

func (vec vector) normalized() vector {
	var n float64
	for _, e := range vec {
		n += e.w * e.w
	}
	if n == 0 {
		return vec
	}
	n = math.Sqrt(n)
	for i := range vec {
		vec[i].w /= n
	}
	return vec
}

// cosine is the dot product of two unit vectors.
func cosine(a, b vector) float64 {
	var s float64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].id == b[j].id:
			s += a[i].w * b[j].w
			i++
			j++
		case a[i].id < b[j].id:
			i++
		default:
			j++
		}
	}
	return s
}

// centroid returns the unit mean of vecs.
func centroid(vecs []vector) vector {
	sum := make(map[int32]float64)
	for _, v := range vecs {
		for _, e := range v {
			sum[e.id] += e.w
		}
	}
	out := make(vector, 0, len(sum))
	for id, w := range sum {
		out = append(out, entry{id, w})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out.normalized()
}
