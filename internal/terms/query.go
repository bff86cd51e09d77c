package terms

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// CleanQuery returns what a user typed as the words they meant, for `ask`
// and `search`: the invisible characters that a copy from a web page or a
// phone leaves inside words (zero-width space, joiners, word joiner,
// byte-order mark) are dropped ("Mos\u200bcow" is "Moscow" to a reader),
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
	return norm.NFC.String(s)
}

// styled reports whether r is a styled form of a letter, digit or ASCII
// sign: a fullwidth form (and the ideographic space) or a mathematical
// alphanumeric symbol. Only these are read as what they show: the articles
// keep their other compatibility characters as written ("CO₂", "km²"), and
// the query must keep them too to find them (review rev37).
func styled(r rune) bool {
	return r >= '\uff01' && r <= '\uff5e' || r == '\u3000' || r >= 0x1d400 && r <= 0x1d7ff
}

// zeroWidth reports whether r is a zero-width space, a joiner, the word
// joiner or a byte-order mark.
func zeroWidth(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return false
}
