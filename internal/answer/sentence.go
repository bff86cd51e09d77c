package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"
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

// span is a byte range of a paragraph.
type span struct{ start, end int }

// splitSentences returns the sentence ranges of a paragraph. A sentence ends
// at . ! or ? (with closing quotes) followed by a space and an upper-case
// letter, digit or quote, unless the period ends a known abbreviation or an
// initial.
func splitSentences(p string) []span {
	var out []span
	start := 0
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		end := i + 1
		for end < len(p) && strings.ContainsRune("\"'”’)", rune(p[end])) {
			end++
		}
		if end < len(p) {
			r, n := utf8.DecodeRuneInString(p[end:])
			if r == '”' || r == '’' {
				end += n
			}
		}
		if end >= len(p) || p[end] != ' ' {
			continue
		}
		next, _ := utf8.DecodeRuneInString(p[end+1:])
		if !(unicode.IsUpper(next) || unicode.IsDigit(next) || next == '"' || next == '“' || next == '\'') {
			continue
		}
		if c == '.' && isAbbreviation(p[start:i]) {
			continue
		}
		if s := trimSpan(p, start, end); s.end > s.start {
			out = append(out, s)
		}
		start = end + 1
	}
	if s := trimSpan(p, start, len(p)); s.end > s.start {
		out = append(out, s)
	}
	return out
}

// isAbbreviation reports whether text ends with an abbreviation or an
// initial ("J." in "John F. Kennedy").
func isAbbreviation(text string) bool {
	i := strings.LastIndexAny(text, " (\"“")
	w := strings.ToLower(text[i+1:])
	if abbreviations[w] {
		return true
	}
	r, n := utf8.DecodeRuneInString(w)
	return n == len(w) && unicode.IsLetter(r)
}

func trimSpan(p string, start, end int) span {
	for start < end && p[start] == ' ' {
		start++
	}
	for end > start && p[end-1] == ' ' {
		end--
	}
	return span{start, end}
}
