package answer

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

// containsLower is what prefixSet.in must report: whether text, with its
// ASCII letters lower-cased, contains one of ps.
func containsLower(text string, ps []string) bool {
	low := terms.ASCIILower(text)
	for _, p := range ps {
		if strings.Contains(low, p) {
			return true
		}
	}
	return false
}

func TestPrefixSet(t *testing.T) {
	tests := []struct {
		name string
		ps   []string
		text string
		want bool
	}{
		{"none", nil, "anything", false},
		{"the empty string", []string{""}, "anything", true},
		{"word start", []string{"trum"}, "Mr. Trump said", true},
		{"inside a word", []string{"iran"}, "Tirana is a capital", true},
		{"capitals", []string{"ukra"}, "UKRAINE", true},
		{"at the very end", []string{"war"}, "a war", true},
		{"cut short at the end", []string{"ware"}, "a war", false},
		{"two bytes", []string{"eu"}, "The EU said", true},
		{"one byte", []string{"x"}, "Tax", true},
		{"one byte absent", []string{"q"}, "none here", false},
		{"pair shared, rest differs", []string{"stor", "stat"}, "a stamp", false},
		{"second of a shared pair", []string{"stor", "stat"}, "a statement", true},
		{"not ASCII", []string{"café"}, "Le CAFé", true},
		{"not ASCII case is kept", []string{"éco"}, "ÉCOLE", false},
		{"no match", []string{"flood", "rain"}, "Sunny and dry all week.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := newPrefixSet(tt.ps).in(tt.text); got != tt.want {
				t.Errorf("in(%q) with %q = %v, want %v", tt.text, tt.ps, got, tt.want)
			}
			if ref := containsLower(tt.text, tt.ps); ref != tt.want {
				t.Errorf("the reference says %v for in(%q) with %q: the table is wrong", ref, tt.text, tt.ps)
			}
		})
	}
	t.Run("random", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		alphabet := "abstAST é\x00z"
		gen := func(n int) string {
			var b strings.Builder
			for range n {
				b.WriteByte(alphabet[rng.IntN(len(alphabet))])
			}
			return b.String()
		}
		for range 50000 {
			var ps []string
			for range rng.IntN(5) {
				ps = append(ps, strings.ToLower(gen(rng.IntN(5))))
			}
			text := gen(rng.IntN(16))
			if got, want := newPrefixSet(ps).in(text), containsLower(text, ps); got != want {
				t.Fatalf("in(%q) with %q = %v, the reference says %v", text, ps, got, want)
			}
		}
	})
}
