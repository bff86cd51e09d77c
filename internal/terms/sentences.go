package terms

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
)

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true, "st": true,
	"gov": true, "sen": true, "rep": true, "gen": true, "col": true, "lt": true, "sgt": true, "capt": true,
	"rev": true, "hon": true, "pres": true, "vs": true, "no": true, "inc": true, "corp": true, "co": true,
	"ltd": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "u.s": true, "u.k": true, "u.n": true,
	"e.g": true, "i.e": true, "etc": true, "approx": true, "dept": true, "est": true, "ft": true, "mt": true,
}

// Sentences returns the byte ranges of the sentences of a paragraph, without
// surrounding spaces. A sentence ends at '.', '!' or '?' (with any closing
// quotes or brackets) before a space and an upper-case letter, digit or
// opening quote, unless the period ends a known abbreviation or an initial
// ("John F. Kennedy", "U.S. officials").
func Sentences(p string) []chronicle.Span { return AppendSentences(nil, p) }

// AppendSentences is Sentences appending to out, so that a caller splitting
// many paragraphs can reuse one buffer.
func AppendSentences(out []chronicle.Span, p string) []chronicle.Span {
	start := 0
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		end := i + 1
		for end < len(p) && closesQuote(p[end]) {
			end++
		}
		for _, q := range []string{"’", "”"} {
			if strings.HasPrefix(p[end:], q) {
				end += len(q)
			}
		}
		if end >= len(p) || p[end] != ' ' || !startsSentence(p[end+1:]) {
			continue
		}
		if c == '.' && isAbbreviation(p[start:i]) {
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

// closesQuote reports whether c is an ASCII closing quote or bracket that a
// sentence's end takes in: " ' ) ].
func closesQuote(c byte) bool { return c == '"' || c == '\'' || c == ')' || c == ']' }

func startsSentence(s string) bool {
	if s != "" && s[0] < utf8.RuneSelf {
		c := s[0]
		return 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '"' || c == '\'' || c == '('
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune(`"'“‘(`, r)
}

// isAbbreviation reports whether text ends with an abbreviation or an
// initial, so that a following period does not end the sentence.
func isAbbreviation(text string) bool {
	i := strings.LastIndexAny(text, " (\"“")
	if w := text[i+1:]; IsASCII(w) {
		// Lower-cased in place of strings.ToLower, which allocates.
		if len(w) == 1 {
			return true
		}
		var buf [maxAbbreviation]byte
		if len(w) > len(buf) {
			return false
		}
		for k := 0; k < len(w); k++ {
			c := w[k]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			buf[k] = c
		}
		return abbreviations[string(buf[:len(w)])]
	}
	w := strings.ToLower(text[i+1:])
	if utf8.RuneCountInString(w) == 1 {
		return true
	}
	return abbreviations[w]
}

// maxAbbreviation is the length of the longest abbreviation.
const maxAbbreviation = 6

// IsASCII reports whether s is all ASCII bytes.
func IsASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func trimSpan(p string, start, end int) chronicle.Span {
	for start < end && p[start] == ' ' {
		start++
	}
	for end > start && p[end-1] == ' ' {
		end--
	}
	return chronicle.Span{Start: start, End: end}
}
