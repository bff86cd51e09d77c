package terms

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		lower []string
		stems []string
	}{
		{"possessive", "France's alert", []string{"france", "alert"}, []string{"franc", "alert"}},
		{"curly possessive", "Russia’s claim", []string{"russia", "claim"}, []string{"russia", "claim"}},
		{"curly possessive before a closing quote", "“It is Russia’s” claim", []string{"it", "is", "russia", "claim"}, []string{"it", "is", "russia", "claim"}},
		{"curly possessive before a dash", "Russia’s—and Iran’s… claims", []string{"russia", "and", "iran", "claims"}, []string{"russia", "and", "iran", "claim"}},
		{"a letter after the s is a word", "Russia’sé claim", []string{"russia", "sé", "claim"}, []string{"russia", "sé", "claim"}},
		{"numbers", "1,000 people, 5.5%", []string{"1,000", "people", "5.5"}, []string{"1,000", "peopl", "5.5"}},
		{"stemming", "attacks attacked", []string{"attacks", "attacked"}, []string{"attack", "attack"}},
		{"unicode", "Zelenskyy — Kyiv", []string{"zelenskyy", "kyiv"}, []string{"zelenskyi", "kyiv"}},
	}
	a := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var lower, stems []string
			for _, tok := range a.Tokens(tt.text) {
				lower = append(lower, tok.Lower)
				stems = append(stems, tok.Stem)
				if got := tt.text[tok.Start:tok.End]; len(got) == 0 {
					t.Errorf("empty span for %q", tok.Lower)
				}
			}
			if d := cmp.Diff(tt.lower, lower); d != "" {
				t.Errorf("Tokens(%q) lower (-want +got):\n%s", tt.text, d)
			}
			if d := cmp.Diff(tt.stems, stems); d != "" {
				t.Errorf("Tokens(%q) stems (-want +got):\n%s", tt.text, d)
			}
		})
	}
}

func TestStemsDropStopWords(t *testing.T) {
	got := New().Stems("Who claimed the Moscow attack?")
	want := []string{"claim", "moscow", "attack"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Stems (-want +got):\n%s", d)
	}
}

func TestTokenFlags(t *testing.T) {
	toks := New().Tokens("ISIS killed 137")
	if !toks[0].Upper || toks[1].Upper || !toks[2].Digit || toks[0].Digit {
		t.Errorf("flags wrong: %+v", toks)
	}
}

func TestIsStop(t *testing.T) {
	set := map[string]bool{}
	for _, w := range stopList {
		set[w] = true
	}
	// Every stop word, and words one edit away from one (a letter dropped,
	// added or changed at either end), which must not be taken for one.
	words := []string{"", "x", "thee", "ii", "ourselvess", "themselves1", "according", "accordingly", "Said"}
	for _, w := range stopList {
		words = append(words, w, w[1:], w[:len(w)-1], w+"s", "s"+w, w[:len(w)-1]+"q", "q"+w[1:])
	}
	for _, w := range words {
		if got := IsStop(w); got != set[w] {
			t.Errorf("IsStop(%q) = %v, want %v", w, got, set[w])
		}
	}
}

// BenchmarkIsStop looks up the words of a news sentence with IsStop and, for
// comparison, with a Go map of the same words (what IsStop used before).
func BenchmarkIsStop(b *testing.B) {
	words := strings.Fields(strings.ToLower("French President Emmanuel Macron said on Monday that the Islamic " +
		"State group was behind the attack on a concert hall near Moscow which killed 137 people and that " +
		"France had raised its terror alert to the highest level"))
	m := map[string]struct{}{}
	for _, w := range stopList {
		m[w] = struct{}{}
	}
	b.Run("set", func(b *testing.B) {
		n := 0
		for b.Loop() {
			for _, w := range words {
				if IsStop(w) {
					n++
				}
			}
		}
	})
	b.Run("map", func(b *testing.B) {
		n := 0
		for b.Loop() {
			for _, w := range words {
				if _, ok := m[w]; ok {
					n++
				}
			}
		}
	})
}
