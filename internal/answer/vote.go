package answer

import (
	"strings"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

// Candidate answers are the names, numbers and dates a sentence offers that
// the question does not already contain. Voting sums, for every candidate,
// the scores of the top sentences that offer it: an answer that many good
// sentences agree on is more likely right than one that a single sentence
// offers (redundancy, as in web question answering).

// candidates returns the normalised answer candidates of a sentence that fit
// the question's kind.
func (r *ranker) candidates(text string, toks []terms.Token) []string {
	var out []string
	wantNames := r.q.Kind != KindNumber && r.q.Kind != KindMoney && r.q.Kind != KindPercent
	wantNumbers := r.q.Kind == KindNumber || r.q.Kind == KindMoney || r.q.Kind == KindPercent ||
		r.q.Kind == KindDate || r.q.Kind == KindOther
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if wantNumbers && (t.Digit || numberWords[t.Lower]) && !r.qStems[t.Stem] {
			out = append(out, t.Lower)
			continue
		}
		if !wantNames || !t.Upper || r.qStems[t.Stem] || months[t.Lower] || weekdays[t.Lower] {
			continue
		}
		if i == 0 && (t.Stop || commonStarts[t.Lower]) {
			continue
		}
		// Extend over following capitalised words (and "of", "de", "da").
		j := i + 1
		for j < len(toks) && (toks[j].Upper || (nameJoiners[toks[j].Lower] && j+1 < len(toks) && toks[j+1].Upper)) &&
			toks[j].Start-toks[j-1].End <= 2 {
			j++
		}
		var parts []string
		for k := i; k < j; k++ {
			if !r.qStems[toks[k].Stem] && !nameJoiners[toks[k].Lower] {
				parts = append(parts, toks[k].Lower)
			}
		}
		if len(parts) > 0 {
			out = append(out, strings.Join(parts, " "))
		}
		i = j - 1
	}
	return out
}

// vote adds agreement between the top sentences to their scores.
func (r *ranker) vote(s []scored, top int) {
	if len(s) == 0 || r.w.Vote == 0 {
		return
	}
	n := min(top, len(s))
	votes := map[string]float64{}
	for i := 0; i < n; i++ {
		seen := map[string]bool{}
		for _, c := range s[i].cands {
			if !seen[c] {
				seen[c] = true
				votes[c] += s[i].score
			}
		}
	}
	best := 0.0
	for _, v := range votes {
		best = max(best, v)
	}
	if best == 0 {
		return
	}
	for i := 0; i < n; i++ {
		support := 0.0
		for _, c := range s[i].cands {
			support = max(support, votes[c]/best)
		}
		s[i].score += r.w.Vote * support
	}
	sortScored(s[:n])
}

var nameJoiners = map[string]bool{"of": true, "de": true, "da": true, "del": true, "la": true, "van": true, "von": true, "bin": true, "al": true}

// commonStarts are capitalised only because they start a sentence.
var commonStarts = map[string]bool{
	"but": true, "in": true, "on": true, "at": true, "as": true, "after": true, "while": true, "when": true,
	"however": true, "meanwhile": true, "still": true, "yet": true, "also": true, "last": true, "this": true,
	"many": true, "some": true, "one": true, "two": true, "according": true, "since": true, "now": true,
	"there": true, "here": true, "among": true, "despite": true, "officials": true, "people": true,
}
