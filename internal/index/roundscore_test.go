package index

import (
	"math"
	"testing"
)

// TestRoundScore: scores that differ only in the bits Bleve's summation
// order decides are one score; scores that differ in the first ten digits
// stay apart, in order.
func TestRoundScore(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b float64
		same bool
	}{
		{"one text, two sums", 3.9272052297557591, 3.9272052297557587, true},
		{"small scores", 0.00012345678901234, 0.00012345678901236, true},
		{"large scores", 123456.78901234567, 123456.78901234568, true},
		{"apart in the tenth digit", 3.927205229, 3.927205230, false},
		{"apart in the second", 1.5, 1.6, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ra, rb := roundScore(tc.a), roundScore(tc.b)
			if (ra == rb) != tc.same {
				t.Errorf("roundScore(%v) = %v, roundScore(%v) = %v; same %v, want %v", tc.a, ra, tc.b, rb, ra == rb, tc.same)
			}
			if !tc.same && (ra < rb) != (tc.a < tc.b) {
				t.Errorf("roundScore turned the order of %v and %v", tc.a, tc.b)
			}
		})
	}
	for _, s := range []float64{0, math.Inf(1), math.Inf(-1)} {
		if got := roundScore(s); got != s {
			t.Errorf("roundScore(%v) = %v, want it unchanged", s, got)
		}
	}
	if got := roundScore(math.NaN()); !math.IsNaN(got) {
		t.Errorf("roundScore(NaN) = %v, want NaN", got)
	}
}
