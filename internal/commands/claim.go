package commands

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

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
// state as whole words (case, accents and punctuation aside: "1,200" is
// "1200", "3–0" is "3-0", "Jose" is "José"): a capitalised word that is no
// stop word ("The", "In" at the start of a sentence) nor a word of time
// ("Yesterday", "BREAKING"), an acronym, or a word with a digit; in a
// claim written in capitals, only the figures. Links are left out. They
// are what a reader should look for first: "the attack killed 144
// people" checked against a report of 137 lacks "144". A claim that holds
// none may still not be what the quote says ("won" against "reached the
// final"): Check never says it is right.
func claimGaps(claim, quote string) []string {
	claim = links.ReplaceAllString(claim, " ")
	have := map[string]bool{}
	quote = links.ReplaceAllString(quote, " ")
	for _, w := range claimWords(quote) {
		for _, v := range figureForms(foldWord(w)) {
			have[v] = true
		}
	}
	for _, w := range dottedInitials.FindAllString(quote, -1) {
		have[foldWord(strings.ReplaceAll(w, ".", ""))] = true // "U.S." states "US"
	}
	shouted := shouting(claim)
	var gaps []string
	seen := map[string]bool{}
	for _, w := range claimWords(claim) {
		r := []rune(w)
		lower := strings.ToLower(w)
		figure := strings.ContainsFunc(w, unicode.IsDigit)
		// An acronym names something even when its letters spell a stop
		// word ("WHO", "US"); a question word in capitals is emphasis
		// ("WHY did …?").
		acronym := w == strings.ToUpper(w) && (lower == "who" || !questionWords[lower])
		named := unicode.IsUpper(r[0]) && len(r) > 1 && (acronym || !terms.IsStop(lower)) && !chitChat[lower] && !timeWords[lower] && !shouted
		if !named && !figure {
			continue
		}
		key := foldWord(w)
		if seen[key] {
			continue
		}
		seen[key] = true
		if !slices.ContainsFunc(figureForms(key), func(v string) bool { return have[v] }) {
			gaps = append(gaps, w)
		}
	}
	return gaps
}

// dottedInitials are initials written with full stops ("U.S.", "U.K.").
var dottedInitials = regexp.MustCompile(`\b(?:\pL\.){2,}`)

// questionWords open a question (whQuestion); in capitals they are
// emphasis, no acronym, but for WHO, which names the organisation too.
var questionWords = map[string]bool{
	"who": true, "whom": true, "whose": true, "what": true, "which": true, "when": true, "where": true, "why": true, "how": true,
}

// links are web addresses: their digits are no figures of a claim.
var links = regexp.MustCompile(`(?i)\b(?:https?://|www\.)\S+`)

// timeWords open a message or a headline in capitals without naming
// anything ("Yesterday …", "BREAKING: …").
var timeWords = map[string]bool{
	"yesterday": true, "today": true, "tonight": true, "tomorrow": true, "breaking": true, "update": true,
	"updated": true, "live": true, "now": true, "just": true, "latest": true, "report": true, "reports": true,
	"am": true, "pm": true, "gmt": true, "utc": true,
}

// shouting reports whether most of a text's letters are capitals: its
// capitals then tell no names.
func shouting(text string) bool {
	upper, letters := 0, 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return letters >= 8 && 2*upper > letters
}

// foldWord is a word as claimGaps compares it: lower case, without accents,
// fullwidth forms as their ASCII ("１４４" is "144") and the digits of any
// script as 0-9 ("١٤٤" is "144").
func foldWord(w string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(norm.NFKC.String(strings.ToLower(w))) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r > unicode.MaxASCII && unicode.IsDigit(r):
			b.WriteByte('0' + digitValue(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// digitValue is the value of a decimal digit of any script: Unicode puts
// each script's digits 0 to 9 in a run of their own, so it is the digit's
// place in its run of unicode.Nd.
func digitValue(r rune) byte {
	for _, rg := range unicode.Nd.R16 {
		if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi && rg.Stride == 1 {
			return byte((r - lo) % 10)
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi && rg.Stride == 1 {
			return byte((r - lo) % 10)
		}
	}
	return 0
}

// thousandsDots is a figure with full stops between groups of three
// digits, as many languages write thousands ("1.200" for 1200).
var thousandsDots = regexp.MustCompile(`^[0-9]{1,3}(\.[0-9]{3})+$`)

// figureForms are the ways a folded word may be written: itself, and a
// figure with thousands written with full stops also without them ("1.200"
// is "1200"; "3.5" is only itself).
func figureForms(w string) []string {
	if thousandsDots.MatchString(w) {
		return []string{w, strings.ReplaceAll(w, ".", "")}
	}
	return []string{w}
}

// claimWords splits text into words of letters and digits; a comma,
// period, dash or colon between digits joins them ("1,200" is "1200", "3.5"
// stays, the score "3-0", "3–0" or "3:0" is "3-0").
func claimWords(text string) []string {
	var words []string
	var cur []rune
	rs := []rune(text)
	for i, r := range rs {
		between := len(cur) > 0 && unicode.IsDigit(cur[len(cur)-1]) && i+1 < len(rs) && unicode.IsDigit(rs[i+1])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			cur = append(cur, r)
		case between && r == ',':
		case between && r == '.':
			cur = append(cur, r)
		case between && strings.ContainsRune("-‐‑‒–—−:", r):
			cur = append(cur, '-') // a score or a time: "2:1" is "2-1"
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
