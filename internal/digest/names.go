package digest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// names returns the names and figures of a text: each capitalised word that
// does not open a sentence (lower-cased, stemmed), each run of two or more
// such words joined by "_" ("crocus_city_hall"), and each number of three or
// more digits that is not a year. Headlines in title case would make every
// word a name, so callers pass body text.
func names(text string) []string {
	var out, run []string
	flush := func() {
		if len(run) > 1 {
			out = append(out, strings.Join(run, "_"))
		}
		run = run[:0]
	}
	start := true // at the start of a sentence
	for _, f := range strings.Fields(text) {
		w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		first, _ := utf8.DecodeRuneInString(w)
		switch {
		case w == "":
		case unicode.IsDigit(first):
			flush()
			if isNumber(w) && len(w) >= 3 && !(len(w) == 4 && (w[:2] == "19" || w[:2] == "20")) {
				out = append(out, w)
			}
		case unicode.IsUpper(first) && !start:
			lw := stem(strings.ToLower(w))
			if isStopWord(lw) || utf8.RuneCountInString(lw) < 2 {
				flush()
				break
			}
			out = append(out, lw)
			run = append(run, lw)
		default:
			flush()
		}
		last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(f, `"'’”)`))
		start = strings.ContainsRune(".!?:", last)
		if start || strings.ContainsAny(f, ",;()") {
			flush()
		}
	}
	flush()
	return out
}
