package answer

import (
	"strings"
	"unicode"
)

// The index holds English news and the analysis reads English. A question
// in another language would share only names with the sources and get an
// unrelated quote, so it is refused with a reply that says why. The test
// is general: the script of its letters, and the function words it uses.

// englishWords and otherWords are function words; otherWords are those of
// the European languages a Discord server most often writes in (Spanish,
// French, German, Italian, Portuguese, Dutch) that are not English words.
var (
	englishWords = wordSet("the a an of to in on at for by with from and or is are was were be been has have had " +
		"do does did who what which when where why how many much this that these those it its not will would can")
	otherWords = wordSet("de la el los las del que quién quien qué cuál cuándo dónde cómo cuántos es fue por para con una " +
		"le les des du est qui quel quelle quand où comment combien une pour avec dans sur " +
		"der die das den dem des ist wer wie wann wo warum welche welcher wieviele ein eine und mit von für " +
		"il lo gli chi che è quale quanto dove perché della nel " +
		"o os quem qual quando onde como quantos uma com não " +
		"het wie wat welke waar hoeveel een van")
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// notEnglish reports whether a question is written in another language:
// most of its letters are not Latin, or it uses more function words of
// other languages and words in lower case with accented letters (at least
// two) than English function words: "Qui a gagné ?" (nu44) has one
// function word of French.
func notEnglish(text string) bool {
	latin, other := 0, 0
	for _, r := range text {
		switch {
		case !unicode.IsLetter(r):
		case unicode.Is(unicode.Latin, r):
			latin++
		default:
			other++
		}
	}
	if other > latin {
		return true
	}
	en, foreign := 0, 0
	for _, word := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch w := strings.ToLower(word); {
		case englishWords[w]:
			en++
		case otherWords[w], accented(word):
			foreign++
		}
	}
	return foreign >= 2 && foreign > en
}

// accented reports whether word is in lower case and has an accented
// Latin letter ("gagné", "ganó"): a word of another language, where a
// name an English report spells with one is capitalised ("Pokémon").
func accented(word string) bool {
	if first := []rune(word)[0]; !unicode.IsLower(first) {
		return false
	}
	for _, r := range word {
		if r > unicode.MaxASCII && unicode.Is(unicode.Latin, r) {
			return true
		}
	}
	return false
}
