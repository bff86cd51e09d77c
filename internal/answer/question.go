package answer

import (
	"strings"

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
}

// Analyze reads a question: its wh-word, expected answer type, key terms,
// names and time cues.
func Analyze(an *terms.Analyzer, text string) Question {
	q := Question{Text: strings.TrimSpace(text)}
	toks := an.Tokens(q.Text)
	q.Wh, q.Focus = whWord(toks)
	q.Kind = kindOf(q.Wh, q.Focus, toks)
	if q.Focus != "" {
		q.FocusStem = an.Stem(q.Focus)
	}
	seen := map[string]bool{}
	for i, t := range toks {
		if recentCues[t.Lower] || (t.Lower == "week" && i > 0 && toks[i-1].Lower == "this") {
			q.Recent = true
		}
		if t.Stop || seen[t.Stem] || questionFiller[t.Lower] {
			continue
		}
		seen[t.Stem] = true
		proper := t.Upper && i > 0 && !isSentenceStart(q.Text, t.Start)
		q.Terms = append(q.Terms, Term{Lower: t.Lower, Stem: t.Stem, Proper: proper})
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
func whWord(toks []terms.Token) (wh, focus string) {
	for i, t := range toks {
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
			return t.Lower, focusNoun(toks[i+1:])
		}
	}
	return "", ""
}

// focusNoun returns the noun that which/what/how many asks for: in the
// noun phrase that follows (up to an auxiliary, a stop word, an adverb or a
// past-tense verb), the first word that names a type of answer, else the
// phrase's last word ("which popular product early next month" -> product;
// "what is her name" -> name). Capitalised words before the phrase are
// skipped ("which US state" -> state) but stand in when no common noun
// follows ("how many Americans will return" -> americans). "the name of X"
// asks for X's kind of thing.
func focusNoun(rest []terms.Token) string {
	last, fallback := "", ""
	started := false
	for j, t := range rest {
		if j >= 6 {
			break
		}
		if _, ok := kindOfWord(t.Lower); ok {
			if (t.Lower == "name" || t.Lower == "names") && j+1 < len(rest) && rest[j+1].Lower == "of" {
				if f := focusNoun(rest[j+2:]); f != "" {
					return f
				}
			}
			return t.Lower
		}
		boundary := isAuxiliary(t.Lower) || t.Stop || questionFiller[t.Lower] ||
			started && (isAdverb(t.Lower) || isPastTense(t.Lower))
		if boundary {
			if started {
				break
			}
			if fallback != "" && !questionFiller[t.Lower] {
				return fallback
			}
			continue
		}
		if t.Upper {
			if started {
				break
			}
			if fallback == "" {
				fallback = t.Lower
			}
			continue
		}
		started = true
		last = t.Lower
	}
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
	return out
}

func onlySpaces(s string) bool { return strings.Trim(s, " -") == "" && len(s) <= 2 }

func isSentenceStart(text string, at int) bool {
	before := strings.TrimRight(text[:at], " \"“'(")
	return before == "" || strings.HasSuffix(before, ".") || strings.HasSuffix(before, "?") || strings.HasSuffix(before, "!")
}

func isWhWord(w string) bool {
	switch w {
	case "who", "whom", "whose", "what", "which", "when", "where", "why", "how":
		return true
	}
	return false
}

func isAuxiliary(w string) bool {
	switch w {
	case "is", "are", "was", "were", "did", "does", "do", "has", "have", "had", "will", "would", "can", "could":
		return true
	}
	return false
}
