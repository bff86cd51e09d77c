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
