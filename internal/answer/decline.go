package answer

import (
	"strings"
	"unicode"

	"github.com/chronicle-bot/chronicle"
)

// A question names what it is about: the names in it ("Atlantis", "Super
// Bowl") and the years ("2030"). When no candidate article holds all of
// them, the corpus has nothing about the subject (or nothing before the
// as-of day), and any quote would be about something else: the answer is
// declined, and the reply says which names the sources lack. This is a
// general rule on the question's own words, not a learned weight.

// keyTerm reports whether a question term names the subject: a capitalised
// word inside the question that is no month or weekday, or a year.
func keyTerm(t Term) bool {
	if t.Expansion || t.Variant || t.NoKey {
		return false
	}
	if months[t.Lower] || weekdays[t.Lower] {
		return false // capitalised as dates are, not names
	}
	return t.Proper || isYear(t.Lower)
}

// isYear reports whether s is a four-digit year from 1800 to 2199.
func isYear(s string) bool {
	if len(s) != 4 || (s[:2] != "18" && s[:2] != "19" && s[:2] != "20" && s[:2] != "21") {
		return false
	}
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// keyCoverage records, after ranking, whether some candidate article holds
// every key term of the question, and otherwise the key terms missing from
// the article that holds the most of them. artBits are the question stems
// each of cands holds; a name must also be written in the article as the
// question writes it (namesWritten): stems join words that are not the
// same name ("Mars" and "Mar-a-Lago" share the stem "mar").
func (r *ranker) keyCoverage(artBits []uint64, cands []chronicle.Candidate) {
	if len(r.unknownKeys) > 0 {
		r.keyCovered = false
		for _, w := range r.unknownKeys {
			r.missing = append(r.missing, displayWord(r.q.Text, w))
		}
		return
	}
	if r.keyBits == 0 {
		r.keyCovered = true
		return
	}
	best, bestN := uint64(0), -1
	for i, b := range artBits {
		have := b & r.keyBits
		if have == r.keyBits {
			if have = r.namesWritten(&cands[i].Article, have); have == r.keyBits {
				r.keyCovered = true
				return
			}
		}
		if n := popcount(have); n > bestN {
			best, bestN = have, n
		}
	}
	r.missing = r.missing[:0]
	seen := map[string]bool{}
	for _, t := range r.q.Terms {
		if keyTerm(t) && r.bits[t.Stem]&best == 0 && !seen[t.Stem] {
			seen[t.Stem] = true
			w := t.Lower
			if t.Whole != "" {
				w = t.Whole // "U.K", not "U" and "K"
				if seen[w] {
					continue
				}
				seen[w] = true
			}
			r.missing = append(r.missing, displayWord(r.q.Text, w))
		}
	}
}

// namesWritten returns have without the bits of the question's names that
// art does not write (nameWritten). The article's text is folded once for
// all the names.
func (r *ranker) namesWritten(art *chronicle.Article, have uint64) uint64 {
	var texts []string
	for _, t := range r.q.Terms {
		if !keyTerm(t) || !t.Proper || have&r.bits[t.Stem] == 0 {
			continue
		}
		if texts == nil {
			texts = append(texts, foldName(art.Title))
			for _, p := range art.Paragraphs {
				texts = append(texts, foldName(p.Text))
			}
		}
		if !r.nameWritten(texts, t) {
			have &^= r.bits[t.Stem]
		}
	}
	return have
}

// sharesWord reports whether text holds one of the question's words, or
// of the related words added to it ("custody": "detention"): a common word
// by its stem ("suspected" for "suspects"), a name only as written (forms),
// since stems join names that differ: "Mar-a-Lago" does not answer a
// question about Mars.
func (r *ranker) sharesWord(text string) bool {
	var names []Term
	for _, t := range r.q.Terms {
		if t.Proper {
			names = append(names, t)
		}
	}
	for _, tok := range r.an.Tokens(text) {
		if !tok.Stop && r.qStems[tok.Stem] && !r.properStem(tok.Stem) {
			return true
		}
	}
	low := foldName(text)
	for _, t := range names {
		if namesIn(low, r.forms(t)) {
			return true
		}
	}
	return false
}

// saysNothing reports whether text is a degenerate quote: every word of it
// (but stop words) is a question word, and it has fewer than sayMin of
// them ("yak yak yak …" for "Who saw the yak?", from a page that repeats
// the word). A quote of the question's words that says something stays:
// "Smith won the election." answers "Who won the election, Smith or
// Jones?", "The council did not approve the budget." answers "Did the
// council approve the budget?" (review rev35).
func (r *ranker) saysNothing(text string) bool {
	seen := map[string]bool{}
	for _, tok := range r.an.Tokens(text) {
		if tok.Stop {
			continue
		}
		if !r.qStems[tok.Stem] {
			return false
		}
		seen[tok.Stem] = true
	}
	return len(seen) < sayMin
}

// sayMin is the fewest distinct words a quote made of the question's words
// needs to say something: a subject, a verb and what it is about.
const sayMin = 3

// properStem reports whether stem is only the stem of names of the
// question (no common word of it has that stem).
func (r *ranker) properStem(stem string) bool {
	proper := false
	for _, t := range r.q.Terms {
		if t.Stem == stem {
			if !t.Proper {
				return false
			}
			proper = true
		}
	}
	return proper
}

// nameWritten reports whether one of texts (an article's title and
// paragraphs, folded by foldName) writes the question's name t as a word,
// in any case: as the question writes it, with a plural ending
// ("Kennedys"), without the question's own plural "s" when four letters or
// more remain ("Euros" is "Euro", but "Mars" is not "Mar"), or as one of
// its variants. Stems join words that are not the same name ("Mars" and
// "Mar-a-Lago" share the stem "mar").
func (r *ranker) nameWritten(texts []string, t Term) bool {
	if t.Whole != "" {
		// A letter of an initialism is written when the initialism is.
		for _, low := range texts {
			if holdsWord(low, t.Whole, "", ".") {
				return true
			}
		}
		return false
	}
	forms := r.forms(t)
	for _, low := range texts {
		if namesIn(low, forms) {
			return true
		}
	}
	return false
}

// forms are the ways an article may write the question's word t: as the
// question does, without the question's plural "s" when four letters or
// more remain, or as one of its variants.
func (r *ranker) forms(t Term) []string {
	forms := []string{foldName(t.Lower)}
	if w := forms[0]; len(w) >= 5 && strings.HasSuffix(w, "s") {
		forms = append(forms, w[:len(w)-1])
	}
	for _, v := range r.q.Terms {
		if v.Variant && v.Of == t.Stem {
			forms = append(forms, foldName(v.Lower))
		}
	}
	return forms
}

// namesIn reports whether low holds one of the words (nameIn).
func namesIn(low string, words []string) bool {
	for _, w := range words {
		if nameIn(low, w) {
			return true
		}
	}
	return false
}

// nameIn reports whether low holds the word w, whole or followed by a
// plural ending ("s", "es").
func nameIn(low, w string) bool { return holdsWord(low, w, "", "s", "es") }

// displayWord returns word as the question spells it (case kept).
func displayWord(question, lower string) string {
	i := strings.Index(strings.ToLower(question), lower)
	if i < 0 || len(question) < i+len(lower) {
		return lower
	}
	return question[i : i+len(lower)]
}

func popcount(x uint64) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// foldName lower-cases s and writes a typographic apostrophe as a plain
// one ("O’Neal" is "o'neal").
func foldName(s string) string {
	return strings.ReplaceAll(strings.ToLower(s), "’", "'")
}
