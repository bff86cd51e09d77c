package digest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestSelectFirst: the first k elements are the k a full sort puts first,
// for every k, with ties in value broken by index as pairSims breaks them.
func TestSelectFirst(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 10, 101, 1000} {
		vals := make([]float64, n)
		for i := range vals {
			vals[i] = float64(r.IntN(7)) // many equal values
		}
		before := func(a, b int) bool {
			if vals[a] != vals[b] {
				return vals[a] > vals[b]
			}
			return a < b
		}
		sorted := make([]int, n)
		for i := range sorted {
			sorted[i] = i
		}
		slices.SortFunc(sorted, func(a, b int) int {
			if before(a, b) {
				return -1
			}
			return 1
		})
		for _, k := range []int{0, 1, n / 3, n - 1, n} {
			if k < 0 || k > n {
				continue
			}
			t.Run(fmt.Sprintf("n=%d k=%d", n, k), func(t *testing.T) {
				xs := r.Perm(n)
				selectFirst(xs, k, before)
				got := slices.Clone(xs[:k])
				slices.Sort(got)
				want := slices.Clone(sorted[:k])
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Fatalf("first %d: %v, want %v", k, got, want)
				}
				all := slices.Clone(xs)
				slices.Sort(all)
				for i, x := range all {
					if x != i {
						t.Fatalf("not a permutation of 0..%d any more: %v", n-1, xs)
					}
				}
			})
		}
	}
}

// BenchmarkDenseWindow: pairSims and agglomerate over a window as dense as
// a newswire's month (3,000 articles whose headlines and leads share a
// handful of common words): the part of a digest that grows with the
// square of its articles (helper 77 measured a 31-day /digest of
// Reuters-21578 at 11-15 s before the dense sums and the selection).
func BenchmarkDenseWindow(b *testing.B) {
	const n, vocabSize = 3000, 4000
	r := rand.New(rand.NewPCG(3, 4))
	vec := func(common int) vector {
		ids := map[int32]bool{}
		for range common {
			ids[int32(r.IntN(5))] = true // a few words every report uses
		}
		for range 12 {
			ids[int32(5+r.IntN(vocabSize))] = true
		}
		var v vector
		for id := range ids {
			v = append(v, entry{id: id, w: 1})
		}
		slices.SortFunc(v, func(a, b entry) int { return int(a.id - b.id) })
		norm := 1 / float64(len(v))
		for i := range v {
			v[i].w = norm
		}
		return v
	}
	words, names, when := make([]vector, n), make([]vector, n), make([]time.Time, n)
	keys := make([][]int32, n)
	start := time.Date(1987, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		words[i], names[i] = vec(3), vec(1)
		when[i] = start.Add(time.Duration(i) * 15 * time.Minute)
		for _, e := range names[i] {
			keys[i] = append(keys[i], e.id)
		}
	}
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		sims, err := pairSims(ctx, words, names, when, neighbours(n))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := agglomerate(ctx, n, sims, mergeThreshold, keys); err != nil {
			b.Fatal(err)
		}
	}
}
