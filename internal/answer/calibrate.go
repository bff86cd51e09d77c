package answer

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Calibration maps the raw confidence score (half evidence, half support;
// see confidence) to the probability that the quoted answer is right. It is
// a monotone piecewise-linear map through the points (X[i], Y[i]), X strictly
// increasing and Y non-decreasing, flat beyond the first and last point and
// clamped to [0, 1]. The zero Calibration is the identity (raw scores).
type Calibration struct {
	X, Y []float64
}

// Apply maps a raw score to a calibrated probability.
func (c Calibration) Apply(raw float64) float64 {
	n := len(c.X)
	if n == 0 || len(c.Y) != n {
		return clamp01(raw)
	}
	switch {
	case raw <= c.X[0]:
		return clamp01(c.Y[0])
	case raw >= c.X[n-1]:
		return clamp01(c.Y[n-1])
	}
	i := sort.SearchFloat64s(c.X, raw) // c.X[i-1] < raw <= c.X[i]
	x0, x1, y0, y1 := c.X[i-1], c.X[i], c.Y[i-1], c.Y[i]
	return clamp01(y0 + (y1-y0)*(raw-x0)/(x1-x0))
}

func clamp01(v float64) float64 { return max(0, min(1, v)) }

// GoString prints the calibration as Go source (exact values), for the
// generated default_calibration.go.
func (c Calibration) GoString() string {
	f := func(v []float64) string {
		s := make([]string, len(v))
		for i, x := range v {
			s[i] = strconv.FormatFloat(x, 'g', -1, 64)
		}
		return strings.Join(s, ", ")
	}
	return fmt.Sprintf("Calibration{\n\tX: []float64{%s},\n\tY: []float64{%s},\n}", f(c.X), f(c.Y))
}

// FitIsotonic fits a calibration to raw scores and whether each answer was
// right: isotonic regression by pool-adjacent-violators, whose blocks are
// then merged, left to right, into groups of at least minCount answers (so
// that the map has a few points rather than a step per violation). Each
// group becomes one point: its mean score and its accuracy; between points
// the map is linear. Adjacent groups of a monotone fit stay monotone.
func FitIsotonic(scores []float64, right []bool, minCount int) Calibration {
	type block struct {
		sumX, sumY float64
		n          int
	}
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] < scores[idx[b]] })
	var blocks []block
	for _, i := range idx {
		y := 0.0
		if right[i] {
			y = 1
		}
		blocks = append(blocks, block{scores[i], y, 1})
		// Pool while the last block's mean is not above the previous one's.
		for len(blocks) > 1 {
			a, b := blocks[len(blocks)-2], blocks[len(blocks)-1]
			if a.sumY/float64(a.n) < b.sumY/float64(b.n) {
				break
			}
			blocks = append(blocks[:len(blocks)-2], block{a.sumX + b.sumX, a.sumY + b.sumY, a.n + b.n})
		}
	}
	// Merge adjacent blocks into groups of at least minCount.
	var groups []block
	var cur block
	for _, b := range blocks {
		cur = block{cur.sumX + b.sumX, cur.sumY + b.sumY, cur.n + b.n}
		if cur.n >= minCount {
			groups = append(groups, cur)
			cur = block{}
		}
	}
	if cur.n > 0 {
		if len(groups) == 0 {
			groups = append(groups, cur)
		} else {
			last := groups[len(groups)-1]
			groups[len(groups)-1] = block{last.sumX + cur.sumX, last.sumY + cur.sumY, last.n + cur.n}
		}
	}
	var c Calibration
	for _, g := range groups {
		x, y := g.sumX/float64(g.n), g.sumY/float64(g.n)
		if k := len(c.X); k > 0 && x <= c.X[k-1] {
			// Equal mean scores (ties across groups): keep one point.
			c.Y[k-1] = max(c.Y[k-1], y)
			continue
		}
		c.X = append(c.X, x)
		c.Y = append(c.Y, y)
	}
	return c
}

// FitPlatt fits a logistic map p = 1/(1+exp(-(a*raw+b))) by Newton's method
// on the log-loss, with Platt's smoothed targets, and returns it as a
// piecewise-linear Calibration sampled at points evenly spaced raw scores
// over [0, 1].
func FitPlatt(scores []float64, right []bool, points int) Calibration {
	pos := 0
	for _, r := range right {
		if r {
			pos++
		}
	}
	neg := len(right) - pos
	hi, lo := (float64(pos)+1)/(float64(pos)+2), 1/(float64(neg)+2)
	a, b := 1.0, 0.0
	for it := 0; it < 100; it++ {
		var ga, gb, haa, hab, hbb float64
		for i, x := range scores {
			t := lo
			if right[i] {
				t = hi
			}
			p := 1 / (1 + math.Exp(-(a*x + b)))
			d, w := p-t, max(p*(1-p), 1e-12)
			ga += d * x
			gb += d
			haa += w * x * x
			hab += w * x
			hbb += w
		}
		det := haa*hbb - hab*hab
		if det <= 1e-18 {
			break
		}
		da, db := (hbb*ga-hab*gb)/det, (haa*gb-hab*ga)/det
		a, b = a-da, b-db
		if math.Abs(da)+math.Abs(db) < 1e-10 {
			break
		}
	}
	var c Calibration
	for i := 0; i < points; i++ {
		x := float64(i) / float64(points-1)
		c.X = append(c.X, x)
		c.Y = append(c.Y, 1/(1+math.Exp(-(a*x+b))))
	}
	return c
}
