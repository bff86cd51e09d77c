package answer

import (
	"slices"
	"strings"
	"unicode"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

// Kind is the expected type of an answer.
type Kind int

// Answer kinds.
const (
	KindOther Kind = iota
	KindPerson
	KindOrganization
	KindPlace
	KindNumber
	KindMoney
	KindPercent
	KindDate
	KindReason
)

var kindNames = [...]string{"other", "person", "organization", "place", "number", "money", "percent", "date", "reason"}

// String names the kind.
func (k Kind) String() string { return kindNames[k] }

// Question is the analysis of a question.
type Question struct {
	Text string
	// Wh is the question word: who, what, which, when, where, why, how,
	// "how many", "how much", or "" when there is none.
	Wh string
	// Kind is the expected answer type.
	Kind Kind
	// Focus is the noun the question asks for ("country" in "which country",
	// "jurors" in "how many jurors"); FocusStem is its stem.
	Focus, FocusStem string
	// Terms are the content words, in order, without duplicates.
	Terms []Term
	// Phrases are multi-word names and quoted strings in the question.
	Phrases []string
	// Recent is true when the question asks for the current or latest state.
	Recent bool
	// Present is true when the question asks about the state at the as-of
	// day itself ("now", "current", "latest", "still"), not about a recent
	// week: the newest report that answers it wins (quoter.presentLead).
	Present bool
	// Standing is true when the question asks what is, in the present
	// tense ("Who is the UK prime minister?", "What are the rules?"),
	// without a cue of Present: the answer is chosen as for any question,
	// but a report quoted from long before the as-of day may no longer
	// hold, which the reply says (chronicle.Answer.Standing).
	Standing bool
}

// Term is one content word of a question.
type Term struct {
	Lower, Stem string
	// Proper is true for a capitalised word inside the question (a name).
	Proper bool
	// Expansion marks a related word added by query expansion.
	Expansion bool
	// Of is, for a derived form of a question word (Variant), that word's
	// stem: a match counts as a match of the question word.
	Of      string
	Variant bool
	// NoKey marks a capitalised word that names nothing the sources must
	// hold (decline.go): a title ("Mr.", "Dr.", "St."), or an abbreviation
	// of two or three capitals ("US", "UK"), which the sources may write
	// another way ("U.S.").
	NoKey bool
	// Initial marks a capital letter alone, as in an initialism ("U.S.",
	// "U.K."): an article must write it, but the index's own words ("u.s")
	// cannot tell whether any does, so it never declines at once. Whole is
	// then the initialism it is a letter of, lower-cased, without its last
	// full stop ("u.k"): an article must write that.
	Initial bool
	Whole   string
	// Lead marks the question's first word when it is capitalised and may
	// be a name ("Kyiv attack?"): it declines the question only when no
	// article holds it at all.
	Lead bool
}

// asksWhatIs reports whether the question word of q, or the noun it asks
// for ("which country"), is followed by "is" or "are" ("who's" too).
func asksWhatIs(q Question, toks []terms.Token) bool {
	if q.Wh == "" {
		return false
	}
	for _, t := range toks {
		// A question that names a year asks about that time ("What is
		// the death toll of the 2023 earthquake?"; helper 94).
		if isYear(t.Lower) {
			return false
		}
	}
	i := whToken(q, toks)
	if i < 0 {
		return false
	}
	if between := strings.ToLower(q.Text[toks[i].End:toks[i+1].Start]); strings.Contains(between, "'s") || strings.Contains(between, "’s") {
		return true // "who's", "what's"
	}
	next := i + 1
	if q.Focus != "" && toks[next].Lower == strings.ToLower(q.Focus) && next+1 < len(toks) {
		next++
	}
	w := toks[next].Lower
	return w == "is" || w == "are"
}

// whToken returns the index in toks of q's question word (its last word:
// "many" of "how many"), the first that a token follows, or -1.
func whToken(q Question, toks []terms.Token) int {
	if q.Wh == "" {
		return -1
	}
	last := q.Wh[strings.LastIndexByte(q.Wh, ' ')+1:]
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].Lower == last {
			return i
		}
	}
	return -1
}

// Analyze reads a question: its wh-word, expected answer type, key terms,
// names and time cues.
func Analyze(an *terms.Analyzer, text string) Question {
	q := Question{Text: strings.TrimSpace(terms.CleanQuery(text))}
	toks := an.Tokens(q.Text)
	if !strings.ContainsFunc(q.Text, unicode.IsLower) {
		// A question shouted in capitals says nothing of names: it reads
		// as written in lower case ("WHO CLAMED THE MOSKOW ATACK").
		for i := range toks {
			toks[i].Upper = false
		}
	}
	grammar := joinInitialisms(q.Text, toks)
	q.Wh, q.Focus = whWord(q.Text, grammar)
	q.Kind = kindOf(q.Wh, q.Focus, grammar)
	q.Standing = asksWhatIs(q, toks)
	if q.Focus != "" {
		q.FocusStem = an.Stem(q.Focus)
	}
	seen := map[string]bool{}
	for i, t := range toks {
		// A capitalised cue inside the question is part of a name ("USA
		// Today", "USA TODAY"), but one in capitals after a word in lower
		// case is emphasis ("prime minister NOW").
		name := t.Upper && i > 0 && !isSentenceStart(q.Text, t.Start) &&
			!(toks[i-1].Lower == q.Text[toks[i-1].Start:toks[i-1].End] && allCaps(q.Text[t.Start:t.End]))
		if !name && recentCues[t.Lower] || (t.Lower == "week" && i > 0 && toks[i-1].Lower == "this") {
			q.Recent = true
		}
		if !name && presentCues[t.Lower] {
			q.Present = true
		}
		if t.Stop || seen[t.Stem] || questionFiller[t.Lower] || isWhWord(t.Lower) || modals[t.Lower] && !t.Upper {
			continue
		}
		if i > 0 && toks[i-1].Lower == "how" && howWords[t.Lower] {
			continue // "how many" frames the question; it is not a search word
		}
		seen[t.Stem] = true
		// After a title's full stop ("St. Petersburg", "Mr. Macron") a
		// capital starts a name, not a sentence.
		afterTitle := i > 0 && titleWord(toks[i-1].Lower)
		whole := initialismAt(q.Text, t.Start, t.End)
		proper := t.Upper && i > 0 && (afterTitle || whole != "" || !isSentenceStart(q.Text, t.Start))
		word := q.Text[t.Start:t.End]
		noKey := proper && (titleWord(t.Lower) || len(word) >= 2 && len(word) <= 3 && allCaps(word))
		initial := proper && len(word) == 1
		if !initial {
			whole = ""
		}
		lead := t.Upper && i == 0 && !commonStarts[t.Lower]
		q.Terms = append(q.Terms, Term{Lower: t.Lower, Stem: t.Stem, Proper: proper, NoKey: noKey,
			Initial: initial, Whole: whole, Lead: lead})
	}
	for _, t := range q.Terms {
		for _, w := range variants[t.Stem] {
			st := an.Stem(w)
			if !seen[st] {
				seen[st] = true
				q.Terms = append(q.Terms, Term{Lower: w, Stem: st, Expansion: true, Variant: true, Of: t.Stem})
			}
		}
	}
	for _, t := range q.Terms {
		if t.Expansion {
			continue
		}
		for _, w := range expansions[t.Stem] {
			st := an.Stem(w)
			if !seen[st] {
				seen[st] = true
				q.Terms = append(q.Terms, Term{Lower: w, Stem: st, Expansion: true})
			}
		}
	}
	q.Phrases = phrases(q.Text, toks)
	return q
}

// whWord finds the question word and, for which/what, the noun it asks for.
// A wh-word inside a sentence that is followed by another is a relative or a
// conjunction and is passed over.
// joinInitialisms returns toks with each run of single capital letters
// written with full stops ("U.S.", "U.K.", "D.C.") as one capitalised word
// ("US"), for reading the question's grammar: the tokenizer gives "U.S." as
// "u" and the stop word "s", and "which U.S. state" was read as asking for a
// "u" (the terms searched are not changed). toks is returned as it is when
// there is no such run.
func joinInitialisms(text string, toks []terms.Token) []terms.Token {
	single := func(k int) bool {
		t := toks[k]
		return t.End-t.Start == 1 && t.Upper && t.End < len(text) && text[t.End] == '.'
	}
	var out []terms.Token
	for i := 0; i < len(toks); i++ {
		j := i
		for j < len(toks) && single(j) && (j == i || toks[j].Start == toks[j-1].End+1) {
			j++
		}
		if j-i < 2 {
			if out != nil {
				out = append(out, toks[i])
			}
			continue
		}
		if out == nil {
			out = append(make([]terms.Token, 0, len(toks)), toks[:i]...)
		}
		var lower strings.Builder
		for _, t := range toks[i:j] {
			lower.WriteString(t.Lower)
		}
		out = append(out, terms.Token{Start: toks[i].Start, End: toks[j-1].End, Lower: lower.String(),
			Stem: lower.String(), Upper: true})
		i = j - 1
	}
	if out == nil {
		return toks
	}
	return out
}

func whWord(text string, toks []terms.Token) (wh, focus string) {
	for i, t := range toks {
		if isWhWord(t.Lower) && i > 0 && !isSentenceStart(text, t.Start) && hasWhAfter(toks[i+1:]) {
			// A relative or conjunction before the real question word:
			// "children who regularly eat what", "made history this year
			// when she became the first to hold what position", "accounts
			// of what was eaten ..., which food".
			next := ""
			if i+1 < len(toks) {
				next = toks[i+1].Lower
			}
			if !toks[i-1].Stop || t.Lower == "what" && isAuxiliary(next) {
				continue
			}
		}
		switch t.Lower {
		case "how":
			if i+1 < len(toks) {
				switch toks[i+1].Lower {
				case "many", "much":
					return "how " + toks[i+1].Lower, focusNoun(toks[i+2:])
				case "old", "long", "far":
					return "how " + toks[i+1].Lower, ""
				}
			}
			return "how", ""
		case "who", "whom", "whose":
			return "who", ""
		case "when", "where", "why":
			return t.Lower, ""
		case "which", "what":
			next := ""
			if i+1 < len(toks) {
				next = toks[i+1].Lower
			}
			if t.Lower == "what" && isAuxiliary(next) {
				return "what", predicateFocus(toks[i+1:])
			}
			// "which of the following is X": the kind asked for is X.
			if rest, ok := afterChoices(toks[i+1:]); ok {
				if len(rest) > 0 && isAuxiliary(rest[0].Lower) {
					return t.Lower, predicateFocus(rest)
				}
				return t.Lower, focusNoun(rest)
			}
			return t.Lower, focusNoun(toks[i+1:])
		}
	}
	return "", ""
}

// predicateFocus returns the noun that "what" + auxiliary asks for. After
// "is", "was" or "could be" the noun phrase names the answer's kind ("what
// is the motto of ..." -> motto) unless a verb follows it, when it is the
// subject ("what is the administration expected to sell" -> none). After
// "did", "will" or "has" without "be" the noun phrase is the subject ("what
// did the images show" -> none).
func predicateFocus(rest []terms.Token) string {
	i := 0
	if !isCopula(rest[0].Lower) {
		i = 1
		for i < len(rest) && isAdverb(rest[i].Lower) {
			i++
		}
		if i == len(rest) || !isCopula(rest[i].Lower) {
			return ""
		}
	}
	rest = rest[i+1:]
	for len(rest) > 0 && (isAdverb(rest[0].Lower) || namingVerbs[rest[0].Lower]) {
		rest = rest[1:] // "what is widely considered the biggest event"
	}
	if len(rest) > 0 && (isVerbForm(rest[0].Lower) || rest[0].Stop && !determiners[rest[0].Lower]) {
		return "" // "what was found", "what is in short supply"
	}
	head, end := nounPhrase(rest)
	if end+1 < len(rest) && isVerbForm(rest[end].Lower) && rest[end+1].Lower == "to" {
		return "" // "what is the administration expected to sell"
	}
	if end < len(rest) && end > 0 && rest[end].Lower == "to" && isVerbForm(rest[end-1].Lower) {
		return "" // "what is Apple expected to announce"
	}
	return head
}

// afterChoices returns the tokens after "of the following", "of these" or
// "of those" at the start of toks.
func afterChoices(toks []terms.Token) ([]terms.Token, bool) {
	if len(toks) > 0 && toks[0].Lower == "one" {
		toks = toks[1:] // "which one of the following cities"
	}
	if len(toks) < 2 || toks[0].Lower != "of" {
		return nil, false
	}
	switch toks[1].Lower {
	case "these", "those":
		if len(toks) > 2 && isAuxiliary(toks[2].Lower) {
			return toks[2:], true
		}
	case "the":
		if len(toks) > 2 && choiceWords[toks[2].Lower] {
			return toks[3:], true
		}
	}
	return nil, false
}

// focusNoun returns the noun that which/what/how many asks for (see
// nounPhrase).
func focusNoun(rest []terms.Token) string {
	head, _ := nounPhrase(rest)
	return head
}

// nounPhrase reads the noun phrase at the start of rest and returns the
// word that names the kind of answer asked for, and the index of the first
// token after the phrase. The phrase ends at an auxiliary, a stop word, an
// adverb or a verb (a past-tense form, or a word followed by "to" or a
// determiner: "which animal tends to ..."); its head is the first word that
// names a type of answer, else its last word ("which popular product early
// next month" -> product; "which food item saw one" -> item). Capitalised
// words before the phrase are skipped ("which US state" -> state), the last
// of them standing in when no common noun follows ("how many Americans will
// return" -> americans; "which Constitutional Amendment officially ..." ->
// amendment). "the name of X" and "which type of X" ask for X's kind of
// thing.
func nounPhrase(rest []terms.Token) (head string, end int) {
	last, fallback, kind := "", "", ""
	words, lastAt, kindAt := 0, -1, -1
	// done picks the head: the word right after the phrase's first kind
	// word when it names a kind too ("official deadline" -> deadline), else
	// that first kind word ("film star couple" -> star), else the last word.
	done := func(end int) (string, int) {
		if kind == "" {
			return pick(last, fallback), end
		}
		if _, ok := kindOfWord(last); ok && lastAt == kindAt+1 {
			return last, end
		}
		return kind, end
	}
	for j, t := range rest {
		if j >= 6 {
			return done(j)
		}
		if (t.Lower == "name" || t.Lower == "names" || kindOfThing[t.Lower]) && j+1 < len(rest) && rest[j+1].Lower == "of" {
			if f, e := nounPhrase(rest[j+2:]); f != "" {
				return f, j + 2 + e
			}
		}
		started := words > 0
		if _, ok := kindOfWord(t.Lower); ok && (t.Upper || t.Possessive && !started) {
			// "which high-profile Republican", "which country's team".
			return t.Lower, j + 1
		}
		if t.Possessive {
			// "the world's most polluted city", "former women's tennis
			// champion": the phrase starts again after it (a kind word
			// already found stays found).
			last, lastAt, words, fallback = "", -1, 0, ""
			continue
		}
		_, isKind := kindOfWord(t.Lower)
		boundary := isAuxiliary(t.Lower) || t.Stop || questionFiller[t.Lower] && !(isKind && started) ||
			choiceWords[t.Lower] || isAdverb(t.Lower) || isVerbForm(t.Lower) || started && followedByObject(rest, j)
		if isKind && !t.Stop && !started {
			boundary = false
		}
		if boundary {
			if started {
				return done(j)
			}
			// A verb form before the phrase is an adjective ("which
			// US-supplied missiles"); other boundaries end a name.
			if fallback != "" && !questionFiller[t.Lower] && !isVerbForm(t.Lower) {
				return fallback, j
			}
			continue
		}
		if t.Upper {
			if started {
				return done(j)
			}
			fallback = t.Lower
			continue
		}
		if isKind && kind == "" {
			kind, kindAt = t.Lower, j
		}
		words++
		last, lastAt = t.Lower, j
	}
	return done(len(rest))
}

// followedByObject reports whether the word at j is followed, across one
// space, by what follows a verb: a determiner ("which museum won the
// award"), or "to" after a word in -s ("which animal tends to").
func followedByObject(rest []terms.Token, j int) bool {
	if j+1 >= len(rest) || rest[j+1].Start-rest[j].End != 1 {
		return false
	}
	next, w := rest[j+1].Lower, rest[j].Lower
	if next == "to" {
		return strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss")
	}
	return verbSignal[next]
}

func pick(last, fallback string) string {
	if last == "" {
		return fallback
	}
	return last
}

// kindOfWord looks a focus noun up in focusKinds, singular or plural.
func kindOfWord(w string) (Kind, bool) {
	if k, ok := focusKinds[w]; ok {
		return k, true
	}
	for _, sing := range []string{strings.TrimSuffix(w, "s"), strings.TrimSuffix(w, "es"), strings.TrimSuffix(w, "ies") + "y"} {
		if sing != w && len(sing) > 2 {
			if k, ok := focusKinds[sing]; ok {
				return k, true
			}
		}
	}
	return KindOther, false
}

// isAdverb guesses an adverb by its ending ("early", "recently"); a few
// nouns end the same way and are excluded.
func isAdverb(w string) bool {
	switch w {
	case "soon", "now", "still", "already", "often", "never", "ever", "again", "once", "even", "also":
		return true
	}
	if !strings.HasSuffix(w, "ly") || len(w) < 5 {
		return false
	}
	switch w {
	case "family", "supply", "rally", "ally", "assembly", "monopoly", "italy", "july", "daily", "belly", "jelly", "bully", "lily", "fly", "weekly", "monthly":
		return false
	}
	return true
}

// isPastTense guesses a regular past-tense verb ("announced", "voted");
// nouns and adjectives in -eed ("speed") are excluded.
func isPastTense(w string) bool {
	return len(w) > 4 && strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed") && w != "hundred"
}

func kindOf(wh, focus string, toks []terms.Token) Kind {
	switch wh {
	case "who":
		return KindPerson
	case "where":
		return KindPlace
	case "when":
		return KindDate
	case "why":
		return KindReason
	case "how many", "how old", "how long", "how far":
		return KindNumber
	case "how much":
		for _, t := range toks {
			if t.Lower == "cost" || t.Lower == "price" || t.Lower == "pay" || t.Lower == "worth" || t.Lower == "spend" {
				return KindMoney
			}
		}
		return KindNumber
	case "which", "what":
		if k, ok := kindOfWord(focus); ok {
			return k
		}
	}
	return KindOther
}

// phrases returns runs of two or more capitalised words and quoted strings.
func phrases(text string, toks []terms.Token) []string {
	var out []string
	run := []terms.Token{}
	flush := func() {
		if len(run) >= 2 {
			out = append(out, text[run[0].Start:run[len(run)-1].End])
		}
		run = run[:0]
	}
	for i, t := range toks {
		joined := i > 0 && len(run) > 0 && onlySpaces(text[toks[i-1].End:t.Start])
		if t.Upper && !isWhWord(t.Lower) && (len(run) == 0 || joined) {
			run = append(run, t)
			continue
		}
		flush()
		if t.Upper && !isWhWord(t.Lower) {
			run = append(run, t)
		}
	}
	flush()
	for _, q := range []string{"\"", "“"} {
		rest := text
		for {
			i := strings.Index(rest, q)
			if i < 0 {
				break
			}
			rest = rest[i+len(q):]
			j := strings.IndexAny(rest, "\"”")
			if j < 0 {
				break
			}
			if p := strings.TrimSpace(rest[:j]); strings.Contains(p, " ") {
				out = append(out, p)
			}
			rest = rest[j+1:]
		}
	}
	// Each phrase once: every candidate sentence is searched for each, and
	// a question of one phrase repeated thousands of times cost seconds
	// (helper 77).
	seen := make(map[string]bool, len(out))
	return slices.DeleteFunc(out, func(p string) bool {
		dup := seen[p]
		seen[p] = true
		return dup
	})
}

func onlySpaces(s string) bool { return strings.Trim(s, " -") == "" && len(s) <= 2 }

func isSentenceStart(text string, at int) bool {
	before := strings.TrimRight(text[:at], " \"“'(")
	return before == "" || strings.HasSuffix(before, ".") || strings.HasSuffix(before, "?") || strings.HasSuffix(before, "!")
}

// hasWhAfter reports whether toks hold a question word.
func hasWhAfter(toks []terms.Token) bool {
	for _, t := range toks {
		if isWhWord(t.Lower) {
			return true
		}
	}
	return false
}

// modals are auxiliaries the stop list lacks; like it, they are no search
// words ("what might be the cause"; a capitalised "May" is the month).
var modals = map[string]bool{"may": true, "might": true, "must": true, "shall": true}

// howWords follow "how" in a question frame: how many, how much, how old.
var howWords = map[string]bool{"many": true, "much": true, "old": true, "long": true, "far": true}

func isWhWord(w string) bool {
	switch w {
	case "who", "whom", "whose", "what", "which", "when", "where", "why", "how":
		return true
	}
	return false
}

func isAuxiliary(w string) bool {
	switch w {
	case "is", "are", "was", "were", "did", "does", "do", "has", "have", "had", "will", "would", "can", "could",
		"may", "might", "must", "should", "shall", "be", "been":
		return true
	}
	return false
}

func isCopula(w string) bool {
	switch w {
	case "is", "are", "was", "were", "be", "been":
		return true
	}
	return false
}

// isVerbForm guesses a past-tense or participle verb form: a regular one
// (isPastTense) or a common irregular one (irregularVerbs).
func isVerbForm(w string) bool { return isPastTense(w) || irregularVerbs[w] }

// allCaps reports whether a word is written in capitals (two letters or
// more, none in lower case).
func allCaps(w string) bool {
	return len(w) > 1 && !strings.ContainsFunc(w, unicode.IsLower)
}

// titleWord reports whether the lower-case word l is a title that stands
// before or after a name ("mr", "dr", "st", "jr"): the honorifics, and the
// generational suffixes.
func titleWord(l string) bool { return honorifics[l] || l == "jr" || l == "sr" }

// initialismAt returns the initialism written with full stops ("U.S.",
// "U.K.", "D.C.") that the letter at text[start:end] is part of,
// lower-cased and without its last full stop ("u.s"), or "".
func initialismAt(text string, start, end int) string {
	if end-start != 1 {
		return ""
	}
	isCap := func(i int) bool { return i >= 0 && i < len(text) && text[i] >= 'A' && text[i] <= 'Z' }
	a := start
	for isCap(a-2) && text[a-1] == '.' && (a-2 == 0 || !isASCIIWordByte(text[a-3])) {
		a -= 2
	}
	b := end
	for b+1 < len(text) && text[b] == '.' && isCap(b+1) && (b+2 == len(text) || !isASCIIWordByte(text[b+2])) {
		b += 2
	}
	if b-a < 3 || a > 0 && isASCIIWordByte(text[a-1]) {
		return "" // one letter, or inside a word
	}
	return strings.ToLower(text[a:b])
}
