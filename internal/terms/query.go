package terms

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// CleanQuery returns what a user typed as the words they meant, for `ask`
// and `search`: the invisible characters that a copy from a web page or a
// phone leaves inside words (soft hyphen, zero-width space, joiners, word
// joiner, byte-order mark) are dropped, as the loaders drop them from
// articles (chronicle.WithoutInvisibles) ("Mos\u200bcow" is "Moscow" to a reader),
// and letters written as a base letter and a combining accent are composed
// (NFC: "Fe\u0301vrier" is "Février", which the articles write
// precomposed; without it the tokenizer splits the word at the accent).
// Styled letters are read as the letters they show (NFKC, for them only):
// the fullwidth "Ｍｏｓｃｏｗ" and the mathematical bold "𝐌𝐨𝐬𝐜𝐨𝐰" that posts
// on social media use are "Moscow", and found nothing or were refused as
// not English (helper 77).
func CleanQuery(s string) string {
	if IsASCII(s) {
		return s
	}
	if strings.ContainsFunc(s, zeroWidth) {
		s = strings.Map(func(r rune) rune {
			if zeroWidth(r) {
				return -1
			}
			return r
		}, s)
	}
	if strings.ContainsFunc(s, styled) {
		var b strings.Builder
		for _, r := range s {
			if styled(r) {
				b.WriteString(norm.NFKC.String(string(r)))
			} else {
				b.WriteRune(r)
			}
		}
		s = b.String()
	}
	return foldLookalikes(norm.NFC.String(s))
}

// lookalikes are the Cyrillic and Greek letters that look like Latin
// ones, with the Latin letter each shows.
var lookalikes = map[rune]rune{
	'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x', 'і': 'i', 'ј': 'j', 'ѕ': 's', 'һ': 'h',
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O', 'Р': 'P', 'С': 'C', 'Т': 'T', 'Х': 'X',
	'І': 'I', 'Ј': 'J', 'Ѕ': 'S', 'ο': 'o', 'α': 'a', 'ν': 'v', 'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H',
	'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O', 'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
}

// foldLookalikes reads, in each word that mixes Latin letters with
// Cyrillic or Greek ones that look like them ("Whо" with a Cyrillic о),
// those letters as the Latin ones they show: the word was searched as
// written, found nowhere, and the reply said it found nothing about "Whо",
// which reads as "Who" (helper 82). A word all in Cyrillic or Greek is
// left as it is.
func foldLookalikes(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { _, ok := lookalikes[r]; return ok }) {
		return s
	}
	var b strings.Builder
	start := 0
	flush := func(end int) {
		w := s[start:end]
		latin, other := false, false
		for _, r := range w {
			if _, ok := lookalikes[r]; ok {
				continue
			}
			if r < 0x80 && unicode.IsLetter(r) {
				latin = true
			} else if unicode.Is(unicode.Cyrillic, r) || unicode.Is(unicode.Greek, r) {
				other = true
			}
		}
		if latin && !other {
			for _, r := range w {
				if l, ok := lookalikes[r]; ok {
					r = l
				}
				b.WriteRune(r)
			}
		} else {
			b.WriteString(w)
		}
	}
	for i, r := range s {
		if !unicode.IsLetter(r) {
			flush(i)
			b.WriteRune(r)
			start = i + utf8.RuneLen(r)
		}
	}
	flush(len(s))
	return b.String()
}

// styled reports whether r is a styled form of a letter, digit or ASCII
// sign: a fullwidth form (and the ideographic space) or a mathematical
// alphanumeric symbol. Only these are read as what they show: the articles
// keep their other compatibility characters as written ("CO₂", "km²"), and
// the query must keep them too to find them (review rev37).
func styled(r rune) bool {
	return r >= '\uff01' && r <= '\uff5e' || r == '\u3000' || r >= 0x1d400 && r <= 0x1d7ff
}

// zeroWidth reports whether r is a character no reader sees inside a word:
// the soft hyphen, a zero-width space, a joiner, the word joiner or a
// byte-order mark.
func zeroWidth(r rune) bool {
	switch r {
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return false
}
