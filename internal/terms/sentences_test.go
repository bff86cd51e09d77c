package terms

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"

	"github.com/google/go-cmp/cmp"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"simple", "ISIS claimed it. France raised its alert.", []string{"ISIS claimed it.", "France raised its alert."}},
		{"abbreviation", "Mr. Macron spoke in the U.S. on Monday. He left.", []string{"Mr. Macron spoke in the U.S. on Monday.", "He left."}},
		{"initial", "John F. Kennedy was shot. It was 1963.", []string{"John F. Kennedy was shot.", "It was 1963."}},
		{"quote", `"We are ready," he said. "Go!" She left.`, []string{`"We are ready," he said.`, `"Go!"`, "She left."}},
		{"decimal", "It rose 5.5 percent. Prices fell.", []string{"It rose 5.5 percent.", "Prices fell."}},
		{"lowercase after period", "It cost $5 a gal. on average.", []string{"It cost $5 a gal. on average."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range Sentences(tt.in) {
				got = append(got, tt.in[s.Start:s.End])
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("Sentences(%q) (-want +got):\n%s", tt.in, d)
			}
		})
	}
}

// TestMaxAbbreviation: isAbbreviation's ASCII path tells no abbreviation
// apart past maxAbbreviation bytes.
func TestMaxAbbreviation(t *testing.T) {
	for w := range abbreviations {
		if len(w) > maxAbbreviation {
			t.Errorf("abbreviation %q is longer than maxAbbreviation (%d)", w, maxAbbreviation)
		}
	}
}

// TestSentencesFastPath compares Sentences with the code before its ASCII
// fast paths (refSentences), on random paragraphs of words, sentence ends,
// abbreviations, initials, quotes and brackets, other scripts (the Kelvin
// sign lower-cases to an ASCII k) and invalid bytes.
func TestSentencesFastPath(t *testing.T) {
	pieces := []string{
		"word", "Word", "WORD", " ", " ", " ", "  ", ". ", "! ", "? ", ".", "!", "?", "Mr", "MR", "U.S", "u.s", "Gen",
		"approx", "APPROX", "Approxi", "F", "f", "1963", "5.5", "\"", "'", ")", "]", "(", "“", "”", "’", "‘", "é",
		"É", "\u212a", "İ", "\xff", "\xe2\x80", "etc", "e.g", "Jan", "no", "No",
	}
	rng := rand.New(rand.NewPCG(5, 8))
	for range 50000 {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		p := b.String()
		if d := cmp.Diff(refSentences(p), Sentences(p)); d != "" {
			t.Fatalf("Sentences(%q) (-before +now):\n%s", p, d)
		}
	}
}

// refSentences and its helpers are Sentences as it was before its ASCII
// fast paths.
func refSentences(p string) []chronicle.Span {
	var out []chronicle.Span
	start := 0
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		end := i + 1
		for end < len(p) && strings.ContainsRune(`"')]`, rune(p[end])) {
			end++
		}
		for _, q := range []string{"’", "”"} {
			if strings.HasPrefix(p[end:], q) {
				end += len(q)
			}
		}
		if end >= len(p) || p[end] != ' ' || !refStartsSentence(p[end+1:]) {
			continue
		}
		if c == '.' && refIsAbbreviation(p[start:i]) {
			continue
		}
		if s := trimSpan(p, start, end); s.End > s.Start {
			out = append(out, s)
		}
		start = end + 1
		i = end
	}
	if s := trimSpan(p, start, len(p)); s.End > s.Start {
		out = append(out, s)
	}
	return out
}

func refStartsSentence(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune(`"'“‘(`, r)
}

func refIsAbbreviation(text string) bool {
	i := strings.LastIndexAny(text, " (\"“")
	w := strings.ToLower(text[i+1:])
	if utf8.RuneCountInString(w) == 1 {
		return true
	}
	return abbreviations[w]
}
