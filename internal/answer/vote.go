package answer

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

// voteDepth is how many of the best sentences vote.
const voteDepth = 120

// countDepth is how many of the best sentences count the articles that
// agree on an answer.
const countDepth = 30

// vote sets the vote feature of the best sentences: the answer candidates
// (names and numbers not in the question) that a sentence offers, weighted by
// how many of the best sentences offer them too, with their softmax weight.
// An answer that many good sentences agree on is more likely right than one a
// single sentence offers (redundancy, as in web question answering). The
// sentences are then re-scored and re-sorted.
func (r *ranker) vote(s []scored) {
	n := min(voteDepth, len(s))
	if n < 2 {
		return
	}
	scores := make([]float64, n)
	for i := range scores {
		scores[i] = s[i].score
	}
	p := softmax(scores)
	cands := make([][]string, n)
	votes := map[string]float64{}
	for i := 0; i < n; i++ {
		cands[i] = s[i].kindCands()
		seen := map[string]bool{}
		for _, c := range cands[i] {
			if !seen[c] {
				seen[c] = true
				votes[c] += p[i]
			}
		}
	}
	// Distinct articles offering each candidate among the best sentences.
	arts := map[string]map[string]bool{}
	for i := 0; i < min(n, countDepth); i++ {
		for _, c := range cands[i] {
			if arts[c] == nil {
				arts[c] = map[string]bool{}
			}
			arts[c][s[i].art.ID] = true
		}
	}
	r.consistency(s[:n], p)
	for i := 0; i < n; i++ {
		support, others := 0.0, 0
		for _, c := range cands[i] {
			support = max(support, votes[c]-p[i])
			o := len(arts[c])
			if arts[c][s[i].art.ID] {
				o--
			}
			others = max(others, o)
		}
		s[i].f[fVote] = support
		s[i].f[fVoteCount] = min(1, float64(others)/3)
		s[i].score = r.model.Score(s[i].f)
	}
	sort.SliceStable(s[:n], func(i, j int) bool { return s[i].score > s[j].score })
}

// candidates returns the answer candidates of a sentence: runs of
// capitalised words and numbers that are not question words, lower-cased.
// text is the sentence and base its offset in the text the tokens' offsets
// are of. The words of a run are one character apart, and a name keeps the
// hyphen or apostrophe that joins them ("jean-pierre", "o’meara"), so that
// the text a candidate is read from states it (statesWord).
func (r *ranker) candidates(toks []terms.Token, text string, base int) []string {
	var out []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if r.qStems[t.Stem] || t.Stop {
			continue
		}
		if t.Digit {
			out = append(out, t.Lower)
			continue
		}
		if end, next, ok := hyphenName(toks, text, base, i); ok {
			// "Mar-a-Lago" is one name, not the month "Mar" and "Lago";
			// in the question, none of it is a candidate.
			if !slices.ContainsFunc(toks[i:end], func(t terms.Token) bool { return r.qStems[t.Stem] }) {
				out = append(out, strings.ToLower(text[t.Start-base:toks[end-1].End-base]))
			}
			i = next - 1
			continue
		}
		if !t.Upper || months[t.Lower] || weekdays[t.Lower] || (i == 0 && commonStarts[t.Lower]) {
			continue
		}
		j := i + 1
		for j < len(toks) && toks[j].Upper && !r.qStems[toks[j].Stem] {
			gap := text[toks[j-1].End-base : toks[j].Start-base]
			if utf8.RuneCountInString(gap) > 1 && !middleInitial(toks, i, j, gap) {
				break
			}
			j++
		}
		parts := make([]string, 0, j-i)
		var name strings.Builder
		for k := i; k < j; k++ {
			parts = append(parts, toks[k].Lower)
			if k > i {
				// A hyphen or an apostrophe stays; a period ("U.S.")
				// or a space is a space, as the candidates were
				// before (session 34: keeping the periods changed
				// answers, the rest none).
				gap := text[toks[k-1].End-base : toks[k].Start-base]
				if gap == "." || gap == "" {
					gap = " "
				}
				name.WriteString(gap)
			}
			name.WriteString(toks[k].Lower)
		}
		out = append(out, name.String())
		if len(parts) > 1 {
			// "Southwest" and "Southwest Airlines" agree: each word votes too.
			for _, p := range parts {
				if !weakNamePart(p) {
					out = append(out, p)
				}
			}
		}
		i = j - 1
	}
	return out
}

// hyphenName reports whether a name joined by hyphens that holds a word in
// lower case starts at toks[i] ("Mar-a-Lago", "Stratford-upon-Avon": a
// capitalised first and last word), and where it ends (the index after its
// last token). Names joined by hyphens alone ("Jean-Pierre") are runs of
// capitalised words already.
//
// A word that joins two names ("Washington-and-Beijing", "Monday-to-Friday")
// makes no name of them, and a word in lower case after the last capital
// ("Mar-a-Lago-style") is not part of the name: end is then the index
// after the last capitalised token, and next the index after the whole
// compound (where the reading goes on).
func hyphenName(toks []terms.Token, text string, base, i int) (end, next int, ok bool) {
	if !toks[i].Upper {
		return 0, 0, false
	}
	j, last := i+1, i
	for j < len(toks) && isHyphen(text[toks[j-1].End-base:toks[j].Start-base]) {
		if nameJoiners[toks[j].Lower] {
			return 0, 0, false
		}
		if toks[j].Upper {
			last = j
		}
		j++
	}
	end = last + 1
	inner := false
	for k := i + 1; k < last; k++ {
		inner = inner || !toks[k].Upper
	}
	return end, j, inner && end-i > 2
}

// nameJoiners join two names in a compound ("Washington-and-Beijing
// talks", "a Monday-to-Friday week"): no name is made across them.
var nameJoiners = map[string]bool{"and": true, "or": true, "to": true, "vs": true, "versus": true, "v": true, "n": true}

// isHyphen reports whether gap is one hyphen or dash of a compound word.
func isHyphen(gap string) bool { return gap == "-" || gap == "‐" || gap == "‑" }

// middleInitial reports whether gap, between toks[j-1] and toks[j] of a run
// of capitalised words that starts at toks[i], is the ". " after a middle
// initial: "Lyndon B. Johnson" is one name, not "Lyndon B" and "Johnson"
// ("U.S. President" stays two: "U" is no first name).
func middleInitial(toks []terms.Token, i, j int, gap string) bool {
	return gap == ". " && j-1 > i && len(toks[j-1].Lower) == 1 && len(toks[j-2].Lower) > 1
}

// weakNamePart reports whether a name part is too weak to vote alone.
func weakNamePart(w string) bool { return len(w) < 3 || terms.IsStop(w) }

// kindCandidates are the candidates of the kind the question asks for:
// numbers for number and date questions, names for name questions, both
// otherwise.
func (r *ranker) kindCandidates(toks []terms.Token, text string, base int) []string {
	all := r.candidates(toks, text, base)
	out := all[:0]
	for _, c := range all {
		number := c[0] >= '0' && c[0] <= '9'
		if number && r.q.Kind.wantsNumber() || !number && r.q.Kind.wantsName() {
			out = append(out, c)
		}
	}
	if r.placeKind != nil {
		// A question that names the kind of place ("which state") is
		// answered by a place of that kind when the sentence names one.
		var kind []string
		for _, c := range out {
			if r.placeKind[spacedName(c)] {
				kind = append(kind, c)
			}
		}
		if len(kind) > 0 {
			return kind
		}
	}
	return out
}

// spacedName returns a candidate name with the characters that join its
// words written as spaces, as the gazetteers write names ("guinea bissau").
func spacedName(c string) string {
	return strings.Map(func(r rune) rune {
		if r != ' ' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return ' '
		}
		return r
	}, c)
}

// isQuantity reports whether answers of kind k are quantities.
func (k Kind) isQuantity() bool { return k == KindNumber || k == KindMoney || k == KindPercent }

// consistency sets the consistent feature of the best sentences for a
// question that asks for a quantity: the softmax weight of the sentences
// from other articles with a figure that backs one of this sentence's
// (claim.supports). Reports of a toll or a count differ as it is updated or
// rounded ("more than 100", "at least 133", "137"); the figure the most
// reports are consistent with is the best supported, where an exact vote
// would split among them and reward the vaguest.
func (r *ranker) consistency(s []scored, p []float64) {
	if !r.q.Kind.isQuantity() {
		return
	}
	for i := range s {
		best := 0.0
		for _, a := range s[i].quantityClaims() {
			sum := 0.0
			for j := range s {
				if j == i || s[j].art.ID == s[i].art.ID {
					continue
				}
				for _, b := range s[j].quantityClaims() {
					if b.supports(a) {
						sum += p[j]
						break
					}
				}
			}
			best = max(best, sum)
		}
		s[i].f[fConsistent] = best
	}
}
