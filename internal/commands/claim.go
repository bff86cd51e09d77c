package commands

import (
	"strings"
	"unicode"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

// checkable reports whether a message makes a claim the sources could
// confirm: it names someone or something (a capitalised word that does not
// start a sentence, or an acronym), states a number, or has at least four content words.
// "good morning everyone :)" or "lol same" does not, and would otherwise be
// "checked" against whatever article shares a word with it.
func checkable(text string) bool {
	content := 0
	startOfSentence := true
	for _, w := range strings.FieldsFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"“”()[]{}<>,;:`, r)
	}) {
		word := strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		ends := strings.ContainsAny(w[len(w)-1:], ".!?")
		if word == "" {
			startOfSentence = startOfSentence || ends
			continue
		}
		if chitChat[strings.ToLower(word)] {
			startOfSentence = ends
			continue
		}
		first := []rune(word)[0]
		switch {
		case unicode.IsDigit(first):
			return true
		case unicode.IsUpper(first) && !startOfSentence && len([]rune(word)) > 1:
			return true
		case len([]rune(word)) > 1 && word == strings.ToUpper(word):
			return true // an acronym names something even at the start (ISIS, NATO)
		}
		if lower := strings.ToLower(word); len([]rune(lower)) > 2 && !terms.IsStop(lower) {
			content++
		}
		startOfSentence = ends
	}
	return content >= 4
}

// chitChat are words of greetings and reactions that carry no claim.
var chitChat = map[string]bool{
	"good": true, "morning": true, "evening": true, "night": true, "hello": true, "everyone": true,
	"everybody": true, "thanks": true, "thank": true, "lol": true, "lmao": true, "yes": true, "yeah": true,
	"nope": true, "okay": true, "guys": true, "folks": true, "hey": true, "agree": true, "same": true,
	"nice": true, "cool": true, "ok": true, "omg": true, "great": true, "awesome": true, "wow": true, "really": true, "think": true,
}

// claimGaps are the names and figures of a claim that quote does not
// state as whole words (case and punctuation aside, "1,200" as "1200"):
// a capitalised word that is no stop word ("The", "In" at the start of a
// sentence), an acronym, or a word with a digit. They are what a reader
// should look for first: "the attack killed 144 people" checked against a
// report of 137 lacks "144". A claim that holds none may still not be
// what the quote says ("won" against "reached the final"): Check never
// says it is right.
func claimGaps(claim, quote string) []string {
	have := map[string]bool{}
	for _, w := range claimWords(quote) {
		have[strings.ToLower(w)] = true
	}
	var gaps []string
	seen := map[string]bool{}
	for _, w := range claimWords(claim) {
		r := []rune(w)
		lower := strings.ToLower(w)
		named := unicode.IsUpper(r[0]) && len(r) > 1 && !terms.IsStop(lower) && !chitChat[lower]
		if !named && !strings.ContainsFunc(w, unicode.IsDigit) {
			continue
		}
		if !have[lower] && !seen[lower] {
			seen[lower] = true
			gaps = append(gaps, w)
		}
	}
	return gaps
}

// claimWords splits text into words of letters and digits; a comma,
// period or hyphen between digits joins them ("1,200" is "1200", "3.5"
// and the score "3-0" stay).
func claimWords(text string) []string {
	var words []string
	var cur []rune
	rs := []rune(text)
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = append(cur, r)
		case (r == ',' || r == '.' || r == '-') && len(cur) > 0 && unicode.IsDigit(cur[len(cur)-1]) &&
			i+1 < len(rs) && unicode.IsDigit(rs[i+1]):
			if r != ',' {
				cur = append(cur, r)
			}
		default:
			if len(cur) > 0 {
				words = append(words, string(cur))
			}
			cur = nil
		}
	}
	if len(cur) > 0 {
		words = append(words, string(cur))
	}
	return words
}
