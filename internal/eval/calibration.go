package eval

import (
	"fmt"
	"math"
	"strings"
)

// Scored is one answer's confidence and whether the answer is right.
type Scored struct {
	Conf  float64
	Right bool
}

// ChooseThreshold returns the lowest threshold on a 0.01 grid at which the
// precision of the answers with confidence at or above it is at least
// minPrecision (1 when no threshold reaches it).
func ChooseThreshold(s []Scored, minPrecision float64) float64 {
	for step := 0; step <= 100; step++ {
		t := float64(step) / 100
		n, right := 0, 0
		for _, a := range s {
			if a.Conf >= t {
				n++
				if a.Right {
					right++
				}
			}
		}
		if n > 0 && float64(right) >= minPrecision*float64(n) {
			return t
		}
	}
	return 1
}

// Bucket is one row of a reliability table.
type Bucket struct {
	Lo, Hi   float64
	Count    int
	MeanConf float64
	Accuracy float64
}

// Reliability groups the answers into n equal-width confidence buckets over
// [0, 1] (a confidence of 1 falls in the last).
func Reliability(s []Scored, n int) []Bucket {
	b := make([]Bucket, n)
	for i := range b {
		b[i].Lo, b[i].Hi = float64(i)/float64(n), float64(i+1)/float64(n)
	}
	for _, a := range s {
		i := min(n-1, max(0, int(math.Floor(a.Conf*float64(n)))))
		b[i].Count++
		b[i].MeanConf += a.Conf
		if a.Right {
			b[i].Accuracy++
		}
	}
	for i := range b {
		if c := float64(b[i].Count); c > 0 {
			b[i].MeanConf /= c
			b[i].Accuracy /= c
		}
	}
	return b
}

// ECE is the expected calibration error over 10 equal-width buckets: the
// gap between mean confidence and accuracy in each bucket, weighted by the
// bucket's share of the answers.
func ECE(s []Scored) float64 {
	if len(s) == 0 {
		return 0
	}
	e := 0.0
	for _, b := range Reliability(s, 10) {
		e += float64(b.Count) * math.Abs(b.MeanConf-b.Accuracy)
	}
	return e / float64(len(s))
}

// ReliabilityTable prints buckets as a Markdown table.
func ReliabilityTable(bs []Bucket) string {
	var b strings.Builder
	b.WriteString("| confidence | count | mean confidence | accuracy |\n|---|---|---|---|\n")
	for _, x := range bs {
		if x.Count == 0 {
			fmt.Fprintf(&b, "| %.1f-%.1f | 0 | | |\n", x.Lo, x.Hi)
			continue
		}
		fmt.Fprintf(&b, "| %.1f-%.1f | %d | %.3f | %.3f |\n", x.Lo, x.Hi, x.Count, x.MeanConf, x.Accuracy)
	}
	return b.String()
}
