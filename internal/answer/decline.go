package answer

import (
	"strings"
	"unicode"
)

// A question names what it is about: the names in it ("Atlantis", "Super
// Bowl") and the years ("2030"). When no candidate article holds all of
// them, the corpus has nothing about the subject (or nothing before the
// as-of day), and any quote would be about something else: the answer is
// declined, and the reply says which names the sources lack. This is a
// general rule on the question's own words, not a learned weight.

// keyTerm reports whether a question term names the subject: a capitalised
// word inside the question, or a year.
func keyTerm(t Term) bool {
	if t.Expansion || t.Variant {
		return false
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
// the article that holds the most of them.
func (r *ranker) keyCoverage(artBits []uint64) {
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
	for _, b := range artBits {
		have := b & r.keyBits
		if have == r.keyBits {
			r.keyCovered = true
			return
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
			r.missing = append(r.missing, displayWord(r.q.Text, t.Lower))
		}
	}
}

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
