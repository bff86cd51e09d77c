package terms

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// refAppendTokensMatching is AppendTokensMatching as it was before its ASCII
// fast path: every rune through the unicode tables and every word with a
// capital lower-cased into a string of its own. The fast path must give
// the same tokens.
func (a *Analyzer) refAppendTokensMatching(toks []Token, text string, stem func(lower string) bool) []Token {
	i := 0
	for i < len(text) {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if !isWordRune(r) {
			i += size
			continue
		}
		start := i
		digit := unicode.IsDigit(r)
		upper := unicode.IsUpper(r)
		i += size
		for i < len(text) {
			r, size = rune(text[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(text[i:])
			}
			if isWordRune(r) {
				i += size
				continue
			}
			// Keep "1,000" and "5.5" together.
			if digit && (r == ',' || r == '.') && i+size < len(text) {
				if n, _ := utf8.DecodeRuneInString(text[i+size:]); unicode.IsDigit(n) {
					i += size
					continue
				}
			}
			break
		}
		end := i
		lower := lowerWord(text[start:end])
		// Possessive: France's -> france (the apostrophe ended the word).
		possessive := false
		if end+1 < len(text) && (text[end] == '\'' || strings.HasPrefix(text[end:], "’")) {
			skip := 1
			if text[end] != '\'' {
				skip = len("’")
			}
			if end+skip < len(text) && (text[end+skip] == 's' || text[end+skip] == 'S') &&
				(end+skip+1 == len(text) || !referenceWordRuneAt(text[end+skip+1:])) {
				i = end + skip + 1
				possessive = true
			}
		}
		st := ""
		if stem == nil || stem(lower) {
			st = a.Stem(lower)
		}
		toks = append(toks, Token{
			Start: start, End: end, Lower: lower, Stem: st,
			Stop: IsStop(lower), Upper: upper, Digit: digit, Possessive: possessive,
		})
	}
	return toks
}

// tokenPieces are what the random texts of TestTokensFastPath are made of:
// ASCII words of either case, numbers with inner separators, possessives
// (straight and curly), letters and digits of other scripts (some whose
// lower case is longer or shorter in UTF-8), punctuation and invalid bytes.
var tokenPieces = []string{
	"a", "Z", "the", "France", "ISIS", "McDonald", "s", "S", "'", "’", "'s", "’S", "1", "2022", ",", ".", "5.5",
	"1,000", " ", "  ", "\n", "-", "—", "“", "”", "é", "É", "Zelenskyy", "Kyiv", "ß", "İ", "Ⱥ", "ǅ", "٣", "²",
	"ª", "µ", "\xff", "\xc3", "\xe2\x80", "$", "%", "(", ")", "?", "!", "Ü", "über", "ÀB", "x", "Q",
}

func randomText(rng *rand.Rand) string {
	var b strings.Builder
	for range rng.IntN(40) {
		b.WriteString(tokenPieces[rng.IntN(len(tokenPieces))])
	}
	return b.String()
}

// TestTokensFastPath compares AppendTokensMatching, and the same through a
// Memo, with the code before the fast path.
func TestTokensFastPath(t *testing.T) {
	a := New()
	stemSome := func(lower string) bool { return len(lower)%2 == 0 }
	texts := []string{
		"", "France's alert", "Russia’s claim", "1,000 people, 5.5%", "ISIS killed 137", "Zelenskyy — Kyiv",
		"ÀB's İstanbul", "2,5.", "THE END'S", "x'S\xc3", "5,٣", "a’s", "McDonald’sé",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		texts = append(texts, randomText(rng))
	}
	memo := New().NewMemo() // an Analyzer of its own: its cache starts empty
	var wants, memos [][]Token
	for _, text := range texts {
		for _, stem := range []func(string) bool{nil, stemSome} {
			want := a.refAppendTokensMatching(nil, text, stem)
			got := a.AppendTokensMatching(nil, text, stem)
			if d := cmp.Diff(want, got); d != "" {
				t.Fatalf("AppendTokensMatching(%q) (-before +now):\n%s", text, d)
			}
			wants, memos = append(wants, want), append(memos, memo.AppendTokensMatching(nil, text, stem))
		}
	}
	// Compared at the end: the memo's lower-case words, in its arena, stay
	// as they were while it writes more.
	for i := range wants {
		if d := cmp.Diff(wants[i], memos[i]); d != "" {
			t.Fatalf("Memo.AppendTokensMatching(%q) (-before +now):\n%s", texts[i/2], d)
		}
	}
}

func FuzzTokensFastPath(f *testing.F) {
	for _, s := range []string{"France's alert", "1,000 people, 5.5%", "ÀB's İstanbul", "x'S\xc3"} {
		f.Add(s)
	}
	a := New()
	f.Fuzz(func(t *testing.T, text string) {
		want := a.refAppendTokensMatching(nil, text, nil)
		got := a.AppendTokensMatching(nil, text, nil)
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("AppendTokensMatching(%q) (-before +now):\n%s", text, d)
		}
	})
}

// newsParagraph is a paragraph of news text, for the tokenizer benchmarks.
const newsParagraph = `French President Emmanuel Macron said on Monday that the Islamic State group was ` +
	`behind the attack on Crocus City Hall near Moscow, which killed 137 people, and that France had raised ` +
	`its terror alert to the highest level. "We have information," he told reporters in French Guiana’s ` +
	`capital, Cayenne. Russia's FSB said 1,000 officers were searching for 5.5 million rubles.`

// BenchmarkAppendTokens tokenizes a news paragraph into a reused buffer,
// now, through a Memo, and as before the ASCII fast path.
func BenchmarkAppendTokens(b *testing.B) {
	a := New()
	heads := func(lower string) bool { return strings.HasPrefix(lower, "mos") || strings.HasPrefix(lower, "att") }
	var toks []Token
	b.Run("now", func(b *testing.B) {
		b.SetBytes(int64(len(newsParagraph)))
		for b.Loop() {
			toks = a.AppendTokensMatching(toks[:0], newsParagraph, heads)
		}
	})
	b.Run("memo", func(b *testing.B) {
		m := a.NewMemo()
		b.SetBytes(int64(len(newsParagraph)))
		for b.Loop() {
			toks = m.AppendTokensMatching(toks[:0], newsParagraph, heads)
		}
	})
	b.Run("stemmed", func(b *testing.B) {
		m := a.NewMemo()
		h := NewHeads([]string{"mos", "att"})
		b.SetBytes(int64(len(newsParagraph)))
		for b.Loop() {
			toks = m.AppendStemmed(toks[:0], newsParagraph, h)
		}
	})
	b.Run("before", func(b *testing.B) {
		b.SetBytes(int64(len(newsParagraph)))
		for b.Loop() {
			toks = a.refAppendTokensMatching(toks[:0], newsParagraph, heads)
		}
	})
}

// referenceWordRuneAt is the reference's own reading of the character that
// starts s, so that the fast path's wordRuneAt is checked, not shared.
func referenceWordRuneAt(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
