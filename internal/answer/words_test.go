package answer

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// words.states is statesWord with a quick rejection: it must agree with it
// on every text and candidate.
func TestWordsStates(t *testing.T) {
	tests := []struct {
		low, w string
		want   bool
	}{
		{"more than 137 people were killed", "137", true},
		{"1370 people", "137", false},
		{"in 2024, 2 people", "2", true},
		{"the iranian foreign minister", "iran", false},
		{"southwest airlines said", "southwest airlines", true},
		{"southwest airline said", "southwest airlines", false},
		{"trump’s lawyers", "trump", true}, // a curly apostrophe ends a word as a straight one does
		{"trump's lawyers", "trump", true},
		{"“severance” received the most", "severance", true},
		{"«macron» a dit", "macron", true},
		{"ökonomen sagen", "konomen", false},
		{"the 2024–25 season", "2024", true},
		{"a 2½-year term", "2", false},
		{"10² metres", "10", false},
		{"cafe\u0301 owners", "cafe", false},
		{"la de\u0301fense", "fense", false},
		{"i\u0307stanbul", "stanbul", false},
		{"any text", "", false},
		{"said trump, and", "trump", true},
		{"café owners", "caf", false},
		{"", "x", false},
		{"u.s. officials", "u.s", true},
		{"$4 a gallon", "4", true},
	}
	for _, tt := range tests {
		t.Run(tt.low+"/"+tt.w, func(t *testing.T) {
			if got := wordsOf(tt.low).states(tt.low, tt.w); got != tt.want {
				t.Errorf("states(%q, %q) = %v, want %v", tt.low, tt.w, got, tt.want)
			}
			if got := statesWord(tt.low, tt.w); got != tt.want {
				t.Errorf("statesWord(%q, %q) = %v, want %v", tt.low, tt.w, got, tt.want)
			}
		})
	}
	t.Run("random", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		alphabet := []string{"a", "b", "ab", "1", "2", " ", ",", ".", "-", "’", "é", "s", "\u0301", "½", "“", "\u200d"}
		gen := func(n int) string {
			var b strings.Builder
			for range n {
				b.WriteString(alphabet[rng.IntN(len(alphabet))])
			}
			return b.String()
		}
		for range 20000 {
			low, w := gen(rng.IntN(12)), gen(1+rng.IntN(4))
			if got, want := wordsOf(low).states(low, w), statesWord(low, w); got != want {
				t.Fatalf("states(%q, %q) = %v, statesWord says %v", low, w, got, want)
			}
		}
	})
}
