package digest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// caseSeen records how the texts of a window write their words
// (lower-cased, stemmed, possessive dropped): which they write in lower case
// somewhere, and which capitalised inside a sentence. A word that the window
// writes capitalised inside a sentence and never in lower case is a proper
// name wherever it stands, at the start of a sentence or in a title-case
// headline ("France raises ...", "Putin Vows ..."); a capitalised word only
// ever seen opening a sentence is not taken for a name ("Officials said
// ...").
type caseSeen struct {
	lower, inner map[string]bool
}

func newCaseSeen() caseSeen {
	return caseSeen{lower: make(map[string]bool), inner: make(map[string]bool)}
}

// addDoc records the words of one document's texts.
func (c caseSeen) addDoc(texts ...string) {
	for _, text := range texts {
		start := true
		for _, f := range strings.Fields(text) {
			w := nameWord(f)
			first, _ := utf8.DecodeRuneInString(w)
			switch {
			case unicode.IsLower(first):
				c.lower[stem(strings.ToLower(w))] = true
			case unicode.IsUpper(first) && !start:
				c.inner[stem(strings.ToLower(w))] = true
			}
			last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(f, `"'’”)`))
			start = strings.ContainsRune(".!?:", last)
		}
	}
}

// proper reports whether lw (lower-cased, stemmed) is a proper name of the
// window: capitalised inside a sentence somewhere and never written in
// lower case.
func (c caseSeen) proper(lw string) bool { return c.inner[lw] && !c.lower[lw] }

// nameWord trims a field to its word: no surrounding punctuation, no
// possessive ending ("Moscow's" is "Moscow").
func nameWord(f string) string {
	w := strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, suf := range []string{"'s", "’s", "'S", "’S"} {
		if strings.HasSuffix(w, suf) {
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// acronym reports whether w is two or more capitals ("IS", "UN", "NATO"):
// a name even when its lower case is a common word.
func acronym(w string) bool {
	if utf8.RuneCountInString(w) < 2 {
		return false
	}
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// names returns the names and figures of a headline and body text: each
// capitalised word inside a sentence, each proper name of the window (see
// caseSeen) and each acronym, lower-cased and stemmed; each run of two or
// more such words joined by "_" ("crocus_city_hall"); and each number of
// three or more digits that is not a year. With strict, only proper names,
// acronyms and numbers count: the words an event is about, without the
// capitals of title-case headlines ("Concert Hall Attack").
func names(title, body string, seen caseSeen, strict bool) []string {
	var out, run []string
	flush := func() {
		if len(run) > 1 {
			out = append(out, strings.Join(run, "_"))
		}
		run = run[:0]
	}
	scan := func(text string) {
		start := true // at the start of a sentence
		for _, f := range strings.Fields(text) {
			w := nameWord(f)
			first, _ := utf8.DecodeRuneInString(w)
			switch {
			case w == "":
			case unicode.IsDigit(first):
				flush()
				if isNumber(w) && len(w) >= 3 && !(len(w) == 4 && (w[:2] == "19" || w[:2] == "20")) {
					out = append(out, w)
				}
			case unicode.IsUpper(first):
				lw := stem(strings.ToLower(w))
				known := seen.proper(lw)
				isName := acronym(w) || (known || !strict && !start) && !isStopWord(lw) && utf8.RuneCountInString(lw) >= 2
				if !isName {
					flush()
					break
				}
				if acronym(w) {
					lw = strings.ToUpper(lw) // "IS" is not the word "is"
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
	}
	scan(title)
	scan(body)
	return out
}
