package digest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

// stopWords are function words and news boilerplate that say nothing about
// which event an article covers.
var stopWords = func() map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(`a about above after again against all also am an and any are as at be
		because been before being below between both but by can could did do does doing down during each
		few for from further had has have having he her here hers herself him himself his how i if in into
		is it its itself just me more most my myself no nor not now of off on once only or other our ours
		out over own same she should so some such than that the their theirs them themselves then there
		these they this those through to too under until up very was we were what when where which while
		who whom why will with would you your yours yourself yourselves said says say saying told tells
		according reported reports reuters inc corp co ltd mr mrs ms dr one two three new year years
		week weeks day days monday tuesday wednesday thursday friday saturday sunday yesterday today
		last first may might must us upon via per since still yet even much many well get got
		make made including around another among within without however amid told added`) {
		m[w] = true
	}
	return m
}()

// isStopWord reports whether w (lower case) is a stop word. It reads a
// map built once and never written afterwards.
func isStopWord(w string) bool { return stopWords[w] }

// tokens splits s into lower-case content words: runs of letters and digits,
// without stop words, pure numbers or one-letter words, lightly stemmed.
func tokens(s string) []string {
	var out []string
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := strings.ToLower(s[start:end])
		start = -1
		if utf8.RuneCountInString(w) < 2 || isStopWord(w) || isNumber(w) {
			return
		}
		out = append(out, stem(w))
	}
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(s))
	return out
}

func isNumber(w string) bool {
	for _, r := range w {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// stem strips the commonest English plural and possessive endings so that
// "attacks" and "attack" count as one term. It is deliberately crude.
func stem(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:len(w)-1]
	}
	return w
}

// sentences splits a paragraph into sentences, verbatim substrings of p.
func sentences(p string) []string {
	spans := terms.Sentences(p)
	out := make([]string, len(spans))
	for i, s := range spans {
		out[i] = p[s.Start:s.End]
	}
	return out
}

// functionWords are the commonest English grammatical words: prose has
// them, tables, lists of figures and headlines mostly do not.
var functionWords = func() map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(`the a an of to in on at by for with from and or but that which who
		is was were are be been has have had will would it its this these their his her they he she we`) {
		m[w] = true
	}
	return m
}()

// quotable reports whether a sentence reads as prose worth quoting: a
// reasonable length, ending like a sentence, mostly lower-case words rather
// than figures or capitals, with some function words.
func quotable(s string) bool {
	words := strings.Fields(s)
	if len(words) < 6 || len(words) > 80 || strings.EqualFold(words[0], "note:") {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(s, `"'’”)`))
	if !strings.ContainsRune(".!?", last) {
		return false
	}
	alpha, function, upper, letters := 0, 0, 0, 0
	for _, w := range words {
		lw := strings.ToLower(strings.Trim(w, `.,;:!?"'()’‘“”`))
		if strings.IndexFunc(lw, unicode.IsLetter) >= 0 && strings.IndexFunc(lw, unicode.IsDigit) < 0 {
			alpha++
		}
		if functionWords[lw] {
			function++
		}
	}
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		}
	}
	return alpha*10 >= len(words)*7 && function*10 >= len(words) && upper*10 < letters*3
}

// callsToAction open an imperative that promotes rather than reports
// ("Watch: ...", "Listen now", "Subscribe to ...").
var callsToAction = map[string]bool{
	"watch": true, "listen": true, "subscribe": true, "sign": true, "click": true, "join": true,
	"follow": true, "tune": true, "download": true, "catch": true,
}

// showNouns name a show or a mailing; "On Monday's episode of ...", "In
// this week's newsletter ..." introduce the show, not the news.
var showNouns = map[string]bool{
	"episode": true, "podcast": true, "newsletter": true, "livestream": true, "webinar": true, "show": true,
}

// finiteVerbs are the commonest finite verb forms (auxiliaries, modals and
// reporting verbs); with -ed forms and -s forms after a subject they tell
// a statement from a label or a headline-like fragment.
var finiteVerbs = func() map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(`is are was were has have had will would can could shall should may might
		must does did do says said told killed died left took came went made gave won lost saw became began
		fell rose hit met ran sent struck shot fled held led paid put set sold spoke stood won wrote`) {
		m[w] = true
	}
	return m
}()

// teaser reports whether a sentence reads as a teaser, a question or a
// promotion rather than a lead that states what happened, by its shape: it
// asks (a question mark); opens with a call to action ("Watch", "Listen");
// opens by introducing a show ("On Monday's episode of ...", "In this
// week's newsletter ..."); carries a label ending in a colon within its
// first six words ("Exclusive: ...", "... The Excerpt podcast: ..."), unless
// a quotation follows it; or has no finite verb after its first word (a
// headline-like fragment, an imperative).
func teaser(s string) bool {
	if strings.ContainsRune(s, '?') {
		return true
	}
	words := strings.Fields(s)
	if len(words) < 2 {
		return true
	}
	clean := func(w string) string { return strings.ToLower(strings.Trim(w, `.,;:!?"'()’‘“”—–-`)) }
	first := clean(words[0])
	if callsToAction[first] {
		return true
	}
	head := words[:min(len(words), 6)]
	for i, w := range head {
		if showNouns[clean(w)] && (first == "on" || first == "in" || first == "this" || first == "today" || first == "welcome") {
			return true
		}
		if strings.HasSuffix(w, ":") && i+1 < len(words) && !strings.ContainsAny(words[i+1][:1], `"“'‘`) {
			return true
		}
	}
	for i, w := range words[1:] {
		lw := clean(w)
		lower := w == strings.ToLower(w)
		if finiteVerbs[lw] || lower && len(lw) > 4 && strings.HasSuffix(lw, "ed") ||
			lower && len(lw) > 3 && strings.HasSuffix(lw, "s") && !strings.HasSuffix(lw, "ss") && !functionWords[clean(words[i])] {
			return false
		}
	}
	return true
}

// backReferences open a sentence that leans on an earlier one: a pronoun
// or a connective ("But he also doubled down ...", "It said ...").
var backReferences = map[string]bool{
	"but": true, "and": true, "or": true, "so": true, "yet": true, "also": true, "however": true,
	"meanwhile": true, "still": true, "then": true, "he": true, "she": true, "it": true, "they": true,
	"his": true, "her": true, "its": true, "their": true, "this": true, "these": true, "those": true,
	"that": true, "there": true, "such": true,
}

// dangling reports whether a sentence opens with a back reference, so that
// it does not make sense quoted alone. A sentence that opens with a
// quotation ("“It was chaos,” a witness said.") does not dangle.
func dangling(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 {
		return false
	}
	if first, _ := utf8.DecodeRuneInString(f[0]); strings.ContainsRune(`"'“‘`, first) {
		return false
	}
	return backReferences[strings.ToLower(strings.Trim(f[0], `.,;:!?()’”`))]
}
