package corpus

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// placeholderBefore is isPlaceholder as it was: lower-case, split and join
// the whole body. The streaming version must agree with it on every text.
func placeholderBefore(text string) bool {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return r < 'a' || r > 'z' })
	if len(words) == 0 {
		return false
	}
	if strings.HasPrefix(strings.Join(words, " "), "lorem ipsum") {
		return true
	}
	for _, w := range words {
		if w != "blah" {
			return false
		}
	}
	return true
}

func TestIsPlaceholder(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"Blah blah blah.", true},
		{"******Blah blah blah.", true},
		{"BLAH", true},
		{"blah blah news", false},
		{"news blah", false},
		{"Lorem ipsum dolor sit amet.", true},
		{"lorem ipsumdolor", true}, // the join began "lorem ipsum"
		{"Lorem", false},
		{"lorem dolor", false},
		{"blah lorem ipsum", false},
		{"", false},
		{"*** 123 ---", false},
		{"İpsum", false},
		{"blah\u212Alah", false},   // the Kelvin sign lower-cases to k
		{"lorem \u0130psum", true}, // İ lower-cases to i
		{"bl\xffah", false},        // invalid UTF-8 separates words
		{"Moscow attack: 133 killed.", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := isPlaceholder(tt.text); got != tt.want {
				t.Errorf("isPlaceholder(%q) = %v, want %v", tt.text, got, tt.want)
			}
			if before := placeholderBefore(tt.text); before != tt.want {
				t.Errorf("the former isPlaceholder(%q) = %v, want %v", tt.text, before, tt.want)
			}
		})
	}
}

// TestIsPlaceholderAgrees compares with the former implementation on
// random texts made of the words and separators that matter.
func TestIsPlaceholderAgrees(t *testing.T) {
	parts := []string{"blah", "Blah", "BLAH", "lorem", "Lorem", "ipsum", "IPSUM", "ipsumx", "bl", "ah", "x", " ", ".", "*",
		"\n", "1", "\u0130", "\u212A", "é", "\xff", "-", "news"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(6) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		text := b.String()
		if got, want := isPlaceholder(text), placeholderBefore(text); got != want {
			t.Fatalf("isPlaceholder(%q) = %v, the former gave %v", text, got, want)
		}
	}
}

func BenchmarkIsPlaceholder(b *testing.B) {
	text := strings.Repeat("The attack on the concert hall killed at least 137 people, officials said. ", 40)
	b.Run("now", func(b *testing.B) {
		for b.Loop() {
			isPlaceholder(text)
		}
	})
	b.Run("before", func(b *testing.B) {
		for b.Loop() {
			placeholderBefore(text)
		}
	})
}
