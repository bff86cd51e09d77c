package chronicle

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// RuneCut is the largest index of at most n at which s can be cut without
// splitting a character (len(s) when n is past it, 0 when n is not
// positive): s[:RuneCut(s, n)] is the longest prefix of s of at most n
// bytes that is still valid where s is.
func RuneCut(s string, n int) int {
	if n >= len(s) {
		return len(s)
	}
	if n <= 0 {
		return 0
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}

// Unprintable reports whether r must not reach a terminal, a log line or a
// Discord message as it is: a control character (NUL, newline, tab, the
// ESC of an escape sequence, C1 controls), a line or paragraph separator,
// or a bidirectional override or isolate, which turns the text after it
// around ("txt.exe" shown as "exe.txt"). Joiners and other format
// characters that emoji and scripts need are printable.
func Unprintable(r rune) bool {
	switch {
	case unicode.IsControl(r):
		return true
	case r == '\u2028', r == '\u2029': // line and paragraph separators
		return true
	case r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069': // bidi embeddings, overrides, isolates
		return true
	}
	return false
}

// Printable returns s with every Unprintable character, and every
// direction mark, replaced by a space: text a user typed (a question, a
// query, a topic), echoed in replies, JSON and logs.
func Printable(s string) string {
	if !strings.ContainsFunc(s, unprintableTyped) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unprintableTyped(r) {
			return ' '
		}
		return r
	}, s)
}

// unprintableTyped is Unprintable, and the left-to-right, right-to-left
// and Arabic letter marks (U+200E, U+200F, U+061C), which typed text echoed
// back must not carry either (they went raw into /watch replies and the
// search embed's title; helper 73). Unprintable itself leaves them: an
// article ID or a file name may hold them in Hebrew or Arabic text, and an
// ID with an Unprintable character is replaced (review rev35).
func unprintableTyped(r rune) bool {
	return Unprintable(r) || r == '\u200e' || r == '\u200f' || r == '\u061c'
}

// WithoutInvisibles returns article text s without the characters that
// join or split words unseen, so that a word is indexed and found as it
// reads: the soft hyphen (U+00AD), zero-width space, non-joiner and
// joiner, word joiner and a byte-order mark inside text; and with the
// Latin ligatures (U+FB00-U+FB06, "ﬁnancial") as their letters. A page
// that hyphenates or joins its words so made "Crocus" and "financial"
// unfindable, while the quote showed them (helper 96). Text without them
// is returned as is.
func WithoutInvisibles(s string) string {
	if !strings.ContainsFunc(s, invisibleOrLigature) {
		return s
	}
	return ligatures.Replace(strings.Map(func(r rune) rune {
		switch r {
		case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
			return -1
		}
		return r
	}, s))
}

func invisibleOrLigature(r rune) bool {
	switch {
	case r == '\u00ad', r == '\u200b', r == '\u200c', r == '\u200d', r == '\u2060', r == '\ufeff':
		return true
	}
	return r >= '\ufb00' && r <= '\ufb06'
}

// ligatures spells the Latin ligatures out.
var ligatures = strings.NewReplacer("\ufb00", "ff", "\ufb01", "fi", "\ufb02", "fl", "\ufb03", "ffi", "\ufb04", "ffl", "\ufb05", "st", "\ufb06", "st")
