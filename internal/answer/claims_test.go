package answer

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

func TestClaims(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		sentence string
		want     []claim
	}{
		{"The attack killed 137 people.", []claim{{137, 137, 137}}},
		{"More than 100 people were killed.", []claim{{100, 100, inf}}},
		{"At least 133 people died.", []claim{{133, 133, inf}}},
		{"The toll surpassed 140 on Sunday.", []claim{{140, 140, inf}}},
		{"Nearly 100 people were hurt.", []claim{{100, 80, 100}}},
		{"Fewer than 20 remain.", []claim{{20, 0, 20}}},
		{"No more than 20 remain.", []claim{{20, 0, 20}}},
		{"No fewer than 20 remain.", []claim{{20, 20, inf}}},
		{"About 1,200 people fled.", []claim{{1200, 1080, 1320}}},
		{"It cost 2.5 million dollars.", []claim{{2.5e6, 2.5e6, 2.5e6}}},
		// Years are dates, not quantities; a question's own figure is no answer.
		{"In 2024, 45 plots were foiled since 2017.", []claim{{45, 45, 45}}},
		{"Of the 11 held, 4 were charged.", []claim{{4, 4, 4}}},
	}
	an := terms.New()
	r := newRanker(Analyze(an, "How many of the 11 were charged?"), an, 0, nil, time.Time{}, defaultModel)
	for _, tt := range tests {
		t.Run(tt.sentence, func(t *testing.T) {
			got := r.claims(an.Tokens(tt.sentence))
			if d := cmp.Diff(tt.want, got, cmp.AllowUnexported(claim{})); d != "" {
				t.Errorf("claims(%q) (-want +got):\n%s", tt.sentence, d)
			}
		})
	}
}

func TestClaimSupports(t *testing.T) {
	inf := math.Inf(1)
	exact := func(v float64) claim { return claim{v, v, v} }
	tests := []struct {
		name string
		b, a claim
		want bool
	}{
		{"the same figure", exact(137), exact(137), true},
		{"a lower bound backs a figure above it", claim{100, 100, inf}, exact(137), true},
		{"a lower bound does not back a figure below it", claim{140, 140, inf}, exact(137), false},
		{"a figure does not back a vaguer bound", exact(137), claim{100, 100, inf}, false},
		{"a bound backs itself", claim{100, 100, inf}, claim{100, 100, inf}, true},
		{"a different quantity (over twice) is not backed", claim{100, 100, inf}, exact(9500), false},
		{"an approximation backs a figure inside it", claim{1200, 1080, 1320}, exact(1250), true},
		{"an upper bound backs a figure under it", claim{20, 0, 20}, exact(17), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.b.supports(tt.a); got != tt.want {
				t.Errorf("%+v.supports(%+v) = %v, want %v", tt.b, tt.a, got, tt.want)
			}
		})
	}
}

// TestConsistencyPrefersTheCorroboratedFigure: with reports of "more than
// 100", "at least 133", "137" and "144", the figure most other reports are
// consistent with gets the most support, and the vaguest the least.
func TestConsistencyPrefersTheCorroboratedFigure(t *testing.T) {
	sents := []string{
		"More than 100 people were killed in the attack.",
		"At least 133 people were killed in the attack.",
		"The attack killed 137 people.",
		"The attack killed 144 people.",
		"Officials said 137 people were killed.",
	}
	s := rankedOf(t, "How many people were killed in the attack?", sents, []float64{1, 1, 1, 1, 1})
	s[0].r.consistency(s, softmax([]float64{1, 1, 1, 1, 1}))
	got := make([]float64, len(s))
	for i := range s {
		got[i] = s[i].f[fConsistent]
	}
	// Each sentence has weight 0.2: 137 is backed by the other 137, ">100"
	// and ">=133"; 144 by ">100" and ">=133"; ">=133" by ">100"; ">100" by
	// nothing.
	want := []float64{0, 0.2, 0.6, 0.4, 0.6}
	if d := cmp.Diff(want, got, cmp.Comparer(func(x, y float64) bool { return math.Abs(x-y) < 1e-9 })); d != "" {
		t.Errorf("consistent feature (-want +got):\n%s", d)
	}
	s = rankedOf(t, "Who claimed the attack?", sents, []float64{1, 1, 1, 1, 1})
	s[0].r.consistency(s, softmax([]float64{1, 1, 1, 1, 1}))
	for i := range s {
		if s[i].f[fConsistent] != 0 {
			t.Errorf("a who question got a consistent feature %v for %q", s[i].f[fConsistent], sents[i])
		}
	}
}
